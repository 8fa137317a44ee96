package org.gardenos.k3s;

import java.util.Optional;
import java.util.function.Supplier;
import org.gardenos.artifact.FetchedArtifact;
import org.gardenos.engine.Change;
import org.gardenos.engine.ChangeAction;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.error.GardenException;
import org.gardenos.resources.FileProbe;
import org.gardenos.resources.FileProbe.FileState;

/**
 * K3s's air-gap image tarball in {@value #DIR} (0644 root:root), where K3s's containerd imports it at start, so pods
 * start on a site without a registry. The local file was checked against {@code k3s.airgapImagesSha256} when it was
 * fetched; the host's copy is compared by SHA-256 (uploaded only when it differs), written atomically (temporary
 * file in the same directory, then renamed) and checked again after the upload.
 */
final class K3sAirgapImages implements Resource {
    static final String DIR = "/var/lib/rancher/k3s/agent/images";

    private final Supplier<FetchedArtifact> tarball;
    private final String path;

    K3sAirgapImages(Supplier<FetchedArtifact> tarball, String fileName) {
        this.tarball = tarball;
        this.path = DIR + "/" + fileName;
    }

    String path() {
        return path;
    }

    @Override
    public String name() {
        return "file:" + path;
    }

    @Override
    public Change check(Target target) {
        Optional<FileState> actual = FileProbe.probe(target.remote(), path);
        String want = tarball.get().sha256();
        if (actual.isEmpty()) {
            return Change.of(ChangeAction.INSTALL, path + " (sha256 " + want.substring(0, 12) + "...)");
        }
        if (!actual.get().sha256().equals(want) || actual.get().mode() != 0644 || !actual.get().ownedBy("root:root")) {
            return Change.of(ChangeAction.UPDATE, path + " differs from the air-gap image tarball (sha256 "
                    + actual.get().sha256().substring(0, 12) + "... -> " + want.substring(0, 12) + "...)");
        }
        return Change.none();
    }

    @Override
    public void apply(Target target, Change change) {
        // streamed from the artifact cache: the file is never held in memory (issue 13)
        target.remote().upload(path, tarball.get().path(), 0644, "root:root");
        String landed = FileProbe.probe(target.remote(), path).map(FileState::sha256).orElse("(missing)");
        if (!landed.equals(tarball.get().sha256())) {
            throw new GardenException(target.host().name() + ": " + path + " has sha256 " + landed
                    + " after the upload, not " + tarball.get().sha256());
        }
    }
}
