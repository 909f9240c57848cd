package dev.cairn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.cli.CairnCommand;
import dev.cairn.pipeline.run.ExecutionSettings;
import dev.cairn.pipeline.run.PipelineExecutor;
import dev.cairn.pipeline.run.PipelineResult;
import dev.cairn.pipeline.spec.PipelineSpec;
import dev.cairn.pipeline.spec.PipelineSpecReader;
import dev.cairn.pipeline.step.ContentDigest;
import dev.cairn.pipeline.step.StepTypes;
import dev.cairn.pipeline.steps.BuiltInSteps;
import dev.cairn.pipeline.store.InProcessPipelines;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Pipelines: (a) the flights example ({@code examples/flights/pipeline.yaml}) run once in full,
 * then re-run unchanged, where every step comes from the cache: in this JVM through the command
 * line's own code ({@code cairn pipelines run}, over the REST API of a server in this JVM), and as
 * a fresh {@code cairn} process; beside it a fresh {@code cairn --version} (what starting the
 * JVM and the command line costs) and what hashing every file once would cost. (b) The
 * executor's cost per step: 100 trivial steps in a chain and in a fan-out (one root, 99 steps
 * reading it), run, then re-run from the cache, recording into the stores in-process.
 *
 * <p>Usage: {@code PipelineBenchmark [pipeline.yaml] [reruns=5] [--db URL]}; prints each run and the medians.
 */
public final class PipelineBenchmark {
    /** Tribuo logs each fit at INFO; the benchmark prints its own figures. */
    private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");
    private static final int TRIVIAL_STEPS = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private PipelineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        TRIBUO_LOG.setLevel(Level.WARNING);
        BenchServer.Arguments arguments = BenchServer.Arguments.parse(args);
        Path pipeline = Path.of(arguments.at(0, "examples/flights/pipeline.yaml")).toAbsolutePath();
        int reruns = Integer.parseInt(arguments.at(1, "5"));
        Path home = Files.createTempDirectory("cairn-bench-pipeline-");
        try (BenchServer server = new BenchServer(home, arguments.databaseUrl())) {
            System.out.printf(Locale.ROOT, "%d cores, %s, Java %s%n", Runtime.getRuntime().availableProcessors(), server.databaseName(),
                    System.getProperty("java.version"));
            flightsNoOpRerun(server, pipeline, home.resolve("work"), reruns);
            storedNoOpRerun(server, pipeline, reruns);
            trivialSteps(server, home.resolve("trivial"));
        }
    }

    private static void flightsNoOpRerun(BenchServer server, Path pipeline, Path work, int reruns) throws Exception {
        String[] command = {"pipelines", "run", pipeline.toString(), "--server", server.baseUrl(), "--work", work.toString()};
        double full = cli(command, true);
        System.out.printf(Locale.ROOT, "%nflights pipeline, first run (every step runs): %.1f s%n", full);
        List<Double> inProcess = new ArrayList<>();
        for (int i = 0; i < reruns; i++) {
            inProcess.add(cli(command, i == 0));
        }
        System.out.printf(Locale.ROOT, "no-op re-run, cairn pipelines run in this JVM: %s s, median %.3f s%n", list(inProcess), median(inProcess));
        List<Double> fresh = new ArrayList<>();
        for (int i = 0; i < reruns; i++) {
            fresh.add(process(command));
        }
        System.out.printf(Locale.ROOT, "no-op re-run, a fresh cairn process:          %s s, median %.3f s%n", list(fresh), median(fresh));
        List<Double> started = new ArrayList<>();
        for (int i = 0; i < reruns; i++) {
            started.add(process(new String[]{"--version"}));
        }
        System.out.printf(Locale.ROOT, "cairn --version, a fresh process (JVM and command line start): %s s, median %.3f s%n", list(started),
                median(started));
        Path source = pipeline.resolveSibling("../data/flights-3m.parquet").normalize();
        List<Path> files = new ArrayList<>(List.of(source));
        try (Stream<Path> walk = Files.walk(work)) {
            walk.filter(Files::isRegularFile).filter(file -> !file.toString().endsWith(".log")).forEach(files::add);
        }
        long start = System.nanoTime();
        long bytes = 0;
        for (Path file : files) {
            ContentDigest.ofPath(file);
            bytes += Files.size(file);
        }
        System.out.printf(Locale.ROOT, "hashing the source and the work files once (%d files, %.1f MB): %.3f s%n", files.size(),
                bytes / 1e6, (System.nanoTime() - start) / 1e9);
    }

    /** Runs the command line in this JVM and returns its seconds; prints its output when asked. */
    /**
     * The flights pipeline stored on the server and requested through the API, as a schedule or a
     * trigger requests it: the time from the request to the run's end, and to its start (db-scheduler
     * picking it). Every step is a cache hit of the command line's runs above.
     */
    private static void storedNoOpRerun(BenchServer server, Path pipeline, int reruns) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ObjectNode body = JSON.createObjectNode().put("spec", Files.readString(pipeline)).put("folder", pipeline.getParent().toString());
        send(http, HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/pipelines")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
        List<Double> total = new ArrayList<>();
        List<Double> picked = new ArrayList<>();
        for (int i = 0; i <= reruns; i++) {
            long started = System.nanoTime();
            JsonNode run = send(http, HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/pipelines/flights/runs"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build()).path("run");
            String path = server.baseUrl() + "/api/v1/pipelines/flights/runs/" + run.path("id").asLong();
            while (run.path("state").asText().equals("QUEUED") || run.path("state").asText().equals("RUNNING")) {
                Thread.sleep(5);
                run = send(http, HttpRequest.newBuilder(URI.create(path)).GET().build()).path("run");
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            if (!run.path("state").asText().equals("SUCCEEDED")) {
                throw new IllegalStateException("stored run " + run + " did not succeed");
            }
            // The first run hashes the reused files once into the server's own file-digest stamps; it is not a no-op.
            if (i > 0) {
                total.add(seconds);
                picked.add((run.path("start_time").asLong() - run.path("request_time").asLong()) / 1e3);
            }
        }
        System.out.printf(Locale.ROOT, "no-op re-run, stored on the server, requested through the API: %s s, median %.3f s%n", list(total),
                median(total));
        System.out.printf(Locale.ROOT, "  of which request to start (db-scheduler picks the run): %s s, median %.3f s%n", list(picked),
                median(picked));
    }

    private static JsonNode send(HttpClient http, HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static double cli(String[] command, boolean print) {
        StringWriter out = new StringWriter();
        long start = System.nanoTime();
        int exit = CairnCommand.commandLine().setOut(new PrintWriter(out)).execute(command);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException("cairn " + String.join(" ", command) + " exited " + exit + ":\n" + out);
        }
        if (print) {
            System.out.print(out);
        }
        return seconds;
    }

    /** Runs the command line as a new JVM, as a user's shell does, and returns its wall-clock seconds. */
    private static double process(String[] command) throws Exception {
        Path argFile = Files.createTempFile("cairn-bench-java-args", ".txt");
        // In an argument file: a 100-jar class path on the command line overflows ONNX Runtime's stack (see bench/run).
        Files.writeString(argFile, "-cp " + System.getProperty("java.class.path"));
        List<String> line = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "@" + argFile,
                CairnCommand.class.getName()));
        line.addAll(Arrays.asList(command));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int exit = process.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException("cairn process exited " + exit);
        }
        return seconds;
    }

    private static void trivialSteps(BenchServer server, Path work) {
        StepTypes types = BuiltInSteps.types(List.of(new TrivialStep()));
        PipelineExecutor executor = InProcessPipelines.executor(types, server.metadata(), server.artifacts(),
                new ExecutionSettings(Runtime.getRuntime().availableProcessors(), Duration.ofSeconds(1), work), event -> { });
        System.out.printf(Locale.ROOT, "%n%d trivial steps, recorded in-process | run, ms per step | cached re-run, ms per step%n", TRIVIAL_STEPS);
        for (String shape : List.of("chain", "fan-out")) {
            PipelineSpec spec = new PipelineSpecReader(types).read(trivialPipeline(shape), work);
            List<Double> ran = new ArrayList<>();
            List<Double> cached = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ran.add(millisPerStep(() -> executor.run(spec, true)));
                cached.add(millisPerStep(() -> executor.run(spec, false)));
            }
            System.out.printf(Locale.ROOT, "%-8s | %s median %.2f | %s median %.2f%n", shape, list(ran), median(ran), list(cached), median(cached));
        }
    }

    /** Runs a pipeline of trivial steps; its wall-clock milliseconds per step. */
    private static double millisPerStep(Supplier<PipelineResult> run) {
        long start = System.nanoTime();
        PipelineResult result = run.get();
        double millis = (System.nanoTime() - start) / 1e6;
        if (!result.succeeded()) {
            throw new IllegalStateException("the trivial pipeline failed: " + result.steps());
        }
        return millis / TRIVIAL_STEPS;
    }

    private static String trivialPipeline(String shape) {
        StringBuilder yaml = new StringBuilder("name: trivial-" + shape + "\nsteps:\n  s0: {type: trivial}\n");
        for (int i = 1; i < TRIVIAL_STEPS; i++) {
            int upstream = shape.equals("chain") ? i - 1 : 0;
            yaml.append("  s").append(i).append(": {type: trivial, inputs: {upstream: \"${steps.s").append(upstream).append(".outputs.result}\"}}\n");
        }
        return yaml.toString();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String list(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.3f", v)).toList().toString();
    }
}
