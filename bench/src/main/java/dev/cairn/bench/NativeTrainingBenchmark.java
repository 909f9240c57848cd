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
 * Cairn's fits against the native libraries on the same matrix: XGBoost's own Python package
 * (Debian {@code python3-xgboost}) for {@code xgboost_classifier}, and scikit-learn's
 * {@code SGDClassifier} (Debian {@code python3-sklearn}) for {@code logistic_regression}. The
 * matrix is the flights example's January rows and features, with February as the test rows;
 * the matrix Cairn trains on is written to files that {@code bench/native_xgboost.py} and
 * {@code bench/native_sklearn.py} read, and Cairn's and the native fit alternate (which goes first
 * alternates too), so that other work on the machine weighs on both alike.
 *
 * <p>Usage: {@code NativeTrainingBenchmark [flights.parquet] [runs=3] [name=value ...]}. The pairs:
 * {@code algorithms=xgboost_classifier,logistic_regression} (the default: both, in that order);
 * {@code threads=N}, the threads both XGBoosts use (default: the cores; the SGD fits use one);
 * parameters of either algorithm, which go to the one that has them (over the defaults of 60
 * trees, depth 6 for XGBoost); and {@code sklearn.NAME=VALUE}, arguments of {@code SGDClassifier}
 * over {@code loss="log_loss"}, {@code max_iter} = epochs, {@code tol=None} (every epoch runs),
 * {@code random_state=42} and scikit-learn's defaults for the rest (the {@code "optimal"} step
 * schedule, an L2 penalty of 1e-4); {@code None} is written {@code None}. Prints each run, the medians,
 * their ratio and both test ROC AUCs, per algorithm.
 */
public final class NativeTrainingBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Debian's Python, whose packages the bench script installs (another python3 may come first on the path). */
    private static final String PYTHON = "/usr/bin/python3";

    private NativeTrainingBenchmark() {
    }

    /**
     * One side-by-side comparison.
     *
     * @param algorithm what Cairn trains
     * @param params its resolved parameters
     * @param script the Python script of the native fit
     * @param nativeJson the native fit's parameters
     * @param library the native library's name, and the key of its version in the script's answer
     */
    private record Comparison(Algorithm algorithm, Map<String, Object> params, String script, String nativeJson, String library) {
    }

    public static void main(String[] args) throws Exception {
        Path flights = Path.of(args.length > 0 ? args[0] : "examples/data/flights-3m.parquet");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Map<String, Object> xgboostOverrides = new LinkedHashMap<>(Map.of("trees", 60, "max_depth", 6));
        Map<String, Object> logisticOverrides = new LinkedHashMap<>();
        Map<String, Object> sklearnOverrides = new LinkedHashMap<>();
        List<Algorithm> algorithms = List.of(Algorithm.XGBOOST_CLASSIFIER, Algorithm.LOGISTIC_REGRESSION);
        int threads = Runtime.getRuntime().availableProcessors();
        for (String pair : Arrays.asList(args).subList(Math.min(2, args.length), args.length)) {
            String[] nameValue = pair.split("=", 2);
            if (nameValue[0].equals("threads")) {
                threads = Integer.parseInt(nameValue[1]);
            } else if (nameValue[0].equals("algorithms")) {
                algorithms = Arrays.stream(nameValue[1].split(",")).map(Algorithm::parse).toList();
            } else if (nameValue[0].startsWith("sklearn.")) {
                sklearnOverrides.put(nameValue[0].substring("sklearn.".length()), nameValue[1].equals("None") ? null : value(nameValue[1]));
            } else if (Algorithm.LOGISTIC_REGRESSION.defaults().containsKey(nameValue[0])) {
                logisticOverrides.put(nameValue[0], value(nameValue[1]));
            } else {
                xgboostOverrides.put(nameValue[0], value(nameValue[1]));
            }
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
        System.out.printf("%,d January rows, %,d February rows, %d features, %d threads%n", train.size(), test.size(),
                encoding.features().size(), threads);

        for (Algorithm algorithm : algorithms) {
            Comparison comparison = algorithm == Algorithm.LOGISTIC_REGRESSION
                    ? logistic(Algorithm.LOGISTIC_REGRESSION.resolve(logisticOverrides), sklearnOverrides)
                    : xgboost(Algorithm.XGBOOST_CLASSIFIER.resolve(xgboostOverrides), threads);
            compare(comparison, train, test, work, threads, runs);
        }
        try (var files = Files.list(work)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(work);
    }

    private static Object value(String text) {
        return text.matches("-?[0-9]+") ? (Object) Integer.parseInt(text) : text.matches("-?[0-9.eE+-]+") ? (Object) Double.parseDouble(text) : text;
    }

    private static Comparison xgboost(Map<String, Object> params, int threads) throws IOException {
        Map<String, Object> nativeParams = new LinkedHashMap<>(new XGBoostBinaryTrainer(params, 42, threads).boosterParams());
        nativeParams.put("rounds", params.get("trees"));
        return new Comparison(Algorithm.XGBOOST_CLASSIFIER, params, "bench/native_xgboost.py", JSON.writeValueAsString(nativeParams), "xgboost");
    }

    private static Comparison logistic(Map<String, Object> params, Map<String, Object> sklearnOverrides) throws IOException {
        // SGDClassifier has no AdaGrad: its own step schedule ("optimal", with its L2 penalty of 1e-4), the same epochs,
        // every row each epoch (tol=None). A constant step of Cairn's size is sklearn.learning_rate=constant sklearn.eta0=0.1.
        Map<String, Object> nativeParams = new LinkedHashMap<>();
        nativeParams.put("loss", "log_loss");
        nativeParams.put("max_iter", params.get("epochs"));
        nativeParams.put("tol", null);
        nativeParams.put("random_state", 42);
        nativeParams.putAll(sklearnOverrides);
        return new Comparison(Algorithm.LOGISTIC_REGRESSION, params, "bench/native_sklearn.py", JSON.writeValueAsString(nativeParams), "sklearn");
    }

    private static void compare(Comparison comparison, TrainingSet train, TrainingSet test, Path work, int threads, int runs)
            throws IOException, InterruptedException {
        String name = comparison.algorithm().specName();
        System.out.printf("%s %s against %s %s%n", name, comparison.params(), comparison.library(), comparison.nativeJson());
        double[] cairnSeconds = new double[runs];
        double[] nativeSeconds = new double[runs];
        double cairnAuc = Double.NaN;
        JsonNode nativeResult = null;
        for (int run = 0; run < runs; run++) {
            boolean nativeFirst = run % 2 == 1;
            if (nativeFirst) {
                nativeResult = runNative(work, comparison);
            }
            long start = System.nanoTime();
            FittedModel model = train.train(comparison.algorithm(), comparison.params(), 42, threads, train.allRows());
            cairnSeconds[run] = (System.nanoTime() - start) / 1e9;
            cairnAuc = rocAuc(test, model);
            model.dispose();
            if (!nativeFirst) {
                nativeResult = runNative(work, comparison);
            }
            nativeSeconds[run] = nativeResult.get("fit_seconds").asDouble();
            System.out.printf("%s run %d: Cairn %.3f s (test roc_auc %.4f), %s %s in Python %.3f s (test roc_auc %.4f)%n", name, run + 1,
                    cairnSeconds[run], cairnAuc, comparison.library(), nativeResult.get(comparison.library()).asText(), nativeSeconds[run],
                    nativeResult.get("roc_auc").asDouble());
        }
        double cairn = median(cairnSeconds);
        double python = median(nativeSeconds);
        System.out.printf("%s median fit: Cairn %.3f s, %s in Python %.3f s; Cairn at %.2f of native speed; test roc_auc %.4f vs %.4f (%+.4f)%n",
                name, cairn, comparison.library(), python, python / cairn, cairnAuc, nativeResult.get("roc_auc").asDouble(),
                cairnAuc - nativeResult.get("roc_auc").asDouble());
    }

    private static double rocAuc(TrainingSet test, FittedModel model) {
        Predictions.Classes scored = (Predictions.Classes) test.predict(model, List.of("0", "1"), test.allRows());
        return Metrics.classification(test.labels(), scored, "1").metrics().get("roc_auc");
    }

    private static JsonNode runNative(Path work, Comparison comparison) throws IOException, InterruptedException {
        Process python = new ProcessBuilder(PYTHON, comparison.script(), work.toString(), comparison.nativeJson())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (python.waitFor() != 0) {
            throw new IllegalStateException(comparison.script() + " failed: " + output);
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
