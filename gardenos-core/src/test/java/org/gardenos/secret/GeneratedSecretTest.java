package org.gardenos.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;
import org.gardenos.error.GardenException;
import org.gardenos.state.StateDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratedSecretTest {
    @Test
    void generatesDistinctAlphanumericValuesOfTheAskedLength() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String v = GeneratedSecret.generate(32);
            assertThat(v).hasSize(32).matches("[A-Za-z0-9]{32}");
            seen.add(v);
        }
        assertThat(seen).hasSize(200);
    }

    @Test
    void refusesShortSecrets() {
        assertThatThrownBy(() -> GeneratedSecret.generate(16)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void createsOnceAs0600AndReusesAfterwards(@TempDir Path dir) throws Exception {
        StateDir state = StateDir.open(dir.resolve("state"));
        String first = GeneratedSecret.loadOrCreate(state, "k3s/token", 48);
        Path file = state.resolve("k3s/token");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(first).hasSize(48);
        assertThat(GeneratedSecret.loadOrCreate(state, "k3s/token", 48)).isEqualTo(first);
    }

    @Test
    void narrowsAWorldReadableKeptSecretBackTo0600(@TempDir Path dir) throws Exception {
        StateDir state = StateDir.open(dir.resolve("state"));
        String first = GeneratedSecret.loadOrCreate(state, "lb/stats-password", 32);
        Path file = state.resolve("lb/stats-password");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(GeneratedSecret.loadOrCreate(state, "lb/stats-password", 32)).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aDamagedKeptSecretIsRefusedNotReplaced(@TempDir Path dir) throws Exception {
        StateDir state = StateDir.open(dir.resolve("state"));
        state.writeSecret("k3s/token", "short\n".getBytes());
        assertThatThrownBy(() -> GeneratedSecret.loadOrCreate(state, "k3s/token", 48))
                .isInstanceOf(GardenException.class)
                .hasMessageContaining("k3s/token: the kept secret is not 24+ characters");
        assertThat(Files.readString(state.resolve("k3s/token"))).isEqualTo("short\n");
    }
}
