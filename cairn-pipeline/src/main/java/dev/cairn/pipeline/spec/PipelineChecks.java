package dev.cairn.pipeline.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.error.CairnException;
import dev.cairn.pipeline.step.Output;
import dev.cairn.pipeline.step.ParamSpec;
import dev.cairn.pipeline.step.Step;
import dev.cairn.pipeline.step.StepTypes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The checks a pipeline passes before it runs: known step types, declared parameters of the
 * declared types, required inputs, references to outputs that exist, and no cycle.
 */
final class PipelineChecks {
    private final StepTypes types;
    private final PipelineSpecReader.Located at;
    private final Path folder;

    /** Checks against these step types, for a pipeline whose file parameters resolve against {@code folder}. */
    PipelineChecks(StepTypes types, PipelineSpecReader.Located at, Path folder) {
        this.types = types;
        this.at = at;
        this.folder = folder;
    }

    /** Checks the steps; returns them ordered so that each comes after the steps it reads from. */
    List<StepSpec> check(List<StepSpec> steps) {
        Map<String, StepSpec> byName = steps.stream().collect(Collectors.toMap(StepSpec::name, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        Map<String, Map<String, Class<? extends Output>>> outputs = new HashMap<>();
        for (StepSpec step : steps) {
            Step type = types.find(step.type()).orElseThrow(() -> at.error("/steps/" + step.name() + "/type", "step '" + step.name()
                    + "' has unknown type '" + step.type() + "'; known types: " + String.join(", ", types.names())));
            checkParams(step, type);
            for (String input : type.requiredInputs()) {
                if (!step.inputs().containsKey(input)) {
                    throw at.error("/steps/" + step.name(), "step '" + step.name() + "' (" + step.type() + ") needs input '" + input
                            + "': add inputs: {" + input + ": ${steps.<step>.outputs.<name>}}");
                }
            }
            outputs.put(step.name(), declaredOutputs(step, type));
        }
        for (StepSpec step : steps) {
            step.inputs().forEach((input, reference) -> checkReference(step, reference, "/steps/" + step.name() + "/inputs/" + input, byName, outputs));
            for (OutputReference reference : step.paramReferences()) {
                checkReference(step, reference, "/steps/" + step.name() + "/params", byName, outputs);
            }
        }
        return ordered(byName);
    }

    private void checkReference(StepSpec step, OutputReference reference, String pointer, Map<String, StepSpec> byName,
                                Map<String, Map<String, Class<? extends Output>>> outputs) {
        StepSpec producer = byName.get(reference.step());
        if (producer == null) {
            throw at.error(pointer, "step '" + step.name() + "' refers to " + reference + ", but there is no step '"
                    + reference.step() + "'; steps: " + String.join(", ", byName.keySet()));
        }
        Set<String> declared = outputs.get(producer.name()).keySet();
        if (!declared.contains(reference.output())) {
            throw at.error(pointer, "step '" + step.name() + "' refers to " + reference + ", but a " + producer.type()
                    + " step has no output '" + reference.output() + "'; its outputs: " + String.join(", ", declared));
        }
    }

    private Map<String, Class<? extends Output>> declaredOutputs(StepSpec step, Step type) {
        try {
            return type.outputs(step.resolvedParams(type, folder));
        } catch (CairnException e) {
            throw at.error("/steps/" + step.name() + "/params", "step '" + step.name() + "' (" + step.type() + "): " + e.getMessage());
        }
    }

    private void checkParams(StepSpec step, Step type) {
        String path = "/steps/" + step.name() + "/params";
        Map<String, ParamSpec> declared = type.params().stream().collect(Collectors.toMap(ParamSpec::name, Function.identity()));
        for (Iterator<Map.Entry<String, JsonNode>> it = step.params().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> param = it.next();
            ParamSpec spec = declared.get(param.getKey());
            if (spec == null) {
                throw at.error(path + "/" + param.getKey(), "step '" + step.name() + "' (" + step.type() + ") has no parameter '" + param.getKey()
                        + "'; its parameters: " + describe(type.params()));
            }
            if (!spec.type().accepts(param.getValue())) {
                throw at.error(path + "/" + param.getKey(), "step '" + step.name() + "': parameter '" + param.getKey() + "' must be "
                        + spec.type().describe() + ", not " + param.getValue().getNodeType().toString().toLowerCase(Locale.ROOT)
                        + " '" + param.getValue().asText(param.getValue().toString()) + "'");
            }
        }
        for (ParamSpec spec : type.params()) {
            if (spec.required() && !step.params().has(spec.name())) {
                throw at.error("/steps/" + step.name(), "step '" + step.name() + "' (" + step.type() + ") needs parameter '" + spec.name()
                        + "' (" + spec.type().describe() + ")");
            }
        }
    }

    private static String describe(List<ParamSpec> params) {
        return params.stream().map(p -> p.name() + " (" + p.type().describe() + (p.required() ? ", required" : "") + ")")
                .collect(Collectors.joining(", "));
    }

    /** Depth-first order; a step met again while its own dependencies are being visited closes a cycle. */
    private List<StepSpec> ordered(Map<String, StepSpec> steps) {
        List<StepSpec> order = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (StepSpec step : steps.values()) {
            visit(step, steps, done, new ArrayList<>(), order);
        }
        return order;
    }

    private void visit(StepSpec step, Map<String, StepSpec> steps, Set<String> done, List<String> path, List<StepSpec> order) {
        if (done.contains(step.name())) {
            return;
        }
        int seen = path.indexOf(step.name());
        if (seen >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
            cycle.add(step.name());
            throw at.error("/steps/" + step.name(), "the steps form a cycle: " + String.join(" -> ", cycle));
        }
        path.add(step.name());
        for (String dependency : step.dependencies()) {
            visit(steps.get(dependency), steps, done, path, order);
        }
        path.remove(path.size() - 1);
        done.add(step.name());
        order.add(step);
    }
}
