package org.gardenos.etcd;

import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.gardenos.error.GardenException;
import org.gardenos.etcd.access.EtcdPasswords;
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
    public boolean issued(StateDir state, Inventory inventory, String client) {
        known(client);
        return EtcdPki.clientCurrent(state, client);
    }

    @Override
    public Optional<String> loginUser(Inventory inventory, String client) {
        known(client);
        return tls(inventory) && EtcdPki.PASSWORD_CLIENTS.contains(client) ? Optional.of(client) : Optional.empty();
    }

    /** The password {@code apply etcd} generated and set ({@link EtcdPasswords}); read only, never made here. */
    @Override
    public Optional<ClientLogin> login(StateDir state, Inventory inventory, String client) {
        return loginUser(inventory, client).map(user -> new ClientLogin(user, new EtcdPasswords(state).kept(user)
                .orElseThrow(() -> new GardenException(state.resolve(EtcdPasswords.file(user)) + " does not exist:"
                        + " the etcd password of '" + user + "' is generated and set in etcd by 'gardenos apply"
                        + " etcd'; hint: apply etcd with this state directory first"))));
    }

    /**
     * The client's files; read only when they are kept (plans, probes). Otherwise the missing client certificate is
     * issued from the kept CA (apply). The CA itself is made only by the etcd layer's apply, after it checked that no
     * host carries one: a layer that merely uses etcd never makes one (issue 9 item 8).
     */
    @Override
    public ClientFiles client(StateDir state, Inventory inventory, String client) {
        known(client);
        if (EtcdPki.existing(state).isEmpty()) {
            throw new GardenException(state.resolve(EtcdPki.ROOT + "/ca.crt") + " does not exist: the etcd CA is"
                    + " made by 'gardenos apply etcd' (after it checked that no host carries one), not by a layer"
                    + " that uses etcd; hint: apply etcd with this state directory first, or pass the --state-dir"
                    + " that set this cluster up");
        }
        EtcdPki pki = issued(state, inventory, client) ? EtcdPki.existing(state).orElseThrow()
                : EtcdPki.ensure(state, inventory.hostsWith(EtcdSection.ROLE).stream()
                        .map(e -> new EtcdPki.Member(e.name(), e.address())).toList());
        EtcdPki.CertFiles files = pki.client(client);
        return new ClientFiles(pki.caCert(), files.cert(), files.key());
    }

    private static void known(String client) {
        if (!EtcdPki.CLIENTS.contains(client)) {
            throw new IllegalArgumentException("no etcd client identity '" + client + "' (known: " + EtcdPki.CLIENTS + ")");
        }
    }
}
