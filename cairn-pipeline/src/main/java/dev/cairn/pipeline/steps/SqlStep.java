package dev.cairn.pipeline.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.data.file.TableFile;
import dev.cairn.data.sql.SqlTransform;
import dev.cairn.pipeline.step.FileOutput;
import dev.cairn.pipeline.step.Output;
import dev.cairn.pipeline.step.ParamSpec;
import dev.cairn.pipeline.step.ParamType;
import dev.cairn.pipeline.step.Step;
import dev.cairn.pipeline.step.StepContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code sql}: a DuckDB query over the step's inputs, each visible as a table of its input name,
 * written to a Parquet file ({@link SqlTransform}). DuckDB writes the same rows to the same bytes,
 * so an unchanged query over unchanged inputs gives the same digest downstream.
 */
final class SqlStep implements Step {
    @Override
    public String type() {
        return "sql";
    }

    @Override
    public String codeVersion() {
        return "1";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.required("sql", ParamType.STRING));
    }

    @Override
    public List<String> requiredInputs() {
        return List.of();
    }

    @Override
    public Map<String, Class<? extends Output>> outputs(JsonNode params) {
        return Map.of("table", FileOutput.class);
    }

    @Override
    public Map<String, Output> run(StepContext context) {
        Map<String, TableFile> tables = new LinkedHashMap<>();
        context.inputs().keySet().forEach(input -> tables.put(input, new TableFile(context.table(input))));
        TableFile written = new SqlTransform(context.text("sql"), tables).writeParquet(context.workFolder().resolve("table.parquet"));
        String digest = written.sha256();
        context.log().printf("Wrote %s from tables %s (sha256 %s)%n", written.path(), tables.keySet(), digest);
        return Map.of("table", new FileOutput(written.path(), digest));
    }
}
