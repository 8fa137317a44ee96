package org.gardenos.cli.etcd;

import picocli.CommandLine.Command;

/** {@code gardenos etcd snapshot save|restore FILE}. */
@Command(name = "snapshot", description = "Save the cluster's data to a verified file, or rebuild the cluster from one.",
        subcommands = {EtcdSnapshotSaveCommand.class, EtcdSnapshotRestoreCommand.class})
final class EtcdSnapshotCommand {
}
