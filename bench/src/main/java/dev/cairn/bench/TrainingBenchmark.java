package dev.cairn.bench;

import dev.cairn.data.file.TableFile;
import dev.cairn.data.split.DatasetSplit;
import dev.cairn.data.split.SplitRule;
import dev.cairn.data.sql.SqlTransform;
import dev.cairn.model.encoding.FeatureEncoding;
import dev.cairn.model.frame.Frame;
import dev.cairn.train.encode.EncodingSpec;
import dev.cairn.train.trainer.Algorithm;
import dev.cairn.train.trainer.Task;
import dev.cairn.train.trainer.TrainingSet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Time to train on the January rows of flights-3m with the features of
 * {@code examples/flights/train.yaml}: the SQL transform and time split (DuckDB), fitting and
 * applying the encoding, and training each algorithm on every January row.
 *
 * <p>Usage: {@code TrainingBenchmark [flights.parquet] [runs=3] [algorithm=logistic_regression ...]};
 * prints each phase, each run, and the median.
 */
public final class TrainingBenchmark {
    /** Tribuo logs each fit at INFO; the benchmark prints its own figures. */
    private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

    private TrainingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        TRIBUO_LOG.setLevel(Level.WARNING);
        Path flights = Path.of(args.length > 0 ? args[0] : "examples/data/flights-3m.parquet");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<Algorithm> algorithms = args.length > 2
                ? Arrays.stream(args).skip(2).map(Algorithm::parse).toList() : List.of(Algorithm.LOGISTIC_REGRESSION);
        Path work = Files.createTempDirectory("cairn-bench-train-");

        long start = System.nanoTime();
        TableFile features = new SqlTransform("""
                SELECT date, CAST(hour(date) AS INTEGER) AS hour, isodow(date) AS weekday, distance, origin, destination,
                       CAST(delay > 15 AS INTEGER) AS late
                FROM flights""", Map.of("flights", new TableFile(flights))).writeParquet(work.resolve("features.parquet"));
        double transformSeconds = seconds(start);
        start = System.nanoTime();
        Frame january = new DatasetSplit(features, new SplitRule.ByTime("date",
                Map.of("train", new SplitRule.TimeRange("2001-01-01", "2001-02-01")))).read("train");
        double splitSeconds = seconds(start);
        start = System.nanoTime();
        EncodingSpec spec = new EncodingSpec(List.of("distance"), "standard", false, List.of("hour", "weekday", "origin", "destination"),
                60, Map.of(), Map.of());
        FeatureEncoding encoding = spec.fit(january);
        TrainingSet set = TrainingSet.of(Task.CLASSIFICATION, encoding.encode(january), january.column("late").orElseThrow());
        double encodeSeconds = seconds(start);
        int rows = set.size();
        System.out.printf("SQL transform of %s: %.2f s; January split: %,d rows in %.2f s; encoding (%d features): %.2f s%n",
                flights.getFileName(), transformSeconds, rows, splitSeconds, encoding.features().size(), encodeSeconds);

        for (Algorithm algorithm : algorithms) {
            Map<String, Object> params = algorithm == Algorithm.LOGISTIC_REGRESSION ? Map.of("epochs", 2, "learning_rate", 0.2)
                    : algorithm == Algorithm.XGBOOST_CLASSIFIER ? Map.of("trees", 60, "max_depth", 6) : Map.of();
            double[] trainSeconds = new double[runs];
            for (int run = 0; run < runs; run++) {
                start = System.nanoTime();
                set.train(algorithm, params, 42, Runtime.getRuntime().availableProcessors(), set.allRows());
                trainSeconds[run] = seconds(start);
                System.out.printf("%s run %d: %.2f s%n", algorithm.specName(), run + 1, trainSeconds[run]);
            }
            Arrays.sort(trainSeconds);
            double median = trainSeconds[runs / 2];
            System.out.printf("%s %s on %,d January rows, %d cores: median %.2f s, %,.0f rows/s%n", algorithm.specName(),
                    algorithm.resolve(params), rows, Runtime.getRuntime().availableProcessors(), median, rows / median);
        }
        Files.deleteIfExists(work.resolve("features.parquet"));
        Files.deleteIfExists(work);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
