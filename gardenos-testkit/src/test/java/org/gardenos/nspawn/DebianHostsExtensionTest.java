package org.gardenos.nspawn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import java.util.concurrent.atomic.AtomicReference;
import org.gardenos.testkit.Prerequisites;
import org.gardenos.testkit.hosts.WithDebianHosts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs a small test class with {@link WithDebianHosts} (one host) through the JUnit launcher: its hosts are injected
 * into {@code @BeforeAll} and test methods, and are gone once the class is done although one of its tests failed.
 */
class DebianHostsExtensionTest {
    private static final String FLAG = "gardenos.testkit.innerExtensionTest";
    private static final AtomicReference<DebianHosts> SEEN = new AtomicReference<>();
    private static final AtomicReference<DebianHosts> SEEN_IN_BEFORE_ALL = new AtomicReference<>();

    @Test
    void hostsAreInjectedAndRemovedAfterTheClassEvenWhenOneOfItsTestsFails() {
        Prerequisites.require(DebianHosts.missingPrerequisites().isEmpty(),
                "Debian test hosts need: " + DebianHosts.missingPrerequisites());
        System.setProperty(FLAG, "true");
        TestExecutionSummary summary;
        try {
            SummaryGeneratingListener listener = new SummaryGeneratingListener();
            LauncherFactory.create().execute(request().selectors(selectClass(ClassWithAFailingTest.class)).build(),
                    listener);
            summary = listener.getSummary();
        } finally {
            System.clearProperty(FLAG);
        }
        assertThat(summary.getTestsSucceededCount()).as(summary.getFailures().toString()).isEqualTo(1);
        assertThat(summary.getTestsFailedCount()).isEqualTo(1);
        assertThat(summary.getFailures().get(0).getException()).hasMessage("this test fails on purpose");

        DebianHosts seen = SEEN.get();
        assertThat(seen).isNotNull().isSameAs(SEEN_IN_BEFORE_ALL.get());
        String runId = seen.runId();
        assertThat(RunRegistry.RUNS_ROOT.resolve(runId)).doesNotExist();
        assertThat(RunRegistry.HOSTS_ROOT.resolve(runId)).doesNotExist();
        assertThat(HostNetwork.netnsList()).noneMatch(ns -> ns.startsWith(HostNetwork.netnsPrefix(runId)));
        assertThat(seen.hosts().get(0).isRunning()).isFalse();
    }

    /** Run only by the test above (surefire skips nested classes; the property keeps IDEs from running it alone). */
    @WithDebianHosts(count = 1, namePrefix = "ext")
    @EnabledIfSystemProperty(named = FLAG, matches = "true")
    static class ClassWithAFailingTest {
        @BeforeAll
        static void before(DebianHosts hosts) {
            SEEN_IN_BEFORE_ALL.set(hosts);
        }

        @Test
        void seesItsHost(DebianHosts hosts) {
            SEEN.set(hosts);
            assertThat(hosts.host("ext1").exec("hostname").stdout().strip()).isEqualTo("ext1");
        }

        @Test
        void failsOnPurpose() {
            throw new AssertionError("this test fails on purpose");
        }
    }
}
