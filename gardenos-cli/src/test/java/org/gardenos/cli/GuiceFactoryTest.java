package org.gardenos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.gardenos.cli.command.CliIo;

class GuiceFactoryTest {
    static final class NeedsIo {
        final CliIo io;

        @Inject
        NeedsIo(CliIo io) {
            this.io = io;
        }
    }

    @Test
    void buildsInjectedClassesWithGuice() throws Exception {
        CliIo io = new CliIo(new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()), Map.of());
        GuiceFactory factory = new GuiceFactory(Guice.createInjector(new CliModule(io)));

        assertThat(factory.create(NeedsIo.class).io).isSameAs(io);
    }

    @Test
    void topCommandIsOneInstanceForEveryCommand() throws Exception {
        CliIo io = new CliIo(new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()), Map.of());
        GuiceFactory factory = new GuiceFactory(Guice.createInjector(new CliModule(io)));

        assertThat(factory.create(GardenosCommand.class)).isSameAs(factory.create(GardenosCommand.class));
    }

    @Test
    @SuppressWarnings("rawtypes")
    void fallsBackToPicocliForWhatGuiceCannotBuild() throws Exception {
        GuiceFactory factory = new GuiceFactory(Guice.createInjector());

        // picocli asks its factory for collection interfaces when it fills multi-value parameters
        List list = factory.create(List.class);

        assertThat(list).isInstanceOf(ArrayList.class).isEmpty();
    }
}
