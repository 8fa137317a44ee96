package org.gardenos.etcd.support;

import java.util.List;
import org.gardenos.inventory.InventorySection;
import org.gardenos.inventory.LocalPaths;
import org.gardenos.inventory.Role;
import org.gardenos.inventory.Section;

/**
 * A stand-in section for the etcd module's tests: it only declares the roles of the layers above etcd (server,
 * agent, lb), so that test inventories can hold hosts that are not etcd members without a dependency on those modules.
 */
public final class OtherLayerRoles implements InventorySection<OtherLayerRoles.None> {
    public static final Role SERVER = Role.of("server");
    public static final Role AGENT = Role.of("agent");
    public static final Role LB = Role.of("lb");

    /** The section has no settings. */
    public record None() {
    }

    @Override
    public String key() {
        return "otherLayerRolesStandIn";
    }

    @Override
    public Class<None> type() {
        return None.class;
    }

    @Override
    public List<Role> roles() {
        return List.of(SERVER, AGENT, LB);
    }

    @Override
    public None parse(Section section, LocalPaths paths) {
        section.finish();
        return new None();
    }
}
