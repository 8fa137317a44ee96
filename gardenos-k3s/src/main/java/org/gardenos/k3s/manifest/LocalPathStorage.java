package org.gardenos.k3s.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * GardenOS's own local-path-provisioner (namespace, RBAC, config, deployment and the default StorageClass
 * {@code local-path}), applied when {@code k3s.disable} lists {@code local-storage}. Rendered from a template
 * with three values and always checked by {@link ManifestValidator} before anyone applies it.
 */
public record LocalPathStorage(String dataPath, String provisionerImage, String helperImage) {
    // before DEFAULT: static fields initialise in order and the constructor uses these
    private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9._/-]*");
    private static final Pattern SAFE_IMAGE = Pattern.compile("[A-Za-z0-9._/:@-]+");

    public static final String NAMESPACE = "local-path-storage";
    public static final String DEPLOYMENT = "local-path-provisioner";
    public static final String STORAGE_CLASS = "local-path";
    public static final String PROVISIONER = "rancher.io/local-path";
    /** K3s's own default path, so volumes stay where K3s's packaged copy put them. */
    public static final LocalPathStorage DEFAULT = new LocalPathStorage("/var/lib/rancher/k3s/storage",
            org.gardenos.k3s.settings.K3sImages.DEFAULT_PROVISIONER, org.gardenos.k3s.settings.K3sImages.DEFAULT_HELPER);

    /** K3s's data path with the images the inventory names ({@code k3s.localPathProvisionerImage}, ...Helper...). */
    public static LocalPathStorage of(org.gardenos.k3s.settings.K3sSettings k3s) {
        return new LocalPathStorage(DEFAULT.dataPath(), k3s.images().localPathProvisionerImage(),
                k3s.images().localPathHelperImage());
    }

    public LocalPathStorage {
        // values land inside YAML and JSON scalars: allow only characters that need no quoting in either
        if (!SAFE_PATH.matcher(dataPath).matches()) {
            throw new IllegalArgumentException("local-path data path '" + dataPath + "' must be absolute, [A-Za-z0-9._/-]");
        }
        for (String image : List.of(provisionerImage, helperImage)) {
            if (!SAFE_IMAGE.matcher(image).matches()) {
                throw new IllegalArgumentException("image '" + image + "' has characters outside [A-Za-z0-9._/:@-]");
            }
        }
    }

    public String render() {
        return template()
                .replace("${DATA_PATH}", dataPath)
                .replace("${PROVISIONER_IMAGE}", provisionerImage)
                .replace("${HELPER_IMAGE}", helperImage);
    }

    /** Rendered and schema-checked. */
    public List<Manifest> manifests() {
        return ManifestValidator.validate("local-path-storage.yaml", render());
    }

    private static String template() {
        try (InputStream in = LocalPathStorage.class.getResourceAsStream("local-path-storage.yaml")) {
            if (in == null) {
                throw new IllegalStateException("local-path-storage.yaml is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
