package dev.cairn.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.pkg.ModelPackage;
import dev.cairn.model.runtime.LoadedModel;
import dev.cairn.model.testing.BreastCancerModel;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * In-process scoring throughput through Cairn's {@code LoadedModel} (signature check, Frame to
 * tensor, ONNX Runtime, tensor to Frame) against calling ONNX Runtime directly on a prebuilt
 * tensor and reading its output as one flat buffer, on the same model: a Tribuo logistic
 * regression on breast cancer exported to ONNX. Both paths build their input from Java arrays;
 * Cairn's also checks the signature and returns label and probability columns.
 *
 * <p>Usage: {@code PredictorBenchmark [seconds per measurement=5]}; each figure is the median
 * of five alternating rounds.
 */
public final class PredictorBenchmark {
    private static final int ROUNDS = 5;

    private PredictorBenchmark() {
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 5;
        BreastCancerModel trained = BreastCancerModel.train();
        ModelPackage modelPackage = trained.exportPackage(Files.createTempDirectory("cairn-bench-model"), 5);
        List<String> inputs = modelPackage.descriptor().signature().inputs().stream().map(spec -> spec.name()).toList();
        System.out.printf("scoring throughput, ONNX Runtime 1.29, %d features, 1 intra-op thread, %d cores%n",
                inputs.size(), Runtime.getRuntime().availableProcessors());
        // The environment is ONNX Runtime's process-wide singleton, shared with the Cairn model: never closed here.
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (LoadedModel model = LoadedModel.load(modelPackage, 1);
             OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = environment.createSession(modelPackage.file("model.onnx").toString(), options)) {
                for (int batch : new int[] {1, 1000}) {
                    Frame frame = frame(trained, inputs, batch);
                    float[] tensorData = tensor(frame);
                    Body cairnCall = () -> model.predict(frame);
                    Body directCall = () -> {
                        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(tensorData),
                                new long[] {batch, inputs.size()});
                             OrtSession.Result result = session.run(Map.of("input", tensor), Set.of("output"))) {
                            // The fastest read ONNX Runtime offers: one flat copy, no nested arrays.
                            ((OnnxTensor) result.get(0)).getFloatBuffer();
                        }
                    };
                    // Alternate the two paths over several rounds and keep the medians, so drift in
                    // the machine's speed (the other core, the JIT) does not favour either.
                    double[] cairnRounds = new double[ROUNDS];
                    double[] directRounds = new double[ROUNDS];
                    for (int round = 0; round < ROUNDS; round++) {
                        directRounds[round] = rowsPerSecond(seconds, batch, directCall);
                        cairnRounds[round] = rowsPerSecond(seconds, batch, cairnCall);
                    }
                    double cairn = median(cairnRounds);
                    double direct = median(directRounds);
                    System.out.printf("  batch %5d: Cairn Predictor %,12.0f rows/s | ONNX Runtime direct %,12.0f rows/s | ratio %.2f%n",
                            batch, cairn, direct, cairn / direct);
                }
            }
        }
    }

    /** A benchmark body that may throw. */
    @FunctionalInterface
    private interface Body {
        void run() throws Exception;
    }

    private static double rowsPerSecond(long seconds, int batch, Body body) throws Exception {
        long warmupEnd = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < warmupEnd) {
            body.run();
        }
        long calls = 0;
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            body.run();
            calls++;
        }
        return calls * batch / ((System.nanoTime() - start) / 1e9);
    }

    private static Frame frame(BreastCancerModel trained, List<String> inputs, int rows) {
        List<Column> columns = new ArrayList<>();
        for (String name : inputs) {
            int index = trained.featureNames().indexOf(name);
            double[] values = new double[rows];
            for (int r = 0; r < rows; r++) {
                values[r] = trained.rows().get(r % trained.rows().size())[index];
            }
            columns.add(Column.Numbers.ofDoubles(name, values));
        }
        return new Frame(columns);
    }

    private static float[] tensor(Frame frame) {
        int rows = frame.rowCount();
        int width = frame.columns().size();
        float[] data = new float[rows * width];
        for (int c = 0; c < width; c++) {
            double[] column = ((Column.Numbers) frame.columns().get(c)).values();
            for (int r = 0; r < rows; r++) {
                data[r * width + c] = (float) column[r];
            }
        }
        return data;
    }

}
