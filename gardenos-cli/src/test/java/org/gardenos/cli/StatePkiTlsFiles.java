package org.gardenos.cli;

import java.nio.file.Path;
import java.util.List;
import org.gardenos.etcd.pki.EtcdPki;
import org.gardenos.state.StateDir;
import org.gardenos.testkit.etcd.EtcdTlsFiles;

/**
 * Member certificates for a local test etcd ({@code LocalEtcdCluster}) issued by the production {@link EtcdPki} in
 * a state dir, exactly as {@code apply etcd} would have left it: GardenOS's client certificate from the same state
 * dir is then trusted by the members.
 */
public record StatePkiTlsFiles(StateDir state) implements EtcdTlsFiles {
    @Override
    public Path trustedCa() {
        return EtcdPki.ensure(state, List.of()).caCert();
    }

    @Override
    public CertAndKey member(String name, String address) {
        EtcdPki.CertFiles f = EtcdPki.ensure(state, List.of(new EtcdPki.Member(name, address))).member(name);
        return new CertAndKey(f.cert(), f.key());
    }
}
