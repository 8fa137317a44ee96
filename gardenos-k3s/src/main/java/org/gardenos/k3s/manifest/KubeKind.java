package org.gardenos.k3s.manifest;

import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1ClusterRoleBinding;
import io.kubernetes.client.openapi.models.V1ClusterRoleBindingList;
import io.kubernetes.client.openapi.models.V1ClusterRoleList;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ConfigMapList;
import io.kubernetes.client.openapi.models.V1DaemonSet;
import io.kubernetes.client.openapi.models.V1DaemonSetList;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentList;
import io.kubernetes.client.openapi.models.V1Ingress;
import io.kubernetes.client.openapi.models.V1IngressList;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NamespaceList;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimList;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1RoleBindingList;
import io.kubernetes.client.openapi.models.V1RoleList;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1SecretList;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1ServiceAccountList;
import io.kubernetes.client.openapi.models.V1ServiceList;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1StatefulSetList;
import io.kubernetes.client.openapi.models.V1StorageClass;
import io.kubernetes.client.openapi.models.V1StorageClassList;
import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds GardenOS renders, with their typed client-java model, REST path parts and scope. A kind missing here
 * is refused by {@link ManifestValidator}: GardenOS applies only what it can check against a typed schema.
 * The plural and scope are written out, not guessed from the kind name.
 */
public enum KubeKind {
    NAMESPACE("v1", "Namespace", V1Namespace.class, V1NamespaceList.class, "namespaces", false),
    SERVICE_ACCOUNT("v1", "ServiceAccount", V1ServiceAccount.class, V1ServiceAccountList.class, "serviceaccounts", true),
    CONFIG_MAP("v1", "ConfigMap", V1ConfigMap.class, V1ConfigMapList.class, "configmaps", true),
    SECRET("v1", "Secret", V1Secret.class, V1SecretList.class, "secrets", true),
    SERVICE("v1", "Service", V1Service.class, V1ServiceList.class, "services", true),
    PERSISTENT_VOLUME_CLAIM("v1", "PersistentVolumeClaim", V1PersistentVolumeClaim.class,
            V1PersistentVolumeClaimList.class, "persistentvolumeclaims", true),
    DEPLOYMENT("apps/v1", "Deployment", V1Deployment.class, V1DeploymentList.class, "deployments", true),
    DAEMON_SET("apps/v1", "DaemonSet", V1DaemonSet.class, V1DaemonSetList.class, "daemonsets", true),
    STATEFUL_SET("apps/v1", "StatefulSet", V1StatefulSet.class, V1StatefulSetList.class, "statefulsets", true),
    CLUSTER_ROLE("rbac.authorization.k8s.io/v1", "ClusterRole", V1ClusterRole.class, V1ClusterRoleList.class,
            "clusterroles", false),
    CLUSTER_ROLE_BINDING("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", V1ClusterRoleBinding.class,
            V1ClusterRoleBindingList.class, "clusterrolebindings", false),
    ROLE("rbac.authorization.k8s.io/v1", "Role", V1Role.class, V1RoleList.class, "roles", true),
    ROLE_BINDING("rbac.authorization.k8s.io/v1", "RoleBinding", V1RoleBinding.class, V1RoleBindingList.class,
            "rolebindings", true),
    STORAGE_CLASS("storage.k8s.io/v1", "StorageClass", V1StorageClass.class, V1StorageClassList.class,
            "storageclasses", false),
    INGRESS("networking.k8s.io/v1", "Ingress", V1Ingress.class, V1IngressList.class, "ingresses", true);

    private final String apiVersion;
    private final String kind;
    private final Class<? extends KubernetesObject> type;
    private final Class<? extends KubernetesListObject> listType;
    private final String plural;
    private final boolean namespaced;

    KubeKind(String apiVersion, String kind, Class<? extends KubernetesObject> type,
             Class<? extends KubernetesListObject> listType, String plural, boolean namespaced) {
        this.apiVersion = apiVersion;
        this.kind = kind;
        this.type = type;
        this.listType = listType;
        this.plural = plural;
        this.namespaced = namespaced;
    }

    public static Optional<KubeKind> of(String apiVersion, String kind) {
        return Arrays.stream(values()).filter(k -> k.apiVersion.equals(apiVersion) && k.kind.equals(kind)).findFirst();
    }

    public static Optional<KubeKind> ofKind(String kind) {
        return Arrays.stream(values()).filter(k -> k.kind.equals(kind)).findFirst();
    }

    public String apiVersion() {
        return apiVersion;
    }

    public String kind() {
        return kind;
    }

    /** API group; empty for the core group. */
    public String group() {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    public String version() {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
    }

    public Class<? extends KubernetesObject> type() {
        return type;
    }

    public Class<? extends KubernetesListObject> listType() {
        return listType;
    }

    public String plural() {
        return plural;
    }

    public boolean namespaced() {
        return namespaced;
    }
}
