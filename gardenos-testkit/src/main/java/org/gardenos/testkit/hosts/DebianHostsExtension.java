package org.gardenos.testkit.hosts;

import org.gardenos.nspawn.DebianHosts;
import org.gardenos.nspawn.WaitStrategy;
import org.gardenos.testkit.Prerequisites;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit 5 extension behind {@link WithDebianHosts} (usable alone with {@code @ExtendWith}: 3 hosts named node1..3).
 * The set lives in the test class's extension store, so JUnit closes it when the class is done, however its tests
 * ended. Missing root or tools skip the class through {@link Prerequisites} (fail it when {@code CI=true}).
 */
public final class DebianHostsExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DebianHostsExtension.class);
    private static final String KEY = "hosts";

    @Override
    public void beforeAll(ExtensionContext context) {
        hostsFor(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == DebianHosts.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return hostsFor(context);
    }

    private static DebianHosts hostsFor(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        ExtensionContext.Store store = classContext.getStore(NAMESPACE);
        DebianHosts existing = store.get(KEY, DebianHosts.class);
        if (existing != null) {
            return existing;
        }
        Prerequisites.require(DebianHosts.missingPrerequisites().isEmpty(),
                "Debian test hosts need: " + String.join(", ", DebianHosts.missingPrerequisites()));
        WithDebianHosts settings = classContext.getTestClass()
                .flatMap(c -> AnnotationSupport.findAnnotation(c, WithDebianHosts.class))
                .orElse(null);
        DebianHosts.Builder builder = DebianHosts.builder();
        if (settings != null) {
            builder.count(settings.count()).namePrefix(settings.namePrefix()).packages(settings.packages());
            if (settings.waitForSystemd()) {
                builder.waitingFor(WaitStrategy.sshPortOpen().and(WaitStrategy.systemdBooted()));
            }
        }
        DebianHosts hosts = builder.build();
        // stored before starting: JUnit closes stored AutoCloseables when the class context ends, even on failure
        store.put(KEY, hosts);
        hosts.start();
        return hosts;
    }
}
