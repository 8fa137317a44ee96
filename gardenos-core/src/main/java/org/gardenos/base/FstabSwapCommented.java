package org.gardenos.base;

import org.gardenos.remote.Probe;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.gardenos.engine.Change;
import org.gardenos.engine.ChangeAction;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.resources.FileProbe;
import org.gardenos.resources.FileProbe.FileState;

/**
 * No swap entry active in {@code /etc/fstab}, so swap stays off after a reboot (the kubelet refuses to run with
 * swap by default). Swap lines are commented out with a recognisable prefix; every other byte is kept.
 */
final class FstabSwapCommented implements Resource {
    static final String PATH = "/etc/fstab";
    static final String PREFIX = "# swap disabled by GardenOS: ";

    @Override
    public String name() {
        return "fstab:swap";
    }

    /** Comments out every entry whose type (third field) is {@code swap} (pure). */
    static String commentSwapLines(String fstab) {
        String[] lines = fstab.split("\n", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            out.append(isSwapEntry(lines[i]) ? PREFIX + lines[i] : lines[i]);
            if (i < lines.length - 1) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** How many active swap entries {@code fstab} has (pure). */
    static long swapEntries(String fstab) {
        return fstab.lines().filter(FstabSwapCommented::isSwapEntry).count();
    }

    private static boolean isSwapEntry(String line) {
        String trimmed = line.strip();
        String[] fields = trimmed.split("\\s+");
        return !trimmed.startsWith("#") && fields.length >= 3 && "swap".equals(fields[2]);
    }

    private static Optional<byte[]> wanted(Optional<byte[]> current) {
        return current.map(bytes -> commentSwapLines(new String(bytes, StandardCharsets.ISO_8859_1))
                .getBytes(StandardCharsets.ISO_8859_1));
    }

    @Override
    public List<Probe> probes() {
        return List.of(Probe.read(PATH));
    }

    @Override
    public Change check(Target target) {
        Optional<byte[]> current = target.remote().read(PATH);
        Optional<byte[]> wanted = wanted(current);
        if (current.isEmpty() || Arrays.equals(current.get(), wanted.get())) {
            return Change.none();
        }
        long lines = swapEntries(new String(current.get(), StandardCharsets.ISO_8859_1));
        return Change.of(ChangeAction.COMMENT_SWAP, lines + " swap entr" + (lines == 1 ? "y" : "ies") + " in " + PATH);
    }

    @Override
    public void apply(Target target, Change change) {
        Optional<byte[]> current = target.remote().read(PATH);
        Optional<byte[]> wanted = wanted(current);
        if (current.isEmpty() || Arrays.equals(current.get(), wanted.get())) {
            return;
        }
        FileState state = FileProbe.probe(target.remote(), PATH)
                .orElseThrow(() -> new org.gardenos.error.GardenException(target.host().name() + ": " + PATH + " vanished"));
        target.remote().upload(PATH, wanted.get(), state.mode(), state.owner());
    }
}
