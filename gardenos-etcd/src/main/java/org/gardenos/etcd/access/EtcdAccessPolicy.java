package org.gardenos.etcd.access;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.gardenos.etcd.pki.EtcdPki;

/**
 * Who may touch what in the cluster's etcd (issue 9 item 3). etcd takes the user of a TLS client from its
 * certificate's CN, so each client certificate of {@code EtcdPki} is one user:
 * <ul>
 * <li>{@code gardenos}: role {@code root} (status, membership, snapshots, defrag, this policy itself);</li>
 * <li>{@code k3s}: read-write on every key except Patroni's prefix. K3s stores the cluster under {@code /registry/},
 *     its bootstrap data under {@code /bootstrap/} (listed with the prefix {@code /bootstrap}, no slash), and
 *     kube-apiserver keeps its compaction clock in {@code compact_rev_key} at the root of the key space; rather
 *     than break a K3s release that adds a key, it gets everything but {@code /service/};</li>
 * <li>{@code patroni}: read-write on {@code /service/} only (Patroni's etcd3 namespace). Its certificate has no CN
 *     (etcd's v3 gateway refuses one once auth is on), so it logs in by password: a {@link #PASSWORD_USERS} user
 *     whose password, kept by {@link EtcdPasswords}, is set with {@code user passwd} when etcd does not hold it;</li>
 * <li>{@code root}: required by etcd before {@code auth enable}; its password is random and thrown away, so it
 *     cannot log in.</li>
 * </ul>
 * Users and roles GardenOS does not manage are left alone; the managed ones lose permissions and roles not listed
 * here. Pure: {@link #steps} compares an observed state with this policy.
 */
public final class EtcdAccessPolicy {
    /** Patroni's etcd3 namespace (the postgres layer configures Patroni with it). */
    public static final String PATRONI_PREFIX = "/service/";
    /** etcd's "to the end of the key space" range end. */
    static final String END = "\0";

    /** A read-write permission on [{@code key}, {@code rangeEnd}); strings hold bytes one char each (ISO-8859-1). */
    public record Grant(String key, String rangeEnd) implements Comparable<Grant> {
        @Override
        public int compareTo(Grant o) {
            int c = key.compareTo(o.key);
            return c != 0 ? c : rangeEnd.compareTo(o.rangeEnd);
        }

        public String describe() {
            return "[" + printable(key) + ", " + (rangeEnd.equals(END) ? "end" : printable(rangeEnd)) + ")";
        }

        private static String printable(String s) {
            return s.replace("\0", "\\0");
        }
    }

    /** The roles GardenOS manages and their grants. */
    public static final Map<String, Set<Grant>> ROLES = Map.of(
            "k3s", Set.of(new Grant("\0", PATRONI_PREFIX), new Grant(prefixEnd(PATRONI_PREFIX), END)),
            "patroni", Set.of(new Grant(PATRONI_PREFIX, prefixEnd(PATRONI_PREFIX))));

    /** Users that log in by password (their certificates have no CN): the kept password is set in etcd. */
    public static final Set<String> PASSWORD_USERS = Set.copyOf(EtcdPki.PASSWORD_CLIENTS);

    /** The users GardenOS manages and the one role each has. */
    public static final Map<String, String> USERS = orderedUsers();

    private EtcdAccessPolicy() {
    }

    private static Map<String, String> orderedUsers() {
        Map<String, String> users = new LinkedHashMap<>();
        users.put("root", "root");
        users.put("gardenos", "root");
        users.put("k3s", "k3s");
        users.put("patroni", "patroni");
        return java.util.Collections.unmodifiableMap(users);
    }

    /** The range end of a prefix: its last byte plus one (etcd's {@code --prefix}). */
    static String prefixEnd(String prefix) {
        char last = prefix.charAt(prefix.length() - 1);
        return prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
    }

    /**
     * What the cluster has: auth on or off, each user's roles, each role's read-write grants, and the
     * {@link #PASSWORD_USERS} whose kept password etcd holds (by the state dir's record: etcd never shows one).
     */
    public record Observed(boolean authEnabled, Map<String, Set<String>> userRoles, Map<String, Set<Grant>> roles,
                           Set<String> passwordsSet) {
    }

    /** One change towards the policy, in the order they must run (users and roles first, {@code auth enable} last). */
    public sealed interface Step {
        String describe();
    }

    public record AddRole(String role) implements Step {
        public String describe() {
            return "role add " + role;
        }
    }

    public record GrantPermission(String role, Grant grant) implements Step {
        public String describe() {
            return "role " + role + " grant readwrite " + grant.describe();
        }
    }

    public record RevokePermission(String role, Grant grant) implements Step {
        public String describe() {
            return "role " + role + " revoke " + grant.describe();
        }
    }

    public record AddUser(String user) implements Step {
        public String describe() {
            return "user add " + user;
        }
    }

    public record GrantRole(String user, String role) implements Step {
        public String describe() {
            return "user " + user + " grant-role " + role;
        }
    }

    public record RevokeRole(String user, String role) implements Step {
        public String describe() {
            return "user " + user + " revoke-role " + role;
        }
    }

    /** Sets the kept password (generated on apply when none is kept); the value is never part of the step. */
    public record SetPassword(String user) implements Step {
        public String describe() {
            return "user " + user + " passwd";
        }
    }

    public record EnableAuth() implements Step {
        public String describe() {
            return "auth enable";
        }
    }

    /** Every step from {@code observed} to the policy; empty when the cluster already follows it. */
    public static List<Step> steps(Observed observed) {
        List<Step> steps = new ArrayList<>();
        for (String role : new TreeSet<>(ROLES.keySet())) {
            Set<Grant> have = observed.roles().get(role);
            if (have == null) {
                steps.add(new AddRole(role));
                have = Set.of();
            }
            for (Grant g : new TreeSet<>(ROLES.get(role))) {
                if (!have.contains(g)) {
                    steps.add(new GrantPermission(role, g));
                }
            }
            for (Grant g : new TreeSet<>(have)) {
                if (!ROLES.get(role).contains(g)) {
                    steps.add(new RevokePermission(role, g));
                }
            }
        }
        for (Map.Entry<String, String> u : USERS.entrySet()) {
            Set<String> have = observed.userRoles().get(u.getKey());
            boolean added = have == null;
            if (added) {
                steps.add(new AddUser(u.getKey()));
                have = Set.of();
            }
            // a user just added has a random password; one whose kept password is not recorded as set gets it
            if (PASSWORD_USERS.contains(u.getKey()) && (added || !observed.passwordsSet().contains(u.getKey()))) {
                steps.add(new SetPassword(u.getKey()));
            }
            if (!have.contains(u.getValue())) {
                steps.add(new GrantRole(u.getKey(), u.getValue()));
            }
            for (String extra : new TreeSet<>(have)) {
                if (!extra.equals(u.getValue())) {
                    steps.add(new RevokeRole(u.getKey(), extra));
                }
            }
        }
        if (!observed.authEnabled()) {
            steps.add(new EnableAuth());
        }
        return steps;
    }
}
