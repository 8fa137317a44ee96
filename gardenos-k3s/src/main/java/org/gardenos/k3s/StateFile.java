package org.gardenos.k3s;

import java.util.function.Function;
import org.gardenos.engine.Change;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.resources.RemoteFile;

/**
 * A host file whose content comes from the admin machine's state directory (token, etcd client certificate),
 * computed when checked or applied, so nothing secret is read before a run needs it. Delegates to the engine's
 * {@link RemoteFile}, which never puts content into change details or logs.
 */
final class StateFile implements Resource {
    private final String path;
    private final int mode;
    private final String owner;
    private final Function<Target, byte[]> content;

    StateFile(String path, int mode, String owner, Function<Target, byte[]> content) {
        this.path = path;
        this.mode = mode;
        this.owner = owner;
        this.content = content;
    }

    private RemoteFile file(Target target) {
        return new RemoteFile(path, content.apply(target), mode, owner);
    }

    @Override
    public String name() {
        return "file:" + path;
    }

    @Override
    public Change check(Target target) {
        return file(target).check(target);
    }

    @Override
    public void apply(Target target, Change change) {
        file(target).apply(target, change);
    }
}
