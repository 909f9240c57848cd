package dev.cairn.dashboard.pipelines;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.dashboard.Display;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A step's outputs read from the JSON of its outputs tag. The page reads the JSON as a tree, not
 * as the executor's output classes: it shows what was recorded, including kinds it does not know.
 */
final class StepOutputs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StepOutputs() {
    }

    /** The outputs; one entry saying so when the tag is not the JSON object the executor writes. */
    static List<StepOutput> parse(String json) {
        Optional<JsonNode> outputs = object(json);
        if (outputs.isEmpty()) {
            return List.of(new StepOutput("?", "unreadable", Display.shorten(json, 200), Optional.empty()));
        }
        List<StepOutput> parsed = new ArrayList<>();
        outputs.get().fields().forEachRemaining(field -> parsed.add(output(field.getKey(), field.getValue())));
        return parsed;
    }

    private static Optional<JsonNode> object(String json) {
        try {
            return Optional.of(JSON.readTree(json)).filter(JsonNode::isObject);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static StepOutput output(String name, JsonNode output) {
        String kind = output.path("kind").asText("?");
        return switch (kind) {
            case "dataset" -> new StepOutput(name, kind, output.path("name").asText() + " v" + output.path("version").asText(),
                    Optional.of("/datasets/" + Display.segment(output.path("name").asText())));
            case "file" -> new StepOutput(name, kind, output.path("path").asText(), Optional.empty());
            case "metrics" -> new StepOutput(name, kind, metrics(output.path("values")), Optional.empty());
            default -> new StepOutput(name, kind, Display.shorten(output.toString(), 200), Optional.empty());
        };
    }

    private static String metrics(JsonNode values) {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        values.fields().forEachRemaining(entries::add);
        return entries.stream().map(entry -> entry.getKey() + " = " + Display.number(entry.getValue().asDouble()))
                .collect(Collectors.joining(", "));
    }
}
