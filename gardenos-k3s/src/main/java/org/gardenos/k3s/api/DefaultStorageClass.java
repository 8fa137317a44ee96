package org.gardenos.k3s.api;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.StorageV1Api;
import io.kubernetes.client.openapi.models.V1StorageClass;
import java.util.List;
import java.util.Map;

/**
 * Checks that StorageClass {@code local-path} exists and is the only default one. The seed journal's PVCs sat
 * Pending because there was no default class; two defaults make the choice depend on the API server's whims.
 */
public final class DefaultStorageClass {
    public static final String EXPECTED = "local-path";
    static final String DEFAULT_ANNOTATION = "storageclass.kubernetes.io/is-default-class";
    static final String BETA_DEFAULT_ANNOTATION = "storageclass.beta.kubernetes.io/is-default-class";

    /** {@code ok} when {@code local-path} exists and is the one and only default; {@code message} says why not. */
    public record Result(boolean ok, boolean exists, List<String> defaults, String message) {
        public Result {
            defaults = List.copyOf(defaults);
        }
    }

    private final StorageV1Api storage;

    public DefaultStorageClass(ApiClient client) {
        this.storage = new StorageV1Api(client);
    }

    public Result check() {
        List<V1StorageClass> classes;
        try {
            classes = storage.listStorageClass().execute().getItems();
        } catch (ApiException e) {
            throw ApiErrors.of("list StorageClasses", e);
        }
        return evaluate(classes);
    }

    static Result evaluate(List<V1StorageClass> classes) {
        boolean exists = classes.stream().anyMatch(c -> EXPECTED.equals(c.getMetadata().getName()));
        List<String> defaults = classes.stream().filter(DefaultStorageClass::isDefault)
                .map(c -> c.getMetadata().getName()).sorted().toList();
        if (!exists) {
            return new Result(false, false, defaults, "StorageClass " + EXPECTED + " does not exist"
                    + (defaults.isEmpty() ? " and there is no default StorageClass: PVCs without a class stay Pending"
                            : "; defaults: " + String.join(", ", defaults)));
        }
        if (defaults.isEmpty()) {
            return new Result(false, true, defaults, "StorageClass " + EXPECTED
                    + " exists but is not the default: PVCs without a class stay Pending");
        }
        if (!defaults.equals(List.of(EXPECTED))) {
            return new Result(false, true, defaults, "default StorageClasses are " + String.join(", ", defaults)
                    + "; only " + EXPECTED + " should be");
        }
        return new Result(true, true, defaults, "StorageClass " + EXPECTED + " is the only default");
    }

    static boolean isDefault(V1StorageClass c) {
        Map<String, String> a = c.getMetadata().getAnnotations();
        return a != null && ("true".equals(a.get(DEFAULT_ANNOTATION)) || "true".equals(a.get(BETA_DEFAULT_ANNOTATION)));
    }
}
