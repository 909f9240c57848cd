package dev.cairn.monitor.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The violated checks of a stored integrity report ({@link ReportJson#integrity}) in words, for people to read. */
public final class IntegrityViolations {
    private IntegrityViolations() {
    }

    /**
     * Per column with a violation, in the report's order, its violated checks: {@code missing},
     * or a check's name, count and examples ({@code out of range 10 (9000)}), joined by {@code ; }.
     */
    public static Map<String, String> describe(JsonNode integrity) {
        Map<String, String> described = new LinkedHashMap<>();
        for (JsonNode column : integrity.path("columns")) {
            if (column.path("violations").asLong() == 0) {
                continue;
            }
            List<String> checks = new ArrayList<>();
            if (column.path("presence").asText().equals("missing")) {
                checks.add("missing");
            }
            for (String check : List.of("type", "nulls", "out_of_range", "unseen")) {
                JsonNode node = column.path(check);
                if (node.path("violated").asBoolean()) {
                    List<String> examples = new ArrayList<>();
                    node.path("examples").forEach(example -> examples.add(example.asText()));
                    checks.add(check.replace('_', ' ') + " " + node.path("count").asLong()
                            + (examples.isEmpty() ? "" : " (" + String.join(", ", examples) + ")"));
                }
            }
            described.put(column.path("column").asText(), String.join("; ", checks));
        }
        return described;
    }
}
