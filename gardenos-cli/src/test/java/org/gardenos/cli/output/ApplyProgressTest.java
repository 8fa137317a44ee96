package org.gardenos.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.gardenos.engine.Change;
import org.gardenos.engine.ChangeAction;
import org.gardenos.engine.Outcome;
import org.junit.jupiter.api.Test;

class ApplyProgressTest {

    @Test
    void okLineHasNoReason() {
        assertThat(ApplyProgress.line("node-1", "base", "file:/etc/hostname", Outcome.OK, Change.none()))
                .isEqualTo("ok       [node-1] base file:/etc/hostname");
    }

    @Test
    void changedLineSaysWhatAndWhy() {
        assertThat(ApplyProgress.line("node-1", "base", "file:/etc/hostname", Outcome.CHANGED,
                Change.of(ChangeAction.UPDATE, "content differs")))
                .isEqualTo("changed  [node-1] base file:/etc/hostname (update: content differs)");
        assertThat(ApplyProgress.line("n", "l", "r", Outcome.CHANGED, Change.of(ChangeAction.RESTART, "")))
                .isEqualTo("changed  [n] l r (restart)");
    }

    @Test
    void failedLineKeepsOnlyTheFirstLineOfALongReason() {
        String stderr = "n: command `apt-get install x` exited 100: E: Failed to fetch a\nE: Failed to fetch b\n";

        String line = ApplyProgress.line("n", "base", "apt:x", Outcome.FAILED, Change.of(ChangeAction.FAILED, stderr));

        assertThat(line).isEqualTo("failed   [n] base apt:x (n: command `apt-get install x` exited 100: E: Failed to fetch a ...)");
    }

    @Test
    void aVeryLongReasonIsCut() {
        String reason = "x".repeat(500);

        String line = ApplyProgress.line("n", "l", "r", Outcome.SKIPPED, Change.of(ChangeAction.SKIPPED, reason));

        assertThat(line).hasSize("skipped  [n] l r (".length() + ApplyProgress.DETAIL_MAX + " ...)".length());
    }
}
