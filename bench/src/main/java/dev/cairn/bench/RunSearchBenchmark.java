package dev.cairn.bench;

import dev.cairn.core.tracking.LogBatch;
import dev.cairn.core.tracking.Metric;
import dev.cairn.core.tracking.NewRun;
import dev.cairn.core.tracking.Param;
import dev.cairn.core.tracking.Tag;
import dev.cairn.core.tracking.TrackingStore;

import java.net.http.HttpClient;
import java.sql.SQLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code runs/search} over an experiment of N runs (default 100,000), each with three metrics,
 * two params and a tag, through the HTTP API, on the embedded SQLite database or the one
 * {@code --db} names.
 *
 * <p>Usage: {@code RunSearchBenchmark [runs=100000] [iterations=200] [home] [--db URL] [--bulk]}.
 * With a home (or schema) that already holds the runs, population is skipped. Runs are created
 * through the store, two small durable commits each, unless {@code --bulk} loads them with batched
 * SQL in large transactions (runs, params, tags and latest metrics, the rows search reads; no
 * metric history), which is how the million-run population is made. Prints p50/p95 per query.
 */
public final class RunSearchBenchmark {
    private static final String EXPERIMENT = "search-benchmark";
    private static final List<String[]> QUERIES = List.of(
            new String[] {"metrics.rmse < 0.5", "metrics.rmse ASC"},
            new String[] {"metrics.rmse < 0.5 and params.model = 'tree'", "attributes.start_time DESC"},
            new String[] {"metrics.accuracy > 0.9", "metrics.accuracy DESC"},
            new String[] {"", "metrics.rmse DESC"});

    private RunSearchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchServer.Arguments arguments = BenchServer.Arguments.parse(args);
        boolean bulk = arguments.positional().remove("--bulk");
        int runs = Integer.parseInt(arguments.at(0, "100000"));
        int iterations = Integer.parseInt(arguments.at(1, "200"));
        Path home = arguments.positional().size() > 2 ? Path.of(arguments.positional().get(2)) : Files.createTempDirectory("cairn-bench-search");
        try (BenchServer server = new BenchServer(home, arguments.databaseUrl())) {
            TrackingStore tracking = server.metadata().tracking();
            String experimentId = populate(tracking, runs, bulk ? Optional.of(server.jdbcUrl()) : Optional.empty());
            double analyzed = server.analyzePostgres();
            if (analyzed > 0) {
                System.out.printf("PostgreSQL ANALYZE (autovacuum's job, off on this machine): %.1f s%n", analyzed);
            }
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            System.out.printf("runs/search over %d runs, %s, max_results 100, %d iterations, %d cores%n",
                    runs, server.databaseName(), iterations, Runtime.getRuntime().availableProcessors());
            for (String[] query : QUERIES) {
                String body = "{\"experiment_ids\":[\"" + experimentId + "\"],\"filter\":\"" + query[0]
                        + "\",\"order_by\":[\"" + query[1] + "\"],\"max_results\":100}";
                for (int i = 0; i < 20; i++) {
                    LogBatchIngestBenchmark.post(http, server.baseUrl(), "/api/2.0/mlflow/runs/search", body);
                }
                Latencies latencies = new Latencies();
                for (int i = 0; i < iterations; i++) {
                    long begin = System.nanoTime();
                    LogBatchIngestBenchmark.post(http, server.baseUrl(), "/api/2.0/mlflow/runs/search", body);
                    latencies.add(System.nanoTime() - begin);
                }
                System.out.printf("  filter [%s] order_by [%s]: p50 %.1f ms, p95 %.1f ms%n",
                        query[0], query[1], latencies.percentileMillis(50), latencies.percentileMillis(95));
            }
            System.out.printf("  database size: %.0f MiB%n", server.databaseMebibytes());
        }
    }

    /** Creates the benchmark experiment and its runs, unless an earlier call left them. */
    private static String populate(TrackingStore tracking, int runs, Optional<String> bulkUrl) throws Exception {
        try {
            return tracking.getExperimentByName(EXPERIMENT).experimentId();
        } catch (RuntimeException absent) {
            String experimentId = tracking.createExperiment(EXPERIMENT, Optional.empty(), List.of());
            long start = System.nanoTime();
            if (bulkUrl.isPresent()) {
                bulkLoad(bulkUrl.get(), Long.parseLong(experimentId), runs);
                System.out.printf("bulk-loaded %d runs in %.1f s%n", runs, (System.nanoTime() - start) / 1e9);
                return experimentId;
            }
            int threads = 4;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                futures.add(pool.submit(() -> {
                    SplittableRandom random = new SplittableRandom(first);
                    for (int i = first; i < runs; i += threads) {
                        String runId = tracking.createRun(new NewRun(experimentId, "bench", Optional.of("run-" + i),
                                1_700_000_000_000L + i, List.of())).info().runId();
                        tracking.logBatch(runId, new LogBatch(
                                List.of(new Metric("rmse", random.nextDouble(), 1, 0), new Metric("accuracy", random.nextDouble(), 1, 0),
                                        new Metric("loss", random.nextDouble(), 1, 0)),
                                List.of(new Param("model", random.nextBoolean() ? "tree" : "linear"),
                                        new Param("lr", Double.toString(random.nextDouble()))),
                                List.of(new Tag("stage", "bench"))));
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            pool.shutdown();
            System.out.printf("populated %d runs in %.1f s%n", runs, (System.nanoTime() - start) / 1e9);
            return experimentId;
        }
    }

    /** Loads runs with batched SQL; the same random values as {@link #populate}'s. */
    private static void bulkLoad(String jdbcUrl, long experimentId, int runs) throws SQLException {
        SplittableRandom random = new SplittableRandom(0);
        BulkRuns.load(jdbcUrl, experimentId, runs, i -> {
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (String key : List.of("rmse", "accuracy", "loss")) {
                metrics.put(key, random.nextDouble());
            }
            Map<String, String> params = new LinkedHashMap<>();
            params.put("model", random.nextBoolean() ? "tree" : "linear");
            params.put("lr", Double.toString(random.nextDouble()));
            return new BulkRuns.Row("run-" + i, 1_700_000_000_000L + i, OptionalLong.empty(), metrics, params, Map.of("stage", "bench"));
        });
    }
}
