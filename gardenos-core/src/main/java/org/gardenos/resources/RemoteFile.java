package org.gardenos.resources;

import org.gardenos.artifact.HashedFile;
import org.gardenos.remote.Probe;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gardenos.engine.Change;
import org.gardenos.engine.ChangeAction;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.remote.ShellQuoting;
import org.gardenos.resources.FileProbe.FileState;

/**
 * A whole file we own: content, mode and owner. Check is one round trip (hash + stat); the file is rewritten
 * (atomically, by {@link org.gardenos.remote.RemoteHost#upload}) only when its content hash differs, and only
 * chmod/chown-ed when just the attributes drifted. Details never include content, which may be secret.
 */
public final class RemoteFile implements Resource {

    private final String path;
    /** In memory; null when the content is {@link #local}. */
    private final byte[] content;
    /** A local file with a known hash, streamed on upload and never read for a check; null for in-memory content. */
    private final HashedFile local;
    private final long length;
    private final int mode;
    private final String owner;
    private final String sha256;
    private final Optional<String> afterWrite;

    /**
     * @param mode  permission bits, e.g. {@code 0644}
     * @param owner {@code user} or {@code user:group}
     */
    public RemoteFile(String path, byte[] content, int mode, String owner) {
        this(path, content, mode, owner, Optional.empty());
    }

    private RemoteFile(String path, byte[] content, int mode, String owner, Optional<String> afterWrite) {
        this.path = Checks.absolutePath(path);
        this.content = content.clone();
        this.local = null;
        this.length = this.content.length;
        this.mode = Checks.mode(mode);
        this.owner = Checks.owner(owner);
        this.sha256 = FileProbe.sha256Hex(this.content);
        this.afterWrite = afterWrite;
    }

    private RemoteFile(String path, HashedFile local, int mode, String owner, Optional<String> afterWrite) {
        this.path = Checks.absolutePath(path);
        this.content = null;
        this.local = local;
        this.length = local.size();
        this.mode = Checks.mode(mode);
        this.owner = Checks.owner(owner);
        this.sha256 = local.sha256();
        this.afterWrite = afterWrite;
    }

    /**
     * A copy of the local file {@code local}, whose hash is already known: a check compares that hash and reads
     * nothing locally, an upload streams the file (release binaries of tens of MiB are never held in memory).
     */
    public static RemoteFile ofLocal(String path, HashedFile local, int mode, String owner) {
        return new RemoteFile(path, local, mode, owner, Optional.empty());
    }

    /**
     * This file, followed on the host by {@code command} (which must succeed) whenever it was written or its
     * attributes fixed, e.g. {@code systemctl daemon-reload} after a unit file changed. Nothing runs when the file
     * is already as wanted.
     */
    public RemoteFile withAfterWrite(String command) {
        if (command == null || command.isBlank() || command.contains("\n")) {
            throw new IllegalArgumentException("after-write command must be one non-empty line, got: " + command);
        }
        return local != null ? new RemoteFile(path, local, mode, owner, Optional.of(command))
                : new RemoteFile(path, content, mode, owner, Optional.of(command));
    }

    /** A UTF-8 text file. */
    public static RemoteFile text(String path, String content, int mode, String owner) {
        return new RemoteFile(path, content.getBytes(StandardCharsets.UTF_8), mode, owner);
    }

    public String path() {
        return path;
    }

    /** The content (read from the local file for {@link #ofLocal}). */
    public byte[] content() {
        if (local == null) {
            return content.clone();
        }
        try {
            return java.nio.file.Files.readAllBytes(local.path());
        } catch (java.io.IOException e) {
            throw new org.gardenos.error.GardenException("cannot read " + local.path() + ": " + e.getMessage(), e);
        }
    }

    public int mode() {
        return mode;
    }

    public String owner() {
        return owner;
    }

    @Override
    public String name() {
        return "file:" + path;
    }

    @Override
    public List<Probe> probes() {
        return List.of(Probe.command(FileProbe.command(path)));
    }

    @Override
    public Change check(Target target) {
        return compare(FileProbe.probe(target.remote(), path));
    }

    /** The change needed to go from {@code actual} to this file (pure; {@link #check} feeds it the probe). */
    public Change compare(Optional<FileState> actual) {
        if (actual.isEmpty()) {
            return Change.of(ChangeAction.CREATE, path + " (" + length + " bytes, mode " + FileProbe.octal(mode) + ", "
                    + owner + ")");
        }
        FileState state = actual.get();
        List<String> drift = new ArrayList<>();
        if (state.mode() != mode) {
            drift.add("mode " + FileProbe.octal(state.mode()) + " -> " + FileProbe.octal(mode));
        }
        if (!state.ownedBy(owner)) {
            drift.add("owner " + state.owner() + " -> " + owner);
        }
        if (!state.sha256().equals(sha256)) {
            drift.add(0, "content differs (" + length + " bytes wanted)");
            return Change.of(ChangeAction.UPDATE, String.join(", ", drift));
        }
        return drift.isEmpty() ? Change.none() : Change.of(ChangeAction.FIX_ATTRIBUTES, String.join(", ", drift));
    }

    @Override
    public void apply(Target target, Change change) {
        if (change.action() == ChangeAction.FIX_ATTRIBUTES) {
            target.remote().exec("chmod " + FileProbe.octal(mode) + " " + ShellQuoting.quote(path) + " && chown "
                    + owner + " " + ShellQuoting.quote(path)).requireOk();
        } else if (local != null) {
            target.remote().upload(path, local.path(), mode, owner);
        } else {
            target.remote().upload(path, content, mode, owner);
        }
        afterWrite.ifPresent(command -> target.remote().exec(command).requireOk());
    }
}
