package org.gardenos.etcd;

import jakarta.inject.Inject;
import java.util.List;
import org.gardenos.etcd.pki.EtcdPki;
import org.gardenos.etcd.settings.EtcdSection;
import org.gardenos.etcd.settings.EtcdSettings;
import org.gardenos.inventory.Inventory;
import org.gardenos.pki.EtcdClientCredentials;
import org.gardenos.state.StateDir;

/** {@link EtcdClientCredentials} from the etcd module's own PKI ({@link EtcdPki}) and the {@code etcd:} section. */
public final class EtcdClientCredentialsFromPki implements EtcdClientCredentials {
    @Inject
    public EtcdClientCredentialsFromPki() {
    }

    @Override
    public List<String> endpoints(Inventory inventory) {
        EtcdSettings etcd = inventory.section(EtcdSettings.class);
        String scheme = etcd.tls() ? "https" : "http";
        return inventory.hostsWith(EtcdSection.ROLE).stream()
                .map(h -> scheme + "://" + (h.address().indexOf(':') >= 0 ? "[" + h.address() + "]" : h.address())
                        + ":" + etcd.clientPort())
                .toList();
    }

    @Override
    public boolean tls(Inventory inventory) {
        return inventory.section(EtcdSettings.class).tls();
    }

    @Override
    public ClientFiles client(StateDir state, Inventory inventory, String client) {
        if (!EtcdPki.CLIENTS.contains(client)) {
            throw new IllegalArgumentException("no etcd client identity '" + client + "' (known: " + EtcdPki.CLIENTS + ")");
        }
        List<EtcdPki.Member> members = inventory.hostsWith(EtcdSection.ROLE).stream()
                .map(e -> new EtcdPki.Member(e.name(), e.address())).toList();
        EtcdPki pki = EtcdPki.ensure(state, members);
        EtcdPki.CertFiles files = pki.client(client);
        return new ClientFiles(pki.caCert(), files.cert(), files.key());
    }
}
