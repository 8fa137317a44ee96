package org.gardenos.postgres.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gardenos.postgres.PostgresFixtures.cluster;

import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.gardenos.k3s.manifest.KubeKind;
import org.gardenos.k3s.manifest.Manifest;
import org.gardenos.postgres.PostgresFixtures.FakeSecrets;
import org.gardenos.postgres.PostgresFixtures;
import org.gardenos.postgres.model.PatroniCluster;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PostgresManifestsTest {
    static final String SPILO = "  users: [{name: app}]\n";
    static final String PATRONI = "  flavor: patroni\n  image: localhost/gardenos/patroni:3.0.2-pg15\n  users: [{name: app}]\n";
    private final FakeSecrets secrets = new FakeSecrets();

    private PostgresManifests.Rendered render(PatroniCluster c) {
        return PostgresManifests.render(c, secrets);
    }

    @Test
    void spiloRendersEveryObjectInApplyOrderAndEachPassedTheSchemaCheck() {
        List<String> described = render(cluster(SPILO)).manifests().stream().map(Manifest::describe).toList();
        assertThat(described).containsExactly(
                "Namespace postgres-cluster",
                "ServiceAccount postgres-cluster/postgres-patroni",
                "Role postgres-cluster/postgres-patroni",
                "RoleBinding postgres-cluster/postgres-patroni",
                "Secret postgres-cluster/postgres-superuser",
                "Secret postgres-cluster/postgres-replication",
                "Secret postgres-cluster/postgres-admin",
                "Secret postgres-cluster/postgres-restapi",
                "Secret postgres-cluster/postgres-user-app",
                "Secret postgres-cluster/postgres-etcd-client",
                "Secret postgres-cluster/postgres-etcd-login",
                "Secret postgres-cluster/postgres-server-tls",
                "Secret postgres-cluster/postgres-spilo-configuration",
                "Service postgres-cluster/postgres-members",
                "Service postgres-cluster/postgres-primary",
                "Service postgres-cluster/postgres-replica",
                "StatefulSet postgres-cluster/postgres");
    }

    @Test
    void thePatroniFlavorHasItsConfigMapInsteadOfSpilosConfigurationSecret() {
        List<String> described = render(cluster(PATRONI)).manifests().stream().map(Manifest::describe).toList();
        assertThat(described).contains("ConfigMap postgres-cluster/postgres-patroni-config")
                .doesNotContain("Secret postgres-cluster/postgres-spilo-configuration");
    }

    @ParameterizedTest
    @ValueSource(strings = {SPILO, PATRONI})
    void noSecretValueAppearsInAnyObjectButTheSecrets(String section) {
        PatroniCluster c = cluster(section);
        PostgresManifests.Rendered rendered = render(c);
        String others = String.join("\n", rendered.withoutSecrets().stream().map(m -> JSON.serialize(m.object())).toList());
        String inSecrets = String.join("\n", rendered.secrets().stream().map(PostgresManifestsTest::decoded).toList());
        for (String value : secrets.all(c)) {
            assertThat(others).as("non-Secret objects").doesNotContain(value);
            // the search is not vacuous: every value is in a Secret
            assertThat(inSecrets).as("Secrets").contains(value);
        }
    }

    /** Spilo reads its passwords only from the environment (the patroni flavor has none there, tested below). */
    @Test
    void everySecretInSpilosPodSpecIsASecretKeyRefNeverALiteral() {
        V1Container container = statefulSet(cluster(SPILO)).getSpec().getTemplate().getSpec().getContainers().get(0);
        List<V1EnvVar> sensitive = container.getEnv().stream()
                .filter(e -> e.getName().matches(".*(PASSWORD|PRIVATE_KEY|CERTIFICATE|SPILO_CONFIGURATION).*"))
                .toList();
        assertThat(sensitive).isNotEmpty();
        assertThat(sensitive).allSatisfy(e -> {
            assertThat(e.getValue()).as(e.getName()).isNull();
            assertThat(e.getValueFrom().getSecretKeyRef()).as(e.getName()).isNotNull();
        });
    }

    @Test
    void theStatefulSetRunsSpiloAsItsPostgresUserSpreadAcrossNodesAndReadyByPatroni() {
        V1StatefulSet sts = statefulSet(cluster(SPILO + "  volume: {size: 5Gi, storageClass: local-path}\n"));
        var spec = sts.getSpec();
        assertThat(spec.getServiceName()).isEqualTo("postgres-members");
        assertThat(spec.getReplicas()).isEqualTo(3);
        var pod = spec.getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(101L);
        assertThat(pod.getSecurityContext().getRunAsGroup()).isEqualTo(103L);
        assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(103L);
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getInitContainers()).as("no permission-fixing init container").isNullOrEmpty();
        assertThat(pod.getServiceAccountName()).isEqualTo("postgres-patroni");
        var anti = pod.getAffinity().getPodAntiAffinity();
        assertThat(anti.getRequiredDuringSchedulingIgnoredDuringExecution()).isNullOrEmpty();
        assertThat(anti.getPreferredDuringSchedulingIgnoredDuringExecution()).singleElement().satisfies(term -> {
            assertThat(term.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
            assertThat(term.getPodAffinityTerm().getLabelSelector().getMatchLabels())
                    .isEqualTo(Map.of("app.kubernetes.io/name", "patroni", "app.kubernetes.io/instance", "postgres"));
        });
        V1Container container = pod.getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("ghcr.io/zalando/spilo-16:3.2-p3");
        assertThat(container.getCommand()).as("Spilo's own entrypoint").isNullOrEmpty();
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readiness");
        assertThat(container.getReadinessProbe().getHttpGet().getPort().getIntValue()).isEqualTo(8008);
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getVolumeMounts()).extracting(m -> m.getName() + ":" + m.getMountPath())
                .containsExactly("data:/home/postgres/pgdata", "etcd-client:/etc/gardenos/etcd");
        var claim = spec.getVolumeClaimTemplates().get(0);
        assertThat(claim.getMetadata().getName()).isEqualTo("data");
        assertThat(claim.getSpec().getStorageClassName()).isEqualTo("local-path");
        assertThat(claim.getSpec().getResources().getRequests().get("storage").toSuffixedString()).isEqualTo("5Gi");
    }

    @Test
    void withoutAStorageClassTheClaimLeavesItToTheClustersDefault() {
        var claim = statefulSet(cluster(SPILO)).getSpec().getVolumeClaimTemplates().get(0);
        assertThat(claim.getSpec().getStorageClassName()).isNull();
    }

    @Test
    void thePatroniImageStartsPatroniWithTheRenderedFileAndMountsItsSecretsReadOnly() {
        var pod = statefulSet(cluster(PATRONI)).getSpec().getTemplate().getSpec();
        V1Container container = pod.getContainers().get(0);
        assertThat(container.getCommand()).containsExactly("sh", "/etc/patroni/config/start-patroni.sh");
        assertThat(container.getEnv()).extracting(V1EnvVar::getName).containsExactly("POD_IP", "POD_NAMESPACE",
                "PATRONI_NAME", "PATRONI_RESTAPI_CONNECT_ADDRESS", "PATRONI_POSTGRESQL_CONNECT_ADDRESS",
                "PATRONI_SUPERUSER_USERNAME", "PATRONI_REWIND_USERNAME", "PATRONI_REPLICATION_USERNAME",
                "PATRONI_RESTAPI_USERNAME");
        // containerd keeps the container's spec, resolved secretKeyRefs included, in a node file readable by all
        assertThat(container.getEnv()).as("no secret in the container's spec")
                .allSatisfy(e -> assertThat(e.getValueFrom() == null || e.getValueFrom().getSecretKeyRef() == null).isTrue());
        assertThat(container.getEnvFrom()).isNullOrEmpty();
        assertThat(container.getEnv()).filteredOn(e -> e.getName().equals("PATRONI_POSTGRESQL_CONNECT_ADDRESS"))
                .singleElement().extracting(V1EnvVar::getValue).isEqualTo("$(POD_IP):5432");
        assertThat(container.getVolumeMounts()).extracting(m -> m.getName() + ":" + m.getMountPath() + ":" + m.getReadOnly())
                .containsExactly("data:/var/lib/postgresql/data:null", "etcd-client:/etc/patroni/etcd:true",
                        "server-tls:/etc/patroni/tls:true", "config:/etc/patroni/config:true",
                        "passwords:/etc/patroni/passwords:true", "run:/var/run/postgresql:null");
        assertThat(pod.getVolumes()).filteredOn(v -> v.getSecret() != null)
                .allSatisfy(v -> assertThat(v.getSecret().getDefaultMode()).isEqualTo(0440));
        var passwords = pod.getVolumes().stream().filter(v -> v.getName().equals("passwords")).findFirst().orElseThrow();
        assertThat(passwords.getProjected().getDefaultMode()).isEqualTo(0440);
        assertThat(passwords.getProjected().getSources()).extracting(s -> s.getSecret().getName() + ":"
                        + s.getSecret().getItems().get(0).getKey() + "->" + s.getSecret().getItems().get(0).getPath())
                .containsExactly("postgres-superuser:password->superuser", "postgres-replication:password->replication",
                        "postgres-restapi:password->restapi", "postgres-etcd-login:password->etcd");
        assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(999L);
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(999L);
    }

    @Test
    void theLauncherExportsThePasswordsFromTheFilesAndExecsPatroni() {
        PatroniCluster c = cluster(PATRONI);
        var configMap = (io.kubernetes.client.openapi.models.V1ConfigMap) render(c).manifests().stream()
                .filter(m -> m.kind() == KubeKind.CONFIG_MAP).findFirst().orElseThrow().object();
        assertThat(configMap.getData()).containsOnlyKeys("patroni.yml", "role-label.py", "start-patroni.sh");
        assertThat(configMap.getData().get("start-patroni.sh")).isEqualTo("""
                #!/bin/sh
                # Rendered by GardenOS: Patroni's passwords come from files, never from the container's spec.
                set -eu
                PATRONI_SUPERUSER_PASSWORD="$(cat /etc/patroni/passwords/superuser)"
                export PATRONI_SUPERUSER_PASSWORD
                PATRONI_REWIND_PASSWORD="$(cat /etc/patroni/passwords/superuser)"
                export PATRONI_REWIND_PASSWORD
                PATRONI_REPLICATION_PASSWORD="$(cat /etc/patroni/passwords/replication)"
                export PATRONI_REPLICATION_PASSWORD
                PATRONI_RESTAPI_PASSWORD="$(cat /etc/patroni/passwords/restapi)"
                export PATRONI_RESTAPI_PASSWORD
                PATRONI_ETCD3_PROTOCOL=https
                export PATRONI_ETCD3_PROTOCOL
                PATRONI_ETCD3_PASSWORD="$(cat /etc/patroni/passwords/etcd)"
                export PATRONI_ETCD3_PASSWORD
                exec patroni /etc/patroni/config/patroni.yml
                """);
        for (String value : secrets.all(c)) {
            assertThat(configMap.getData().values()).noneMatch(text -> text.contains(value));
        }
    }

    @Test
    void roleServicesSelectTheRoleLabelAndPublishNodePortsForHaproxy() {
        List<V1Service> services = render(cluster(SPILO)).manifests().stream()
                .filter(m -> m.kind() == KubeKind.SERVICE).map(m -> (V1Service) m.object()).toList();
        V1Service headless = services.get(0);
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
        V1Service primary = services.get(1);
        assertThat(primary.getSpec().getType()).isEqualTo("NodePort");
        assertThat(primary.getSpec().getSelector()).containsEntry("spilo-role", "master")
                .containsEntry("app.kubernetes.io/instance", "postgres");
        assertThat(primary.getSpec().getPorts()).extracting(p -> p.getName() + ":" + p.getPort() + ":" + p.getNodePort())
                .containsExactly("postgresql:5432:30432", "patroni:8008:30808");
        V1Service replica = services.get(2);
        assertThat(replica.getSpec().getSelector()).containsEntry("spilo-role", "replica");
        assertThat(replica.getSpec().getPorts()).extracting(p -> p.getName() + ":" + p.getPort() + ":" + p.getNodePort())
                .containsExactly("postgresql:5432:30433", "patroni:8008:30809");
    }

    @Test
    void theRoleAllowsOnlyPatchingTheClustersOwnPods() {
        V1Role role = (V1Role) render(cluster(SPILO)).manifests().stream()
                .filter(m -> m.kind() == KubeKind.ROLE).findFirst().orElseThrow().object();
        assertThat(role.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("");
            assertThat(rule.getResources()).containsExactly("pods");
            assertThat(rule.getVerbs()).containsExactly("patch");
            assertThat(rule.getResourceNames()).containsExactly("postgres-0", "postgres-1", "postgres-2");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {SPILO, PATRONI})
    void theRedactedRenderingKeepsEveryObjectAndKeyButNoSecretValue(String section) {
        PatroniCluster c = cluster(section);
        PostgresManifests.Rendered rendered = render(c);
        String yaml = rendered.redactedYaml();
        String redacted = java.util.Base64.getEncoder().encodeToString(
                PostgresManifests.REDACTED.getBytes(StandardCharsets.UTF_8));
        for (String value : secrets.all(c)) {
            assertThat(yaml).doesNotContain(value)
                    .doesNotContain(java.util.Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(yaml.split("(?m)^---$")).hasSize(rendered.manifests().size() + 1);
        assertThat(yaml).contains("tls.key: " + redacted, "password: " + redacted);
        // the rendering itself still holds the real values for the apply
        assertThat(decoded(rendered.secrets().get(0))).contains(secrets.password("postgres-superuser"));
    }

    @Test
    void pemValuesNeverShowTheirKeyWhenPrinted() {
        assertThat(secrets.etcdClient().toString()).doesNotContain("ETCD-CLIENT-KEY-SECRET").contains("redacted");
    }

    @Test
    void loginSecretsAreBasicAuthWithUsernameAndPassword() {
        V1Secret superuser = (V1Secret) render(cluster(SPILO)).secrets().get(0).object();
        assertThat(superuser.getType()).isEqualTo("kubernetes.io/basic-auth");
        assertThat(new String(superuser.getData().get("username"), StandardCharsets.UTF_8)).isEqualTo("postgres");
        assertThat(new String(superuser.getData().get("password"), StandardCharsets.UTF_8))
                .isEqualTo(secrets.password("postgres-superuser"));
        V1Secret etcdLogin = render(cluster(PATRONI)).secrets().stream().map(m -> (V1Secret) m.object())
                .filter(x -> x.getMetadata().getName().equals("postgres-etcd-login")).findFirst().orElseThrow();
        assertThat(etcdLogin.getType()).isEqualTo("kubernetes.io/basic-auth");
        assertThat(new String(etcdLogin.getData().get("username"), StandardCharsets.UTF_8)).isEqualTo("patroni");
        assertThat(new String(etcdLogin.getData().get("password"), StandardCharsets.UTF_8))
                .isEqualTo(PostgresFixtures.FakeSecrets.ETCD_PASSWORD);
    }

    @Test
    void aChangedParameterChangesThePodTemplateAndAnUnchangedRenderIsIdentical() {
        String first = JSON.serialize(statefulSet(cluster(PATRONI)));
        assertThat(JSON.serialize(statefulSet(cluster(PATRONI)))).isEqualTo(first);
        String changed = JSON.serialize(statefulSet(cluster(PATRONI + "  parameters: {work_mem: 8MB}\n")));
        assertThat(changed).isNotEqualTo(first).contains(StatefulSetRenderer.CONFIG_HASH);
    }

    /** Patroni reads the etcd password at start only: a rotated one must restart the pods, and is never shown. */
    @Test
    void aRotatedEtcdPasswordChangesThePodTemplateWithoutShowingIt() {
        PatroniCluster c = cluster(PATRONI);
        String first = PostgresManifests.render(c, secrets).configHash();
        PostgresFixtures.FakeSecrets rotated = new PostgresFixtures.FakeSecrets() {
            @Override
            public String etcdPassword() {
                return "RotatedEtcdPw9Secret";
            }
        };
        String second = PostgresManifests.render(c, rotated).configHash();
        assertThat(second).isNotEqualTo(first).doesNotContain("RotatedEtcdPw9Secret");
        assertThat(PostgresManifests.render(c, rotated).configHash()).isEqualTo(second);
    }

    private V1StatefulSet statefulSet(PatroniCluster c) {
        return (V1StatefulSet) render(c).manifests().stream().filter(m -> m.kind() == KubeKind.STATEFUL_SET)
                .findFirst().orElseThrow().object();
    }

    private static String decoded(Manifest secret) {
        StringBuilder out = new StringBuilder();
        ((V1Secret) secret.object()).getData().values().forEach(v -> out.append(new String(v, StandardCharsets.UTF_8)));
        return out.toString();
    }
}
