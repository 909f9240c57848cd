package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.registry.ModelVersion;
import dev.cairn.data.file.TableFile;
import dev.cairn.model.runtime.LoadedModel;
import dev.cairn.serve.batch.BatchScorer;
import dev.cairn.serve.repository.ModelRepository;
import dev.cairn.serve.repository.VersionSelector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * {@code cairn score}: batch scoring of a CSV, Parquet or JSON file of any size, streamed in
 * batches through the version a deployment serves or a registered version, into a Parquet or CSV
 * file, with a progress line. The model comes through the same repository and verified cache the
 * server serves from.
 */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Score a file of any size (CSV, Parquet, JSON) with a deployment's or a registered model's version.")
final class ScoreCommand implements Runnable {
    @Mixin
    ClientOptions client;

    @Mixin
    ModelVersionRef ref;

    @Spec
    CommandSpec spec;

    @Option(names = "--deployment", paramLabel = "NAME", description = "Score with the version this deployment's stable arm serves")
    String deployment;

    @Option(names = "--model", paramLabel = "NAME", description = "Score with a registered model (with --version or --alias; else its latest READY version)")
    String model;

    @Mixin
    ScoringOptions files;

    @Override
    public void run() {
        if ((deployment == null) == (model == null)) {
            throw CairnException.invalidParameter("Give --deployment NAME or --model NAME");
        }
        if (deployment != null && (ref.version != null || ref.alias != null)) {
            throw CairnException.invalidParameter("--version and --alias go with --model; a deployment names its own version");
        }
        ModelRepository repository = repository(client);
        ModelVersion version = deployment != null ? servedBy(client.client(), repository, deployment)
                : repository.resolve(model, VersionSelector.of(Optional.ofNullable(ref.version), Optional.ofNullable(ref.alias)));
        PrintWriter out = spec.commandLine().getOut();
        BatchScorer.Result result = score(repository, version, new TableFile(files.input), files.output, files.id(), files.batchSize,
                spec.commandLine().getErr());
        out.printf("scored %,d rows with %s version %d -> %s (%,.0f rows/s)%n", result.rows(), version.name(), version.version(), files.output,
                result.rowsPerSecond());
    }

    /** The repository the CLI scores through: the server's registry, cached under the client's cache folder. */
    static ModelRepository repository(ClientOptions options) {
        return new ModelRepository(new RemoteModelSource(options.client()), options.cacheFolder().resolve("models"));
    }

    /** Scores a file with a version, printing progress to {@code progress} at most twice a second. */
    static BatchScorer.Result score(ModelRepository repository, ModelVersion version, TableFile input, Path output, Optional<String> idColumn,
                                    int batchSize, PrintWriter progress) {
        long[] lastPrinted = {System.nanoTime()};
        long start = System.nanoTime();
        try (LoadedModel loaded = repository.load(version, 0)) {
            BatchScorer.Result result = new BatchScorer(loaded, batchSize).score(input, output, idColumn, rows -> {
                long now = System.nanoTime();
                if (now - lastPrinted[0] > 500_000_000L) {
                    lastPrinted[0] = now;
                    progress.printf("\rscored %,d rows (%,.0f rows/s)", rows, rows / ((now - start) / 1e9));
                    progress.flush();
                }
            });
            if (lastPrinted[0] != start) {
                progress.println();
            }
            return result;
        }
    }

    private static ModelVersion servedBy(CairnClient client, ModelRepository repository, String name) {
        JsonNode found = client.get("/api/v1/deployments/" + name, Map.of()).path("deployment");
        JsonNode arm = found.at("/serving/arms/0");
        if (arm.isMissingNode()) {
            throw CairnException.invalidParameter("Deployment '" + name + "' serves nothing yet (state: " + found.path("state").asText()
                    + "); wait until it is ready or score with --model");
        }
        return repository.resolve(arm.path("model").asText(), new VersionSelector.Number(arm.path("version").asInt()));
    }
}
