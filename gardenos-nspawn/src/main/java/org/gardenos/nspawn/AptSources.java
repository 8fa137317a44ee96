package org.gardenos.nspawn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the Debian mirror this machine already uses, in its apt sources, so the testkit never carries a mirror
 * name of its own: one-line {@code deb URI SUITE COMPONENTS} entries in {@code sources.list} and deb822
 * {@code Types:/URIs:/Suites:} stanzas in {@code sources.list.d/*.sources}. The parsing is pure; {@link #fromMachine}
 * does the reading.
 */
final class AptSources {
    /** One {@code deb} source: a URI and the suites it serves. */
    record Source(URI uri, List<String> suites) {
        Source {
            suites = List.copyOf(suites);
        }
    }

    private AptSources() {
    }

    /** The mirror for {@code suite} configured on this machine, read from {@code etcApt} (normally /etc/apt). */
    static Optional<URI> fromMachine(Path etcApt, String suite) {
        List<Source> sources = new ArrayList<>();
        try {
            Path list = etcApt.resolve("sources.list");
            if (Files.isRegularFile(list)) {
                sources.addAll(parseOneLineStyle(Files.readString(list)));
            }
            Path dir = etcApt.resolve("sources.list.d");
            if (Files.isDirectory(dir)) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                    List<Path> sorted = new ArrayList<>();
                    files.forEach(sorted::add);
                    sorted.sort(null);
                    for (Path f : sorted) {
                        String name = f.getFileName().toString();
                        if (name.endsWith(".sources")) {
                            sources.addAll(parseDeb822(Files.readString(f)));
                        } else if (name.endsWith(".list")) {
                            sources.addAll(parseOneLineStyle(Files.readString(f)));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read apt sources under " + etcApt + ": " + e.getMessage(), e);
        }
        return pick(sources, suite);
    }

    /**
     * The URI serving exactly {@code suite} (not {@code suite-security} or {@code suite-updates}); failing that, a
     * URI whose path ends in {@code /debian} (a Debian mirror configured for another release serves every release).
     */
    static Optional<URI> pick(List<Source> sources, String suite) {
        for (Source s : sources) {
            if (s.suites().contains(suite)) {
                return Optional.of(s.uri());
            }
        }
        for (Source s : sources) {
            String path = s.uri().getPath() == null ? "" : s.uri().getPath().replaceAll("/+$", "");
            if (path.endsWith("/debian")) {
                return Optional.of(s.uri());
            }
        }
        return Optional.empty();
    }

    /** {@code deb [options] URI SUITE COMPONENT...} lines; {@code deb-src} and comments are ignored. */
    static List<Source> parseOneLineStyle(String text) {
        List<Source> result = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = stripComment(raw).strip();
            if (!line.startsWith("deb ") && !line.startsWith("deb\t")) {
                continue;
            }
            String rest = line.substring(3).strip();
            if (rest.startsWith("[")) {
                int close = rest.indexOf(']');
                if (close < 0) {
                    continue;
                }
                rest = rest.substring(close + 1).strip();
            }
            String[] words = rest.split("\\s+");
            if (words.length >= 2) {
                toUri(words[0]).ifPresent(uri -> result.add(new Source(uri, List.of(words[1]))));
            }
        }
        return result;
    }

    /** deb822 stanzas (blank-line separated); only stanzas whose {@code Types} include {@code deb} and that are enabled. */
    static List<Source> parseDeb822(String text) {
        List<Source> result = new ArrayList<>();
        for (String stanza : text.split("\n\\s*\n")) {
            List<String> types = List.of();
            List<String> uris = List.of();
            List<String> suites = List.of();
            boolean enabled = true;
            for (String raw : stanza.split("\n")) {
                if (raw.startsWith("#") || raw.isBlank()) {
                    continue;
                }
                int colon = raw.indexOf(':');
                if (colon < 0 || Character.isWhitespace(raw.charAt(0))) {
                    continue; // continuation lines only matter for multi-line fields we do not read
                }
                String key = raw.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                List<String> values = Arrays.asList(raw.substring(colon + 1).strip().split("\\s+"));
                switch (key) {
                    case "types" -> types = values;
                    case "uris" -> uris = values;
                    case "suites" -> suites = values;
                    case "enabled" -> enabled = !values.isEmpty() && !"no".equalsIgnoreCase(values.get(0));
                    default -> { }
                }
            }
            if (enabled && types.contains("deb")) {
                for (String u : uris) {
                    List<String> s = suites;
                    toUri(u).ifPresent(uri -> result.add(new Source(uri, s)));
                }
            }
        }
        return result;
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return hash < 0 ? line : line.substring(0, hash);
    }

    private static Optional<URI> toUri(String text) {
        try {
            URI uri = URI.create(text);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equals("http") || scheme.equals("https") || scheme.equals("file"))) {
                return Optional.empty();
            }
            return Optional.of(uri);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
