package org.gardenos.testkit.kubernetes;

import org.gardenos.nspawn.kubernetes.KubernetesBinaries;
import org.gardenos.nspawn.kubernetes.KubernetesException;
import org.gardenos.testkit.Prerequisites;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit 5 extension behind {@link WithKubernetes}. The cluster lives in the root context's store, so all test
 * classes of one run share it and JUnit closes it once at the end; a cluster that failed to start is remembered,
 * so later classes fail at once with the same message instead of starting it again.
 */
public final class KubernetesExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KubernetesExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        clusterFor(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KubernetesCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return clusterFor(context);
    }

    private static KubernetesCluster clusterFor(ExtensionContext context) {
        int nodes = context.getTestClass()
                .flatMap(c -> AnnotationSupport.findAnnotation(c, WithKubernetes.class))
                .map(WithKubernetes::nodes).orElse(3);
        KubernetesBinaries binaries = KubernetesBinaries.locate();
        var missing = KubernetesCluster.missingPrerequisites(binaries, nodes > 0);
        Prerequisites.require(missing.isEmpty(), "test Kubernetes cluster needs: " + String.join("; ", missing));
        Shared shared = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("cluster", k -> new Shared(),
                Shared.class);
        return shared.atLeast(nodes);
    }

    /**
     * The one cluster of this JVM (one per machine is the rule): reused by every class that needs at most as many
     * nodes, replaced by a bigger one when a class needs more; a failed start is remembered so later classes fail
     * at once with the same cause. JUnit closes it when the root context ends.
     */
    private static final class Shared implements AutoCloseable {
        private KubernetesCluster cluster;
        private int nodes = -1;
        private RuntimeException failure;
        private int failedNodes = -1;

        synchronized KubernetesCluster atLeast(int wanted) {
            if (cluster != null && nodes >= wanted) {
                return cluster;
            }
            if (failure != null && failedNodes >= wanted) {
                throw new KubernetesException("the shared test cluster did not start: " + failure.getMessage(),
                        failure);
            }
            close();
            try {
                cluster = KubernetesCluster.builder().nodes(wanted).build().start();
                nodes = wanted;
                return cluster;
            } catch (RuntimeException e) {
                failure = e;
                failedNodes = wanted;
                throw e;
            }
        }

        @Override
        public synchronized void close() {
            if (cluster != null) {
                KubernetesCluster c = cluster;
                cluster = null;
                nodes = -1;
                c.close();
            }
        }
    }
}
