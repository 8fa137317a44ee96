package org.gardenos.cli.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gardenos.nspawn.LocalMachine;

/** Reads this machine's facts for the sandbox; tests bind a stand-in with fixed facts. */
public interface MachineProbe {
    SandboxPrerequisites prerequisites();

    /** The real machine: uid, the commands of {@link SandboxPrerequisites#REQUIRED_COMMANDS}, Debian with apt-get. */
    final class Local implements MachineProbe {
        @Override
        public SandboxPrerequisites prerequisites() {
            boolean debian = Files.isRegularFile(Path.of("/etc/debian_version"))
                    && LocalMachine.locate("apt-get").isPresent();
            return new SandboxPrerequisites(LocalMachine.isRoot(),
                    LocalMachine.missingCommands(SandboxPrerequisites.REQUIRED_COMMANDS.toArray(String[]::new)), debian);
        }
    }
}
