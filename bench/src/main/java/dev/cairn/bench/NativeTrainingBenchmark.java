package dev.cairn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.data.file.TableFile;
import dev.cairn.data.split.DatasetSplit;
import dev.cairn.data.split.SplitRule;
import dev.cairn.data.sql.SqlTransform;
import dev.cairn.model.encoding.FeatureEncoding;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.xgboost.SparseRows;
import dev.cairn.train.encode.EncodingSpec;
import dev.cairn.train.eval.Metrics;
import dev.cairn.train.eval.Predictions;
import dev.cairn.train.trainer.Algorithm;
import dev.cairn.train.trainer.FittedModel;
import dev.cairn.train.trainer.Task;
import dev.cairn.train.trainer.TrainingSet;
import dev.cairn.train.trainer.XGBoostBinaryTrainer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cairn's XGBoost fit against XGBoost's own Python package (Debian {@code python3-xgboost}) on the
 * same matrix: the flights example's January rows and features, with February as the test rows.
 * The matrix Cairn trains on is written to files that {@code bench/native_xgboost.py} reads, and
 * the two fits alternate (which goes first alternates too), so that other work on the machine
 * weighs on both alike.
 *
 * <p>Usage: {@code NativeTrainingBenchmark [flights.parquet] [runs=3] [threads=N] [name=value ...]},
 * the pairs being {@code xgboost_classifier} parameters over the default 60 trees, depth 6, and
 * the threads both sides use (default: the cores); prints each run, the medians, their ratio and
 * both test ROC AUCs.
 */
public final class NativeTrainingBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Debian's Python, whose packages the bench script installs (another python3 may come first on the path). */
    private static final String PYTHON = "/usr/bin/python3";

    private NativeTrainingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path flights = Path.of(args.length > 0 ? args[0] : "examples/data/flights-3m.parquet");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Map<String, Object> overrides = new LinkedHashMap<>(Map.of("trees", 60, "max_depth", 6));
        int threads = Runtime.getRuntime().availableProcessors();
        for (String pair : Arrays.asList(args).subList(Math.min(2, args.length), args.length)) {
            String[] nameValue = pair.split("=", 2);
            if (nameValue[0].equals("threads")) {
                threads = Integer.parseInt(nameValue[1]);
                continue;
            }
            overrides.put(nameValue[0], nameValue[1].matches("-?[0-9]+") ? (Object) Integer.parseInt(nameValue[1])
                    : nameValue[1].matches("-?[0-9.eE+-]+") ? (Object) Double.parseDouble(nameValue[1]) : nameValue[1]);
        }
        Path work = Files.createTempDirectory("cairn-bench-native-");
        TableFile features = new SqlTransform("""
                SELECT date, CAST(hour(date) AS INTEGER) AS hour, isodow(date) AS weekday, distance, origin, destination,
                       CAST(delay > 15 AS INTEGER) AS late
                FROM flights""", Map.of("flights", new TableFile(flights))).writeParquet(work.resolve("features.parquet"));
        DatasetSplit split = new DatasetSplit(features, new SplitRule.ByTime("date",
                Map.of("train", new SplitRule.TimeRange("2001-01-01", "2001-02-01"), "test", new SplitRule.TimeRange("2001-02-01", "2001-03-01"))));
        Frame january = split.read("train");
        Frame february = split.read("test");
        FeatureEncoding encoding = new EncodingSpec(List.of("distance"), "standard", false, List.of("hour", "weekday", "origin", "destination"),
                60, Map.of(), Map.of()).fit(january);
        Frame trainEncoded = encoding.encode(january);
        Frame testEncoded = encoding.encode(february);
        TrainingSet train = TrainingSet.of(Task.CLASSIFICATION, trainEncoded, january.column("late").orElseThrow());
        TrainingSet test = TrainingSet.of(Task.CLASSIFICATION, testEncoded, february.column("late").orElseThrow());
        writeMatrix(work, "train", trainEncoded, train);
        writeMatrix(work, "test", testEncoded, test);
        Files.writeString(work.resolve("columns"), Integer.toString(encoding.features().size()));

        Algorithm algorithm = Algorithm.XGBOOST_CLASSIFIER;
        Map<String, Object> params = algorithm.resolve(overrides);
        Map<String, Object> nativeParams = new LinkedHashMap<>(new XGBoostBinaryTrainer(params, 42, threads).boosterParams());
        nativeParams.put("rounds", params.get("trees"));
        String nativeJson = JSON.writeValueAsString(nativeParams);
        System.out.printf("%,d January rows, %,d February rows, %d features, %d threads; %s%n", train.size(), test.size(),
                encoding.features().size(), threads, nativeJson);

        double[] cairnSeconds = new double[runs];
        double[] nativeSeconds = new double[runs];
        double cairnAuc = Double.NaN;
        JsonNode nativeResult = null;
        for (int run = 0; run < runs; run++) {
            boolean nativeFirst = run % 2 == 1;
            if (nativeFirst) {
                nativeResult = runNative(work, nativeJson);
            }
            long start = System.nanoTime();
            FittedModel model = train.train(algorithm, params, 42, threads, train.allRows());
            cairnSeconds[run] = (System.nanoTime() - start) / 1e9;
            cairnAuc = rocAuc(test, model);
            if (!nativeFirst) {
                nativeResult = runNative(work, nativeJson);
            }
            nativeSeconds[run] = nativeResult.get("fit_seconds").asDouble();
            System.out.printf("run %d: Cairn %.2f s (test roc_auc %.4f), XGBoost %s in Python %.2f s (test roc_auc %.4f)%n", run + 1,
                    cairnSeconds[run], cairnAuc, nativeResult.get("xgboost").asText(), nativeSeconds[run], nativeResult.get("roc_auc").asDouble());
        }
        double cairn = median(cairnSeconds);
        double python = median(nativeSeconds);
        System.out.printf("median fit: Cairn %.2f s, XGBoost in Python %.2f s; Cairn at %.2f of native speed; test roc_auc %.4f vs %.4f (%+.4f)%n",
                cairn, python, python / cairn, cairnAuc, nativeResult.get("roc_auc").asDouble(), cairnAuc - nativeResult.get("roc_auc").asDouble());
        try (var files = Files.list(work)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(work);
    }

    private static double rocAuc(TrainingSet test, FittedModel model) {
        Predictions.Classes scored = (Predictions.Classes) test.predict(model, List.of("0", "1"), test.allRows());
        return Metrics.classification(test.labels(), scored, "1").metrics().get("roc_auc");
    }

    private static JsonNode runNative(Path work, String params) throws IOException, InterruptedException {
        Process python = new ProcessBuilder(PYTHON, "bench/native_xgboost.py", work.toString(), params)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (python.waitFor() != 0) {
            throw new IllegalStateException("bench/native_xgboost.py failed: " + output);
        }
        return JSON.readTree(output);
    }

    /** The rows as Cairn's trainer builds them, in the little-endian arrays the script reads. */
    private static void writeMatrix(Path folder, String part, Frame encoded, TrainingSet set) throws IOException {
        double[][] columns = encoded.columns().stream().map(c -> ((Column.Numbers) c).values()).toArray(double[][]::new);
        SparseRows rows = SparseRows.of(columns, set.allRows());
        ByteBuffer rowStarts = buffer(rows.rowStarts().length * 8L);
        rowStarts.asLongBuffer().put(rows.rowStarts());
        write(folder.resolve(part + ".indptr"), rowStarts);
        ByteBuffer indices = buffer(rows.columns().length * 4L);
        indices.asIntBuffer().put(rows.columns());
        write(folder.resolve(part + ".indices"), indices);
        ByteBuffer values = buffer(rows.values().length * 4L);
        values.asFloatBuffer().put(rows.values());
        write(folder.resolve(part + ".values"), values);
        float[] labels = new float[set.size()];
        for (int r = 0; r < labels.length; r++) {
            labels[r] = set.labels()[r].equals("1") ? 1f : 0f;
        }
        ByteBuffer labelBytes = buffer(labels.length * 4L);
        labelBytes.asFloatBuffer().put(labels);
        write(folder.resolve(part + ".labels"), labelBytes);
    }

    private static ByteBuffer buffer(long bytes) {
        return ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void write(Path file, ByteBuffer bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
