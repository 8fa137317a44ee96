package org.gardenos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The archive's training run reads -XX:DumpLoadedClassList output and skips what cannot be loaded by name. */
class ArchiveTrainingTest {

    @Test
    void namesSkipCommentsLambdaFormsAndHiddenOrGeneratedClasses() {
        List<String> lines = List.of("# NOTE: Do not modify this file.", "", "java/lang/Object id: 0",
                "@lambda-proxy org/gardenos/cli/Main run ()V", "@lambda-form-invoker [LF_RESOLVE] x",
                "org/gardenos/cli/Main", "jdk/proxy1/$Proxy3", "org/gardenos/cli/Main$$FastClassByGuice$$1",
                "org/gardenos/cli/Main$$Lambda$12+0x0000000800c0b000", "net/schmizz/sshj/SSHClient");

        assertThat(ArchiveTraining.names(lines))
                .containsExactly("java.lang.Object", "org.gardenos.cli.Main", "net.schmizz.sshj.SSHClient");
    }

    @Test
    void aClassThisJarLacksIsSkippedAndTheRestLoaded() {
        List<String> list = List.of("org/gardenos/cli/StatusCommand", "org/gardenos/NoSuchClass",
                "net/schmizz/sshj/SSHClient");

        assertThat(ArchiveTraining.load(list)).isEqualTo(2);
    }
}
