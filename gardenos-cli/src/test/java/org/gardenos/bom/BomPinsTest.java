package org.gardenos.bom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * gardenos-bom pins what an embedder needs, with the versions this build really uses. Resolving a plain Maven project
 * against the BOM would need {@code mvn install} (not allowed on a shared repository), so this reads the poms
 * instead: the BOM manages every module and every runtime dependency a module declares; the parent inherits from
 * it and re-pins nothing; and the jars on this test's class path (resolved by Maven for gardenos-cli, which uses
 * every layer) carry exactly the BOM's versions.
 */
class BomPinsTest {
    private static final Path ROOT = repoRoot();
    private static final Pom BOM = Pom.read(ROOT.resolve("gardenos-bom/pom.xml"));
    private static final Pom PARENT = Pom.read(ROOT.resolve("pom.xml"));
    /** Artifacts managed through a BOM the GardenOS BOM imports, by group prefix. */
    private static final Map<String, String> IMPORTED = Map.of("io.netty", "io.netty:netty-bom",
            "com.fasterxml.jackson", "com.fasterxml.jackson:jackson-bom");

    @Test
    void theBomStandsAloneAndManagesEveryModule() {
        assertThat(BOM.root().getElementsByTagName("parent").getLength()).as("the BOM has no parent").isZero();
        assertThat(BOM.text(BOM.root(), "version")).isEqualTo(PARENT.text(PARENT.root(), "version"));
        List<String> modules = PARENT.children(PARENT.first("modules"), "module").stream()
                .map(Node::getTextContent).filter(m -> !m.equals("gardenos-bom")).toList();
        assertThat(modules).contains("gardenos-core", "gardenos-nspawn", "gardenos-testkit", "gardenos-cli");
        for (String module : modules) {
            assertThat(BOM.managed()).as(module).containsEntry("org.gardenos:" + module, "${project.version}");
        }
    }

    @Test
    void everyRuntimeDependencyOfEveryModuleIsPinnedByTheBom() {
        List<String> checked = new ArrayList<>();
        List<String> modules = new ArrayList<>(List.of("."));
        PARENT.children(PARENT.first("modules"), "module").forEach(m -> modules.add(m.getTextContent()));
        for (String module : modules) {
            Pom pom = Pom.read(ROOT.resolve(module).resolve("pom.xml"));
            for (Element d : pom.dependencies()) {
                String key = pom.text(d, "groupId") + ":" + pom.text(d, "artifactId");
                if ("test".equals(pom.text(d, "scope")) || "true".equals(pom.text(d, "optional"))) {
                    continue;
                }
                assertThat(pom.text(d, "version")).as(module + " declares a version for " + key).isNull();
                String viaImport = IMPORTED.entrySet().stream().filter(e -> key.startsWith(e.getKey()))
                        .map(Map.Entry::getValue).findFirst().orElse("(none)");
                assertThat(BOM.managed().containsKey(key) || BOM.managed().containsKey(viaImport))
                        .as(module + ": " + key + " pinned by the BOM").isTrue();
                checked.add(key);
            }
        }
        assertThat(checked).contains("io.etcd:jetcd-core", "io.kubernetes:client-java", "com.hierynomus:sshj");
    }

    @Test
    void theParentInheritsTheBomAndPinsNothingTwice() {
        Element parent = PARENT.first("parent");
        assertThat(PARENT.text(parent, "artifactId")).isEqualTo("gardenos-bom");
        assertThat(PARENT.properties().keySet()).doesNotContainAnyElementsOf(BOM.properties().keySet());
        assertThat(PARENT.managed().keySet()).doesNotContainAnyElementsOf(BOM.managed().keySet());
    }

    @Test
    void theJarsThisBuildResolvedCarryTheBomVersions() {
        Map<String, String> p = BOM.properties();
        Map<Class<?>, String> expected = Map.ofEntries(
                Map.entry(io.netty.handler.ssl.SslContext.class, "netty-handler-" + p.get("netty.version")),
                Map.entry(com.fasterxml.jackson.databind.ObjectMapper.class,
                        "jackson-databind-" + p.get("jackson.version")),
                Map.entry(org.bouncycastle.jce.provider.BouncyCastleProvider.class,
                        "bcprov-jdk18on-" + p.get("bouncycastle.version")),
                Map.entry(org.bouncycastle.cert.X509CertificateHolder.class,
                        "bcpkix-jdk18on-" + p.get("bouncycastle.version")),
                Map.entry(com.google.common.base.Preconditions.class, "guava-" + p.get("guava.version")),
                Map.entry(com.google.inject.Guice.class, "guice-" + p.get("guice.version")),
                Map.entry(io.etcd.jetcd.Client.class, "jetcd-core-" + p.get("jetcd.version")),
                Map.entry(io.kubernetes.client.util.Config.class, "client-java-" + p.get("client-java.version")),
                Map.entry(net.schmizz.sshj.SSHClient.class, "sshj-" + p.get("sshj.version")),
                Map.entry(org.slf4j.Logger.class, "slf4j-api-" + p.get("slf4j.version")),
                Map.entry(ch.qos.logback.classic.Logger.class, "logback-classic-" + p.get("logback.version")),
                Map.entry(picocli.CommandLine.class, "picocli-" + p.get("picocli.version")));
        Map<String, String> actual = expected.keySet().stream().collect(Collectors.toMap(Class::getName,
                c -> Path.of(c.getProtectionDomain().getCodeSource().getLocation().getPath()).getFileName().toString()));
        expected.forEach((c, jar) -> assertThat(actual.get(c.getName())).as(c.getName()).isEqualTo(jar + ".jar"));
    }

    @Test
    void theEmbeddingDocImportsTheBomAndDeclaresOnlyManagedModules() throws Exception {
        String doc = Files.readString(ROOT.resolve("docs/embedding.md"));
        Matcher block = Pattern.compile("<!-- example: bom -->\\s*```xml\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertThat(block.find()).as("docs/embedding.md has the <!-- example: bom --> xml block").isTrue();
        Path snippet = Files.writeString(Files.createTempFile("embedding-pom", ".xml"), block.group(1));
        Pom example = Pom.read(snippet);
        Files.delete(snippet);

        assertThat(example.managed()).containsExactly(
                Map.entry("org.gardenos:gardenos-bom", BOM.text(BOM.root(), "version")));
        Element imported = example.children(example.children(example.first("dependencyManagement"),
                "dependencies").get(0), "dependency").get(0);
        assertThat(example.text(imported, "type")).isEqualTo("pom");
        assertThat(example.text(imported, "scope")).isEqualTo("import");
        assertThat(example.dependencies()).isNotEmpty().allSatisfy(d -> {
            assertThat(example.text(d, "version")).isNull();
            assertThat(BOM.managed()).containsKey(example.text(d, "groupId") + ":" + example.text(d, "artifactId"));
        });
    }

    private static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("gardenos-bom/pom.xml"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("repository root above " + Path.of("").toAbsolutePath()).isNotNull();
        return dir;
    }

    /** One pom.xml, read with a parser that fetches nothing (no DTDs, no external entities). */
    private record Pom(Element root) {
        static Pom read(Path file) {
            try {
                DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
                f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
                f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
                return new Pom(f.newDocumentBuilder().parse(file.toFile()).getDocumentElement());
            } catch (Exception e) {
                throw new AssertionError("cannot read " + file + ": " + e.getMessage(), e);
            }
        }

        Element first(String name) {
            return children(root, name).stream().findFirst().orElse(null);
        }

        List<Element> children(Element parent, String name) {
            List<Element> found = new ArrayList<>();
            for (Node n = parent == null ? null : parent.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && e.getTagName().equals(name)) {
                    found.add(e);
                }
            }
            return found;
        }

        String text(Element parent, String name) {
            return children(parent, name).stream().findFirst().map(e -> e.getTextContent().strip()).orElse(null);
        }

        Map<String, String> properties() {
            Map<String, String> props = new HashMap<>();
            Element p = first("properties");
            for (Node n = p == null ? null : p.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e) {
                    props.put(e.getTagName(), e.getTextContent().strip());
                }
            }
            return props;
        }

        /** groupId:artifactId to version of every dependencyManagement entry (imports included). */
        Map<String, String> managed() {
            Map<String, String> managed = new HashMap<>();
            for (Element dm : children(root, "dependencyManagement")) {
                for (Element deps : children(dm, "dependencies")) {
                    for (Element d : children(deps, "dependency")) {
                        managed.put(text(d, "groupId") + ":" + text(d, "artifactId"), text(d, "version"));
                    }
                }
            }
            return managed;
        }

        List<Element> dependencies() {
            return children(root, "dependencies").stream().flatMap(d -> children(d, "dependency").stream())
                    .toList();
        }
    }
}
