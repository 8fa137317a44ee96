package org.gardenos.etcd.status;

import java.util.List;
import java.util.Optional;

/**
 * What one member said (or failed to say) within the probe's timeout. {@code reachable}: it answered Status;
 * {@code healthy}: it also served a linearizable read (so it sees a quorum) and has no alarm raised.
 */
public record EtcdMemberHealth(String endpoint, Optional<String> name, long memberId, boolean reachable,
                               boolean healthy, boolean leader, String version, long raftTerm, long raftIndex,
                               long dbSizeBytes, List<String> alarms, Optional<String> error) {
    public EtcdMemberHealth {
        alarms = List.copyOf(alarms);
    }

    static EtcdMemberHealth unreachable(String endpoint, String error) {
        return new EtcdMemberHealth(endpoint, Optional.empty(), 0, false, false, false, "", 0, 0, 0, List.of(),
                Optional.of(error));
    }

    /** One line: {@code etcd-1 https://10.0.0.11:2379 healthy leader v3.4.23 term 3 index 42 db 20480}. */
    public String describe() {
        String who = name.map(n -> n + " ").orElse("") + endpoint;
        if (!reachable) {
            return who + " unreachable: " + error.orElse("no answer");
        }
        return who + (healthy ? " healthy" : " UNHEALTHY") + (leader ? " leader" : "") + " v" + version
                + " term " + raftTerm + " index " + raftIndex + " db " + dbSizeBytes
                + (alarms.isEmpty() ? "" : " alarms " + alarms) + error.map(e -> " (" + e + ")").orElse("");
    }
}
