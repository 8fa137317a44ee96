package org.gardenos.postgres.realcluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gardenos.testkit.Prerequisites;
import org.gardenos.testkit.images.OciImage;
import org.junit.jupiter.api.Test;

/**
 * The Patroni image built here from Debian's packages (real debootstrap, real Patroni and PostgreSQL in it): the
 * tarball is an OCI layout with its reference, and in its root file system Patroni and PostgreSQL run as uid/gid 999,
 * the numbers the layer's pod securityContext (runAsUser, runAsGroup, fsGroup) uses for the patroni flavor.
 */
class PatroniTestImageTest {
    @Test
    void theImageRunsPatroniAndPostgresqlAsUid999() throws Exception {
        Prerequisites.requireRoot();
        Prerequisites.require(PatroniTestImage.missing().isEmpty(), "building the image needs " + PatroniTestImage.missing());
        OciImage image = PatroniTestImage.ensure();

        assertThat(image.reference()).isEqualTo("gardenos.test/patroni:15-3.0.2");
        assertThat(Files.size(image.tarball())).isGreaterThan(50L << 20);
        Path root = PatroniTestImage.rootfsDirectory();
        assertThat(Files.readString(root.resolve("etc/passwd"), StandardCharsets.UTF_8))
                .contains("postgres:x:999:999:");
        assertThat(run(root, "/usr/bin/python3", "-c", "from patroni.version import __version__; print(__version__)"))
                .isEqualTo("3.0.2");
        assertThat(run(root, "/usr/lib/postgresql/15/bin/postgres", "--version")).startsWith("postgres (PostgreSQL) 15.");
        assertThat(run(root, "/usr/bin/python3", "-c", "import etcd, psycopg2, yaml; print('ok')")).isEqualTo("ok");
        assertThat(Files.getAttribute(root.resolve("var/lib/postgresql"), "unix:uid")).isEqualTo(999);
    }

    private static String run(Path root, String... command) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("chroot", "--userspec=999:999", root.toString()));
        args.addAll(List.of(command));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}
