package org.gardenos.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The end of an apply: a recap per host (inventory order) and the failures that stopped hosts.
 * JSON: {@code {"changed": N, "failed": N, "hosts": [{"name": ..., "ok": N, "changed": N, "failed": N}]}};
 * {@code failures}, {@code warnings} and {@code interrupted} appear only when there is something to say.
 */
@JsonPropertyOrder({"changed", "failed", "hosts", "failures", "warnings", "interrupted"})
public record ApplyReport(List<HostRecap> hosts,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) List<HostFailure> failures,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) List<HostWarning> warnings,
                          @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean interrupted) {
    public ApplyReport {
        hosts = List.copyOf(hosts);
        failures = List.copyOf(failures);
        warnings = List.copyOf(warnings);
    }

    public ApplyReport(List<HostRecap> hosts, List<HostFailure> failures) {
        this(hosts, failures, List.of(), false);
    }

    /** Resources changed on all hosts together. */
    @JsonProperty("changed")
    public int changed() {
        return hosts.stream().mapToInt(HostRecap::changed).sum();
    }

    /** Resources failed on all hosts together (a host stops at its first failure, so this counts failed hosts). */
    @JsonProperty("failed")
    public int failed() {
        return hosts.stream().mapToInt(HostRecap::failed).sum();
    }
}
