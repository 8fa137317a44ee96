package org.gardenos.cli;

import com.google.inject.AbstractModule;
import org.gardenos.cli.sandbox.MachineProbe;
import org.gardenos.cli.sandbox.PackageInstaller;
import org.gardenos.cli.command.CliIo;
import org.gardenos.cli.command.ConnectorFactory;
import org.gardenos.cli.command.GlobalOptionsSource;
import org.gardenos.cli.command.LayerModules;

/** Binds what the CLI's commands share: streams and environment, how hosts are reached, which layers exist. */
final class CliModule extends AbstractModule {
    private final CliIo io;

    CliModule(CliIo io) {
        this.io = io;
    }

    @Override
    protected void configure() {
        bind(CliIo.class).toInstance(io);
        bind(ConnectorFactory.class).to(SshConnectorFactory.class);
        bind(LayerModules.class).toInstance(LayerModules.shipped());
        bind(GlobalOptionsSource.class).to(GardenosCommand.class);
        bind(MachineProbe.class).to(MachineProbe.Local.class);
        bind(PackageInstaller.class).to(PackageInstaller.AptGet.class);
    }
}
