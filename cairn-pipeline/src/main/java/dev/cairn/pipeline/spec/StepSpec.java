package dev.cairn.pipeline.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.pipeline.step.ParamSpec;
import dev.cairn.pipeline.step.ParamType;
import dev.cairn.pipeline.step.Step;

import java.nio.file.Path;
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

    /**
     * The parameters as a step type is asked about them before it runs ({@link Step#outputs},
     * {@link Step#codeVersion(JsonNode)}): as written, but each {@code file} parameter of
     * {@code type} that is not a reference resolved against the pipeline's {@code folder}.
     */
    public ObjectNode resolvedParams(Step type, Path folder) {
        ObjectNode resolved = params.deepCopy();
        for (ParamSpec param : type.params()) {
            JsonNode value = resolved.get(param.name());
            if (param.type() == ParamType.FILE && value != null && value.isTextual() && OutputReference.findIn(value.asText()).isEmpty()) {
                resolved.put(param.name(), folder.resolve(value.asText()).toAbsolutePath().normalize().toString());
            }
        }
        return resolved;
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
