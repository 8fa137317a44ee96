package org.gardenos.remote.ssh;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;
import java.util.function.Supplier;
import net.schmizz.sshj.Config;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.userauth.keyprovider.FileKeyProvider;
import net.schmizz.sshj.userauth.keyprovider.KeyFormat;
import net.schmizz.sshj.userauth.keyprovider.KeyPairWrapper;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.keyprovider.KeyProviderUtil;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;
import org.gardenos.error.InputException;
import org.gardenos.logging.SecretRedactor;

/**
 * Loads the SSH client key ({@code ssh.privateKey}) once, decrypted, for every connection. ed25519, ECDSA and RSA
 * keys in OpenSSH, PEM or PKCS#8 form. The passphrase of an encrypted key comes from the environment variable
 * {@value #PASSPHRASE_ENV}, or a console prompt when there is a console; never from the inventory.
 * Every failure is one line naming the key file, as bad input.
 */
final class ClientKeys {
    static final String PASSPHRASE_ENV = "GARDENOS_SSH_PASSPHRASE";

    private ClientKeys() {
    }

    /**
     * @param env     environment lookup ({@code System::getenv} in production)
     * @param console the console to prompt on, or a supplier of null when there is none
     */
    static KeyProvider load(Path keyFile, Config config, Function<String, String> env, Supplier<Console> console,
                            SecretRedactor redactor) {
        if (keyFile == null) {
            throw new InputException("ssh.privateKey is not set: point it at the private key that logs in to the hosts");
        }
        if (!Files.exists(keyFile)) {
            throw new InputException("ssh.privateKey: key file " + keyFile + " does not exist"
                    + " (create one with `ssh-keygen -t ed25519 -f " + keyFile + "` or fix the path)");
        }
        if (!Files.isRegularFile(keyFile) || !Files.isReadable(keyFile)) {
            throw new InputException("ssh.privateKey: key file " + keyFile + " is not a readable file");
        }
        FileKeyProvider provider;
        try {
            KeyFormat format = KeyProviderUtil.detectKeyFileFormat(keyFile.toFile());
            provider = Factory.Named.Util.create(config.getFileKeyProviderFactories(), format.toString());
        } catch (IOException e) {
            throw new InputException("ssh.privateKey: cannot read key file " + keyFile + ": " + e.getMessage());
        }
        if (provider == null) {
            throw new InputException("ssh.privateKey: " + keyFile
                    + " is not a private key (expected an OpenSSH, PEM or PKCS#8 private key, not a .pub file)");
        }
        refuseGroupOrOtherAccess(keyFile);
        Passphrase passphrase = new Passphrase(keyFile, env, console, redactor);
        provider.init(keyFile.toFile(), passphrase);
        try {
            // force decryption now: a wrong passphrase must fail here, once, not at every host's authentication
            return new KeyPairWrapper(provider.getPublic(), provider.getPrivate());
        } catch (IOException | RuntimeException e) {
            throw passphrase.explain(e);
        } finally {
            passphrase.wipe();
        }
    }

    /** Hands out the passphrase at most once and remembers where it came from, to explain failures. */
    private static final class Passphrase implements PasswordFinder {
        private final Path keyFile;
        private final Function<String, String> env;
        private final Supplier<Console> console;
        private final SecretRedactor redactor;
        private boolean asked;
        private String source;
        private char[] given;

        Passphrase(Path keyFile, Function<String, String> env, Supplier<Console> console, SecretRedactor redactor) {
            this.keyFile = keyFile;
            this.env = env;
            this.console = console;
            this.redactor = redactor;
        }

        @Override
        public char[] reqPassword(Resource<?> resource) {
            asked = true;
            String fromEnv = env.apply(PASSPHRASE_ENV);
            if (fromEnv != null && !fromEnv.isEmpty()) {
                redactor.register(fromEnv);
                source = "the passphrase from " + PASSPHRASE_ENV;
                given = fromEnv.toCharArray();
                return given.clone();
            }
            Console c = console.get();
            if (c != null) {
                char[] typed = c.readPassword("Passphrase for SSH key %s: ", keyFile);
                if (typed != null && typed.length > 0) {
                    redactor.register(new String(typed));
                    source = "the passphrase typed at the prompt";
                    given = typed;
                    return typed.clone();
                }
            }
            return null;
        }

        @Override
        public boolean shouldRetry(Resource<?> resource) {
            return false;
        }

        InputException explain(Exception e) {
            if (asked && given == null) {
                return new InputException("ssh.privateKey: key file " + keyFile + " is encrypted: set the environment"
                        + " variable " + PASSPHRASE_ENV + " to its passphrase (a passphrase is never read from the inventory)");
            }
            if (given != null) {
                return new InputException("ssh.privateKey: cannot decrypt key file " + keyFile + " with " + source
                        + " (wrong passphrase?)");
            }
            return new InputException("ssh.privateKey: cannot load key file " + keyFile + ": " + e.getMessage());
        }

        void wipe() {
            if (given != null) {
                Arrays.fill(given, '\0');
            }
        }
    }

    /** As OpenSSH does ("UNPROTECTED PRIVATE KEY FILE"): a key others can read is not the user's alone any more. */
    static void refuseGroupOrOtherAccess(Path keyFile) {
        java.util.Set<java.nio.file.attribute.PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(keyFile);
        } catch (IOException | UnsupportedOperationException e) {
            return;
        }
        String mode = java.nio.file.attribute.PosixFilePermissions.toString(perms);
        if (!mode.substring(3).equals("------")) {
            throw new InputException("ssh.privateKey: key file " + keyFile + " is accessible by group or others (" + mode
                    + "); OpenSSH refuses such a key too: chmod 600 " + keyFile);
        }
    }
}
