package org.gardenos.postgres.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.gardenos.error.InputException;
import org.gardenos.inventory.Inventory;
import org.gardenos.postgres.PostgresFixtures;
import org.gardenos.postgres.StandInEtcdCredentials;
import org.gardenos.state.StateDir;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The URL and the switchover's input rules; no API is reached (the calls supplier fails if asked). */
class PostgresOperationsTest {
    @TempDir
    Path dir;
    StateDir state;
    PostgresOperations ops;

    @BeforeEach
    void setUp() {
        Inventory inventory = PostgresFixtures.LOADER.parse(PostgresFixtures.inventory(
                "  users: [{name: app}]\n  ports: {primary: 6432, replica: 6433}\n"), PostgresFixtures.FILE).inventory();
        state = StateDir.open(dir.resolve("state"));
        ops = new PostgresOperations(inventory, state, new StandInEtcdCredentials(true, List.of("https://203.0.113.11:2379")),
                () -> {
                    throw new AssertionError("no API call expected");
                });
    }

    @Test
    void theUrlGoesThroughTheLoadBalancerAndShowsThePasswordOnlyWhenAsked() {
        assertThat(ops.url(false, Optional.empty(), false))
                .isEqualTo("postgresql://postgres@203.0.113.11:6432/postgres?sslmode=require");
        assertThat(ops.url(true, Optional.of("app"), false))
                .isEqualTo("postgresql://app@203.0.113.11:6433/postgres?sslmode=require");
        state.writeSecret("postgres/postgres-cluster/postgres-user-app.password", "Kept0Password0For0App0xyz12\n".getBytes());
        assertThat(ops.url(false, Optional.of("app"), true))
                .isEqualTo("postgresql://app:Kept0Password0For0App0xyz12@203.0.113.11:6432/postgres?sslmode=require");
    }

    @Test
    void badInputIsOneLine() {
        assertThatThrownBy(() -> ops.url(false, Optional.of("nobody"), false)).isInstanceOf(InputException.class)
                .hasMessage("postgres url --user: unknown user 'nobody' (known: postgres, standby, admin, app)");
        assertThatThrownBy(() -> ops.switchover(Optional.of("postgres-7"))).isInstanceOf(InputException.class)
                .hasMessage("postgres switchover --to: 'postgres-7' is not a member (members: postgres-0, postgres-1,"
                        + " postgres-2)");
    }
}
