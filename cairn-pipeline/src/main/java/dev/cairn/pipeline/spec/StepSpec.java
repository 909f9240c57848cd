package dev.cairn.pipeline.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * One step of a pipeline as written.
 *
 * @param params  the parameters as written, references unresolved
 * @param inputs  the outputs of other steps this step reads, by input name
 * @param cache   false when the spec says {@code cache: false}: the step always runs
 * @param retries how many times a failed attempt is retried
 * @param line    the YAML line the step starts on
 */
public record StepSpec(String name, String type, ObjectNode params, Map<String, OutputReference> inputs, boolean cache, int retries,
                       int line) {
    public StepSpec {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        params = params.deepCopy();
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be >= 0, not " + retries);
        }
    }

    /** Every output this step reads: its inputs, then the references inside its parameters. */
    public List<OutputReference> references() {
        List<OutputReference> references = new ArrayList<>(inputs.values());
        references.addAll(paramReferences());
        return references;
    }

    /** The references inside the parameters' texts. */
    public List<OutputReference> paramReferences() {
        List<OutputReference> references = new ArrayList<>();
        collect(params, references);
        return references;
    }

    /** The steps this one waits for. */
    public Set<String> dependencies() {
        Set<String> steps = new LinkedHashSet<>();
        references().forEach(reference -> steps.add(reference.step()));
        return steps;
    }

    private static void collect(JsonNode node, List<OutputReference> references) {
        if (node.isTextual()) {
            references.addAll(OutputReference.findIn(node.asText()));
        }
        node.forEach(child -> collect(child, references));
    }
}
