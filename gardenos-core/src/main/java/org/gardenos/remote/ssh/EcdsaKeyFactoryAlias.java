package org.gardenos.remote.ssh;

import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyFactorySpi;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;

/**
 * sshj reads ECDSA keys (host keys and client keys) through {@code KeyFactory.getInstance("ECDSA")}, BouncyCastle's
 * name for what the JDK calls {@code "EC"}. Without BouncyCastle as sshj's provider ({@link SshAlgorithms}), this
 * provider answers that one name with the JDK's own EC key factory, and nothing else. Registered once, last in the
 * provider list, so a JVM that has another "ECDSA" key factory (BouncyCastle registered by an embedding tool) keeps it.
 */
final class EcdsaKeyFactoryAlias extends Provider {
    private static final long serialVersionUID = 1L;
    static final String NAME = "GardenOS-ECDSA";

    private EcdsaKeyFactoryAlias() {
        super(NAME, "1.0", "KeyFactory.ECDSA as the JDK's KeyFactory.EC, for sshj");
        putService(new Service(this, "KeyFactory", "ECDSA", Spi.class.getName(), null, null) {
            @Override
            public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
                return new Spi(KeyFactory.getInstance("EC"));
            }
        });
    }

    /** Adds the provider unless this JVM already has a key factory named "ECDSA". */
    static synchronized void register() {
        if (Security.getProvider(NAME) == null && Security.getProviders("KeyFactory.ECDSA") == null) {
            Security.addProvider(new EcdsaKeyFactoryAlias());
        }
    }

    /** The JDK's EC key factory under another name. */
    static final class Spi extends KeyFactorySpi {
        private final KeyFactory ec;

        Spi(KeyFactory ec) {
            this.ec = ec;
        }

        @Override
        protected PublicKey engineGeneratePublic(KeySpec keySpec) throws InvalidKeySpecException {
            return ec.generatePublic(keySpec);
        }

        @Override
        protected PrivateKey engineGeneratePrivate(KeySpec keySpec) throws InvalidKeySpecException {
            return ec.generatePrivate(keySpec);
        }

        @Override
        protected <T extends KeySpec> T engineGetKeySpec(Key key, Class<T> keySpec) throws InvalidKeySpecException {
            return ec.getKeySpec(key, keySpec);
        }

        @Override
        protected Key engineTranslateKey(Key key) throws InvalidKeyException {
            return ec.translateKey(key);
        }
    }
}
