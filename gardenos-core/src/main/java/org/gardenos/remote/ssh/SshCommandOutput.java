package org.gardenos.remote.ssh;

import java.nio.charset.StandardCharsets;
import net.schmizz.sshj.connection.channel.direct.Signal;
import org.gardenos.logging.SecretRedactor;
import org.gardenos.remote.CommandResult;

/** Raw outcome of one command run by {@link SshRemoteHost} (stdout and stderr already bounded by the reader). */
final class SshCommandOutput {
    final int exitCode;
    final byte[] stdout;
    final byte[] stderr;
    final String signalNote;

    SshCommandOutput(Integer exitStatus, Signal signal, byte[] stdout, byte[] stderr) {
        this.exitCode = exitStatus != null ? exitStatus : -1;
        this.stdout = stdout;
        this.stderr = stderr;
        this.signalNote = exitStatus != null ? ""
                : signal != null ? "(killed by signal " + signal + ")" : "(no exit status: the channel was closed)";
    }

    String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    String stderrText() {
        String text = new String(stderr, StandardCharsets.UTF_8);
        return signalNote.isEmpty() ? text : text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + signalNote;
    }

    CommandResult result(String hostName, String logged, SecretRedactor redactor) {
        return new CommandResult(hostName, logged, exitCode, stdoutText(), redactor.redact(stderrText()));
    }
}
