package dev.cairn.pipeline.spec;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cairn.core.error.CairnException;
import dev.cairn.pipeline.step.StepTypes;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a pipeline file and checks it against the step types, so that a spec with a mistake
 * fails before any step runs, with the line of the mistake:
 * <pre>
 * name: flights
 * experiment: flights-pipeline        # optional; default: the name
 * params:                             # optional run parameters and their defaults ({@link RunParameters})
 *   month: "2026-01"
 * steps:
 *   source:
 *     type: dataset
 *     params: {name: flights, path: flights.csv}
 *   features:
 *     type: sql
 *     inputs:
 *       flights: ${steps.source.outputs.dataset}
 *     params:
 *       sql: SELECT ... FROM flights WHERE month = '${params.month}'
 *     retries: 2                      # optional
 *     cache: false                    # optional
 * </pre>
 */
public final class PipelineSpecReader {
    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory()).build();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern STEP_NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Set<String> TOP_FIELDS = Set.of("name", "experiment", "params", "steps");
    private static final Set<String> STEP_FIELDS = Set.of("type", "params", "inputs", "cache", "retries");

    private final StepTypes types;

    /** A reader that accepts the step types of a registry. */
    public PipelineSpecReader(StepTypes types) {
        this.types = types;
    }

    /** Reads and checks a pipeline file, with the defaults of its run parameters. */
    public PipelineSpec read(Path file) {
        return read(file, Map.of());
    }

    /** Reads and checks a pipeline file for a run with these run parameter values. */
    public PipelineSpec read(Path file, Map<String, String> params) {
        String yaml;
        try {
            yaml = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the pipeline file " + file, e);
        }
        Path folder = file.toAbsolutePath().getParent();
        return read(yaml, folder, params);
    }

    /** Reads and checks a pipeline's YAML text with the defaults of its run parameters; file parameters resolve against {@code folder}. */
    public PipelineSpec read(String yaml, Path folder) {
        return read(yaml, folder, Map.of());
    }

    /**
     * Reads and checks a pipeline's YAML text for a run with these run parameter values (the
     * defaults fill the others); file parameters resolve against {@code folder}.
     */
    public PipelineSpec read(String yaml, Path folder, Map<String, String> params) {
        JsonNode root;
        YamlLines lines;
        try {
            root = YAML.readTree(yaml);
            lines = YamlLines.of(yaml);
        } catch (JsonProcessingException e) {
            throw notYaml(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Located at = new Located(lines);
        if (root == null || !root.isObject()) {
            throw at.error("", "a pipeline file is a mapping with 'name' and 'steps'");
        }
        at.onlyFields(root, "", TOP_FIELDS);
        String name = at.text(root, "", "name");
        if (!NAME.matcher(name).matches()) {
            throw at.error("/name", "pipeline name '" + name + "' must be letters, digits, '.', '_' and '-' (it names the pipeline's work folder)");
        }
        Optional<String> experiment = root.has("experiment") ? Optional.of(at.text(root, "", "experiment")) : Optional.empty();
        JsonNode steps = root.path("steps");
        if (!steps.isObject() || steps.isEmpty()) {
            throw at.error("/steps", "a pipeline needs 'steps': a mapping of step names to steps");
        }
        RunParameters runParameters = RunParameters.of(root.path("params"), params, at);
        List<StepSpec> read = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = steps.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> step = it.next();
            read.add(step(at, step.getKey(), step.getValue(), runParameters));
        }
        List<StepSpec> ordered = new PipelineChecks(types, at, folder).check(read);
        return new PipelineSpec(name, experiment, ordered, folder, runParameters.values());
    }

    /**
     * A YAML syntax error at the line where the construct in error starts (a list left open), else
     * where the parser stopped, in the parser's short words: Jackson's own location is line 1 for a
     * list left open at the end, and its message repeats the text around the problem over lines.
     */
    private static CairnException notYaml(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null && marked.getProblem() != null) {
            boolean inContext = marked.getContext() != null && marked.getContextMark() != null;
            int line = (inContext ? marked.getContextMark() : marked.getProblemMark()).getLine() + 1;
            return CairnException.invalidParameter("line " + line + ": not valid YAML: " + (inContext ? marked.getContext() + ", " : "")
                    + marked.getProblem());
        }
        return CairnException.invalidParameter("line " + e.getLocation().getLineNr() + ": not valid YAML: " + e.getOriginalMessage());
    }

    private StepSpec step(Located at, String name, JsonNode node, RunParameters runParameters) {
        String path = "/steps/" + name;
        if (!STEP_NAME.matcher(name).matches()) {
            throw at.error(path, "step name '" + name + "' must be letters, digits, '_' and '-'");
        }
        if (!node.isObject()) {
            throw at.error(path, "step '" + name + "' must be a mapping with at least 'type'");
        }
        at.onlyFields(node, path, STEP_FIELDS);
        String type = at.text(node, path, "type");
        JsonNode params = node.path("params");
        if (!params.isMissingNode() && !params.isObject()) {
            throw at.error(path + "/params", "step '" + name + "': 'params' must be a mapping");
        }
        Map<String, OutputReference> inputs = new LinkedHashMap<>();
        JsonNode inputNodes = node.path("inputs");
        if (!inputNodes.isMissingNode() && !inputNodes.isObject()) {
            throw at.error(path + "/inputs", "step '" + name + "': 'inputs' must be a mapping of input names to ${steps.<step>.outputs.<name>}");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = inputNodes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> input = it.next();
            String inputPath = path + "/inputs/" + input.getKey();
            OutputReference reference = OutputReference.whole(input.getValue().asText()).orElseThrow(() -> at.error(inputPath,
                    "step '" + name + "': input '" + input.getKey() + "' must be ${steps.<step>.outputs.<name>}, not '" + input.getValue().asText() + "'"));
            inputs.put(input.getKey(), reference);
        }
        JsonNode cache = node.path("cache");
        if (!cache.isMissingNode() && !cache.isBoolean()) {
            throw at.error(path + "/cache", "step '" + name + "': 'cache' must be true or false");
        }
        JsonNode retries = node.path("retries");
        if (!retries.isMissingNode() && !(retries.isIntegralNumber() && retries.asInt() >= 0)) {
            throw at.error(path + "/retries", "step '" + name + "': 'retries' must be a whole number >= 0");
        }
        ObjectNode paramObject = params.isObject() ? runParameters.substitute((ObjectNode) params, name, at) : YAML.createObjectNode();
        return new StepSpec(name, type, paramObject, inputs, cache.asBoolean(true), retries.asInt(0), at.line(path));
    }

    /** Lines of a document's fields, and errors that name them. */
    static final class Located {
        private final YamlLines lines;

        Located(YamlLines lines) {
            this.lines = lines;
        }

        int line(String pointer) {
            return lines.line(JsonPointer.compile(pointer));
        }

        CairnException error(String pointer, String message) {
            return CairnException.invalidParameter("line " + line(pointer) + ": " + message);
        }

        String text(JsonNode node, String path, String field) {
            JsonNode value = node.path(field);
            if (!value.isTextual() || value.asText().isBlank()) {
                throw error(path.isEmpty() ? "" : path, (path.isEmpty() ? "the pipeline" : "'" + path.substring(path.lastIndexOf('/') + 1) + "'")
                        + " needs '" + field + "' as text");
            }
            return value.asText();
        }

        void onlyFields(JsonNode node, String path, Set<String> allowed) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String field = names.next();
                if (!allowed.contains(field)) {
                    throw error(path + "/" + field, "unknown field '" + field + "'; expected one of " + new TreeSet<>(allowed));
                }
            }
        }
    }
}
