package dev.cairn.pipeline.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cairn.core.error.CairnException;
import dev.cairn.data.file.TableFile;
import dev.cairn.data.validate.ValidationReport;
import dev.cairn.data.validate.ValidationRules;
import dev.cairn.data.validate.Validator;
import dev.cairn.pipeline.step.MetricsOutput;
import dev.cairn.pipeline.step.Output;
import dev.cairn.pipeline.step.ParamSpec;
import dev.cairn.pipeline.step.ParamType;
import dev.cairn.pipeline.step.Step;
import dev.cairn.pipeline.step.StepContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code validate}: checks its {@code table} input against rules ({@link Validator}), from a
 * rules file ({@code rules_file}) or written inline ({@code rules}). A failed rule fails the step
 * with the report. Its {@code table} output is its input, passed on once checked (a dataset
 * version stays one, so a {@code split} after it records the split on the version), so that steps
 * reading it wait for the check.
 */
final class ValidateStep implements Step {
    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory()).build();

    @Override
    public String type() {
        return "validate";
    }

    @Override
    public String codeVersion() {
        // 2: a dataset version input is passed on as a dataset version, not as its file.
        return "2";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.optional("rules_file", ParamType.FILE), ParamSpec.optional("rules", ParamType.OBJECT));
    }

    @Override
    public List<String> requiredInputs() {
        return List.of("table");
    }

    @Override
    public Map<String, Class<? extends Output>> outputs(JsonNode params) {
        if (params.has("rules") == params.has("rules_file")) {
            throw CairnException.invalidParameter("give exactly one of 'rules_file' (a rules file) and 'rules' (inline rules)");
        }
        // The table input passed on: a dataset version or a file.
        return Map.of("table", Output.class, "checks", MetricsOutput.class);
    }

    @Override
    public Map<String, Output> run(StepContext context) {
        ValidationRules rules = ValidationRules.read(rulesFile(context));
        TableFile table = new TableFile(context.table("table"));
        ValidationReport report = Validator.validate(table, rules);
        context.log().println(report.describe());
        if (!report.passed()) {
            throw CairnException.invalidParameter(report.describe());
        }
        return Map.of("table", context.inputs().get("table"),
                "checks", new MetricsOutput(Map.of("rows", (double) report.rows(), "rules", (double) report.results().size())));
    }

    /** The rules file; inline rules are written to the step's folder so that the one reader of rules reads them. */
    private static Path rulesFile(StepContext context) {
        if (!context.params().has("rules")) {
            return context.file("rules_file");
        }
        Path file = context.workFolder().resolve("rules.yaml");
        try {
            YAML.writeValue(file.toFile(), context.params().get("rules"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }
}
