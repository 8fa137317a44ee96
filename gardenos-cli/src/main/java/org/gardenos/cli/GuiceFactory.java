package org.gardenos.cli;

import com.google.inject.ConfigurationException;
import com.google.inject.Injector;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/**
 * Lets Guice build picocli's commands, so a command asks for what it needs in its constructor. Picocli also uses the
 * factory for its own helpers (collections, converters, help mixins) that Guice has no binding for: those fall back
 * to picocli's default factory.
 */
final class GuiceFactory implements IFactory {
    private final Injector injector;
    private final IFactory fallback = CommandLine.defaultFactory();

    GuiceFactory(Injector injector) {
        this.injector = injector;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        try {
            return injector.getInstance(cls);
        } catch (ConfigurationException e) {
            return fallback.create(cls);
        }
    }
}
