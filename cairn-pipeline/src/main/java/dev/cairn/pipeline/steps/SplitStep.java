package dev.cairn.pipeline.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.dataset.DatasetPart;
import dev.cairn.core.error.CairnException;
import dev.cairn.data.file.TableFile;
import dev.cairn.data.split.DatasetSplit;
import dev.cairn.data.split.SplitRule;
import dev.cairn.pipeline.step.DatasetOutput;
import dev.cairn.pipeline.step.FileOutput;
import dev.cairn.pipeline.step.Output;
import dev.cairn.pipeline.step.ParamSpec;
import dev.cairn.pipeline.step.ParamType;
import dev.cairn.pipeline.step.Step;
import dev.cairn.pipeline.step.StepContext;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code split}: cuts its {@code table} input into named parts, one Parquet file and one output
 * each, by time ({@code column} and {@code parts: {train: {from, to}, ...}}) or by ratio
 * ({@code ratios: {train: 0.8, test: 0.2}} and {@code seed}), with {@link DatasetSplit}. A split
 * of a registered dataset version is recorded on the version (each part's definition and rows),
 * as a training's split is.
 */
final class SplitStep implements Step {
    @Override
    public String type() {
        return "split";
    }

    @Override
    public String codeVersion() {
        // 2: a split of a dataset version is recorded on it.
        return "2";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.optional("column", ParamType.STRING), ParamSpec.optional("parts", ParamType.OBJECT),
                ParamSpec.optional("ratios", ParamType.OBJECT), ParamSpec.optional("seed", ParamType.INTEGER));
    }

    @Override
    public List<String> requiredInputs() {
        return List.of("table");
    }

    @Override
    public Map<String, Class<? extends Output>> outputs(JsonNode params) {
        if (params.has("ratios") == params.has("parts")) {
            throw CairnException.invalidParameter("give either 'column' and 'parts' (a time split) or 'ratios' (and 'seed')");
        }
        Map<String, Class<? extends Output>> outputs = new LinkedHashMap<>();
        JsonNode parts = params.has("ratios") ? params.get("ratios") : params.path("parts");
        parts.fieldNames().forEachRemaining(part -> outputs.put(part, FileOutput.class));
        return outputs;
    }

    @Override
    public Map<String, Output> run(StepContext context) {
        DatasetSplit split = new DatasetSplit(new TableFile(context.table("table")), rule(context));
        Map<String, Output> outputs = new LinkedHashMap<>();
        for (String part : split.rule().parts()) {
            TableFile written = split.writeParquet(part, context.workFolder().resolve(part + ".parquet"));
            String digest = written.sha256();
            context.log().printf("Part %s (%s): %s%n", part, split.rule().describe(part), written.path());
            outputs.put(part, new FileOutput(written.path(), digest));
        }
        if (context.inputs().get("table") instanceof DatasetOutput dataset) {
            List<DatasetPart> parts = new ArrayList<>();
            split.counts().forEach((part, rows) -> parts.add(new DatasetPart(part, split.rule().describe(part), rows)));
            context.datasets().recordSplit(dataset, parts);
            context.log().printf("Recorded the split on %s version %d%n", dataset.name(), dataset.version());
        }
        return outputs;
    }

    private static SplitRule rule(StepContext context) {
        JsonNode params = context.params();
        if (params.has("ratios")) {
            Map<String, Double> ratios = new LinkedHashMap<>();
            params.get("ratios").fields().forEachRemaining(ratio -> ratios.put(ratio.getKey(), ratio.getValue().asDouble()));
            return new SplitRule.ByRatio(ratios, params.path("seed").asLong(0));
        }
        Map<String, SplitRule.TimeRange> ranges = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = params.get("parts").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> part = it.next();
            ranges.put(part.getKey(), new SplitRule.TimeRange(part.getValue().path("from").asText(), part.getValue().path("to").asText()));
        }
        return new SplitRule.ByTime(params.path("column").asText(), ranges);
    }
}
