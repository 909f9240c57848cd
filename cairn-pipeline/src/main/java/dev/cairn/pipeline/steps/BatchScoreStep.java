package dev.cairn.pipeline.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.data.file.TableFile;
import dev.cairn.data.sql.SqlTransform;
import dev.cairn.model.pkg.ModelPackage;
import dev.cairn.model.runtime.LoadedModel;
import dev.cairn.pipeline.step.ContentDigest;
import dev.cairn.pipeline.step.FileOutput;
import dev.cairn.pipeline.step.Output;
import dev.cairn.pipeline.step.ParamSpec;
import dev.cairn.pipeline.step.ParamType;
import dev.cairn.pipeline.step.Step;
import dev.cairn.pipeline.step.StepContext;
import dev.cairn.serve.batch.BatchScorer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code batch-score}: scores its {@code table} input with its {@code model} input (a package
 * folder or a registered version) into a Parquet file of predictions, one row per input row, with
 * {@link BatchScorer}. The table may have more columns than the model takes (the target, the
 * date): only the signature's columns, and {@code id_column} first when named, are scored.
 */
final class BatchScoreStep implements Step {
    private static final int DEFAULT_BATCH_ROWS = 10_000;

    @Override
    public String type() {
        return "batch-score";
    }

    @Override
    public String codeVersion() {
        return "1";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.optional("id_column", ParamType.STRING), ParamSpec.optional("batch_rows", ParamType.INTEGER));
    }

    @Override
    public List<String> requiredInputs() {
        return List.of("model", "table");
    }

    @Override
    public Map<String, Class<? extends Output>> outputs(JsonNode params) {
        return Map.of("predictions", FileOutput.class);
    }

    @Override
    public Map<String, Output> run(StepContext context) {
        ModelPackage modelPackage = ModelPackage.read(context.modelFolder("model"));
        Optional<String> idColumn = context.params().has("id_column") ? Optional.of(context.text("id_column")) : Optional.empty();
        List<String> columns = new ArrayList<>();
        idColumn.ifPresent(columns::add);
        modelPackage.descriptor().signature().inputs().forEach(input -> columns.add(input.name()));
        String select = "SELECT " + String.join(", ", columns.stream().map(c -> "\"" + c.replace("\"", "\"\"") + "\"").toList()) + " FROM rows";
        TableFile rows = new SqlTransform(select, Map.of("rows", new TableFile(context.table("table"))))
                .writeParquet(context.workFolder().resolve("rows.parquet"));
        Path output = context.workFolder().resolve("predictions.parquet");
        try (LoadedModel model = LoadedModel.load(modelPackage, 0)) {
            BatchScorer.Result result = new BatchScorer(model, context.integer("batch_rows", DEFAULT_BATCH_ROWS))
                    .score(rows, output, idColumn, scored -> { });
            context.log().printf(Locale.ROOT, "Scored %,d rows with %s in %.1f s into %s%n", result.rows(), modelPackage.descriptor().name(),
                    result.seconds(), output);
        }
        return Map.of("predictions", new FileOutput(output, ContentDigest.ofPath(output)));
    }
}
