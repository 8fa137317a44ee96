package org.gardenos.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class PrerequisitesTest {
    @Test
    void missingListsExactlyTheAbsentCommands() {
        assertThat(Prerequisites.missing("sh", "gardenos-no-such-tool-1", "ls", "gardenos-no-such-tool-2"))
                .containsExactly("gardenos-no-such-tool-1", "gardenos-no-such-tool-2");
    }

    @Test
    void sbinToolsAreFoundEvenWhenPathLacksSbin() {
        // ip lives in /usr/sbin or /sbin on Debian; a non-root PATH usually lacks both
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(java.nio.file.Path.of("/usr/sbin/ip"))
                || java.nio.file.Files.exists(java.nio.file.Path.of("/sbin/ip")), "ip is not installed");
        assertThat(Prerequisites.locate("ip")).isPresent();
    }

    @Test
    void unmetPrerequisiteSkipsOutsideCi() {
        assertThatThrownBy(() -> Prerequisites.require(false, "needs a unicorn", false))
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("needs a unicorn");
    }

    @Test
    void unmetPrerequisiteFailsInCi() {
        assertThatThrownBy(() -> Prerequisites.require(false, "needs a unicorn", true))
                .isInstanceOf(AssertionError.class).hasMessageContaining("needs a unicorn").hasMessageContaining("CI=true");
    }

    @Test
    void metPrerequisitePassesQuietly() {
        assertThatCode(() -> Prerequisites.require(true, "fine", true)).doesNotThrowAnyException();
    }
}
