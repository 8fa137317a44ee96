package org.gardenos.testkit.etcd;

import java.nio.file.Path;

/**
 * Where a {@link LocalEtcdCluster} finds its TLS material. The testkit does not make certificates itself: tests hand
 * in files made by the production PKI code, so the certificates under test are the ones GardenOS ships.
 */
public interface EtcdTlsFiles {
    /** The CA that signed every member and client certificate (used for client and peer verification). */
    Path trustedCa();

    /** Certificate and key for one member; called when the member's address is known (its SANs must match). */
    CertAndKey member(String name, String address);

    record CertAndKey(Path cert, Path key) {
    }
}
