package org.gardenos.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretRedactorTest {
    @Test
    void replacesEveryOccurrenceOfEveryRegisteredSecret() {
        SecretRedactor r = new SecretRedactor();
        r.register("s3cr3t-token-A");
        r.register("hunter2-password");

        assertThat(r.redact("a=s3cr3t-token-A b=hunter2-password c=s3cr3t-token-A"))
                .isEqualTo("a=*** b=*** c=***");
    }

    @Test
    void ignoresNullBlankAndShortValues() {
        SecretRedactor r = new SecretRedactor();
        r.register(null);
        r.register("");
        r.register("      ");
        r.register("abc");
        r.register("12345"); // one below MIN_LENGTH

        assertThat(r.redact("abc 12345 plain text")).isEqualTo("abc 12345 plain text");
        r.register("123456");
        assertThat(r.redact("abc 123456")).isEqualTo("abc ***");
    }

    @Test
    void masksALongerSecretWholeEvenWhenItContainsAShorterOne() {
        SecretRedactor r = new SecretRedactor();
        r.register("password");
        r.register("password-for-etcd-root");

        assertThat(r.redact("x password-for-etcd-root y password")).isEqualTo("x *** y ***");
    }

    @Test
    void leavesNullAndEmptyTextAlone() {
        SecretRedactor r = new SecretRedactor();
        r.register("secret-value");
        assertThat(r.redact(null)).isNull();
        assertThat(r.redact("")).isEmpty();
    }

    @Test
    void globalIsOneSharedRegistry() {
        String secret = "global-secret-" + System.nanoTime();
        SecretRedactor.global().register(secret);
        assertThat(SecretRedactor.global()).isSameAs(SecretRedactor.global());
        assertThat(SecretRedactor.global().redact("token " + secret)).isEqualTo("token ***");
    }

    @Test
    void secretsWithRegexCharactersAreMatchedLiterally() {
        SecretRedactor r = new SecretRedactor();
        r.register("a.b*c$d\\e(f");
        assertThat(r.redact("x a.b*c$d\\e(f y aXbbc")).isEqualTo("x *** y aXbbc");
    }
}
