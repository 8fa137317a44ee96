package org.gardenos.cli.etcd;

import java.nio.file.Path;
import java.util.List;
import org.gardenos.error.GardenException;
import org.gardenos.error.InputException;
import org.gardenos.cli.command.CommandContext;
import org.gardenos.etcd.client.EtcdConnection;
import org.gardenos.etcd.pki.EtcdPki;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.remote.RemoteHostConnector;
import org.gardenos.state.StateDir;
import org.gardenos.etcd.settings.EtcdSection;
import org.gardenos.etcd.settings.EtcdSettings;

/**
 * What every etcd command needs: an inventory with etcd hosts and, with TLS on, the PKI an earlier {@code apply}
 * left in the state directory. The PKI is checked before anything opens the state directory, because
 * {@link EtcdPki#ensure} would otherwise make a fresh CA that the cluster does not trust.
 */
record EtcdAccess(Inventory inventory, StateDir state) {

    static EtcdAccess of(CommandContext context) {
        Inventory inventory = context.loadInventory().inventory();
        List<HostSpec> etcd = inventory.hostsWith(EtcdSection.ROLE);
        if (etcd.isEmpty()) {
            throw new InputException(inventory.file() + ": no host has the role 'etcd'; hint: give the etcd role to"
                    + " the hosts that run etcd");
        }
        Path dir = context.stateDir(inventory.cluster());
        if (inventory.section(EtcdSettings.class).tls()) {
            List<Path> missing = EtcdPki.missingClientFiles(dir);
            if (!missing.isEmpty()) {
                throw new InputException(missing.get(0) + ": missing: no etcd PKI of cluster '"
                        + inventory.cluster() + "' in this state directory; hint: pass the --state-dir that"
                        + " 'gardenos apply etcd' used, or run it first");
            }
        }
        return new EtcdAccess(inventory, StateDir.open(dir));
    }

    EtcdConnection connection() {
        return EtcdConnection.of(inventory, state);
    }

    /** An operation over SSH; checked failures of the etcd client become {@link GardenException}s naming it. */
    interface HostOperation<T> {
        T run(RemoteHostConnector connector) throws Exception;
    }

    /** Runs {@code operation} with a fresh connector that is closed afterwards (every connection with it). */
    <T> T overSsh(CommandContext context, boolean acceptNewHostKeys, String what, HostOperation<T> operation) {
        RemoteHostConnector connector = context.connectors().open(inventory, acceptNewHostKeys);
        try {
            return operation.run(connector);
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GardenException(what + " interrupted", e);
        } catch (Exception e) {
            throw new GardenException(what + " failed: " + e.getMessage(), e);
        } finally {
            if (connector instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    context.io().err().println("warning: closing SSH connections: " + e.getMessage());
                }
            }
        }
    }

    List<String> etcdHostNames() {
        return inventory.hostsWith(EtcdSection.ROLE).stream().map(HostSpec::name).toList();
    }
}
