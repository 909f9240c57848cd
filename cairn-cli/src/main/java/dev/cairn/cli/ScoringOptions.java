package dev.cairn.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/** The file options of the commands that score a file: {@code cairn score} and {@code cairn models predict}. */
final class ScoringOptions {
    @Option(names = "--input", required = true, paramLabel = "FILE", description = "Rows to score: .csv, .parquet, .json or .jsonl")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "Where to write the predictions: .parquet or .csv")
    Path output;

    @Option(names = "--id", paramLabel = "COLUMN", description = "An input column copied to the output to identify rows (not given to the model)")
    String idColumn;

    @Option(names = "--batch-size", defaultValue = "10000", description = "Rows per model call (default: ${DEFAULT-VALUE})")
    int batchSize;

    Optional<String> id() {
        return Optional.ofNullable(idColumn);
    }
}
