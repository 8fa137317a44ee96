package org.gardenos.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/embedding.md shows exactly the code that {@link EmbeddingExampleTest} and {@link EtcdOperationExampleTest}
 * run.
 */
class EmbeddingDocTest {
    private static final Path DOC = Path.of("..", "docs", "embedding.md");
    private static final Path EXAMPLES = Path.of("src", "test", "java", "org", "gardenos", "example");

    static List<String> exampleInTest(String testClass, String name) throws IOException {
        String source = Files.readString(EXAMPLES.resolve(testClass + ".java"));
        int start = source.indexOf("// --- example: " + name + " ---");
        assertThat(start).as(testClass + " has the example " + name).isNotNegative();
        int end = source.indexOf("// --- end of example ---");
        List<String> lines = source.substring(start, end).lines().skip(1).toList();
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        List<String> block = new ArrayList<>(lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList());
        while (!block.isEmpty() && block.get(block.size() - 1).isEmpty()) {
            block.remove(block.size() - 1);
        }
        return block;
    }

    static List<String> exampleInDoc(String name) throws IOException {
        Matcher m = Pattern.compile("<!-- example: " + Pattern.quote(name) + " -->\\s*```java\\n(.*?)```",
                Pattern.DOTALL).matcher(Files.readString(DOC));
        assertThat(m.find()).as("docs/embedding.md has the java block marked " + name).isTrue();
        return m.group(1).lines().toList();
    }

    @Test
    void documentShowsTheTestedExampleVerbatim() throws IOException {
        List<String> tested = exampleInTest("EmbeddingExampleTest", "embedding");

        assertThat(tested).hasSizeGreaterThan(10);
        assertThat(exampleInDoc("embedding")).containsExactlyElementsOf(tested);
    }

    @Test
    void documentShowsTheTestedOperationExampleVerbatim() throws IOException {
        List<String> tested = exampleInTest("EtcdOperationExampleTest", "etcd-operation");

        assertThat(tested).hasSizeGreaterThan(8);
        assertThat(exampleInDoc("etcd-operation")).containsExactlyElementsOf(tested);
    }
}
