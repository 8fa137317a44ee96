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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.gardenos.error.InputException;

/**
 * Loads {@code gardenos.yaml} strictly: unknown keys, duplicate keys, wrong types, YAML anchors/aliases/tags and
 * every broken rule are refused. All errors of a file are reported together, in file order, each as one line
 * {@code FILE:LINE:COL: key.path: message} in an {@link InputException}; bad input never yields a stack trace.
 *
 * <p>Core reads {@code cluster}, {@code ssh} and {@code hosts}; every other top-level key belongs to an
 * {@link InventorySection} of an installed layer module:
 * <pre>{@code
 * LoadedInventory loaded = InventoryLoader.forModules(List.of(new EtcdModule(), new K3sModule())).load(file);
 * EtcdSettings etcd = loaded.inventory().section(EtcdSettings.class);
 * }</pre>
 */
public final class InventoryLoader {
    /** An inventory is a few kilobytes; anything near this is not one. */
    public static final int MAX_BYTES = 1 << 20;

    private final List<InventorySection<?>> sections;
    private final Path home;

    private InventoryLoader(List<InventorySection<?>> sections, Path home) {
        this.sections = List.copyOf(sections);
        this.home = home;
        Set<String> keys = new HashSet<>(List.of("cluster", "ssh", "hosts"));
        Set<Class<?>> types = new HashSet<>();
        Set<Role> roles = new HashSet<>();
        for (InventorySection<?> section : sections) {
            if (!keys.add(section.key())) {
                throw new IllegalArgumentException("two inventory sections read the key '" + section.key() + "'");
            }
            if (!types.add(section.type())) {
                throw new IllegalArgumentException("two inventory sections yield " + section.type().getName());
            }
            section.roles().forEach(role -> {
                if (!roles.add(role)) {
                    throw new IllegalArgumentException("two inventory sections declare the role '" + role + "'");
                }
            });
        }
    }

    /** A loader for these sections, in the order messages list their keys and roles. */
    public static InventoryLoader withSections(List<? extends InventorySection<?>> sections) {
        return new InventoryLoader(List.copyOf(sections), Path.of(System.getProperty("user.home")));
    }

    /** A loader for the sections of every module that is an {@link InventoryExtension}, in module order. */
    public static InventoryLoader forModules(Iterable<?> modules) {
        List<InventorySection<?>> found = new ArrayList<>();
        for (Object module : modules) {
            if (module instanceof InventoryExtension extension) {
                found.addAll(extension.inventorySections());
            }
        }
        return withSections(found);
    }

    /** The same loader with another home directory for {@code ~} (tests must not depend on the real one). */
    public InventoryLoader home(Path newHome) {
        return new InventoryLoader(sections, Objects.requireNonNull(newHome, "home"));
    }

    /** The installed sections, in order. */
    public List<InventorySection<?>> sections() {
        return sections;
    }

    /** Reads and validates the file; relative paths inside it resolve against its directory. */
    public LoadedInventory load(Path file) {
        Objects.requireNonNull(file, "file");
        String display = file.toString();
        byte[] bytes = read(file, display);
        return parse(decode(bytes, display), file);
    }

    /**
     * Validates inventory text; {@code displayName} names it in messages and its directory is where relative paths
     * resolve (the current directory for a bare file name).
     */
    public LoadedInventory parse(String yaml, Path displayName) {
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(displayName, "displayName");
        String display = displayName.toString();
        checkText(yaml, display);

        Problems problems = new Problems(display);
        YamlNode root = document(yaml, display, problems);
        Section top = Section.of(root, problems, "a mapping");
        Path inventoryFile = displayName.toAbsolutePath().normalize();
        Path baseDir = inventoryFile.getParent() == null ? inventoryFile : inventoryFile.getParent();
        LocalPaths paths = new LocalPaths(baseDir, home);

        Optional<String> cluster = top.requiredString("cluster", "a DNS-1123 label like 'garden'", Formats::dnsLabel);
        SshSettings ssh = SshSection.parse(top.section("ssh"), paths);
        List<PlacedHost> hosts = new HostsSection(sections).parse(top);
        List<ResolvedSection<?>> parsed = sections.stream().<ResolvedSection<?>>map(s -> ResolvedSection.parse(s, top, paths)).toList();
        top.finish();

        Map<Class<?>, Object> settings = new LinkedHashMap<>();
        parsed.forEach(p -> settings.put(p.section().type(), p.settings()));
        Topology topology = new Topology(problems, hosts, !problems.failedWithin(top.pathOf("hosts")), ssh, settings);
        runRules(topology, SectionOrder.byReads(parsed));

        if (problems.hasErrors()) {
            throw new InputException(problems.errorLines());
        }
        Inventory.Builder inventory = Inventory.builder().file(inventoryFile).cluster(cluster.orElseThrow()).ssh(ssh)
                .hosts(hosts.stream().map(PlacedHost::spec).toList());
        parsed.forEach(p -> inventory.section(p.settings()));
        return new LoadedInventory(inventory.build(), problems.warningLines());
    }

    private void runRules(Topology topology, List<ResolvedSection<?>> ordered) {
        TopologyRules.requiredRoles(topology, sections.stream().flatMap(s -> s.requiredRoles().stream()).toList());
        for (ResolvedSection<?> section : ordered) {
            section.resolve(topology);
            topology.update(section.section().type(), section.settings());
        }
        TopologyRules.ports(topology, ordered);
        ordered.forEach(section -> section.check(topology));
    }

    private YamlNode document(String yaml, String display, Problems problems) {
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
            List<String> keys = new ArrayList<>(List.of("cluster", "ssh", "hosts"));
            sections.forEach(s -> keys.add(s.key()));
            problems.errorAt(root.mark(), KeyPath.ROOT, "the top level must be a mapping of sections ("
                    + String.join(", ", keys) + "), got " + root.describe());
            throw new InputException(problems.errorLines());
        }
        problems.index(root);
        return root;
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
