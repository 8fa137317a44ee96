package org.gardenos.inventory;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Syntax rules of individual inventory values. Each check throws with the user-facing reason. */
public final class Formats {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern UNIX_USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
    private static final Duration MAX_DURATION = Duration.ofHours(24);

    /** Labels kubelet may set on its own Node although they are in the reserved kubernetes.io namespace. */
    private static final Set<String> KUBELET_LABELS = Set.of(
            "kubernetes.io/hostname", "kubernetes.io/os", "kubernetes.io/arch",
            "beta.kubernetes.io/os", "beta.kubernetes.io/arch", "beta.kubernetes.io/instance-type",
            "node.kubernetes.io/instance-type", "topology.kubernetes.io/zone", "topology.kubernetes.io/region",
            "failure-domain.beta.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/region");

    private Formats() {
    }

    /** RFC 1123 label as Kubernetes uses it for names: lower-case letters, digits, '-', at most 63 characters. */
    public static String dnsLabel(String value) throws InvalidValueException {
        if (value.isEmpty()) {
            throw new InvalidValueException("must not be empty");
        }
        if (value.length() > 63) {
            throw new InvalidValueException(Problems.quote(value) + " is longer than 63 characters");
        }
        if (!DNS_LABEL.matcher(value).matches()) {
            String lower = value.toLowerCase(Locale.ROOT);
            String hint = !lower.equals(value) && DNS_LABEL.matcher(lower).matches()
                    ? " (did you mean " + Problems.quote(lower) + "?)"
                    : " (use lower-case letters, digits and '-', starting and ending with a letter or digit)";
            throw new InvalidValueException(Problems.quote(value) + " is not a DNS-1123 label" + hint);
        }
        return value;
    }

    /** Durations are written {@code 500ms}, {@code 10s}, {@code 2m} or {@code 1h}; positive, at most 24h. */
    public static Duration duration(String value) throws InvalidValueException {
        Matcher m = DURATION.matcher(value);
        if (!m.matches()) {
            throw new InvalidValueException(Problems.quote(value) + " is not a duration (write it like '10s', '2m', '1h' or '500ms')");
        }
        long amount = Long.parseLong(m.group(1));
        Duration duration = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
        if (duration.isZero()) {
            throw new InvalidValueException(Problems.quote(value) + " must be longer than zero");
        }
        if (duration.compareTo(MAX_DURATION) > 0) {
            throw new InvalidValueException(Problems.quote(value) + " is longer than 24h");
        }
        return duration;
    }

    /** 64 hex digits; returned lower-case so that comparisons with computed digests are plain equality. */
    public static String sha256(String value) throws InvalidValueException {
        if (!SHA256.matcher(value).matches()) {
            throw new InvalidValueException(Problems.quote(value) + " is not a SHA-256 digest (64 hex digits, got "
                    + value.length() + " characters)");
        }
        return value.toLowerCase(Locale.ROOT);
    }

    /** An http(s) base URL without query or fragment; returned without trailing '/'. */
    public static String baseUrl(String value) throws InvalidValueException {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new InvalidValueException(Problems.quote(value) + " is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new InvalidValueException(Problems.quote(value) + " is not an http:// or https:// URL");
        }
        if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new InvalidValueException(Problems.quote(value)
                    + " is not a base URL (it needs a host and no user, query or fragment)");
        }
        String text = value;
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return text;
    }

    public static String unixUser(String value) throws InvalidValueException {
        if (!UNIX_USER.matcher(value).matches()) {
            throw new InvalidValueException(Problems.quote(value)
                    + " is not a user name (lower-case letters, digits, '_' and '-', at most 32 characters)");
        }
        return value;
    }

    /** A path on the remote hosts: absolute, no '.' or '..' parts, no white space; returned without trailing '/'. */
    public static String remoteDirectory(String value) throws InvalidValueException {
        if (!value.startsWith("/")) {
            throw new InvalidValueException(Problems.quote(value) + " is not an absolute path (it is a path on the hosts: start it with '/')");
        }
        if (value.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new InvalidValueException(Problems.quote(value) + " contains white space or control characters");
        }
        String trimmed = value.replaceAll("/+$", "");
        if (trimmed.isEmpty()) {
            throw new InvalidValueException(Problems.quote(value) + " is the root directory");
        }
        for (String part : trimmed.substring(1).split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new InvalidValueException(Problems.quote(value) + " is not a normalized path (no '//', '.' or '..')");
            }
        }
        return trimmed;
    }

    /**
     * A Kubernetes label key ({@code [prefix/]name}) that kubelet may set on its own Node: kubelet refuses to start
     * with other keys in the kubernetes.io and k8s.io namespaces (e.g. node-role.kubernetes.io/worker).
     */
    public static String nodeLabelKey(String key) throws InvalidValueException {
        int slash = key.indexOf('/');
        String prefix = slash < 0 ? "" : key.substring(0, slash);
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0 && (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches())) {
            throw new InvalidValueException("label key " + Problems.quote(key)
                    + " has an invalid prefix (a lower-case DNS subdomain like 'example.com', at most 253 characters)");
        }
        if (name.isEmpty() || name.length() > 63 || !LABEL_NAME.matcher(name).matches()) {
            throw new InvalidValueException("label key " + Problems.quote(key) + " is not a valid label name"
                    + " (at most 63 characters: letters, digits, '-', '_', '.', starting and ending with a letter or digit)");
        }
        if (isReservedNamespace(prefix) && !KUBELET_LABELS.contains(key) && !isKubeletNamespace(prefix)) {
            throw new InvalidValueException("label key " + Problems.quote(key) + " is in the reserved kubernetes.io/k8s.io"
                    + " namespace and kubelet refuses to set it on its own node (use your own prefix, or a"
                    + " node.kubernetes.io/ key)");
        }
        return key;
    }

    public static String labelValue(String value) throws InvalidValueException {
        if (!value.isEmpty() && (value.length() > 63 || !LABEL_NAME.matcher(value).matches())) {
            throw new InvalidValueException("label value " + Problems.quote(value) + " is not valid (at most 63 characters:"
                    + " letters, digits, '-', '_', '.', starting and ending with a letter or digit)");
        }
        return value;
    }

    private static boolean isReservedNamespace(String prefix) {
        return inNamespace(prefix, "kubernetes.io") || inNamespace(prefix, "k8s.io");
    }

    private static boolean isKubeletNamespace(String prefix) {
        return inNamespace(prefix, "kubelet.kubernetes.io") || inNamespace(prefix, "node.kubernetes.io");
    }

    private static boolean inNamespace(String prefix, String namespace) {
        return prefix.equals(namespace) || prefix.endsWith("." + namespace);
    }
}
