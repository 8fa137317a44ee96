package org.gardenos.nspawn.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox's build step without building: cached binaries, a location the script does not fill, the jar's script. */
class KubernetesBuildTest {
    @TempDir
    Path dir;

    @Test
    void completeBinariesAreUsedAsTheyAreAndNothingRuns() throws IOException {
        for (String name : KubernetesBinaries.NAMES) {
            Path f = Files.createFile(dir.resolve(name), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwxr-xr-x")));
            Files.writeString(f, "#!/bin/sh\n");
        }
        List<String> progress = new ArrayList<>();
        KubernetesBuild.Result r = KubernetesBuild.ensure(new KubernetesBinaries(dir), progress::add);

        assertThat(r.built()).isFalse();
        assertThat(r.took()).isEqualTo(Duration.ZERO);
        assertThat(progress).isEmpty();
    }

    @Test
    void missingBinariesOutsideTheMachineCacheAreNotBuiltButNamed() {
        assertThatThrownBy(() -> KubernetesBuild.ensure(new KubernetesBinaries(dir), line -> { }))
                .isInstanceOf(KubernetesException.class)
                .hasMessageContaining("Kubernetes binaries missing in " + dir)
                .hasMessageContaining("kube-apiserver").hasMessageContaining("scripts/kubernetes.sh");
    }

    @Test
    void theJarCarriesTheProjectsBuildScript() throws IOException {
        try (InputStream in = KubernetesBuild.class.getResourceAsStream(KubernetesBuild.SCRIPT_RESOURCE)) {
            assertThat(in).as("kubernetes.sh packed next to KubernetesBuild").isNotNull();
            String packed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(packed).isEqualTo(Files.readString(Path.of("..", "scripts", "kubernetes.sh")));
        }
    }
}
