package org.gardenos.nspawn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BuilderTest {
    @Test
    void countPrefixAndPackagesAreValidated() {
        DebianHosts.Builder b = DebianHosts.builder();
        assertThatThrownBy(() -> b.count(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThatThrownBy(() -> b.count(51)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.namePrefix("Node_")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.packages("ok-pkg", "rm -rf")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rm -rf");
    }

    @Test
    void extraPackagesJoinTheDefaultOnesOnce() {
        DebianHosts.Builder b = DebianHosts.builder().packages("python3-apt", "sudo");
        assertThat(b.packages()).containsAll(BaseImage.PACKAGES).contains("python3-apt").doesNotHaveDuplicates();
    }

    @Test
    void explicitMirrorAndCacheWin() {
        DebianHosts.Builder b = DebianHosts.builder().mirror(URI.create("http://mirror.example/debian"))
                .cacheDirectory(Path.of("/tmp/x"));
        assertThat(b.mirror()).isEqualTo(URI.create("http://mirror.example/debian"));
        assertThat(b.cacheDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(DebianHosts.builder().cacheDir()).isEqualTo(DebianHosts.DEFAULT_CACHE);
    }

    @Test
    void anUnstartedSetHasNoFilesYet() {
        DebianHosts hosts = DebianHosts.builder().build();
        assertThat(hosts.runId()).isEqualTo("(not started)");
        assertThatThrownBy(hosts::privateKey).isInstanceOf(IllegalStateException.class);
        hosts.close();
        assertThatThrownBy(hosts::start).isInstanceOf(IllegalStateException.class);
    }
}
