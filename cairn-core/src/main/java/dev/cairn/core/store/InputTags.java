package dev.cairn.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.cairn.core.tracking.Tag;

import java.util.ArrayList;
import java.util.List;

/**
 * The tags of a run's dataset input, kept as one JSON column ({@code [{"key":..,"value":..}]}):
 * they are only ever read and written together with their input.
 */
final class InputTags {
    private static final ObjectMapper JSON = new ObjectMapper();

    private InputTags() {
    }

    static String write(List<Tag> tags) {
        ArrayNode array = JSON.createArrayNode();
        tags.forEach(tag -> array.addObject().put("key", tag.key()).put("value", tag.value()));
        return array.toString();
    }

    static List<Tag> read(String json) {
        try {
            List<Tag> tags = new ArrayList<>();
            for (JsonNode tag : JSON.readTree(json)) {
                tags.add(new Tag(tag.path("key").asText(), tag.path("value").asText()));
            }
            return tags;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("run_inputs.input_tags holds invalid JSON: " + json, e);
        }
    }
}
