package org.gardenos.engine;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * What an apply would change, in run order (layer, play, host, resource), plus the hosts whose checks failed.
 * JSON: {@code {"changes": [{"host": ..., "layer": ..., "resource": ..., "action": ..., "detail": ...}]}};
 * {@code failures}, {@code warnings} and {@code interrupted} appear only when there is something to say.
 */
@JsonPropertyOrder({"changes", "failures", "warnings", "interrupted"})
public record PlanReport(List<PlannedChange> changes,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) List<HostFailure> failures,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) List<HostWarning> warnings,
                         @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean interrupted) {
    public PlanReport {
        changes = List.copyOf(changes);
        failures = List.copyOf(failures);
        warnings = List.copyOf(warnings);
    }

    public PlanReport(List<PlannedChange> changes, List<HostFailure> failures) {
        this(changes, failures, List.of(), false);
    }

    /** True when nothing would change and every check succeeded. */
    @JsonIgnore
    public boolean converged() {
        return changes.isEmpty() && failures.isEmpty();
    }
}
