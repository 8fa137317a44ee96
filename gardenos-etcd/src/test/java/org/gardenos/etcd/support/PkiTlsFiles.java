package org.gardenos.etcd.support;

import java.nio.file.Path;
import java.util.List;
import org.gardenos.etcd.pki.EtcdPki;
import org.gardenos.state.StateDir;
import org.gardenos.testkit.etcd.EtcdTlsFiles;

/** Hands a {@code LocalEtcdCluster} member certificates issued by the production {@link EtcdPki}. */
public final class PkiTlsFiles implements EtcdTlsFiles {
    private final StateDir state;

    public PkiTlsFiles(StateDir state) {
        this.state = state;
    }

    @Override
    public Path trustedCa() {
        return EtcdPki.ensure(state, List.of()).caCert();
    }

    @Override
    public CertAndKey member(String name, String address) {
        EtcdPki.CertFiles f = EtcdPki.ensure(state, List.of(new EtcdPki.Member(name, address))).member(name);
        return new CertAndKey(f.cert(), f.key());
    }

    public EtcdPki pki() {
        return EtcdPki.ensure(state, List.of());
    }
}
