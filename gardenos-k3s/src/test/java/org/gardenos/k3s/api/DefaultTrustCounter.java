package org.gardenos.k3s.api;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.Provider;
import java.security.Security;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;

/**
 * Counts how often code asks the JDK for its default trust, the trust store in cacerts: {@code
 * TrustManagerFactory.init((KeyStore) null)}, which OkHttp's default client, client-java's SSL setters and an
 * {@code SSLContext} initialised without trust managers all do. While {@link #count} runs, a provider placed before
 * the JDK's answers every trust manager factory of the default algorithm, counts those calls and hands everything to
 * the JDK's own factory (so TLS works as without it). Tests run one at a time in their JVM; the provider is removed
 * afterwards.
 */
final class DefaultTrustCounter extends Provider {
    private static final String NAME = "GardenOsDefaultTrustCounter";
    private static final AtomicInteger DEFAULT_TRUST = new AtomicInteger();

    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    private DefaultTrustCounter() {
        super(NAME, "1", "counts TrustManagerFactory.init(null)");
        String algorithm = TrustManagerFactory.getDefaultAlgorithm();
        putService(new Service(this, "TrustManagerFactory", algorithm, Counting.class.getName(), List.of(), null));
    }

    /** How often {@code action} asked for the JDK's default trust. */
    static int count(Action action) throws Exception {
        if (Security.insertProviderAt(new DefaultTrustCounter(), 1) != 1) {
            throw new IllegalStateException("cannot place the counting provider first");
        }
        DEFAULT_TRUST.set(0);
        try {
            action.run();
            return DEFAULT_TRUST.get();
        } finally {
            Security.removeProvider(NAME);
        }
    }

    /** The JDK's trust manager factory of the same algorithm, counted. */
    public static final class Counting extends TrustManagerFactorySpi {
        private final TrustManagerFactory jdk;

        public Counting() throws GeneralSecurityException {
            jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm(), "SunJSSE");
        }

        @Override
        protected void engineInit(KeyStore store) throws KeyStoreException {
            if (store == null) {
                DEFAULT_TRUST.incrementAndGet();
            }
            jdk.init(store);
        }

        @Override
        protected void engineInit(ManagerFactoryParameters parameters) throws InvalidAlgorithmParameterException {
            jdk.init(parameters);
        }

        @Override
        protected TrustManager[] engineGetTrustManagers() {
            return jdk.getTrustManagers();
        }
    }
}
