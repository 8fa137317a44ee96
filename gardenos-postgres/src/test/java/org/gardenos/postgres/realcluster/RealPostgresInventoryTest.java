package org.gardenos.postgres.realcluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.gardenos.inventory.Inventory;
import org.gardenos.postgres.settings.PostgresSettings;
import org.junit.jupiter.api.Test;

/** The real-cluster test's inventories load through the real sections without an error (checked before a cluster). */
class RealPostgresInventoryTest {
    private static final Map<String, String> NODES = new LinkedHashMap<>(Map.of("node1", "10.213.77.11"));

    @Test
    void theInventoriesOfTheRealClusterTestLoad() {
        Inventory main = RealPostgres.LOADER.parse(RealPostgres.inventory(NODES, "10.213.77.1", Optional.of("local-static")),
                Path.of("gardenos.yaml")).inventory();
        PostgresSettings pg = main.section(PostgresSettings.class);
        assertThat(pg.volume().storageClass()).contains("local-static");
        assertThat(pg.ports().primary()).isEqualTo(RealPostgres.PRIMARY_PORT);
        Inventory broken = RealPostgres.LOADER.parse(JournalFailures.inventory(RealPostgres.inventory(NODES,
                "10.213.77.1", Optional.of("local-static"))), Path.of("gardenos.yaml")).inventory();
        assertThat(broken.section(PostgresSettings.class).namespace()).isEqualTo("pgreal-broken");
        Inventory pending = RealPostgres.LOADER.parse(RealPostgres.inventory(NODES, "10.213.77.1", Optional.empty())
                .replace("postgres:\n", "postgres:\n  namespace: pgreal-pending\n"), Path.of("gardenos.yaml")).inventory();
        assertThat(pending.section(PostgresSettings.class).volume().storageClass()).isEmpty();
    }
}
