package org.gardenos.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The recap line of one host after an apply, like Ansible's: resources already right ({@code ok}), changed, failed
 * (at most one: a failure stops the host) and skipped. {@code skipped} appears in JSON only when non-zero.
 */
@JsonPropertyOrder({"name", "ok", "changed", "failed", "skipped"})
public record HostRecap(String name, int ok, int changed, int failed,
                        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int skipped) {
}
