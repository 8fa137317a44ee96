package org.gardenos.inventory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The order in which section rules run: installation order, except that a section runs after those it reads. */
final class SectionOrder {
    private SectionOrder() {
    }

    static List<ResolvedSection<?>> byReads(List<ResolvedSection<?>> sections) {
        Set<String> installed = new HashSet<>();
        sections.forEach(s -> installed.add(s.section().key()));
        List<ResolvedSection<?>> ordered = new ArrayList<>();
        Set<String> done = new HashSet<>();
        List<ResolvedSection<?>> pending = new ArrayList<>(sections);
        while (!pending.isEmpty()) {
            ResolvedSection<?> next = pending.stream()
                    .filter(s -> s.section().reads().stream().allMatch(k -> done.contains(k) || !installed.contains(k)))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("inventory sections read each other in a circle: "
                            + pending.stream().map(s -> s.section().key()).toList()));
            pending.remove(next);
            done.add(next.section().key());
            ordered.add(next);
        }
        return ordered;
    }
}
