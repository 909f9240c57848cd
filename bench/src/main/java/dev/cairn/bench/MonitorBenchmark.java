package dev.cairn.bench;

import dev.cairn.data.file.TableFile;
import dev.cairn.data.sql.ParquetExport;
import dev.cairn.monitor.drift.DriftOptions;
import dev.cairn.monitor.integrity.IntegrityOptions;
import dev.cairn.monitor.reference.ReferenceSample;
import dev.cairn.monitor.window.WindowMonitor;
import dev.cairn.monitor.window.WindowReport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

/**
 * A deployment's monitor on the flights example, without HTTP and without the model: the
 * reference built once from the training data (all 3 million rows of {@code flights-features},
 * as the quickstart registers it), then windows of the prediction log compared with it. The log's
 * windows are written as the prediction export writes them (the five inputs and two outputs as
 * JSON objects per row) from the March to June rows, in sizes from 2,000 predictions (the
 * quickstart's) to a million. The reference's outputs are a stand-in (the same formula as the
 * window's), so the join is timed and not the model; batch scoring has its own benchmark.
 *
 * <p>Usage: {@code MonitorBenchmark [runs=3] [window sizes=2000,100000,1000000]}.
 */
public final class MonitorBenchmark {
    private static final String INPUTS = "distance, hour, weekday, origin, destination";
    private static final String PROBABILITY = "least(0.99, 0.05 + hour / 40.0 + distance / 50000.0)";

    private MonitorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int[] sizes = Arrays.stream((args.length > 1 ? args[1] : "2000,100000,1000000").split(",")).mapToInt(Integer::parseInt).toArray();
        Path folder = Files.createDirectories(Path.of("bench/target/monitor"));
        FlightsData flights = FlightsData.fromSpec();
        List<String> columns = List.of("date", "hour", "weekday", "distance", "origin", "destination", "late");
        TableFile training = flights.writeAll(columns, folder.resolve("training.parquet"));
        TableFile months = flights.writePart("monitor", List.of("distance", "hour", "weekday", "origin", "destination"),
                folder.resolve("march-june.parquet"));

        for (int run = 1; run <= runs; run++) {
            long start = System.nanoTime();
            Path sample = folder.resolve("sample.parquet");
            ReferenceSample.Written written = ReferenceSample.write(training, sample, 100_000);
            long sampled = System.nanoTime();
            Path inputs = folder.resolve("inputs.parquet");
            ReferenceSample.select(new TableFile(sample), List.of("distance", "hour", "weekday", "origin", "destination"), inputs);
            long selected = System.nanoTime();
            Path outputs = folder.resolve("outputs.parquet");
            write("SELECT " + ReferenceSample.ROW_COLUMN + ", CASE WHEN " + PROBABILITY + " > 0.5 THEN '1' ELSE '0' END AS label, "
                    + PROBABILITY + " AS probability_1 FROM read_parquet('" + inputs + "')", outputs);
            long scored = System.nanoTime();
            ReferenceSample.attachOutputs(new TableFile(sample), new TableFile(outputs), folder.resolve("reference.parquet"));
            long attached = System.nanoTime();
            System.out.printf("reference %d: %,d of %,d rows; sample %.2f s, model inputs %.2f s, stand-in outputs %.2f s, join %.2f s; "
                            + "total %.2f s%n", run, written.rows(), written.sourceRows(), (sampled - start) / 1e9, (selected - sampled) / 1e9,
                    (scored - selected) / 1e9, (attached - scored) / 1e9, (attached - start) / 1e9);
        }
        TableFile reference = new TableFile(folder.resolve("reference.parquet"));
        for (int size : sizes) {
            Path window = folder.resolve("window-" + size + ".parquet");
            write("SELECT 'p' || row_number() OVER () AS prediction_id, json_object('distance', distance, 'hour', hour, 'weekday', weekday, "
                    + "'origin', origin, 'destination', destination) AS inputs, json_object('label', CASE WHEN " + PROBABILITY
                    + " > 0.5 THEN '1' ELSE '0' END, 'probability_1', " + PROBABILITY + ") AS outputs FROM " + months.readFunction()
                    + " USING SAMPLE " + size + " ROWS (reservoir, 7)", window);
            double[] seconds = new double[runs];
            WindowReport report = null;
            for (int run = 0; run < runs; run++) {
                Path work = Files.createDirectories(folder.resolve("work"));
                long start = System.nanoTime();
                report = WindowMonitor.compare(reference, window, work, DriftOptions.defaults(), IntegrityOptions.defaults());
                seconds[run] = (System.nanoTime() - start) / 1e9;
            }
            Arrays.sort(seconds);
            double median = seconds[runs / 2];
            System.out.printf("window of %,d predictions: median %.3f s (%,.0f predictions/s); inputs drifted %d of %d, outputs drifted %s, "
                            + "integrity violations %d%n", size, median, size / median,
                    report.features().columns().stream().filter(column -> column.drift()).count(), report.features().columns().size(),
                    report.predictions().map(drift -> Long.toString(drift.columns().stream().filter(column -> column.drift()).count()))
                            .orElse("-"), report.integrity().violations());
        }
    }

    private static void write(String query, Path output) throws SQLException {
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement()) {
            ParquetExport.write(statement, query, output);
        }
    }
}
