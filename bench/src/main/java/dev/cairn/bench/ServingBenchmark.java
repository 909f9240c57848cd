package dev.cairn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.deployment.PredictionSegment;
import dev.cairn.core.io.FolderTree;
import dev.cairn.core.registry.ModelVersion;
import dev.cairn.core.store.MetadataStore;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.runtime.LoadedModel;
import io.javalin.Javalin;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Online scoring over HTTP: the flights model deployed in Cairn (single policy, prediction log
 * on) and scored one row per Open Inference Protocol request, against a bare Javalin app on the
 * same machine that answers the same request with the bytes of Cairn's answer and does nothing
 * else. The ratio is what Cairn's serving path (routing, OIP decoding, encoding, the model,
 * OIP encoding, the prediction log, metrics) costs on top of the HTTP server it is built on.
 *
 * <p>The load comes from {@code wrk} (a separate process, {@code apt-get install wrk}): 64
 * persistent connections, 2 threads, each request a POST of one real monitoring row. Both
 * servers share the machine's cores with wrk. Each target is warmed up, then measured in
 * alternating rounds (bare, Cairn, bare, Cairn, ...) so drift does not favour either.
 *
 * <p>Usage: {@code ServingBenchmark [--model xgboost|logistic] [--package DIR] [--max-wait-ms N]
 * [--max-batch-size N] [--threads N] [warm-up seconds=10] [seconds=20] [rounds=2] [connections=64]}.
 * {@code --model xgboost} (the default) is the example's winner; {@code --model logistic} its
 * logistic regression candidate alone, an ONNX package. Without {@code --package} the model is
 * first trained from {@code examples/flights/train.yaml} (for {@code logistic}, a copy with only
 * that model). The three settings go into the deployment's {@code settings} as
 * {@code max_wait_ms} (above 0 turns micro-batching on), {@code max_batch_size} and
 * {@code threads}; the others keep the server's defaults.
 */
public final class ServingBenchmark {
    private static final String DEPLOYMENT = "flights";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The line wrk's {@code done} hook prints: requests, microseconds, then errors and latency percentiles. */
    private static final Pattern RESULT = Pattern.compile("RESULT (\\d+) (\\d+) (\\d+) (\\d+) (\\d+) (\\d+) (\\d+) ([0-9.]+) ([0-9.]+) ([0-9.]+)");

    private ServingBenchmark() {
    }

    /** One wrk measurement. */
    record Measurement(long requests, double seconds, long errors, double p50Millis, double p99Millis, double p999Millis) {
        double requestsPerSecond() {
            return requests / seconds;
        }

        @Override
        public String toString() {
            return String.format("%,9.0f requests/s, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, %d errors",
                    requestsPerSecond(), p50Millis, p99Millis, p999Millis, errors);
        }
    }

    public static void main(String[] args) throws Exception {
        FlightsModel.Arguments arguments = FlightsModel.Arguments.parse(args);
        int warmup = Integer.parseInt(arguments.at(0, "10"));
        int seconds = Integer.parseInt(arguments.at(1, "20"));
        int rounds = Integer.parseInt(arguments.at(2, "2"));
        int connections = Integer.parseInt(arguments.at(3, "64"));
        Path home = Files.createTempDirectory("cairn-bench-serving-");
        // The first request, whose answer the bare server replays, then every answer wrk counts.
        long answered = 1;
        try {
            try (BenchServer server = new BenchServer(home, Optional.empty())) {
                ModelVersion version = FlightsModel.obtain(server, arguments.variant(), arguments.packageFolder());
                ObjectNode deployment = JSON.createObjectNode().put("name", DEPLOYMENT).put("model", version.name()).put("version", version.version());
                if (!arguments.settings().isEmpty()) {
                    ObjectNode settings = deployment.putObject("settings");
                    arguments.settings().forEach(settings::put);
                }
                FlightsModel.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/deployments"))
                        .POST(HttpRequest.BodyPublishers.ofString(deployment.toString())));
                JsonNode deployed = awaitReady(server.baseUrl());
                System.out.printf("Deployment settings: %s%n", deployed.path("spec").path("settings"));
                JsonNode metadata = FlightsModel.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v2/models/" + DEPLOYMENT)));
                List<String> inputs = new ArrayList<>();
                metadata.get("inputs").forEach(input -> inputs.add(input.get("name").asText()));
                Frame row = FlightsData.fromSpec().head("monitor", 1).select(inputs);
                String body = requestBody(metadata, row);
                String cairnUrl = server.baseUrl() + "/v2/models/" + DEPLOYMENT + "/infer";
                byte[] answer = firstAnswer(cairnUrl, body);
                System.out.printf("Deployed %s version %d (%s); request %d bytes, answer %d bytes:%n  %s%n  %s%n", version.name(),
                        version.version(), metadata.path("platform").asText(), body.length(), answer.length, body,
                        new String(answer, StandardCharsets.UTF_8));
                System.out.printf("model alone (LoadedModel.predict of this row, one thread, %d s): %,.0f calls/s%n", warmup,
                        modelCallsPerSecond(server, version, row, warmup));
                answered += measure(home, body, answer, cairnUrl, warmup, seconds, rounds, connections);
                String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                System.out.printf("prediction log while serving: %s dropped (cairn_prediction_log_dropped_total)%n",
                        metric(metrics, "cairn_prediction_log_dropped_total"));
            }
            // Closing the server writes the log's last segment: count what reached the artifact store.
            System.out.printf("prediction log after stop: %,d records written; %,d answers counted (wrk misses those in flight when it stops)%n",
                    loggedRecords(home), answered);
        } finally {
            FolderTree.delete(home);
        }
    }

    /** The ceiling the model sets: one-row predictions per second on one thread, in process, after a second of warm-up. */
    private static double modelCallsPerSecond(BenchServer server, ModelVersion version, Frame row, int seconds) {
        try (LoadedModel model = FlightsModel.repository(server).load(version, 1)) {
            long warm = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < warm) {
                model.predict(row);
            }
            long calls = 0;
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                model.predict(row);
                calls++;
            }
            return calls / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Warms up and measures both servers in alternating rounds, prints the figures and returns how many requests Cairn answered. */
    private static long measure(Path home, String body, byte[] answer, String cairnUrl, int warmup, int seconds, int rounds, int connections)
            throws IOException, InterruptedException {
        Javalin bare = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            // Reads the body as any JSON endpoint must, then answers Cairn's bytes.
            config.routes.post("/infer", ctx -> {
                ctx.bodyAsBytes();
                ctx.contentType("application/json").result(answer);
            });
        }).start();
        try {
            Path script = home.resolve("post.lua");
            Files.writeString(script, wrkScript(body));
            String bareUrl = "http://127.0.0.1:" + bare.port() + "/infer";
            // The machine is shared: the load average says how much of it the measurement had.
            System.out.printf("wrk, %d connections, 2 threads, %d cores (load average %.1f); warm-up %d s each, then %d alternating rounds of %d s%n",
                    connections, Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    warmup, rounds, seconds);
            System.out.println("  warm-up bare:  " + wrk(script, bareUrl, connections, warmup));
            Measurement cairnWarmup = wrk(script, cairnUrl, connections, warmup);
            System.out.println("  warm-up Cairn: " + cairnWarmup);
            List<Measurement> bareRounds = new ArrayList<>();
            List<Measurement> cairnRounds = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                bareRounds.add(wrk(script, bareUrl, connections, seconds));
                System.out.printf("  round %d bare:  %s%n", round, bareRounds.get(round - 1));
                cairnRounds.add(wrk(script, cairnUrl, connections, seconds));
                System.out.printf("  round %d Cairn: %s%n", round, cairnRounds.get(round - 1));
            }
            System.out.printf("  load average after: %.1f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            Measurement bareTotal = combine(bareRounds);
            Measurement cairnTotal = combine(cairnRounds);
            System.out.printf("bare Javalin: %s%nCairn OIP:    %s%nratio Cairn/bare: %.2f (target >= 0.70, >= 15,000 requests/s, p99 < 10 ms)%n",
                    bareTotal, cairnTotal, cairnTotal.requestsPerSecond() / bareTotal.requestsPerSecond());
            return cairnWarmup.requests() + cairnTotal.requests();
        } finally {
            bare.stop();
        }
    }

    /** The rows of the deployment's prediction-log segments, as the store indexes them (reopened after the server wrote its last one). */
    private static long loggedRecords(Path home) {
        try (MetadataStore metadata = MetadataStore.open(StoreConfig.embedded(home))) {
            return metadata.deployments().segments(DEPLOYMENT, 0, Long.MAX_VALUE).stream().mapToLong(PredictionSegment::rows).sum();
        }
    }

    /** Waits for the deployment to be ready and returns it as the control plane describes it. */
    private static JsonNode awaitReady(String baseUrl) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        JsonNode deployment = null;
        while (System.nanoTime() < deadline) {
            deployment = FlightsModel.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/deployments/" + DEPLOYMENT))).get("deployment");
            if (deployment.path("state").asText().equals("ready")) {
                return deployment;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("The deployment never became ready: " + deployment);
    }

    /** An OIP request of one tensor per signature input, each holding the row's value in the datatype the metadata names. */
    private static String requestBody(JsonNode metadata, Frame row) {
        ObjectNode request = JSON.createObjectNode();
        ArrayNode inputs = request.putArray("inputs");
        for (JsonNode input : metadata.get("inputs")) {
            String name = input.get("name").asText();
            String datatype = input.get("datatype").asText();
            Column column = row.column(name).orElseThrow(() -> new IllegalStateException("the flights rows have no column " + name));
            ObjectNode tensor = inputs.addObject().put("name", name).put("datatype", datatype);
            tensor.putArray("shape").add(1);
            ArrayNode data = tensor.putArray("data");
            if (datatype.equals("BYTES")) {
                data.add(column.text(0));
            } else if (datatype.startsWith("FP")) {
                data.add(((Column.Numbers) column).values()[0]);
            } else {
                data.add((long) ((Column.Numbers) column).values()[0]);
            }
        }
        return request.toString();
    }

    private static byte[] firstAnswer(String url, String body) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Cairn answered " + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
    }

    /** A wrk script that POSTs the body and prints one parsable line of totals (latencies in microseconds). */
    private static String wrkScript(String body) {
        return "wrk.method = \"POST\"\n"
                + "wrk.body = [==[" + body + "]==]\n"
                + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
                + "done = function(summary, latency, requests)\n"
                + "  local e = summary.errors\n"
                + "  io.write(string.format(\"RESULT %d %d %d %d %d %d %d %f %f %f\\n\", summary.requests, summary.duration,\n"
                + "    e.connect, e.read, e.write, e.status, e.timeout,\n"
                + "    latency:percentile(50), latency:percentile(99), latency:percentile(99.9)))\n"
                + "end\n";
    }

    private static Measurement wrk(Path script, String url, int connections, int seconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--timeout", "5s", "-s",
                script.toString(), url).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + output);
        }
        Matcher result = RESULT.matcher(output);
        if (!result.find()) {
            throw new IllegalStateException("wrk printed no result line: " + output);
        }
        long errors = 0;
        for (int group = 3; group <= 7; group++) {
            errors += Long.parseLong(result.group(group));
        }
        return new Measurement(Long.parseLong(result.group(1)), Long.parseLong(result.group(2)) / 1e6, errors,
                Double.parseDouble(result.group(8)) / 1000, Double.parseDouble(result.group(9)) / 1000, Double.parseDouble(result.group(10)) / 1000);
    }

    /** The rounds together: summed requests and time; latency percentiles as the worst round's (wrk does not export its histogram). */
    private static Measurement combine(List<Measurement> rounds) {
        return new Measurement(rounds.stream().mapToLong(Measurement::requests).sum(), rounds.stream().mapToDouble(Measurement::seconds).sum(),
                rounds.stream().mapToLong(Measurement::errors).sum(), rounds.stream().mapToDouble(Measurement::p50Millis).max().orElseThrow(),
                rounds.stream().mapToDouble(Measurement::p99Millis).max().orElseThrow(),
                rounds.stream().mapToDouble(Measurement::p999Millis).max().orElseThrow());
    }

    /** The sum of a Prometheus counter's samples, over its labels; 0 if absent, as Cairn registers a counter at its first increment. */
    private static String metric(String scrape, String name) {
        double sum = 0;
        for (String line : scrape.lines().toList()) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return String.format("%,.0f", sum);
    }
}
