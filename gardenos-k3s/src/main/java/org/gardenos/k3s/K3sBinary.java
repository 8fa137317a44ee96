package org.gardenos.k3s;

import java.util.Optional;
import java.util.function.Supplier;
import org.gardenos.artifact.FetchedArtifact;
import org.gardenos.engine.Change;
import org.gardenos.engine.ChangeAction;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.resources.FileProbe;
import org.gardenos.resources.FileProbe.FileState;

/**
 * {@code /usr/local/bin/k3s}, 0755 root:root, from the verified release artifact. The check compares the host's
 * SHA-256 with the artifact's (known without reading the file), so the ~70 MB binary is read and uploaded only
 * when it differs.
 */
final class K3sBinary implements Resource {
    private final Supplier<FetchedArtifact> artifact;

    K3sBinary(Supplier<FetchedArtifact> artifact) {
        this.artifact = artifact;
    }

    @Override
    public String name() {
        return "file:" + K3sPaths.BINARY;
    }

    @Override
    public Change check(Target target) {
        Optional<FileState> actual = FileProbe.probe(target.remote(), K3sPaths.BINARY);
        String want = artifact.get().sha256();
        if (actual.isEmpty()) {
            return Change.of(ChangeAction.INSTALL, K3sPaths.BINARY + " (sha256 " + want.substring(0, 12) + "...)");
        }
        if (!actual.get().sha256().equals(want)) {
            return Change.of(ChangeAction.UPDATE, K3sPaths.BINARY + " differs from the release (sha256 "
                    + actual.get().sha256().substring(0, 12) + "... -> " + want.substring(0, 12) + "...)");
        }
        if (actual.get().mode() != 0755 || !actual.get().ownedBy("root:root")) {
            return Change.of(ChangeAction.UPDATE, K3sPaths.BINARY + " mode/owner " + FileProbe.octal(actual.get().mode()) + " "
                    + actual.get().owner() + " -> 0755 root:root");
        }
        return Change.none();
    }

    @Override
    public void apply(Target target, Change change) {
        // streamed from the artifact cache: the file is never held in memory (issue 13)
        target.remote().upload(K3sPaths.BINARY, artifact.get().path(), 0755, "root:root");
    }
}
