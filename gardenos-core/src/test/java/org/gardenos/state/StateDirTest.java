package org.gardenos.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import org.gardenos.error.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 9 item 6: the state dir is the user's own real directory. */
class StateDirTest {
    @TempDir
    Path tmp;

    @Test
    void aSymlinkedStateDirIsRefusedAndNothingIsWrittenThroughIt() throws Exception {
        Path real = Files.createDirectory(tmp.resolve("real"));
        Path link = Files.createSymbolicLink(tmp.resolve("state"), real);

        assertThatThrownBy(() -> StateDir.open(link))
                .isInstanceOf(InputException.class)
                .hasMessage("state directory " + link + " is a symbolic link; point --state-dir at the real directory ("
                        + real.toRealPath() + ")");
        assertThat(Files.getPosixFilePermissions(real)).hasSizeGreaterThan(3);
    }

    @Test
    void aStateDirOwnedBySomeoneElseIsRefused() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("state"));
        UserPrincipal nobody;
        try {
            nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(dir, nobody);
        } catch (java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.abort("cannot chown to nobody (needs root): " + e.getMessage());
            return;
        }
        assertThatThrownBy(() -> StateDir.open(dir))
                .isInstanceOf(InputException.class)
                .hasMessage("state directory " + dir + " is owned by nobody, not by " + System.getProperty("user.name")
                        + " who runs GardenOS; use a state directory of your own (--state-dir)");
    }

    @Test
    void theUsersOwnDirectoryOpensAt0700() throws Exception {
        StateDir state = StateDir.open(tmp.resolve("fresh"));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(state.root())))
                .isEqualTo("rwx------");
    }
}
