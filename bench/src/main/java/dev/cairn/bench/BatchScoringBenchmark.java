package dev.cairn.bench;

import dev.cairn.core.registry.ModelVersion;
import dev.cairn.data.file.TableFile;
import dev.cairn.data.sql.ParquetExport;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.ColumnType;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.runtime.LoadedModel;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Batch scoring of the flights example's monitoring rows (March to June 2001, as the spec's time
 * split defines them) with the registered flights model: the rows read in frames with
 * {@code TableFile.scan}, scored by a {@code LoadedModel} from the {@code ModelRepository} the
 * server's deployments use, and the predictions appended to DuckDB and written to Parquet. Next
 * to it, DuckDB itself on the same file: {@code count(*)}, a scan that reads every value, and a
 * Parquet-to-Parquet copy (the same read and write with no model in between).
 *
 * <p>Usage: {@code BatchScoringBenchmark [--package DIR] [batch rows=100000] [runs=3]}; without
 * {@code --package} the model is first trained from {@code examples/flights/train.yaml}. Prints
 * each run and the medians.
 */
public final class BatchScoringBenchmark {
    private BatchScoringBenchmark() {
    }

    /** One end-to-end pass: seconds in total, in {@code LoadedModel.predict}, and in writing. */
    private record Pass(long rows, double seconds, double modelSeconds, double writeSeconds) {
    }

    public static void main(String[] args) throws Exception {
        FlightsModel.Arguments arguments = FlightsModel.Arguments.parse(args);
        int batchRows = Integer.parseInt(arguments.at(0, "100000"));
        int runs = Integer.parseInt(arguments.at(1, "3"));
        int cores = Runtime.getRuntime().availableProcessors();
        Path home = Files.createTempDirectory("cairn-bench-batch-");
        try (BenchServer server = new BenchServer(home, Optional.empty())) {
            ModelVersion version = FlightsModel.obtain(server, arguments.packageFolder());
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
                for (int run = 0; run < runs; run++) {
                    start = System.nanoTime();
                    long[] read = {0};
                    monitor.scan(batchRows, frame -> read[0] += frame.rowCount());
                    readOnly[run] = read[0] / seconds(start);
                    Pass pass = score(monitor, model, batchRows, home.resolve("predictions.parquet"));
                    rows = pass.rows();
                    endToEnd[run] = rows / pass.seconds();
                    modelOnly[run] = rows / pass.modelSeconds();
                    System.out.printf("  run %d: %,d rows in %.2f s (model %.2f s, predictions to Parquet %.2f s, reading the rest): "
                                    + "%,.0f rows/s end to end, %,.0f rows/s in the model; TableFile.scan alone %,.0f rows/s%n", run + 1,
                            rows, pass.seconds(), pass.modelSeconds(), pass.writeSeconds(), endToEnd[run], modelOnly[run], readOnly[run]);
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
                System.out.printf("Cairn end to end (scan, score, write): median %,.0f rows/s (target >= 500,000)%n", median(endToEnd));
                System.out.printf("Cairn model only (LoadedModel.predict): median %,.0f rows/s%n", median(modelOnly));
                System.out.printf("TableFile.scan alone (DuckDB to frames over JDBC): median %,.0f rows/s%n", median(readOnly));
                System.out.printf("DuckDB count(*): median %,.0f rows/s; full scan of every column: %,.0f rows/s; "
                        + "Parquet-to-Parquet copy: %,.0f rows/s%n", median(count), median(scan), median(copy));
                System.out.printf("ratio Cairn end to end / DuckDB full scan: %.3f; / DuckDB copy: %.3f%n",
                        median(endToEnd) / median(scan), median(endToEnd) / median(copy));
            }
        } finally {
            FlightsModel.deleteTree(home);
        }
    }

    /** Scans, scores and appends every frame to a DuckDB table, then writes the table to Parquet. */
    private static Pass score(TableFile input, LoadedModel model, int batchRows, Path output) throws SQLException {
        long start = System.nanoTime();
        long[] modelNanos = {0};
        long[] writeNanos = {0};
        long[] rows = {0};
        try (DuckDBConnection duckdb = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = duckdb.createStatement()) {
            List<DuckDBAppender> appender = new ArrayList<>(1);
            try {
                input.scan(batchRows, frame -> {
                    long scored = System.nanoTime();
                    Frame predictions = model.predict(frame);
                    long written = System.nanoTime();
                    modelNanos[0] += written - scored;
                    try {
                        if (appender.isEmpty()) {
                            statement.execute("CREATE TABLE predictions (" + predictions.columns().stream()
                                    .map(c -> "\"" + c.name() + "\" " + sqlType(c)).collect(Collectors.joining(", ")) + ")");
                            appender.add(duckdb.createAppender("predictions"));
                        }
                        append(appender.get(0), predictions);
                    } catch (SQLException e) {
                        throw new IllegalStateException("cannot append predictions", e);
                    }
                    rows[0] += predictions.rowCount();
                    writeNanos[0] += System.nanoTime() - written;
                });
            } finally {
                for (DuckDBAppender open : appender) {
                    open.close();
                }
            }
            long written = System.nanoTime();
            ParquetExport.write(statement, "SELECT * FROM predictions", output);
            writeNanos[0] += System.nanoTime() - written;
        }
        return new Pass(rows[0], seconds(start), modelNanos[0] / 1e9, writeNanos[0] / 1e9);
    }

    private static String sqlType(Column column) {
        return column instanceof Column.Strings ? "VARCHAR" : column.type() == ColumnType.LONG ? "BIGINT" : "DOUBLE";
    }

    private static void append(DuckDBAppender appender, Frame frame) throws SQLException {
        List<Column> columns = frame.columns();
        for (int row = 0; row < frame.rowCount(); row++) {
            appender.beginRow();
            for (Column column : columns) {
                if (column.isNull(row)) {
                    appender.appendNull();
                } else if (column instanceof Column.Strings strings) {
                    appender.append(strings.values()[row]);
                } else if (column.type() == ColumnType.LONG) {
                    appender.append((long) ((Column.Numbers) column).values()[row]);
                } else {
                    appender.append(((Column.Numbers) column).values()[row]);
                }
            }
            appender.endRow();
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
