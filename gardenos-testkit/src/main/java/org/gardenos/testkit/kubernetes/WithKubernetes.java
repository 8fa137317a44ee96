package org.gardenos.testkit.kubernetes;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A running {@link KubernetesCluster} for the annotated test class, injected as a {@code KubernetesCluster}
 * parameter. The cluster is shared: every class of one test JVM gets the same cluster (started once, closed when
 * the run ends; a class asking for more nodes than it has replaces it), so tests must not leave the cluster changed
 * for others (their own namespaces; taints and default classes they add are removed again). Without root, the binaries or the tools, the class is skipped with the
 * reason (fails when {@code CI=true}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(KubernetesExtension.class)
public @interface WithKubernetes {
    /** Number of nodes (node1, node2, ...); 0 gives a control plane alone, its API on 127.0.0.1. */
    int nodes() default 3;
}
