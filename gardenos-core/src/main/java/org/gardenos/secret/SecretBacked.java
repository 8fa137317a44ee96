package org.gardenos.secret;

import java.util.List;
import org.gardenos.engine.Change;
import org.gardenos.engine.ChangeAction;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.remote.Probe;

/**
 * A resource whose content needs a secret the state dir may not hold yet (the K3s token, the stats password).
 * While the secret is not kept, {@link #check} reports what apply would create without calling the resource, so a
 * plan never writes a secret to disk; {@link #apply} lets the resource make it (after {@link NewSecretGuard}
 * allowed it) and converges with a fresh check.
 */
public final class SecretBacked implements Resource {
    private final String stateFile;
    private final Resource resource;

    public SecretBacked(String stateFile, Resource resource) {
        this.stateFile = stateFile;
        this.resource = resource;
    }

    @Override
    public String name() {
        return resource.name();
    }

    /**
     * The wrapped resource's probes, so its check is answered from the play's batch; asked even while the secret
     * is not kept (then unused: a probe only reads).
     */
    @Override
    public List<Probe> probes() {
        return resource.probes();
    }

    @Override
    public Change check(Target target) throws Exception {
        if (target.state().read(stateFile).isEmpty()) {
            return Change.of(ChangeAction.CREATE, resource.name() + " (with a new secret kept in "
                    + target.state().resolve(stateFile) + ")");
        }
        return resource.check(target);
    }

    @Override
    public void apply(Target target, Change change) throws Exception {
        Change now = resource.check(target);
        if (!now.isNone()) {
            resource.apply(target, now);
        }
    }
}
