package org.gardenos.nspawn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Naming, address allocation, image naming and mountinfo parsing: no root needed. */
class PureHelpersTest {
    @Test
    void addressesAreTheLowestFreeOnesFromDotEleven() {
        assertThat(HostNetwork.allocate(Set.of(), 3)).containsExactly("10.213.77.11", "10.213.77.12", "10.213.77.13");
        assertThat(HostNetwork.allocate(Set.of("10.213.77.11", "10.213.77.13"), 2))
                .containsExactly("10.213.77.12", "10.213.77.14");
    }

    @Test
    void aFullSubnetIsRefusedWithTheCount() {
        List<String> all = IntStream.rangeClosed(11, 254).mapToObj(i -> "10.213.77." + i).toList();
        assertThatThrownBy(() -> HostNetwork.allocate(all.subList(0, all.size() - 1), 2))
                .isInstanceOf(NspawnException.class).hasMessageContaining("no room for 2 more hosts");
    }

    @Test
    void linkNamesFitTheKernelLimitAndCarryTheRunId() {
        assertThat(HostNetwork.veth("a1b2c3", 50)).isEqualTo("gosa1b2c350").hasSizeLessThanOrEqualTo(15);
        assertThat(HostNetwork.netns("a1b2c3", 2)).isEqualTo("gos-a1b2c3-2");
        assertThat(HostNetwork.netns("a1b2c3", 2)).startsWith(HostNetwork.netnsPrefix("a1b2c3"));
    }

    @Test
    void imageNameDependsOnThePackageSetNotItsOrder() {
        String name = BaseImage.name(List.of("sudo", "systemd", "python3"));
        assertThat(name).matches("bookworm-[0-9a-f]{12}");
        assertThat(BaseImage.name(List.of("python3", "sudo", "systemd"))).isEqualTo(name);
        assertThat(BaseImage.name(List.of("python3", "sudo", "systemd", "python3-apt"))).isNotEqualTo(name);
    }

    @Test
    void mountinfoMountPointsAreDecoded() {
        String mountinfo = "22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw\n"
                + "98 22 0:45 / /var/tmp/gardenos-testkit/a1b2c3/node1/merged rw - overlay overlay rw,lowerdir=/x\n"
                + "99 22 0:46 / /tmp/with\\040space rw - tmpfs tmpfs rw\n";
        assertThat(Mounts.parseMountPoints(mountinfo)).containsExactly(Path.of("/"),
                Path.of("/var/tmp/gardenos-testkit/a1b2c3/node1/merged"), Path.of("/tmp/with space"));
    }

    @Test
    void hostsFileMapsEveryPeerByName() {
        String hosts = DebianHostFiles.hostsFile(new java.util.LinkedHashMap<>(java.util.Map.of("node1", "10.213.77.11")));
        assertThat(hosts).startsWith("127.0.0.1\tlocalhost\n").contains("10.213.77.11\tnode1\n");
    }

    @Test
    void lastLinesKeepsTheTail() {
        assertThat(BaseImage.lastLines("a\nb\nc\nd\n", 2)).isEqualTo("c | d");
    }
}
