package org.gardenos.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a run found, collected from worker threads and handed out in run order (step, host, resource), so reports
 * read the same however the threads interleaved.
 */
final class RunJournal {
    private record Entry<T>(int step, int host, int resource, long serial, T value) {
    }

    private static final Comparator<Entry<?>> RUN_ORDER = Comparator.<Entry<?>>comparingInt(Entry::step)
            .thenComparingInt(Entry::host).thenComparingInt(Entry::resource).thenComparingLong(Entry::serial);

    private final List<Entry<PlannedChange>> changes = new ArrayList<>();
    private final List<Entry<HostFailure>> failures = new ArrayList<>();
    private final List<Entry<HostWarning>> warnings = new ArrayList<>();
    private long serial;

    synchronized void change(int step, int host, int resource, PlannedChange change) {
        changes.add(new Entry<>(step, host, resource, serial++, change));
    }

    synchronized void failure(int step, int host, int resource, HostFailure failure) {
        failures.add(new Entry<>(step, host, resource, serial++, failure));
    }

    synchronized void warning(int step, int host, int resource, HostWarning warning) {
        warnings.add(new Entry<>(step, host, resource, serial++, warning));
    }

    synchronized List<PlannedChange> changes() {
        return sorted(changes);
    }

    synchronized List<HostFailure> failures() {
        return sorted(failures);
    }

    synchronized List<HostWarning> warnings() {
        return sorted(warnings);
    }

    private static <T> List<T> sorted(List<Entry<T>> entries) {
        return entries.stream().sorted(RUN_ORDER).map(Entry::value).toList();
    }
}
