package org.gardenos.postgres.render;

import io.kubernetes.client.openapi.models.RbacV1Subject;
import io.kubernetes.client.openapi.models.V1PolicyRule;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1RoleRef;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import java.util.List;
import org.gardenos.postgres.model.PatroniCluster;

/**
 * What the role-label callback needs and nothing more: {@code patch} on the cluster's own pods, by name. The DCS is
 * etcd, so Patroni needs no Endpoints or ConfigMaps; Spilo's callback also tries to patch an Endpoints object named
 * after the scope, which this Role refuses and Spilo ignores (callback_role.py).
 */
final class RbacRenderer {
    private RbacRenderer() {
    }

    static V1ServiceAccount serviceAccount(PatroniCluster c) {
        return new V1ServiceAccount().apiVersion("v1").kind("ServiceAccount")
                .metadata(Metadata.of(c, c.serviceAccount()));
    }

    static V1Role role(PatroniCluster c) {
        return new V1Role().apiVersion("rbac.authorization.k8s.io/v1").kind("Role")
                .metadata(Metadata.of(c, c.serviceAccount()))
                .rules(List.of(new V1PolicyRule()
                        .apiGroups(List.of(""))
                        .resources(List.of("pods"))
                        .resourceNames(c.members())
                        .verbs(List.of("patch"))));
    }

    static V1RoleBinding roleBinding(PatroniCluster c) {
        return new V1RoleBinding().apiVersion("rbac.authorization.k8s.io/v1").kind("RoleBinding")
                .metadata(Metadata.of(c, c.serviceAccount()))
                .roleRef(new V1RoleRef().apiGroup("rbac.authorization.k8s.io").kind("Role").name(c.serviceAccount()))
                .subjects(List.of(new RbacV1Subject().kind("ServiceAccount").name(c.serviceAccount())
                        .namespace(c.namespace())));
    }
}
