package org.gardenos.cli.etcd;

import picocli.CommandLine.Command;

/** {@code gardenos etcd env|snapshot|replace-member|defrag|rotate-certs}: day-2 operations on the inventory's etcd cluster. */
@Command(name = "etcd",
        description = {"Day-2 operations on the inventory's etcd cluster, with GardenOS's client certificate from the"
                + " state directory."},
        subcommands = {EtcdEnvCommand.class, EtcdSnapshotCommand.class, EtcdReplaceMemberCommand.class,
                EtcdDefragCommand.class, EtcdRotateCertsCommand.class})
public final class EtcdCommand {
}
