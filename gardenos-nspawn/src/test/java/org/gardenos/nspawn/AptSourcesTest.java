package org.gardenos.nspawn;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mirror discovery from apt sources. The host names here are examples (.example is reserved), never contacted. */
class AptSourcesTest {
    private static final String DEB822 = """
            Types: deb
            # http://snapshot.example/archive/debian/20250520T000000Z
            URIs: http://mirror.example/debian
            Suites: bookworm bookworm-updates
            Components: main
            Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

            Types: deb
            URIs: http://mirror.example/debian-security
            Suites: bookworm-security
            Components: main
            """;

    @Test
    void deb822StanzaServingTheSuiteIsPicked() {
        List<AptSources.Source> sources = AptSources.parseDeb822(DEB822);
        assertThat(sources).hasSize(2);
        assertThat(AptSources.pick(sources, "bookworm")).contains(URI.create("http://mirror.example/debian"));
    }

    @Test
    void securitySuiteAloneIsNotAMirrorForTheRelease() {
        List<AptSources.Source> sources = AptSources.parseDeb822("""
                Types: deb
                URIs: http://mirror.example/debian-security
                Suites: bookworm-security
                """);
        assertThat(AptSources.pick(sources, "bookworm")).isEmpty();
    }

    @Test
    void disabledStanzasAndSourceOnlyStanzasAreIgnored() {
        List<AptSources.Source> sources = AptSources.parseDeb822("""
                Types: deb
                URIs: http://off.example/debian
                Suites: bookworm
                Enabled: no

                Types: deb-src
                URIs: http://src.example/debian
                Suites: bookworm
                """);
        assertThat(sources).isEmpty();
    }

    @Test
    void oneLineEntriesWithOptionsAreRead() {
        List<AptSources.Source> sources = AptSources.parseOneLineStyle("""
                # deb http://commented.example/debian bookworm main
                deb-src http://src.example/debian bookworm main
                deb [arch=amd64 signed-by=/usr/share/keyrings/x.gpg] https://mirror.example/debian/ bookworm main contrib
                """);
        assertThat(sources).containsExactly(new AptSources.Source(URI.create("https://mirror.example/debian/"),
                List.of("bookworm")));
    }

    @Test
    void aDebianMirrorForAnotherReleaseIsTheFallback() {
        List<AptSources.Source> sources = AptSources.parseOneLineStyle("deb http://mirror.example/debian/ trixie main\n");
        assertThat(AptSources.pick(sources, "bookworm")).contains(URI.create("http://mirror.example/debian/"));
    }

    @Test
    void machineSourcesAreReadFromListAndDirectory(@TempDir Path etcApt) throws Exception {
        Files.writeString(etcApt.resolve("sources.list"), "# nothing here\n");
        Files.createDirectories(etcApt.resolve("sources.list.d"));
        Files.writeString(etcApt.resolve("sources.list.d/debian.sources"), DEB822);
        Files.writeString(etcApt.resolve("sources.list.d/other.list.disabled"), "deb http://x.example/debian bookworm main\n");
        assertThat(AptSources.fromMachine(etcApt, "bookworm")).contains(URI.create("http://mirror.example/debian"));
        assertThat(AptSources.fromMachine(etcApt.resolve("missing"), "bookworm")).isEmpty();
    }
}
