package org.gardenos.remote.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.Console;
import java.nio.file.Path;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import org.gardenos.error.InputException;
import org.gardenos.logging.SecretRedactor;
import org.gardenos.testsupport.Prerequisites;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the passphrase comes from: the environment first, a console prompt when there is one, never elsewhere. */
class ClientKeysTest {
    @TempDir
    Path tmp;
    Path key;
    SecretRedactor redactor = new SecretRedactor();

    @BeforeEach
    void encryptedKey() throws Exception {
        Prerequisites.requireExecutable(LoopbackSshd.SSH_KEYGEN);
        key = LoopbackSshd.clientKey(tmp, "id_enc", "ed25519", "typed at the prompt");
    }

    @Test
    void promptsOnTheConsoleWhenTheEnvironmentHasNoPassphrase() throws Exception {
        Console console = mock(Console.class); // stand-in for a terminal
        when(console.readPassword(anyString(), any())).thenReturn("typed at the prompt".toCharArray());

        KeyProvider loaded = ClientKeys.load(key, new DefaultConfig(), name -> null, () -> console, redactor);

        assertThat(SshFingerprints.sha256(loaded.getPublic()))
                .isEqualTo(LoopbackSshd.fingerprintOf(key.resolveSibling("id_enc.pub")));
        assertThat(loaded.getPrivate()).isNotNull();
        assertThat(redactor.redact("x typed at the prompt")).isEqualTo("x ***");
    }

    /** Issue 9 item 6: a real ssh-keygen key made readable by others is refused as OpenSSH refuses it. */
    @Test
    void aKeyReadableByGroupOrOthersIsRefusedInOneLineSayingChmod600() throws Exception {
        java.nio.file.Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> ClientKeys.load(key, new DefaultConfig(), name -> "typed at the prompt", () -> null,
                redactor))
                .isInstanceOf(org.gardenos.error.InputException.class)
                .hasMessage("ssh.privateKey: key file " + key + " is accessible by group or others (rw-r--r--); OpenSSH"
                        + " refuses such a key too: chmod 600 " + key);
    }

    @Test
    void theEnvironmentWinsOverTheConsole() throws Exception {
        Console console = mock(Console.class);

        ClientKeys.load(key, new DefaultConfig(),
                name -> "GARDENOS_SSH_PASSPHRASE".equals(name) ? "typed at the prompt" : null, () -> console, redactor);

        verify(console, never()).readPassword(anyString(), any());
    }

    @Test
    void aWrongTypedPassphraseIsOneLine() {
        Console console = mock(Console.class);
        when(console.readPassword(anyString(), any())).thenReturn("typo".toCharArray());

        assertThatThrownBy(() -> ClientKeys.load(key, new DefaultConfig(), name -> null, () -> console, redactor))
                .isInstanceOf(InputException.class)
                .hasMessage("ssh.privateKey: cannot decrypt key file " + key
                        + " with the passphrase typed at the prompt (wrong passphrase?)");
    }

    @Test
    void anUnencryptedKeyNeverAsksForAPassphrase() throws Exception {
        Path plain = LoopbackSshd.clientKey(tmp, "id_plain", "ed25519", "");
        Console console = mock(Console.class);

        ClientKeys.load(plain, new DefaultConfig(), name -> {
            throw new AssertionError("environment read for an unencrypted key");
        }, () -> console, redactor);

        verify(console, never()).readPassword(anyString(), any());
    }
}
