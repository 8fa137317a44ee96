package org.gardenos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

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
}
