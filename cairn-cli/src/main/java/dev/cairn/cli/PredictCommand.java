package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.error.CairnException;
import dev.cairn.data.file.TableFile;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.CsvFrames;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.pkg.ModelPackage;
import dev.cairn.model.runtime.LoadedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code cairn models predict}: scores a CSV, Parquet or JSON file through a registered version's
 * runtime, as {@code mlflow models predict} does. The output CSV holds the input's id column (when
 * named), then {@code label} and {@code probability_<class>} for classifiers or
 * {@code prediction} for regressors. It is written to a temporary file and moved into place, so a
 * failed run leaves no half-written output.
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

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "Rows to score: .csv, .parquet, .json or .jsonl")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "FILE.csv", description = "Where to write the predictions")
    Path output;

    @Option(names = "--id", paramLabel = "COLUMN", description = "An input column copied to the output to identify rows (not given to the model)")
    String idColumn;

    @Option(names = "--batch-size", defaultValue = "10000", description = "Rows per model call (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Override
    public void run() {
        TableFile table = new TableFile(input);
        JsonNode version = ref.resolve(client.client(), name);
        int number = version.path("version").asInt();
        Path folder = ModelVersionRef.downloadPackage(client.client(), name, number);
        long[] rows = {0};
        try (LoadedModel model = LoadedModel.load(ModelPackage.read(folder), 0)) {
            Path partial = Files.createTempFile(output.toAbsolutePath().getParent(), ".cairn-predict-", ".csv");
            try {
                try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
                    boolean[] headerWritten = {false};
                    table.scan(batchSize, batch -> {
                        Frame scored = score(model, batch);
                        try {
                            if (!headerWritten[0]) {
                                CsvFrames.writeHeader(scored.columns().stream().map(Column::name).toList(), out);
                                headerWritten[0] = true;
                            }
                            CsvFrames.writeRows(scored, out);
                        } catch (IOException e) {
                            throw new UncheckedIOException("cannot write " + output, e);
                        }
                        rows[0] += batch.rowCount();
                    });
                }
                Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + output, e);
        } finally {
            ModelVersionRef.deleteFolder(folder);
        }
        spec.commandLine().getOut().printf("scored %,d rows with %s version %d -> %s%n", rows[0], name, number, output);
    }

    private Frame score(LoadedModel model, Frame batch) {
        Optional<Column> id = Optional.empty();
        Frame features = batch;
        if (idColumn != null) {
            id = batch.column(idColumn);
            if (id.isEmpty()) {
                throw CairnException.invalidParameter("The input has no id column `" + idColumn + "`");
            }
            features = new Frame(batch.columns().stream().filter(column -> !column.name().equals(idColumn)).toList());
        }
        Frame predictions = model.predict(features);
        List<Column> columns = new ArrayList<>();
        id.ifPresent(columns::add);
        columns.addAll(predictions.columns());
        return new Frame(columns);
    }
}
