package org.gardenos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * What the shaded {@code gardenos-cli.jar} ships: the application and its runtime libraries, never test code. The
 * sandbox needs only gardenos-nspawn; the testkit (JUnit side) and every test library stay out (issue 8 item 5).
 * Runs in failsafe, after {@code package} built the jar; by hand: {@code jar tf gardenos-cli/target/gardenos-cli.jar}.
 */
class CliJarContentsIT {
    /** Entries that only tests need: test frameworks, the testkit, GardenOS's test helpers and their pom records. */
    private static final List<Pattern> TEST_ONLY = List.of(
            Pattern.compile("org/junit/.*"),
            Pattern.compile("org/opentest4j/.*"),
            Pattern.compile("org/apiguardian/.*"),
            Pattern.compile("org/assertj/.*"),
            Pattern.compile("org/mockito/.*"),
            Pattern.compile("net/bytebuddy/.*"),
            Pattern.compile("org/wiremock/.*"),
            Pattern.compile("com/github/tomakehurst/.*"),
            Pattern.compile("org/slf4j/simple/.*"),
            Pattern.compile("org/gardenos/testkit/.*"),
            Pattern.compile("org/gardenos/testsupport/.*"),
            Pattern.compile("META-INF/maven/org\\.gardenos/gardenos-testkit/.*"),
            Pattern.compile("META-INF/maven/(org\\.junit[^/]*|org\\.assertj|org\\.mockito|org\\.wiremock)/.*"),
            // GardenOS's own test classes and stand-ins, wherever they sit
            Pattern.compile("org/gardenos/.*/[^/]*(Test|Tests|IT)(\\$[^/]*)?\\.class"),
            Pattern.compile("org/gardenos/.*/StandIn[^/]*\\.class"));

    static boolean testOnly(String entry) {
        return TEST_ONLY.stream().anyMatch(p -> p.matcher(entry).matches());
    }

    @Test
    void theJarHoldsNoTestFrameworkNoTestkitAndNoTestHelper() throws Exception {
        try (JarFile jar = new JarFile(JarProcess.jar().toFile())) {
            List<String> entries = jar.stream().map(ZipEntry::getName).toList();

            assertThat(entries).as("entries of " + JarProcess.jar()).filteredOn(CliJarContentsIT::testOnly).isEmpty();
            // and it is the real jar, sandbox included: the check above cannot pass on an empty or foreign file
            assertThat(entries).contains("org/gardenos/cli/Main.class", "org/gardenos/nspawn/DebianHosts.class",
                    "org/gardenos/cli/sandbox/SandboxKeeper.class", "META-INF/maven/org.gardenos/gardenos-nspawn/pom.xml",
                    // the sandbox's Kubernetes and the script that builds it, without the testkit's KubernetesCluster
                    "org/gardenos/nspawn/kubernetes/LocalKubernetes.class",
                    "org/gardenos/nspawn/kubernetes/kubernetes.sh", "org/gardenos/nspawn/images/OciImageBuilder.class");
        }
    }

    @Test
    void theRuleRecognisesWhatItMustKeepOut() {
        assertThat(List.of("org/junit/jupiter/api/Test.class", "org/opentest4j/AssertionFailedError.class",
                "org/gardenos/testkit/Prerequisites.class", "org/gardenos/testkit/hosts/WithDebianHosts.class",
                "org/gardenos/cli/CliJarIT.class", "org/gardenos/etcd/EtcdStatusTest$1.class",
                "org/gardenos/cli/StandInConnector.class", "org/assertj/core/api/Assertions.class",
                "META-INF/maven/org.gardenos/gardenos-testkit/pom.xml")).allMatch(CliJarContentsIT::testOnly);
        assertThat(List.of("org/gardenos/cli/Main.class", "org/gardenos/nspawn/TestHost.class",
                "org/gardenos/nspawn/LocalMachine.class", "org/bouncycastle/util/test/FixedSecureRandom.class",
                "org/gardenos/nspawn/kubernetes/LocalKubernetes.class",
                "META-INF/maven/org.gardenos/gardenos-nspawn/pom.xml")).noneMatch(CliJarContentsIT::testOnly);
    }
}
