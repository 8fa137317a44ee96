package org.gardenos.resources;

import org.gardenos.remote.Probe;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.gardenos.engine.ChangeAction;
import org.gardenos.error.GardenException;
import org.gardenos.engine.Change;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.resources.FileProbe.FileState;

/**
 * Our lines inside a file that is not otherwise ours (like {@code /etc/hosts}): a block between
 * {@code # BEGIN GARDENOS <marker>} and {@code # END GARDENOS <marker>}. Every other line is kept byte for byte;
 * the block is replaced in place, or appended when absent. The file keeps its mode and owner; a missing file is
 * created with the given ones. A damaged block (markers unmatched or repeated) fails rather than guessing which
 * lines are ours.
 */
public final class ManagedBlock implements Resource {
    private static final Pattern MARKER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final String path;
    private final String marker;
    private final List<String> lines;
    private final int modeIfCreated;
    private final String ownerIfCreated;

    /** A block in {@code path}; the file is created {@code 0644 root:root} when missing. */
    public ManagedBlock(String path, String marker, List<String> lines) {
        this(path, marker, lines, 0644, "root:root");
    }

    public ManagedBlock(String path, String marker, List<String> lines, int modeIfCreated, String ownerIfCreated) {
        this.path = Checks.absolutePath(path);
        if (marker == null || !MARKER.matcher(marker).matches()) {
            throw new IllegalArgumentException("block marker must be letters, digits, '.', '_' or '-': " + marker);
        }
        this.marker = marker;
        for (String line : lines) {
            if (line.contains("\n") || line.contains("\r")) {
                throw new IllegalArgumentException("a line of block " + marker + " holds a line break: " + line);
            }
        }
        this.lines = List.copyOf(lines);
        this.modeIfCreated = Checks.mode(modeIfCreated);
        this.ownerIfCreated = Checks.owner(ownerIfCreated);
    }

    public String beginMarker() {
        return "# BEGIN GARDENOS " + marker;
    }

    public String endMarker() {
        return "# END GARDENOS " + marker;
    }

    @Override
    public String name() {
        return "block:" + path + "#" + marker;
    }

    @Override
    public List<Probe> probes() {
        return List.of(Probe.read(path));
    }

    @Override
    public Change check(Target target) {
        Optional<byte[]> current = target.remote().read(path);
        if (current.isEmpty()) {
            return Change.of(ChangeAction.CREATE, path + " with block " + marker + " (" + lines.size() + " lines)");
        }
        byte[] wanted = render(current.get());
        return Arrays.equals(wanted, current.get()) ? Change.none()
                : Change.of(ChangeAction.UPDATE, "block " + marker + " in " + path + " differs (" + lines.size() + " lines wanted)");
    }

    @Override
    public void apply(Target target, Change change) {
        Optional<byte[]> current = target.remote().read(path);
        byte[] wanted = render(current.orElse(new byte[0]));
        Optional<FileState> state = current.isPresent() ? FileProbe.probe(target.remote(), path) : Optional.empty();
        int mode = state.map(FileState::mode).orElse(modeIfCreated);
        String owner = state.map(FileState::owner).orElse(ownerIfCreated);
        target.remote().upload(path, wanted, mode, owner);
    }

    /**
     * The file with this block in place (pure). Bytes outside the block are kept exactly; text is handled as
     * ISO-8859-1 so no byte sequence is altered by decoding.
     *
     * @throws GardenException when the existing block is damaged
     */
    public byte[] render(byte[] existing) {
        String text = new String(existing, StandardCharsets.ISO_8859_1);
        boolean trailingNewline = text.isEmpty() || text.endsWith("\n");
        List<String> fileLines = new ArrayList<>(text.isEmpty() ? List.of()
                : Arrays.asList(text.split("\n", -1)));
        if (trailingNewline && !fileLines.isEmpty()) {
            fileLines.remove(fileLines.size() - 1);
        }
        List<Integer> begins = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        for (int i = 0; i < fileLines.size(); i++) {
            String line = fileLines.get(i).stripTrailing();
            if (line.equals(beginMarker())) {
                begins.add(i);
            } else if (line.equals(endMarker())) {
                ends.add(i);
            }
        }
        List<String> block = block();
        List<String> result;
        if (begins.isEmpty() && ends.isEmpty()) {
            result = new ArrayList<>(fileLines);
            result.addAll(block);
            trailingNewline = true;
        } else if (begins.size() == 1 && ends.size() == 1 && begins.get(0) < ends.get(0)) {
            result = new ArrayList<>(fileLines.subList(0, begins.get(0)));
            result.addAll(block);
            result.addAll(fileLines.subList(ends.get(0) + 1, fileLines.size()));
            trailingNewline = trailingNewline || ends.get(0) + 1 == fileLines.size();
        } else {
            throw new GardenException(path + ": the GardenOS block '" + marker + "' is damaged (" + begins.size()
                    + " '" + beginMarker() + "' and " + ends.size() + " '" + endMarker()
                    + "' lines, expected one of each in that order); fix the file by hand");
        }
        String joined = String.join("\n", result) + (trailingNewline ? "\n" : "");
        return joined.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Our lines, UTF-8 encoded and carried as ISO-8859-1 characters like the rest of the file. */
    private List<String> block() {
        List<String> block = new ArrayList<>();
        block.add(beginMarker());
        for (String line : lines) {
            block.add(new String(line.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
        }
        block.add(endMarker());
        return block;
    }
}
