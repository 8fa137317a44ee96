package org.gardenos.testkit.hosts;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.gardenos.nspawn.DebianHosts;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One set of {@link DebianHosts} for the annotated test class: started before all its tests, closed after them
 * (also when they fail), injected as a {@code DebianHosts} parameter of constructors, {@code @BeforeAll},
 * {@code @BeforeEach} and test methods. Without root or the tools, the class is skipped (fails when {@code CI=true}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(DebianHostsExtension.class)
public @interface WithDebianHosts {
    /** Number of hosts. */
    int count() default 3;

    /** Host names are this prefix plus 1, 2, ... */
    String namePrefix() default "node";

    /** Debian packages for the base image besides the default ones. */
    String[] packages() default {};

    /** Also wait for systemd to finish booting (not only for sshd) before the tests run. */
    boolean waitForSystemd() default false;
}
