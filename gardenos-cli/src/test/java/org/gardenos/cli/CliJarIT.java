package org.gardenos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar, run as a process: what {@code java -jar gardenos-cli/target/gardenos-cli.jar} does for a user. */
class CliJarIT {

    @Test
    void helpListsTheCommandsAndExitsZero() throws Exception {
        JarProcess.Result r = JarProcess.run("--help");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("Usage: gardenos").contains("version").contains("Exit codes:");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void versionRunsAndLogsNothing() throws Exception {
        JarProcess.Result r = JarProcess.run("version", "--output", "json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("\"version\" : \"" + VersionProvider.version() + "\"");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void unknownOptionExits2WithOneLineAndAHint() throws Exception {
        JarProcess.Result r = JarProcess.run("version", "--no-such-option");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err().lines().toList()).containsExactly(
                "gardenos: Unknown option: '--no-such-option'",
                "Try 'gardenos version --help' for more information.");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void validateOfTheExampleInventoryExitsZero() throws Exception {
        JarProcess.Result r = JarProcess.run("validate", "-f", "examples/gardenos.yaml");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("examples/gardenos.yaml: valid (cluster garden, 3 hosts");
    }

    @Test
    void hostsOfTheExampleInventoryListsItsThreeNodes() throws Exception {
        JarProcess.Result r = JarProcess.run("-o", "json", "hosts", "-f", "examples/gardenos.yaml");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out()).get("hosts")).hasSize(3);
    }

    @Test
    void brokenInventoryExits2WithOneLineAndNoStackTrace(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("gardenos.yaml"), """
                cluster: garden
                hosts:
                  - name: node-1
                    address: 203.0.113.300
                    roles: [etcd, server]
                """);

        JarProcess.Result r = JarProcess.run(dir, Map.of(), "validate");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("gardenos.yaml:4:14: hosts[0].address: '203.0.113.300'"));
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void jarMergesServiceFilesAndDropsSignatures() throws Exception {
        try (JarFile jar = new JarFile(JarProcess.jar().toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("org.gardenos.cli.Main");
            // gRPC (under jetcd) resolves "http://" endpoints through service-loaded providers from two jars
            ZipEntry resolvers = jar.getEntry("META-INF/services/io.grpc.NameResolverProvider");
            assertThat(resolvers).as("gRPC name resolver service file").isNotNull();
            List<String> providers = new String(jar.getInputStream(resolvers).readAllBytes()).lines().toList();
            assertThat(providers).contains("io.grpc.internal.DnsNameResolverProvider")
                    .anySatisfy(p -> assertThat(p).startsWith("io.etcd.jetcd.resolver."));
            assertThat(jar.stream().map(ZipEntry::getName))
                    .noneMatch(n -> n.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)"));
            assertThat(jar.getEntry("META-INF/services/ch.qos.logback.classic.spi.Configurator")).isNotNull();
        }
    }
    @Test
    void statusHelpAndEtcdEnvOfATestInventoryRunFromTheJar(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state");
        org.gardenos.etcd.pki.EtcdPki.ensure(org.gardenos.state.StateDir.open(state), List.of());
        Files.writeString(dir.resolve("gardenos.yaml"), """
                cluster: garden
                hosts:
                  - name: node-1
                    address: 203.0.113.11
                    roles: [etcd, server, lb]
                  - name: node-2
                    address: 203.0.113.12
                    roles: [etcd, server]
                  - name: node-3
                    address: 203.0.113.13
                    roles: [etcd, server]
                """);

        JarProcess.Result help = JarProcess.run("status", "--help");
        JarProcess.Result env = JarProcess.run(dir, Map.of(), "etcd", "env", "--state-dir", state.toString());

        assertThat(help.exitCode()).as(help.toString()).isZero();
        assertThat(help.out()).startsWith("Usage: gardenos status").contains("HEALTHY");
        assertThat(env.exitCode()).as(env.toString()).isZero();
        assertThat(env.out().lines().toList()).containsExactly(
                "export ETCDCTL_API=3",
                "export ETCDCTL_ENDPOINTS='https://203.0.113.11:2379,https://203.0.113.12:2379,https://203.0.113.13:2379'",
                "export ETCDCTL_CACERT='" + state.resolve("etcd/pki/ca.crt") + "'",
                "export ETCDCTL_CERT='" + state.resolve("etcd/pki/clients/gardenos.crt") + "'",
                "export ETCDCTL_KEY='" + state.resolve("etcd/pki/clients/gardenos.key") + "'");
        assertThat(env.out()).doesNotContain("PRIVATE KEY");
    }
}
