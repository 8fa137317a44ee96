package org.gardenos.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    record Item(String name, int count) {
    }

    @Test
    void keepsInsertionOrderAndRendersRecords() throws Exception {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("zeta", 1);
        doc.put("alpha", List.of(new Item("a", 2)));

        String text = Json.write(doc);
        JsonNode parsed = new ObjectMapper().readTree(text);

        assertThat(text.indexOf("zeta")).isLessThan(text.indexOf("alpha"));
        assertThat(parsed.get("alpha").get(0).get("name").asText()).isEqualTo("a");
        assertThat(parsed.get("alpha").get(0).get("count").asInt()).isEqualTo(2);
    }
}
