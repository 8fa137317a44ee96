package org.gardenos.inventory;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.gardenos.error.InputException;
import org.gardenos.postgres.settings.LoadedPostgresSettings;
import org.gardenos.postgres.settings.PostgresSettings;

/**
 * Reads the {@code postgres:} key of an inventory text on its own, until core's section SPI registers
 * {@link PostgresSection} with {@link InventoryLoader} (which today refuses {@code postgres} as an unknown key).
 * The other sections are not read here; the caller passes the K3s and load-balancer settings this section's
 * defaults and rules depend on (from {@code InventoryLoader} on the same file without the postgres key).
 */
public final class PostgresInventory {
    private PostgresInventory() {
    }

    /**
     * The section's settings with defaults applied, or an {@link InputException} with every error as one line
     * {@code FILE:LINE:COL: postgres.key: message}. An absent section yields all defaults.
     */
    public static LoadedPostgresSettings read(String yaml, Path displayName, K3sSettings k3s, LoadBalancerSettings lb) {
        Objects.requireNonNull(yaml, "yaml");
        Problems problems = new Problems(displayName.toString());
        Optional<YamlNode> document;
        try {
            document = YamlTreeReader.read(yaml, problems);
        } catch (YamlTreeReader.FatalYamlException e) {
            problems.errorAt(e.mark, e.path, e.getMessage());
            throw new InputException(problems.errorLines());
        }
        YamlNode root = document.orElse(new YamlNode.Mapping(Mark.START, KeyPath.ROOT, java.util.Map.of()));
        problems.index(root);
        Section top = Section.of(root, problems, "a mapping of sections");
        Section section = top.section(PostgresSection.KEY);
        PostgresSettings settings = PostgresSection.parse(section, List.of(k3s.clusterCidr(), k3s.serviceCidr()),
                k3s.clusterCidr());
        checkLoadBalancerPorts(problems, section, settings, lb);
        if (problems.hasErrors()) {
            throw new InputException(problems.errorLines());
        }
        return new LoadedPostgresSettings(settings, problems.warningLines());
    }

    /** HAProxy binds the postgres ports on the lb hosts beside the Kubernetes API and stats ports. */
    static void checkLoadBalancerPorts(Problems problems, Section pg, PostgresSettings settings, LoadBalancerSettings lb) {
        KeyPath ports = pg.pathOf("ports");
        for (String key : List.of("primary", "replica")) {
            int port = key.equals("primary") ? settings.ports().primary() : settings.ports().replica();
            String clash = port == lb.apiPort() ? "loadBalancer.apiPort" : port == lb.statsPort() ? "loadBalancer.statsPort" : null;
            if (clash != null) {
                problems.error(ports.key(key), "port " + port + " is " + clash + ", which HAProxy already binds on"
                        + " the lb hosts; pick another port");
            }
        }
    }
}
