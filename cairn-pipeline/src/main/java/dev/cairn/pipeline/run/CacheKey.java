package dev.cairn.pipeline.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.pipeline.spec.OutputReference;
import dev.cairn.pipeline.spec.StepSpec;
import dev.cairn.pipeline.step.ContentDigest;
import dev.cairn.pipeline.step.Output;
import dev.cairn.pipeline.step.ParamSpec;
import dev.cairn.pipeline.step.ParamType;
import dev.cairn.pipeline.step.Step;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The identity of a step's work: the sha256 of the canonical JSON (keys sorted) of its type, its
 * code version, its parameters and its inputs, where every reference to an output and every
 * {@code file} parameter is replaced by a content digest. Names and paths never enter the key:
 * a renamed upstream step or a moved file with the same bytes is still a hit, and a file changed
 * in place is a miss.
 */
public record CacheKey(String value) {
    private static final ObjectMapper CANONICAL = JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    /** The key of a step about to run with these outputs of the steps it reads from. */
    static CacheKey of(StepSpec spec, Step step, Map<OutputReference, Output> read, Path specFolder, FileDigests digests) {
        ObjectNode params = spec.params().deepCopy();
        for (ParamSpec param : step.params()) {
            JsonNode value = params.get(param.name());
            if (param.type() == ParamType.FILE && value != null && OutputReference.findIn(value.asText()).isEmpty()) {
                params.put(param.name(), "sha256:" + digests.of(specFolder.resolve(value.asText())));
            }
        }
        Map<String, String> inputs = new TreeMap<>();
        spec.inputs().forEach((name, reference) -> inputs.put(name, read.get(reference).digest()));
        Map<String, Object> identity = new TreeMap<>();
        identity.put("type", step.type());
        identity.put("code_version", step.codeVersion(spec.resolvedParams(step, specFolder)));
        identity.put("params", CANONICAL.convertValue(
                OutputReference.replaceIn(params, reference -> "sha256:" + read.get(reference).digest()), Map.class));
        identity.put("inputs", inputs);
        try {
            return new CacheKey(ContentDigest.of(CANONICAL.writeValueAsString(identity)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("parameters are YAML values", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
