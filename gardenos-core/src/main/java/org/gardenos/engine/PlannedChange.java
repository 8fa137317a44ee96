package org.gardenos.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One change a plan found: what {@code apply} would do to {@code resource} on {@code host}. */
@JsonPropertyOrder({"host", "layer", "resource", "action", "detail"})
public record PlannedChange(String host, String layer, String resource, ChangeAction action,
                            @JsonInclude(JsonInclude.Include.NON_EMPTY) String detail) {
}
