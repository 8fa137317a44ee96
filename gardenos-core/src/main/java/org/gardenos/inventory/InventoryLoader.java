package org.gardenos.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.gardenos.error.InputException;

/**
 * Loads {@code gardenos.yaml} strictly: unknown keys, duplicate keys, wrong types, YAML anchors/aliases/tags and
 * every broken rule are refused. All errors of a file are reported together, in file order, each as one line
 * {@code FILE:LINE:COL: key.path: message} in an {@link InputException}; bad input never yields a stack trace.
 *
 * <p>To add a section (postgres, apps): a settings record, a {@code XxxSection.parse(Section, ...)} method, a
 * component of {@link Inventory}, and one line in {@link #parse(String, Path, Path)}.
 */
public final class InventoryLoader {
    /** An inventory is a few kilobytes; anything near this is not one. */
    static final int MAX_BYTES = 1 << 20;

    private static final String SECTIONS = "cluster, ssh, hosts, etcd, k3s, loadBalancer";

    private InventoryLoader() {
    }

    /** Reads and validates the file; relative paths inside it resolve against its directory. */
    public static LoadedInventory load(Path file) {
        return load(file, home());
    }

    /** {@link #load(Path)} with an explicit home directory for {@code ~}: tests must not depend on the real one. */
    static LoadedInventory load(Path file, Path home) {
        Objects.requireNonNull(file, "file");
        String display = file.toString();
        byte[] bytes = read(file, display);
        return parse(decode(bytes, display), file, home);
    }

    /**
     * Validates inventory text; {@code displayName} names it in messages and its directory is where relative paths
     * resolve (the current directory for a bare file name).
     */
    public static LoadedInventory parse(String yaml, Path displayName) {
        return parse(yaml, displayName, home());
    }

    static LoadedInventory parse(String yaml, Path displayName, Path home) {
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(displayName, "displayName");
        String display = displayName.toString();
        checkText(yaml, display);

        Problems problems = new Problems(display);
        Optional<YamlNode> document;
        try {
            document = YamlTreeReader.read(yaml, problems);
        } catch (YamlTreeReader.FatalYamlException e) {
            problems.errorAt(e.mark, e.path, e.getMessage());
            throw new InputException(problems.errorLines());
        }
        if (document.isEmpty()) {
            throw new InputException(display + ": the file is empty; an inventory needs at least 'cluster' and 'hosts'"
                    + " (see examples/gardenos.yaml)");
        }
        YamlNode root = document.get();
        if (!(root instanceof YamlNode.Mapping)) {
            problems.errorAt(root.mark(), KeyPath.ROOT, "the top level must be a mapping of sections (" + SECTIONS
                    + "), got " + root.describe());
            throw new InputException(problems.errorLines());
        }
        problems.index(root);

        Section top = Section.of(root, problems, "a mapping");
        Path inventoryFile = displayName.toAbsolutePath().normalize();
        Path baseDir = inventoryFile.getParent() == null ? inventoryFile : inventoryFile.getParent();
        LocalPaths paths = new LocalPaths(baseDir, home);

        Optional<String> cluster = top.requiredString("cluster", "a DNS-1123 label like 'garden'", Formats::dnsLabel);
        SshSettings ssh = SshSection.parse(top.section("ssh"), paths);
        List<HostsSection.ParsedHost> hosts = HostsSection.parse(top);
        EtcdSettings etcd = EtcdSection.parse(top.section("etcd"), paths);
        K3sSection.Parsed k3s = K3sSection.parse(top.section("k3s"), paths);
        LoadBalancerSettings loadBalancer = LoadBalancerSection.parse(top.section("loadBalancer"));
        top.finish();

        boolean allHostsRead = !problems.failedWithin(top.pathOf("hosts"));
        int serverApiPort = TopologyRules.check(problems, hosts, allHostsRead, ssh, etcd, k3s, loadBalancer);

        if (problems.hasErrors()) {
            throw new InputException(problems.errorLines());
        }
        Inventory inventory = new Inventory(inventoryFile, cluster.orElseThrow(), ssh,
                hosts.stream().map(HostsSection.ParsedHost::spec).toList(), etcd, k3s.settings(serverApiPort), loadBalancer);
        return new LoadedInventory(inventory, problems.warningLines());
    }

    private static Path home() {
        return Path.of(System.getProperty("user.home"));
    }

    private static byte[] read(Path file, String display) {
        if (Files.isDirectory(file)) {
            throw new InputException(display + ": is a directory, expected an inventory file like gardenos.yaml");
        }
        if (!Files.exists(file)) {
            throw new InputException(display + ": no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new InputException(display + ": is not a regular file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new InputException(display + ": is larger than 1 MiB; this is not an inventory file");
            }
            return bytes;
        } catch (AccessDeniedException e) {
            throw new InputException(display + ": cannot read (permission denied)");
        } catch (NoSuchFileException e) {
            throw new InputException(display + ": no such file");
        } catch (IOException e) {
            throw new InputException(display + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** Strict UTF-8: a wrong encoding or a binary file is named as such, with where it goes wrong. */
    private static String decode(byte[] bytes, String display) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            out.flip();
            Mark mark = markAt(out, out.limit());
            throw new InputException(display + ":" + mark.line() + ":" + mark.column() + ": not UTF-8 text (byte 0x"
                    + String.format("%02x", bytes[in.position()] & 0xff) + " at offset " + in.position()
                    + "); is this a binary file?");
        }
        decoder.flush(out);
        out.flip();
        String text = out.toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** Characters YAML forbids; finding one usually means a binary file, so it gets its own clear line. */
    private static void checkText(String yaml, String display) {
        if (yaml.length() > MAX_BYTES) {
            throw new InputException(display + ": is larger than 1 MiB; this is not an inventory file");
        }
        for (int i = 0; i < yaml.length(); i++) {
            char c = yaml.charAt(i);
            boolean allowedControl = c == '\t' || c == '\n' || c == '\r';
            if ((c < 0x20 && !allowedControl) || c == 0x7f || c == '\uFFFE' || c == '\uFFFF') {
                Mark mark = markAt(yaml, i);
                throw new InputException(display + ":" + mark.line() + ":" + mark.column()
                        + ": contains the control character " + String.format("U+%04X", (int) c) + "; is this a binary file?");
            }
        }
    }

    private static Mark markAt(CharSequence text, int index) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < index && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new Mark(line, column);
    }
}
