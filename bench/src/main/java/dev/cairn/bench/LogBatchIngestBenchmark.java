package dev.cairn.bench;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Metric ingest through {@code runs/log-batch}: N concurrent clients, each logging to its own
 * run, 1000 metric points per request, against a server on the embedded H2 database.
 *
 * <p>Usage: {@code LogBatchIngestBenchmark [clients=8] [seconds=30] [warmupSeconds=10]}. Prints
 * metric points per second and request latency percentiles.
 */
public final class LogBatchIngestBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int METRICS_PER_REQUEST = 1000;
    private static final int KEYS = 10;
    private static final int BODIES_PER_CLIENT = 64;

    private LogBatchIngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchServer.Arguments arguments = BenchServer.Arguments.parse(args);
        int clients = Integer.parseInt(arguments.at(0, "8"));
        int seconds = Integer.parseInt(arguments.at(1, "30"));
        int warmupSeconds = Integer.parseInt(arguments.at(2, "10"));
        Path home = Files.createTempDirectory("cairn-bench-ingest");
        try (BenchServer server = new BenchServer(home, arguments.databaseUrl())) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            List<String> runIds = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                runIds.add(JSON.readTree(post(http, server.baseUrl(), "/api/2.0/mlflow/runs/create", "{\"experiment_id\":\"0\"}"))
                        .at("/run/info/run_id").asText());
            }
            run(http, server.baseUrl(), runIds, warmupSeconds, new Latencies(), new AtomicLong());
            Latencies latencies = new Latencies();
            AtomicLong points = new AtomicLong();
            long start = System.nanoTime();
            run(http, server.baseUrl(), runIds, seconds, latencies, points);
            double elapsed = (System.nanoTime() - start) / 1e9;
            System.out.printf("log-batch ingest, %s, %d clients, %d metrics/request, %d cores%n",
                    server.databaseName(), clients, METRICS_PER_REQUEST, Runtime.getRuntime().availableProcessors());
            System.out.printf("  requests: %d in %.1f s (%.0f requests/s)%n", latencies.count(), elapsed, latencies.count() / elapsed);
            System.out.printf("  metric points/s: %.0f%n", points.get() / elapsed);
            System.out.printf("  latency ms: p50 %.1f  p95 %.1f  p99 %.1f%n",
                    latencies.percentileMillis(50), latencies.percentileMillis(95), latencies.percentileMillis(99));
            System.out.printf("  database size: %.0f MiB%n", server.databaseMebibytes());
        }
    }

    private static void run(HttpClient http, String baseUrl, List<String> runIds, int seconds, Latencies latencies, AtomicLong points)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(runIds.size());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (String runId : runIds) {
                List<String> bodies = bodies(runId);
                futures.add(pool.submit(() -> {
                    for (int i = 0; System.nanoTime() < deadline; i++) {
                        long begin = System.nanoTime();
                        post(http, baseUrl, "/api/2.0/mlflow/runs/log-batch", bodies.get(i % bodies.size()));
                        latencies.add(System.nanoTime() - begin);
                        points.addAndGet(METRICS_PER_REQUEST);
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /** Request bodies built ahead, so the clients spend their CPU on sending, not on JSON. */
    private static List<String> bodies(String runId) {
        List<String> bodies = new ArrayList<>();
        for (int b = 0; b < BODIES_PER_CLIENT; b++) {
            StringBuilder json = new StringBuilder(METRICS_PER_REQUEST * 80).append("{\"run_id\":\"").append(runId).append("\",\"metrics\":[");
            for (int i = 0; i < METRICS_PER_REQUEST; i++) {
                long step = (long) b * (METRICS_PER_REQUEST / KEYS) + i / KEYS;
                json.append(i == 0 ? "" : ",").append("{\"key\":\"metric_").append(i % KEYS).append("\",\"value\":")
                        .append(Math.sin(step + i)).append(",\"timestamp\":").append(1_700_000_000_000L + step)
                        .append(",\"step\":").append(step).append('}');
            }
            bodies.add(json.append("]}").toString());
        }
        return bodies;
    }

    static String post(HttpClient http, String baseUrl, String path, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
