package org.gardenos.etcd;

import java.util.Optional;
import java.util.function.Supplier;
import org.gardenos.artifact.ReleaseArtifact;
import org.gardenos.engine.Change;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.remote.RemoteHost;

/**
 * A file on the host with given content, mode and owner. Compares the SHA-256 computed on the host with the local
 * one (big binaries are never read back), and mode/owner from {@code stat}. Content is never logged or put in a
 * change detail (keys go through here). Content {@code null} means "nothing to install" (an optional file). {@code afterWrite} (may be empty) runs after an upload, e.g. daemon-reload.
 */
final class HostFile implements Resource {
    private final String path;
    private final Supplier<byte[]> content;
    private final int mode;
    private final String owner;
    private final Optional<String> afterWrite;

    HostFile(String path, Supplier<byte[]> content, int mode, String owner, Optional<String> afterWrite) {
        this.path = path;
        this.content = content;
        this.mode = mode;
        this.owner = owner;
        this.afterWrite = afterWrite;
    }

    @Override
    public String name() {
        return "file:" + path;
    }

    @Override
    public Change check(Target target) {
        if (content.get() == null) {
            return Change.none();
        }
        Optional<State> actual = State.of(target.remote(), path);
        if (actual.isEmpty()) {
            return Change.of("create", path);
        }
        String want = ReleaseArtifact.sha256(content.get());
        if (!actual.get().sha256().equals(want)) {
            return Change.of("update", path + " content differs");
        }
        String wantMode = Integer.toOctalString(mode);
        if (!actual.get().mode().equals(wantMode) || !actual.get().owner().equals(owner)) {
            return Change.of("update", path + " is " + actual.get().mode() + " " + actual.get().owner() + ", want "
                    + wantMode + " " + owner);
        }
        return Change.none();
    }

    @Override
    public void apply(Target target, Change change) {
        target.remote().upload(path, content.get(), mode, owner);
        afterWrite.ifPresent(cmd -> target.remote().exec(cmd).requireOk());
    }

    /** SHA-256, octal mode and {@code user:group} of a remote file. */
    record State(String sha256, String mode, String owner) {
        static Optional<State> of(RemoteHost remote, String path) {
            var r = remote.exec("test -f " + path + " && sha256sum " + path + " && stat -c '%a %U:%G' " + path);
            if (!r.ok()) {
                return Optional.empty();
            }
            String[] lines = r.stdout().strip().split("\n");
            if (lines.length < 2) {
                return Optional.empty();
            }
            String[] st = lines[1].trim().split(" ");
            return Optional.of(new State(lines[0].split("\\s+")[0], st[0], st.length > 1 ? st[1] : ""));
        }
    }
}
