package org.gardenos.cli.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gardenos.nspawn.LocalMachine;
import org.gardenos.nspawn.kubernetes.KubernetesBinaries;

/** Reads this machine's facts for the sandbox; tests bind a stand-in with fixed facts. */
public interface MachineProbe {
    SandboxPrerequisites prerequisites();

    /** The real machine: uid, the commands of {@link SandboxPrerequisites#REQUIRED_COMMANDS} (and the build's), Debian with apt-get. */
    final class Local implements MachineProbe {
        @Override
        public SandboxPrerequisites prerequisites() {
            boolean debian = Files.isRegularFile(Path.of("/etc/debian_version"))
                    && LocalMachine.locate("apt-get").isPresent();
            List<String> commands = new ArrayList<>(SandboxPrerequisites.REQUIRED_COMMANDS);
            if (!KubernetesBinaries.locate().missing().isEmpty()) {
                commands.addAll(SandboxPrerequisites.BUILD_COMMANDS);
            }
            return new SandboxPrerequisites(LocalMachine.isRoot(),
                    LocalMachine.missingCommands(commands.toArray(String[]::new)), debian);
        }
    }
}
