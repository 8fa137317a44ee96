package org.gardenos.etcd.access;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gardenos.etcd.access.EtcdAccessPolicy.Grant;
import org.gardenos.etcd.access.EtcdAccessPolicy.Observed;

/**
 * The reads that tell what a cluster's access control is, whichever client asks them: jetcd for an apply
 * ({@link EtcdAccessClient}), plain gRPC stubs on the status probe's member channels for {@code status}
 * ({@link GrpcAuthReads}). {@link #observe} turns them into the one {@link Observed} both compare with the policy.
 */
public interface AuthReads {
    /** One permission of a role as etcd returns it; {@code readWrite} false for a read-only or write-only grant. */
    record Perm(String key, String rangeEnd, boolean readWrite) {
    }

    /** Whether auth is on, asked as a client that is not root (etcd 3.4 has no AuthStatus call). */
    boolean authEnabled();

    List<String> users();

    List<String> rolesOf(String user);

    List<String> roles();

    List<Perm> permissions(String role);

    /** Auth switch, every user's roles, the managed roles' read-write grants, and the kept passwords etcd holds. */
    static Observed observe(AuthReads reads, EtcdPasswords passwords) {
        boolean enabled = reads.authEnabled();
        Map<String, Set<String>> users = new HashMap<>();
        for (String user : reads.users()) {
            users.put(user, new HashSet<>(reads.rolesOf(user)));
        }
        Map<String, Set<Grant>> roles = new HashMap<>();
        List<String> existing = reads.roles();
        for (String role : EtcdAccessPolicy.ROLES.keySet()) {
            if (!existing.contains(role)) {
                continue;
            }
            Set<Grant> grants = new HashSet<>();
            for (Perm p : reads.permissions(role)) {
                Grant g = new Grant(p.key(), p.rangeEnd());
                // a read-only or write-only grant on a wanted range is fixed by granting it again (etcd replaces it)
                if (p.readWrite() || !EtcdAccessPolicy.ROLES.get(role).contains(g)) {
                    grants.add(g);
                }
            }
            roles.put(role, grants);
        }
        Set<String> passwordsSet = new HashSet<>();
        for (String user : EtcdAccessPolicy.PASSWORD_USERS) {
            if (passwords.current(user)) {
                passwordsSet.add(user);
            }
        }
        return new Observed(enabled, users, roles, passwordsSet);
    }
}
