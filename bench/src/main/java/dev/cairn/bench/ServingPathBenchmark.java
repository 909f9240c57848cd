package dev.cairn.bench;

import dev.cairn.model.frame.Frame;
import dev.cairn.model.pkg.ModelPackage;
import dev.cairn.model.runtime.LoadedModel;
import dev.cairn.model.signature.Signature;
import dev.cairn.serve.log.RowJson;
import dev.cairn.serve.protocol.InferenceRequest;
import dev.cairn.serve.protocol.OipCodec;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The parts of serving one Open Inference Protocol row, timed in process on one thread in CPU
 * time, without HTTP: decoding the request ({@code OipCodec.readRequest}), the model ({@code LoadedModel.predict}),
 * writing the response ({@code OipCodec.writeResponse} with the parameters the server adds), the
 * prediction log's JSON of the row's inputs and outputs ({@code RowJson}, which the log's writer
 * thread renders), and decode, predict and write together. The request is the one
 * {@link ServingBenchmark} sends for the flights model. On a shared machine these figures move
 * far less than {@link ServingBenchmark}'s, whose requests/s follow the other sessions' load.
 *
 * <p>Usage: {@code ServingPathBenchmark PACKAGE_DIR [seconds per figure=3]}, with a package that
 * {@link ServingBenchmark} saved, such as {@code bench/target/flights-lr-model}. Every figure is
 * measured twice; the second pass, after the first has warmed the code up, is printed.
 */
public final class ServingPathBenchmark {
    /** The flights monitoring row ServingBenchmark sends, in its field order. */
    private static final byte[] REQUEST = ("{\"inputs\":[{\"name\":\"distance\",\"datatype\":\"FP64\",\"shape\":[1],\"data\":[2419.0]},"
            + "{\"name\":\"hour\",\"datatype\":\"INT64\",\"shape\":[1],\"data\":[0]},"
            + "{\"name\":\"weekday\",\"datatype\":\"INT64\",\"shape\":[1],\"data\":[4]},"
            + "{\"name\":\"origin\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\"SFO\"]},"
            + "{\"name\":\"destination\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\"IAD\"]}]}").getBytes(StandardCharsets.UTF_8);
    private static final int CALLS_PER_CLOCK_READ = 100;

    /** Keeps each call's result reachable, so the JIT cannot drop the call. */
    private static volatile Object lastResult;

    private ServingPathBenchmark() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: ServingPathBenchmark PACKAGE_DIR [seconds per figure=3]");
        }
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        try (LoadedModel model = LoadedModel.load(ModelPackage.read(Path.of(args[0])), 1)) {
            Signature signature = model.descriptor().signature();
            Frame inputs = OipCodec.readRequest(REQUEST, signature).inputs();
            Frame outputs = model.predict(inputs);
            for (int pass = 0; pass < 2; pass++) {
                boolean print = pass == 1;
                measure("decode (readRequest)", seconds, print, () -> OipCodec.readRequest(REQUEST, signature));
                measure("model (LoadedModel.predict)", seconds, print, () -> model.predict(inputs));
                measure("write (writeResponse)", seconds, print,
                        () -> OipCodec.writeResponse("flights", "1", Optional.empty(), outputs, parameters()));
                measure("log row JSON (RowJson x2)", seconds, print, () -> RowJson.of(inputs, 0) + RowJson.of(outputs, 0));
                measure("decode + predict + write", seconds, print, () -> {
                    InferenceRequest request = OipCodec.readRequest(REQUEST, signature);
                    return OipCodec.writeResponse("flights", "1", request.id(), model.predict(request.inputs()), parameters());
                });
            }
        }
    }

    /** What InferenceRoutes adds to every response. */
    private static Map<String, Object> parameters() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("prediction_ids", List.of("e6116584f4f60baa28d856e039363486"));
        parameters.put("arm", "stable");
        parameters.put("model", "flights-delay-lr");
        return parameters;
    }

    /**
     * Calls for {@code seconds} of this thread's CPU time and prints the CPU time a call took:
     * CPU time, not wall time, so that the time the thread waits for a core other processes hold
     * is not counted.
     */
    private static void measure(String what, int seconds, boolean print, Supplier<Object> call) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long calls = 0;
        long start = threads.getCurrentThreadCpuTime();
        long end = start + seconds * 1_000_000_000L;
        long now = start;
        while (now < end) {
            for (int i = 0; i < CALLS_PER_CLOCK_READ; i++) {
                lastResult = call.get();
            }
            calls += CALLS_PER_CLOCK_READ;
            now = threads.getCurrentThreadCpuTime();
        }
        double micros = (now - start) / 1e3 / calls;
        if (print) {
            System.out.printf("  %-30s %7.2f us of CPU/call (%,.0f calls per CPU second)%n", what, micros, 1e6 / micros);
        }
    }
}
