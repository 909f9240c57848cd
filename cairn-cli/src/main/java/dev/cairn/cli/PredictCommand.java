package dev.cairn.cli;

import dev.cairn.core.registry.ModelVersion;
import dev.cairn.data.file.TableFile;
import dev.cairn.serve.batch.BatchScorer;
import dev.cairn.serve.repository.ModelRepository;
import dev.cairn.serve.repository.VersionSelector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.Optional;

/**
 * {@code cairn models predict}: scores a CSV, Parquet or JSON file through a registered version's
 * runtime, as {@code mlflow models predict} does; {@code cairn score} with the model named first.
 * The output (CSV or Parquet, by its name) holds the input's id column (when named), then
 * {@code label} and {@code probability_<class>} for classifiers or {@code prediction} for
 * regressors. It appears whole or not at all.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, description = "Score a file (CSV, Parquet, JSON) with a registered model.")
final class PredictCommand implements Runnable {
    @Mixin
    ClientOptions client;

    @Mixin
    ModelVersionRef ref;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Registered model name")
    String name;

    @Mixin
    ScoringOptions files;

    @Override
    public void run() {
        TableFile table = new TableFile(files.input);
        ModelRepository repository = ScoreCommand.repository(client);
        ModelVersion version = repository.resolve(name, VersionSelector.of(Optional.ofNullable(ref.version), Optional.ofNullable(ref.alias)));
        BatchScorer.Result result = ScoreCommand.score(repository, version, table, files.output, files.id(), files.batchSize,
                spec.commandLine().getErr());
        spec.commandLine().getOut().printf("scored %,d rows with %s version %d -> %s%n", result.rows(), name, version.version(), files.output);
    }
}
