package org.gardenos.postgres.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.gardenos.error.GardenException;
import org.gardenos.error.InputException;

/** Reading a backup: its sha256 against the manifest, and its entries (only those the manifest names). */
public final class BackupArchive {
    private BackupArchive() {
    }

    /** Refuses a backup whose size or sha256 differs from its manifest's (one changed byte is enough). */
    public static void verify(Path archive, Manifest manifest) {
        if (!Files.isRegularFile(archive)) {
            throw new InputException(archive + ": no such backup file");
        }
        MessageDigest sha = BackupService.sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(archive), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + archive + ": " + e.getMessage(), e);
        }
        String actual = HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(manifest.sha256())) {
            throw new GardenException(archive + ": sha256 " + actual + " does not match the manifest's "
                    + manifest.sha256() + ": the backup is damaged or was changed; nothing was restored");
        }
    }

    /** Extracts the manifest's entries into {@code dir} (0600 each); anything else in the tar is ignored. */
    public static void extract(Path archive, Manifest manifest, Path dir) {
        Set<String> wanted = manifest.dumps().stream().map(Manifest.Dump::entry).collect(Collectors.toSet());
        wanted.add(Manifest.GLOBALS_ENTRY);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(archive))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                if (e.isFile() && wanted.remove(e.getName())) {
                    try (OutputStream out = BackupDirectory.create0600(dir.resolve(e.getName()))) {
                        tar.transferTo(out);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + archive + ": " + e.getMessage(), e);
        }
        if (!wanted.isEmpty()) {
            throw new GardenException(archive + ": the manifest names entries the archive lacks: " + wanted);
        }
    }
}
