package org.gardenos.postgres.render;

import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Affinity;
import io.kubernetes.client.openapi.models.V1Capabilities;
import io.kubernetes.client.openapi.models.V1ConfigMapVolumeSource;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1EmptyDirVolumeSource;
import io.kubernetes.client.openapi.models.V1HTTPGetAction;
import io.kubernetes.client.openapi.models.V1KeyToPath;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimSpec;
import io.kubernetes.client.openapi.models.V1PodAffinityTerm;
import io.kubernetes.client.openapi.models.V1PodAntiAffinity;
import io.kubernetes.client.openapi.models.V1PodSecurityContext;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1Probe;
import io.kubernetes.client.openapi.models.V1ProjectedVolumeSource;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import io.kubernetes.client.openapi.models.V1SeccompProfile;
import io.kubernetes.client.openapi.models.V1SecretProjection;
import io.kubernetes.client.openapi.models.V1SecretVolumeSource;
import io.kubernetes.client.openapi.models.V1SecurityContext;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1StatefulSetSpec;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import io.kubernetes.client.openapi.models.V1VolumeProjection;
import io.kubernetes.client.openapi.models.V1VolumeResourceRequirements;
import io.kubernetes.client.openapi.models.V1WeightedPodAffinityTerm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gardenos.postgres.model.PatroniCluster;
import org.gardenos.postgres.settings.Flavor;

/**
 * The StatefulSet: one pod per member, each with its own volume (claim template, the inventory's StorageClass or the
 * cluster's default), spread across nodes when possible (preferred anti-affinity: a 3-member cluster still starts on
 * fewer nodes), ready when Patroni's REST API says so, and never root (Spilo runs as its postgres uid 101/gid 103).
 */
final class StatefulSetRenderer {
    static final String DATA_VOLUME = "data";
    /** Annotation on the pod template: a changed configuration rolls the pods. */
    static final String CONFIG_HASH = "gardenos.org/config-sha256";
    private static final int SECRET_FILE_MODE = 0440;
    private static final String PASSWORDS_VOLUME = "passwords";

    private StatefulSetRenderer() {
    }

    static V1StatefulSet render(PatroniCluster c, String configHash) {
        V1PodSpec pod = new V1PodSpec()
                .serviceAccountName(c.serviceAccount())
                .automountServiceAccountToken(true)
                .terminationGracePeriodSeconds(30L)
                .securityContext(new V1PodSecurityContext()
                        .runAsUser(c.layout().runAsUser())
                        .runAsGroup(c.layout().runAsGroup())
                        .fsGroup(c.layout().fsGroup())
                        // the kubelet gives a volume to fsGroup by a recursive chmod (g+rwX, setgid) at every mount;
                        // on a re-mount that would make PGDATA 2770 and PostgreSQL refuse to start (it wants 0700 or
                        // 0750: the journal's PGDATA failure). OnRootMismatch does it once, when the root differs.
                        .fsGroupChangePolicy("OnRootMismatch")
                        .runAsNonRoot(true)
                        .seccompProfile(new V1SeccompProfile().type("RuntimeDefault")))
                .affinity(antiAffinity(c))
                .containers(List.of(container(c)))
                .volumes(volumes(c));
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(CONFIG_HASH, configHash);
        V1PodTemplateSpec template = new V1PodTemplateSpec()
                .metadata(new V1ObjectMeta().labels(c.labels()).annotations(annotations))
                .spec(pod);
        return new V1StatefulSet()
                .apiVersion("apps/v1").kind("StatefulSet")
                .metadata(Metadata.of(c, c.statefulSet()))
                .spec(new V1StatefulSetSpec()
                        .serviceName(c.headlessService())
                        .replicas(c.replicas())
                        .podManagementPolicy("OrderedReady")
                        .selector(new V1LabelSelector().matchLabels(c.selector()))
                        .template(template)
                        .volumeClaimTemplates(List.of(claim(c))));
    }

    private static V1Container container(PatroniCluster c) {
        V1Container container = new V1Container()
                .name(PatroniCluster.CONTAINER)
                .image(c.image())
                .imagePullPolicy("IfNotPresent")
                .ports(List.of(
                        new V1ContainerPort().name("postgresql").containerPort(PatroniCluster.POSTGRES_PORT).protocol("TCP"),
                        new V1ContainerPort().name("patroni").containerPort(PatroniCluster.REST_API_PORT).protocol("TCP")))
                .readinessProbe(new V1Probe()
                        .httpGet(new V1HTTPGetAction().path("/readiness").port(new IntOrString(PatroniCluster.REST_API_PORT)))
                        .periodSeconds(5).timeoutSeconds(3).failureThreshold(3))
                .resources(resources(c))
                .securityContext(new V1SecurityContext()
                        .allowPrivilegeEscalation(false)
                        .capabilities(new V1Capabilities().drop(List.of("ALL"))))
                .volumeMounts(mounts(c));
        if (c.flavor() == Flavor.PATRONI) {
            container.command(PatroniEnvironment.command(c)).env(PatroniEnvironment.env(c));
        } else {
            container.env(SpiloEnvironment.env(c));
        }
        return container;
    }

    private static V1ResourceRequirements resources(PatroniCluster c) {
        return new V1ResourceRequirements()
                .requests(quantities(c.resources().requests()))
                .limits(quantities(c.resources().limits()));
    }

    private static Map<String, Quantity> quantities(Map<String, String> values) {
        Map<String, Quantity> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, Quantity.fromString(v)));
        return out;
    }

    private static List<V1VolumeMount> mounts(PatroniCluster c) {
        List<V1VolumeMount> mounts = new ArrayList<>();
        mounts.add(new V1VolumeMount().name(DATA_VOLUME).mountPath(c.layout().dataMount()));
        if (c.etcd().tls().isPresent()) {
            mounts.add(new V1VolumeMount().name("etcd-client").mountPath(c.layout().etcdTlsDirectory()).readOnly(true));
        }
        if (c.flavor() == Flavor.PATRONI) {
            mounts.add(new V1VolumeMount().name("server-tls").mountPath(c.layout().serverTlsDirectory()).readOnly(true));
            mounts.add(new V1VolumeMount().name("config").mountPath(c.layout().configFileDirectory()).readOnly(true));
            mounts.add(new V1VolumeMount().name(PASSWORDS_VOLUME).mountPath(c.layout().passwordDirectory()).readOnly(true));
            mounts.add(new V1VolumeMount().name("run").mountPath("/var/run/postgresql"));
        }
        return mounts;
    }

    private static List<V1Volume> volumes(PatroniCluster c) {
        List<V1Volume> volumes = new ArrayList<>();
        if (c.etcd().tls().isPresent()) {
            volumes.add(new V1Volume().name("etcd-client").secret(new V1SecretVolumeSource()
                    .secretName(c.etcdClientSecret()).defaultMode(SECRET_FILE_MODE)));
        }
        if (c.flavor() == Flavor.PATRONI) {
            // root-owned 0440 with group fsGroup: PostgreSQL accepts a key owned by root with group read
            volumes.add(new V1Volume().name("server-tls").secret(new V1SecretVolumeSource()
                    .secretName(c.serverTlsSecret()).defaultMode(SECRET_FILE_MODE)));
            volumes.add(new V1Volume().name("config").configMap(new V1ConfigMapVolumeSource().name(c.configMap())));
            volumes.add(passwords(c));
            volumes.add(new V1Volume().name("run").emptyDir(new V1EmptyDirVolumeSource()));
        }
        return volumes;
    }

    /**
     * The password Secrets as files for the launcher (one projected volume, one file per login), root-owned 0440
     * with group fsGroup: readable by the PostgreSQL uid through its group, by nobody else on the node.
     */
    private static V1Volume passwords(PatroniCluster c) {
        List<V1VolumeProjection> sources = new ArrayList<>();
        PatroniEnvironment.passwordFiles(c).forEach((file, ref) -> sources.add(new V1VolumeProjection()
                .secret(new V1SecretProjection().name(ref.secret()).optional(false)
                        .items(List.of(new V1KeyToPath().key(ref.key()).path(file))))));
        return new V1Volume().name(PASSWORDS_VOLUME).projected(new V1ProjectedVolumeSource()
                .defaultMode(SECRET_FILE_MODE).sources(sources));
    }

    private static V1Affinity antiAffinity(PatroniCluster c) {
        return new V1Affinity().podAntiAffinity(new V1PodAntiAffinity()
                .preferredDuringSchedulingIgnoredDuringExecution(List.of(new V1WeightedPodAffinityTerm()
                        .weight(100)
                        .podAffinityTerm(new V1PodAffinityTerm()
                                .topologyKey("kubernetes.io/hostname")
                                .labelSelector(new V1LabelSelector().matchLabels(c.selector()))))));
    }

    private static V1PersistentVolumeClaim claim(PatroniCluster c) {
        V1PersistentVolumeClaimSpec spec = new V1PersistentVolumeClaimSpec()
                .accessModes(List.of("ReadWriteOnce"))
                .resources(new V1VolumeResourceRequirements().requests(Map.of("storage", Quantity.fromString(c.volume().size()))));
        c.volume().storageClass().ifPresent(spec::storageClassName);
        return new V1PersistentVolumeClaim()
                .metadata(new V1ObjectMeta().name(DATA_VOLUME).labels(c.labels()))
                .spec(spec);
    }
}
