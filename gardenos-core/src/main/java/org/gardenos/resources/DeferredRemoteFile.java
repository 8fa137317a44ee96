package org.gardenos.resources;

import org.gardenos.artifact.HashedFile;
import org.gardenos.remote.Probe;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.gardenos.engine.Change;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;

/**
 * A {@link RemoteFile} whose content is computed from the {@link Target} (usually its state dir: certificates,
 * tokens, rendered configs) only when the file is checked or applied, so nothing is generated or read before a run
 * needs it, and a plan built without a state dir never touches one. Compare, upload and details are
 * {@link RemoteFile}'s: content is never logged or put into a change detail.
 */
public final class DeferredRemoteFile implements Resource {
    private final String path;
    private final int mode;
    private final String owner;
    private final Function<Target, Optional<RemoteFile>> file;

    private DeferredRemoteFile(Function<Target, Optional<RemoteFile>> file, String path, int mode, String owner) {
        this.path = Checks.absolutePath(path);
        this.mode = Checks.mode(mode);
        this.owner = Checks.owner(owner);
        this.file = file;
    }

    /**
     * A file that must exist; {@code content} is called on each check and apply.
     *
     * @param mode  permission bits, e.g. {@code 0600}
     * @param owner {@code user} or {@code user:group}
     */
    public DeferredRemoteFile(String path, int mode, String owner, Function<Target, byte[]> content) {
        this(target -> Optional.of(new RemoteFile(path, content.apply(target), mode, owner)), path, mode, owner);
    }

    /** A file installed only when {@code content} yields something; when it is empty there is nothing to do. */
    public static DeferredRemoteFile ifPresent(String path, int mode, String owner,
                                               Function<Target, Optional<byte[]>> content) {
        return new DeferredRemoteFile(target -> content.apply(target).map(b -> new RemoteFile(path, b, mode, owner)),
                path, mode, owner);
    }

    /**
     * A copy of a local file with a known hash (a release binary), installed only when {@code local} yields one:
     * checks compare hashes and read nothing locally, an upload streams the file (see {@link RemoteFile#ofLocal}).
     */
    public static DeferredRemoteFile ofLocal(String path, int mode, String owner,
                                             Function<Target, Optional<HashedFile>> local) {
        return new DeferredRemoteFile(target -> local.apply(target).map(f -> RemoteFile.ofLocal(path, f, mode, owner)),
                path, mode, owner);
    }

    public String path() {
        return path;
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
        return file(target).map(f -> f.check(target)).orElse(Change.none());
    }

    @Override
    public void apply(Target target, Change change) {
        file(target).ifPresent(f -> f.apply(target, change));
    }

    private Optional<RemoteFile> file(Target target) {
        return file.apply(target);
    }
}
