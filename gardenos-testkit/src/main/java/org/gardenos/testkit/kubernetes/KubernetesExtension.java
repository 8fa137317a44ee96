package org.gardenos.testkit.kubernetes;

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
        Started started = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("cluster-" + nodes,
                k -> Started.start(nodes), Started.class);
        if (started.failure != null) {
            throw new KubernetesException("the shared test cluster did not start: " + started.failure.getMessage(),
                    started.failure);
        }
        return started.cluster;
    }

    /** The shared cluster or why it could not start; closed by JUnit when the root context ends. */
    private record Started(KubernetesCluster cluster, RuntimeException failure) implements AutoCloseable {
        static Started start(int nodes) {
            try {
                return new Started(KubernetesCluster.builder().nodes(nodes).build().start(), null);
            } catch (RuntimeException e) {
                return new Started(null, e);
            }
        }

        @Override
        public void close() {
            if (cluster != null) {
                cluster.close();
            }
        }
    }
}
