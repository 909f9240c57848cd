package dev.cairn.pipeline.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.error.CairnException;
import dev.cairn.data.file.TableFile;
import dev.cairn.data.source.JdbcSource;
import dev.cairn.pipeline.step.DatasetOutput;
import dev.cairn.pipeline.step.Output;
import dev.cairn.pipeline.step.ParamSpec;
import dev.cairn.pipeline.step.ParamType;
import dev.cairn.pipeline.step.Step;
import dev.cairn.pipeline.step.StepContext;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code dataset}: registers a file (CSV, Parquet, JSON), or a snapshot of a JDBC query's rows
 * ({@code jdbc: {url, query, user, password_env, watch}}, the password read from that environment
 * variable), as a version of a dataset. The file's content digest is in the cache key, so
 * appending rows registers a new version and reruns everything downstream; a query's rows are only
 * known once read, so a JDBC dataset step always runs, and the steps after it are cached by the
 * snapshot's digest.
 */
final class DatasetStep implements Step {
    @Override
    public String type() {
        return "dataset";
    }

    @Override
    public String codeVersion() {
        return "1";
    }

    @Override
    public boolean cacheable(JsonNode params) {
        return !params.has("jdbc");
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.required("name", ParamType.STRING), ParamSpec.optional("path", ParamType.FILE),
                ParamSpec.optional("jdbc", ParamType.OBJECT));
    }

    @Override
    public List<String> requiredInputs() {
        return List.of();
    }

    @Override
    public Map<String, Class<? extends Output>> outputs(JsonNode params) {
        if (params.has("path") == params.has("jdbc")) {
            throw CairnException.invalidParameter("give exactly one of 'path' (a file) and 'jdbc' (a query)");
        }
        if (params.has("jdbc")) {
            // Reading it here refuses a missing URL or query before anything runs.
            JdbcSourceParam.source(params.get("jdbc"));
        }
        return Map.of("dataset", DatasetOutput.class);
    }

    @Override
    public Map<String, Output> run(StepContext context) {
        String name = context.text("name");
        if (context.params().has("jdbc")) {
            JdbcSource source = JdbcSourceParam.source(context.params().get("jdbc"));
            context.log().printf("Reading %s%n", source.url());
            TableFile snapshot = source.snapshot(context.workFolder().resolve("snapshot.parquet"));
            DatasetOutput dataset = context.datasets().register(name, snapshot.path(), "jdbc", source.describe());
            context.log().printf("Registered the rows of %s as %s version %d (sha256 %s)%n", source.url(), dataset.name(), dataset.version(),
                    dataset.digest());
            return Map.of("dataset", dataset);
        }
        Path file = context.file("path");
        DatasetOutput dataset = context.datasets().register(name, file, "file", file.toAbsolutePath().toString());
        context.log().printf("Registered %s as %s version %d (sha256 %s)%n", file, dataset.name(), dataset.version(), dataset.digest());
        return Map.of("dataset", dataset);
    }
}
