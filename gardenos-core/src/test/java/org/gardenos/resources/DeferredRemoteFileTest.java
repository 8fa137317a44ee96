package org.gardenos.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.gardenos.engine.Change;
import org.gardenos.engine.ChangeAction;
import org.gardenos.engine.Target;
import org.gardenos.standin.InMemoryHostStandIn;
import org.gardenos.standin.TestInventories;
import org.junit.jupiter.api.Test;

class DeferredRemoteFileTest {
    private final InMemoryHostStandIn host = new InMemoryHostStandIn("node-1", "127.0.0.11");
    private final Target target = new Target(TestInventories.host("node-1", "127.0.0.11"), host,
            TestInventories.nodes(1), null);
    private final AtomicInteger computed = new AtomicInteger();

    private DeferredRemoteFile token(String value) {
        return new DeferredRemoteFile("/etc/gardenos/token", 0600, "root:root", t -> {
            computed.incrementAndGet();
            assertThat(t).isSameAs(target);
            return value.getBytes(StandardCharsets.UTF_8);
        });
    }

    @Test
    void contentIsComputedFromTheTargetOnlyWhenCheckedOrApplied() {
        DeferredRemoteFile file = token("s3cret-token\n");
        assertThat(file.name()).isEqualTo("file:/etc/gardenos/token");
        assertThat(computed).hasValue(0);

        Change change = file.check(target);
        assertThat(change.action()).isEqualTo(ChangeAction.CREATE);
        assertThat(change.detail()).doesNotContain("s3cret");
        file.apply(target, change);

        assertThat(computed).hasValue(2);
        assertThat(host.file("/etc/gardenos/token")).hasValueSatisfying(f -> {
            assertThat(f.text()).isEqualTo("s3cret-token\n");
            assertThat(f.mode()).isEqualTo(0600);
            assertThat(f.user()).isEqualTo("root");
        });
        assertThat(file.check(target).isNone()).isTrue();
    }

    @Test
    void changedContentIsRewrittenWithoutShowingIt() {
        host.put("/etc/gardenos/token", "old-token\n", 0600, "root:root");
        DeferredRemoteFile file = token("new-token\n");
        Change change = file.check(target);
        assertThat(change.action()).isEqualTo(ChangeAction.UPDATE);
        assertThat(change.detail()).contains("content differs").doesNotContain("token");
        file.apply(target, change);
        assertThat(host.text("/etc/gardenos/token")).isEqualTo("new-token\n");
    }

    @Test
    void absentOptionalContentMeansNothingToDoAndNoProbe() {
        DeferredRemoteFile file = DeferredRemoteFile.ifPresent("/usr/local/bin/etcdutl", 0755, "root:root",
                t -> Optional.empty());
        assertThat(file.check(target).isNone()).isTrue();
        file.apply(target, Change.of(ChangeAction.CREATE, "forced"));
        assertThat(host.commands()).isEmpty();
        assertThat(host.uploads()).isEmpty();
    }

    @Test
    void argumentsAreCheckedWhenBuiltNotWhenFirstApplied() {
        assertThatThrownBy(() -> new DeferredRemoteFile("etc/relative", 0644, "root", t -> new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeferredRemoteFile("/etc/x", 0644, "root; rm -rf /", t -> new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
