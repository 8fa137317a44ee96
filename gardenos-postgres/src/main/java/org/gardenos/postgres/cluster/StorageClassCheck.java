package org.gardenos.postgres.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The journal's PVC-Pending failure, caught before anything is applied: the claim names a class that must exist,
 * or names none and the cluster must have a default class. Reads {@code GET /apis/storage.k8s.io/v1/storageclasses}.
 */
public final class StorageClassCheck {
    public static final String PATH = "/apis/storage.k8s.io/v1/storageclasses";
    static final String DEFAULT = "storageclass.kubernetes.io/is-default-class";
    static final String BETA_DEFAULT = "storageclass.beta.kubernetes.io/is-default-class";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StorageClassCheck() {
    }

    /** A one-line diagnosis, or empty when the claims can be bound. */
    public static Optional<String> problem(Optional<String> named, String storageClassListJson) {
        List<String> names = new ArrayList<>();
        List<String> defaults = new ArrayList<>();
        try {
            for (JsonNode item : MAPPER.readTree(storageClassListJson).path("items")) {
                String name = item.path("metadata").path("name").asText("");
                JsonNode annotations = item.path("metadata").path("annotations");
                names.add(name);
                if ("true".equals(annotations.path(DEFAULT).asText()) || "true".equals(annotations.path(BETA_DEFAULT).asText())) {
                    defaults.add(name);
                }
            }
        } catch (IOException e) {
            return Optional.of("cannot read the cluster's StorageClasses: the answer is not JSON");
        }
        String known = names.isEmpty() ? "the cluster has none" : "the cluster has " + String.join(", ", names);
        if (named.isPresent()) {
            return names.contains(named.get()) ? Optional.empty() : Optional.of("PVC would stay Pending: StorageClass "
                    + named.get() + " does not exist; hint: set postgres.volume.storageClass to an existing class ("
                    + known + ")");
        }
        return defaults.isEmpty() ? Optional.of("PVC would stay Pending: no default StorageClass; hint: set"
                + " postgres.volume.storageClass (" + known + ") or mark one default with kubectl annotate"
                + " storageclass NAME " + DEFAULT + "=true") : Optional.empty();
    }
}
