package org.gardenos.k3s;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.gardenos.lb.StatsPassword;
import org.gardenos.logging.SecretRedactor;
import org.gardenos.state.StateDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generated secrets are registered with the process-wide redactor the SSH layer runs its log lines through. */
class SecretsRegistrationTest {
    @Test
    void tokenAndStatsPasswordAreRedactedOnceLoaded(@TempDir Path dir) {
        StateDir state = StateDir.open(dir);
        String token = ClusterToken.loadOrCreate(state);
        String password = StatsPassword.loadOrCreate(state);
        String line = SecretRedactor.global().redact("K3S_TOKEN=" + token + " stats auth gardenos:" + password);
        assertThat(line).isEqualTo("K3S_TOKEN=*** stats auth gardenos:***");
    }
}
