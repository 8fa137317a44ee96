package org.gardenos.etcd.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The policy's steps without a cluster: order (users and roles before auth enable) and idempotence. */
class EtcdAccessPolicyTest {
    @Test
    void anEmptyClusterGetsRolesThenUsersThenAuthEnableLast() {
        List<EtcdAccessPolicy.Step> steps = EtcdAccessPolicy.steps(new EtcdAccessPolicy.Observed(false, Map.of(),
                Map.of(), Set.of()));
        assertThat(steps).extracting(EtcdAccessPolicy.Step::describe).containsExactly(
                "role add k3s",
                "role k3s grant readwrite [\\0, /service/)",
                "role k3s grant readwrite [/service0, end)",
                "role add patroni",
                "role patroni grant readwrite [/service/, /service0)",
                "user add root", "user root grant-role root",
                "user add gardenos", "user gardenos grant-role root",
                "user add k3s", "user k3s grant-role k3s",
                "user add patroni", "user patroni passwd", "user patroni grant-role patroni",
                "auth enable");
    }

    @Test
    void aClusterThatFollowsThePolicyNeedsNothingAndForeignUsersAreLeftAlone() {
        Map<String, Set<String>> users = new HashMap<>();
        EtcdAccessPolicy.USERS.forEach((u, r) -> users.put(u, Set.of(r)));
        users.put("operator", Set.of("root"));
        Map<String, Set<EtcdAccessPolicy.Grant>> roles = new HashMap<>(EtcdAccessPolicy.ROLES);
        assertThat(EtcdAccessPolicy.steps(new EtcdAccessPolicy.Observed(true, users, roles, Set.of("patroni"))))
                .isEmpty();
    }

    @Test
    void anExtraRoleOnAManagedUserIsRevoked() {
        Map<String, Set<String>> users = new HashMap<>();
        EtcdAccessPolicy.USERS.forEach((u, r) -> users.put(u, Set.of(r)));
        users.put("patroni", Set.of("patroni", "k3s"));
        assertThat(EtcdAccessPolicy.steps(new EtcdAccessPolicy.Observed(true, users, EtcdAccessPolicy.ROLES,
                Set.of("patroni")))).extracting(EtcdAccessPolicy.Step::describe)
                .containsExactly("user patroni revoke-role k3s");
    }

    @Test
    void aPasswordNotRecordedAsSetIsSetAgainAndOnlyForPasswordUsers() {
        Map<String, Set<String>> users = new HashMap<>();
        EtcdAccessPolicy.USERS.forEach((u, r) -> users.put(u, Set.of(r)));
        assertThat(EtcdAccessPolicy.steps(new EtcdAccessPolicy.Observed(true, users, EtcdAccessPolicy.ROLES,
                Set.of()))).extracting(EtcdAccessPolicy.Step::describe).containsExactly("user patroni passwd");
        assertThat(EtcdAccessPolicy.PASSWORD_USERS).containsExactly("patroni");
    }
}
