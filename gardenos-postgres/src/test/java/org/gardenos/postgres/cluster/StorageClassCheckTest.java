package org.gardenos.postgres.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class StorageClassCheckTest {
    static final String NO_DEFAULT = "{\"items\": [{\"metadata\": {\"name\": \"local-path\"}}]}";
    static final String WITH_DEFAULT = "{\"items\": [{\"metadata\": {\"name\": \"local-path\", \"annotations\":"
            + " {\"storageclass.kubernetes.io/is-default-class\": \"true\"}}}]}";

    @Test
    void withoutAClassTheClusterNeedsADefault() {
        assertThat(StorageClassCheck.problem(Optional.empty(), NO_DEFAULT)).contains("PVC would stay Pending: no"
                + " default StorageClass; hint: set postgres.volume.storageClass (the cluster has local-path) or mark"
                + " one default with kubectl annotate storageclass NAME storageclass.kubernetes.io/is-default-class=true");
        assertThat(StorageClassCheck.problem(Optional.empty(), "{\"items\": []}")).get().asString()
                .contains("(the cluster has none)");
        assertThat(StorageClassCheck.problem(Optional.empty(), WITH_DEFAULT)).isEmpty();
    }

    @Test
    void aNamedClassMustExist() {
        assertThat(StorageClassCheck.problem(Optional.of("fast"), WITH_DEFAULT)).contains("PVC would stay Pending:"
                + " StorageClass fast does not exist; hint: set postgres.volume.storageClass to an existing class (the"
                + " cluster has local-path)");
        assertThat(StorageClassCheck.problem(Optional.of("local-path"), NO_DEFAULT)).isEmpty();
    }
}
