package dev.cairn.bench;

import dev.cairn.core.io.FolderTree;
import dev.cairn.core.registry.ModelVersion;
import dev.cairn.data.file.TableFile;
import dev.cairn.data.sql.ParquetExport;
import dev.cairn.model.runtime.LoadedModel;
import dev.cairn.serve.batch.BatchScorer;
import org.duckdb.DuckDBConnection;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Optional;

/**
 * Batch scoring of the flights example's monitoring rows (March to June 2001, as the spec's time
 * split defines them) with the registered flights model, through the product's own path: a
 * {@code LoadedModel} from the {@code ModelRepository} the server's deployments use, given to
 * {@link BatchScorer} (what {@code cairn score} runs), which scans the file in frames with
 * {@code TableFile.scan}, scores each and writes the predictions to Parquet through DuckDB. Beside
 * it, two partial passes that say where the time goes: the scan alone, and the scan with
 * {@code LoadedModel.predict} timed. And DuckDB itself on the same file: {@code count(*)}, a scan
 * that reads every value, and a Parquet-to-Parquet copy (the same read and write with no model in
 * between).
 *
 * <p>Usage: {@code BatchScoringBenchmark [--model xgboost|logistic] [--package DIR] [batch rows=100000] [runs=3]};
 * {@code --model logistic} is the example's logistic regression candidate alone (ONNX). Without
 * {@code --package} the model is first trained from {@code examples/flights/train.yaml}. Prints
 * each run and the medians.
 */
public final class BatchScoringBenchmark {
    private BatchScoringBenchmark() {
    }


    public static void main(String[] args) throws Exception {
        FlightsModel.Arguments arguments = FlightsModel.Arguments.parse(args);
        int batchRows = Integer.parseInt(arguments.at(0, "100000"));
        int runs = Integer.parseInt(arguments.at(1, "3"));
        int cores = Runtime.getRuntime().availableProcessors();
        Path home = Files.createTempDirectory("cairn-bench-batch-");
        try (BenchServer server = new BenchServer(home, Optional.empty())) {
            ModelVersion version = FlightsModel.obtain(server, arguments.variant(), arguments.packageFolder());
            try (LoadedModel model = FlightsModel.repository(server).load(version, cores)) {
                long start = System.nanoTime();
                // The file holds the model's inputs only, as a file prepared for scoring would.
                TableFile monitor = FlightsData.fromSpec().writePart("monitor",
                        model.descriptor().signature().inputs().stream().map(input -> input.name()).toList(), home.resolve("monitor.parquet"));
                System.out.printf("Monitoring rows (spec transform and split, DuckDB) written to Parquet in %.2f s%n", seconds(start));
                System.out.printf("Scoring %s with %s version %d (%s), batches of %,d rows, %d cores (load average %.1f)%n",
                        monitor.path().getFileName(), version.name(), version.version(), model.descriptor().flavor().wireName(), batchRows, cores,
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                double[] endToEnd = new double[runs];
                double[] modelOnly = new double[runs];
                double[] readOnly = new double[runs];
                long rows = 0;
                BatchScorer scorer = new BatchScorer(model, batchRows);
                for (int run = 0; run < runs; run++) {
                    start = System.nanoTime();
                    long[] read = {0};
                    monitor.scan(batchRows, frame -> read[0] += frame.rowCount());
                    double readSeconds = seconds(start);
                    readOnly[run] = read[0] / readSeconds;
                    long[] modelNanos = {0};
                    monitor.scan(batchRows, frame -> {
                        long scored = System.nanoTime();
                        model.predict(frame);
                        modelNanos[0] += System.nanoTime() - scored;
                    });
                    modelOnly[run] = read[0] / (modelNanos[0] / 1e9);
                    BatchScorer.Result result = scorer.score(monitor, home.resolve("predictions.parquet"), Optional.empty(), scored -> { });
                    rows = result.rows();
                    endToEnd[run] = result.rowsPerSecond();
                    System.out.printf("  run %d: BatchScorer %,d rows in %.2f s: %,.0f rows/s end to end; the model alone %.2f s of a scan "
                                    + "(%,.0f rows/s); TableFile.scan alone %.2f s (%,.0f rows/s)%n", run + 1, rows, result.seconds(),
                            endToEnd[run], modelNanos[0] / 1e9, modelOnly[run], readSeconds, readOnly[run]);
                }
                double[] count = new double[runs];
                double[] scan = new double[runs];
                double[] copy = new double[runs];
                try (DuckDBConnection duckdb = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
                     Statement statement = duckdb.createStatement()) {
                    String table = monitor.readFunction();
                    for (int run = 0; run < runs; run++) {
                        count[run] = rows / timed(statement, "SELECT count(*) FROM " + table);
                        // hash() of every column makes DuckDB decode every value; Parquet statistics cannot answer it.
                        scan[run] = rows / timed(statement, "SELECT sum(hash(COLUMNS(*))) FROM " + table);
                        start = System.nanoTime();
                        ParquetExport.write(statement, "SELECT * FROM " + table, home.resolve("copy.parquet"));
                        copy[run] = rows / seconds(start);
                    }
                }
                System.out.printf("Cairn BatchScorer end to end (scan, score, write Parquet): median %,.0f rows/s (target >= 500,000)%n", median(endToEnd));
                System.out.printf("Cairn model only (LoadedModel.predict): median %,.0f rows/s%n", median(modelOnly));
                System.out.printf("TableFile.scan alone (DuckDB to frames over JDBC): median %,.0f rows/s%n", median(readOnly));
                System.out.printf("DuckDB count(*): median %,.0f rows/s; full scan of every column: %,.0f rows/s; "
                        + "Parquet-to-Parquet copy: %,.0f rows/s%n", median(count), median(scan), median(copy));
                System.out.printf("ratio Cairn end to end / DuckDB full scan: %.3f; / DuckDB copy: %.3f%n",
                        median(endToEnd) / median(scan), median(endToEnd) / median(copy));
            }
        } finally {
            FolderTree.delete(home);
        }
    }

    private static double timed(Statement statement, String sql) throws SQLException {
        long start = System.nanoTime();
        try (ResultSet result = statement.executeQuery(sql)) {
            result.next();
        }
        return seconds(start);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
