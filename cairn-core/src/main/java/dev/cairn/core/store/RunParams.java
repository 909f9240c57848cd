package dev.cairn.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A pipeline run's parameter values, kept as one JSON object column of texts: they are only ever
 * read and written with their run.
 */
final class RunParams {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunParams() {
    }

    static String write(Map<String, String> params) {
        ObjectNode object = JSON.createObjectNode();
        params.forEach(object::put);
        return object.toString();
    }

    static Map<String, String> read(String json) {
        try {
            Map<String, String> params = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = JSON.readTree(json).fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> param = it.next();
                params.put(param.getKey(), param.getValue().asText());
            }
            return params;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("pipeline_runs.run_params holds invalid JSON: " + json, e);
        }
    }
}
