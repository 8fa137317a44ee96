package org.gardenos.etcd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gardenos.error.InputException;

/**
 * How long the etcd layer and its operations wait. Bound by {@link EtcdModule} to {@link #defaults()}; an embedder
 * or a test rebinds it ({@code Modules.override(new EtcdModule()).with(b -> b.bind(EtcdTimeouts.class)
 * .toInstance(...))}). Every value must be positive; all wrong values are named at once.
 *
 * @param probe              one status probe of the cluster (connect and per-request timeout)
 * @param memberHealthy      a (re)started member becoming healthy during apply
 * @param clusterHealthy     the whole cluster becoming healthy at the end of apply
 * @param membershipPatience retrying a MemberAdd/MemberRemove that etcd refuses as "unhealthy cluster"
 * @param snapshotSave       streaming a snapshot to a file
 * @param restoreHealthy     the cluster becoming healthy after a snapshot restore
 * @param replaceHealthy     a replaced member becoming healthy again
 * @param defragPerMember    one member's defragmentation
 */
public record EtcdTimeouts(Duration probe, Duration memberHealthy, Duration clusterHealthy,
                           Duration membershipPatience, Duration snapshotSave, Duration restoreHealthy,
                           Duration replaceHealthy, Duration defragPerMember) {
    public EtcdTimeouts {
        Map<String, Duration> all = new LinkedHashMap<>();
        all.put("probe", probe);
        all.put("memberHealthy", memberHealthy);
        all.put("clusterHealthy", clusterHealthy);
        all.put("membershipPatience", membershipPatience);
        all.put("snapshotSave", snapshotSave);
        all.put("restoreHealthy", restoreHealthy);
        all.put("replaceHealthy", replaceHealthy);
        all.put("defragPerMember", defragPerMember);
        List<String> problems = new ArrayList<>();
        all.forEach((name, value) -> {
            if (value == null || value.isNegative() || value.isZero()) {
                problems.add("etcd timeouts: " + name + " must be a positive duration, got " + value);
            }
        });
        if (!problems.isEmpty()) {
            throw new InputException(problems);
        }
    }

    /** GardenOS's defaults (the CLI's {@code --timeout} defaults for the operations). */
    public static EtcdTimeouts defaults() {
        return new EtcdTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(90), Duration.ofSeconds(120),
                Duration.ofSeconds(45), Duration.ofSeconds(120), Duration.ofSeconds(300), Duration.ofSeconds(300),
                Duration.ofSeconds(60));
    }
}
