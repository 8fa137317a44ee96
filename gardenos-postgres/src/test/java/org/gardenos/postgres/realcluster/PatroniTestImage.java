package org.gardenos.postgres.realcluster;

import java.nio.file.Path;
import java.util.List;
import org.gardenos.nspawn.images.PatroniImage;
import org.gardenos.testkit.images.OciImage;

/**
 * The Patroni image the real-cluster tests run, under the tests' name: gardenos-nspawn's shipped
 * {@link PatroniImage} (Debian's {@code postgresql-15}, {@code patroni} and {@code python3-etcd}, postgres at uid/gid
 * 999, cached machine-wide), the same image {@code gardenos sandbox up} imports into the sandbox's node.
 */
public final class PatroniTestImage {
    public static final String REFERENCE = PatroniImage.REFERENCE;
    public static final long POSTGRES_UID = PatroniImage.POSTGRES_UID;

    private PatroniTestImage() {
    }

    /** What this machine lacks to build the image (the tarball, once cached, needs nothing). */
    public static List<String> missing() {
        return PatroniImage.missing();
    }

    /** The cached image, built first when missing. */
    public static OciImage ensure() {
        org.gardenos.nspawn.images.OciImage image = PatroniImage.ensure();
        return new OciImage(image.reference(), image.tarball());
    }

    /** Where the debootstrap tree is kept (customized once the image was written). */
    static Path rootfsDirectory() {
        return PatroniImage.rootfsDirectory();
    }
}
