package org.gardenos.logging;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Replaces known secret values with {@value #MASK} in text that is about to be logged or shown. Layers that
 * generate or load a secret (tokens, passwords, passphrases) {@link #register(String)} it once; the layers that log
 * (SSH commands and their output, above all) run text through {@link #redact(String)} first.
 *
 * <p>This is a safety net, not the main defence: secrets must still never be put into command lines or logs.
 */
public final class SecretRedactor {
    /** What a secret is replaced with. */
    public static final String MASK = "***";
    /**
     * Values shorter than this are ignored: masking a 3-character "secret" would shred every log line
     * and such values are not secrets worth the name anyway.
     */
    public static final int MIN_LENGTH = 6;

    private static final SecretRedactor GLOBAL = new SecretRedactor();

    private final Set<String> secrets = ConcurrentHashMap.newKeySet();
    /** Longest first, so a secret that contains another registered one is masked whole. Rebuilt on register. */
    private volatile List<String> longestFirst = List.of();

    /** The process-wide registry every layer shares. */
    public static SecretRedactor global() {
        return GLOBAL;
    }

    /** A separate registry (tests, or an embedding tool that keeps its own). Most code wants {@link #global()}. */
    public SecretRedactor() {
    }

    /** Remembers {@code secret} for redaction. Null, blank and short values (< {@value #MIN_LENGTH}) are ignored. */
    public void register(String secret) {
        if (secret == null || secret.isBlank() || secret.length() < MIN_LENGTH) {
            return;
        }
        if (secrets.add(secret)) {
            synchronized (this) {
                longestFirst = secrets.stream()
                        .sorted(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()))
                        .toList();
            }
        }
    }

    /** {@code text} with every registered secret replaced by {@value #MASK}; null stays null. */
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (String secret : longestFirst) {
            if (result.contains(secret)) {
                result = result.replace(secret, MASK);
            }
        }
        return result;
    }
}
