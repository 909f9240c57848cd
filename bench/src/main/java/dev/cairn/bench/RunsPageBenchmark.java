package dev.cairn.bench;

import dev.cairn.core.tracking.TrackingStore;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dashboard's runs page, {@code GET /experiments/{id}}, over an experiment of N runs (default
 * 100,000) shaped like tunings: six metrics and five params a run, and every other block of ten
 * runs a parent with nine children (the {@code mlflow.parentRunId} tag). Each case is measured
 * next to its peer, the same search through {@code POST /api/2.0/mlflow/runs/search} with
 * {@code max_results} 50, so the ratio of the two is what rendering the page costs:
 * <ul>
 *   <li>the first page (newest first),</li>
 *   <li>sorted by a metric, descending,</li>
 *   <li>a metric-and-param filter,</li>
 *   <li>page 21, reached by following the next-page links,</li>
 *   <li>the first page as the htmx partial ({@code HX-Request: true}), the table alone.</li>
 * </ul>
 * All cases are warmed up together (50 rounds), then each is timed sequentially and with 4
 * concurrent clients, page then API; p50, p95, p99 and mean are printed as a Markdown table.
 *
 * <p>Usage: {@code RunsPageBenchmark [runs=100000] [iterations=200] [home] [--db URL]}. The runs
 * are loaded with batched SQL ({@link BulkRuns}); a home or PostgreSQL schema that already holds
 * them is reused.
 */
public final class RunsPageBenchmark {
    private static final String EXPERIMENT = "runs-page-benchmark";
    private static final int PAGE_SIZE = 50;
    private static final int DEEP_PAGE = 21;
    private static final int CLIENTS = 4;
    private static final int WARM_UP = 50;
    private static final List<String> METRICS = List.of("roc_auc", "accuracy", "f1", "precision", "recall", "log_loss");
    private static final List<String> MODELS = List.of("xgboost", "logistic", "random_forest");
    private static final Pattern NEXT_PAGE = Pattern.compile("id=\"next-page\" href=\"([^\"]+)\"");
    private static final Pattern NEXT_TOKEN = Pattern.compile("\"next_page_token\"\\s*:\\s*\"([^\"]+)\"");

    /** One case: a page of the dashboard and the API search that reads the same runs. */
    private record Case(String name, String pageUrl, boolean partial, String apiBody) {
    }

    private RunsPageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchServer.Arguments arguments = BenchServer.Arguments.parse(args);
        int runs = Integer.parseInt(arguments.at(0, "100000"));
        int iterations = Integer.parseInt(arguments.at(1, "200"));
        Path home = arguments.positional().size() > 2 ? Path.of(arguments.positional().get(2)) : Files.createTempDirectory("cairn-bench-page");
        try (BenchServer server = new BenchServer(home, arguments.databaseUrl())) {
            String experimentId = populate(server, runs);
            double analyzed = server.analyzePostgres();
            if (analyzed > 0) {
                System.out.printf("PostgreSQL ANALYZE: %.1f s%n", analyzed);
            }
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            List<Case> cases = cases(http, server.baseUrl(), experimentId);
            System.out.printf("runs page over %d runs, %s, %d runs a page, %d iterations, %d cores%n",
                    runs, server.databaseName(), PAGE_SIZE, iterations, Runtime.getRuntime().availableProcessors());
            System.out.println("| case | clients | page p50 / p95 / p99 / mean | API p50 / p95 / p99 / mean | page/API p50 | page/API p95 |");
            System.out.println("|---|---|---|---|---|---|");
            for (int i = 0; i < WARM_UP; i++) {
                for (Case c : cases) {
                    page(http, server.baseUrl(), c);
                    api(http, server.baseUrl(), c);
                }
            }
            for (Case c : cases) {
                for (int clients : new int[] {1, CLIENTS}) {
                    Latencies page = measure(clients, iterations, () -> page(http, server.baseUrl(), c));
                    Latencies api = measure(clients, iterations, () -> api(http, server.baseUrl(), c));
                    System.out.printf("| %s | %d | %s | %s | %.1f | %.1f |%n", c.name(), clients, summary(page), summary(api),
                            page.percentileMillis(50) / api.percentileMillis(50), page.percentileMillis(95) / api.percentileMillis(95));
                }
            }
            System.out.printf("database size: %.0f MiB%n", server.databaseMebibytes());
        }
    }

    /** The cases, with the deep page's URL and API token found by following the next-page links from the first page. */
    private static List<Case> cases(HttpClient http, String baseUrl, String experimentId) throws Exception {
        String firstPage = "/experiments/" + experimentId;
        String byMetric = "metrics.roc_auc DESC";
        String filter = "metrics.roc_auc > 0.5 and params.model = 'xgboost'";
        String deepPage = firstPage;
        String deepToken = "";
        for (int page = 1; page < DEEP_PAGE; page++) {
            Matcher next = NEXT_PAGE.matcher(page(http, baseUrl, new Case("", deepPage, false, "")));
            Matcher token = NEXT_TOKEN.matcher(api(http, baseUrl, new Case("", "", false, apiBody(experimentId, "", "", deepToken))));
            if (!next.find() || !token.find()) {
                throw new IllegalStateException("Page " + page + " has no next page");
            }
            deepPage = next.group(1).replace("&amp;", "&");
            deepToken = token.group(1);
        }
        return List.of(
                new Case("first page, newest first", firstPage, false, apiBody(experimentId, "", "", "")),
                new Case("sorted by `" + byMetric + "`", firstPage + "?order=" + query(byMetric), false, apiBody(experimentId, "", byMetric, "")),
                new Case("filter `" + filter + "`", firstPage + "?filter=" + query(filter), false, apiBody(experimentId, filter, "", "")),
                new Case("page " + DEEP_PAGE + " by next-page links", deepPage, false, apiBody(experimentId, "", "", deepToken)),
                new Case("first page, htmx partial", firstPage, true, apiBody(experimentId, "", "", "")));
    }

    private static String apiBody(String experimentId, String filter, String order, String pageToken) {
        return "{\"experiment_ids\":[\"" + experimentId + "\"],\"filter\":\"" + filter + "\",\"order_by\":[\""
                + (order.isEmpty() ? "attributes.start_time DESC" : order) + "\"],\"max_results\":" + PAGE_SIZE
                + (pageToken.isEmpty() ? "" : ",\"page_token\":\"" + pageToken + "\"") + "}";
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Gets a case's page and checks that it is a full page of runs. */
    private static String page(HttpClient http, String baseUrl, Case c) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + c.pageUrl())).GET();
        if (c.partial()) {
            request.header("HX-Request", "true");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(c.pageUrl() + " answered " + response.statusCode() + ": " + response.body());
        }
        int rows = response.body().split("data-run-id=", -1).length - 1;
        if (rows != PAGE_SIZE || c.partial() == response.body().contains("<html")) {
            throw new IllegalStateException(c.pageUrl() + " answered " + rows + " rows" + (c.partial() ? " as a whole page" : ""));
        }
        return response.body();
    }

    private static String api(HttpClient http, String baseUrl, Case c) throws Exception {
        return LogBatchIngestBenchmark.post(http, baseUrl, "/api/2.0/mlflow/runs/search", c.apiBody());
    }

    private interface Request {
        void send() throws Exception;
    }

    /** Times {@code iterations} requests from each of {@code clients} threads, each sending its next as soon as the last is answered. */
    private static Latencies measure(int clients, int iterations, Request request) throws Exception {
        Latencies latencies = new Latencies();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int client = 0; client < clients; client++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < iterations; i++) {
                        long begin = System.nanoTime();
                        request.send();
                        latencies.add(System.nanoTime() - begin);
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
        return latencies;
    }

    private static String summary(Latencies latencies) {
        return String.format("%.1f / %.1f / %.1f / %.1f ms", latencies.percentileMillis(50), latencies.percentileMillis(95),
                latencies.percentileMillis(99), latencies.meanMillis());
    }

    /** Creates the experiment and loads its runs, unless an earlier run left them. */
    private static String populate(BenchServer server, int runs) throws Exception {
        TrackingStore tracking = server.metadata().tracking();
        try {
            return tracking.getExperimentByName(EXPERIMENT).experimentId();
        } catch (RuntimeException absent) {
            String experimentId = tracking.createExperiment(EXPERIMENT, Optional.empty(), List.of());
            long start = System.nanoTime();
            SplittableRandom random = new SplittableRandom(13);
            BulkRuns.load(server.jdbcUrl(), Long.parseLong(experimentId), runs, i -> run(i, random));
            System.out.printf("loaded %d runs in %.1f s%n", runs, (System.nanoTime() - start) / 1e9);
            return experimentId;
        }
    }

    /**
     * Run {@code i}: standalone in even blocks of ten, and in odd blocks a tuning, the block's first
     * run the parent of the nine after it. A run starts a minute after the one before and lasts up to 50 s.
     */
    private static BulkRuns.Row run(int i, SplittableRandom random) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (String key : METRICS) {
            metrics.put(key, random.nextDouble());
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("model", MODELS.get(random.nextInt(MODELS.size())));
        params.put("learning_rate", Double.toString(random.nextDouble(0.001, 0.3)));
        params.put("max_depth", Integer.toString(random.nextInt(2, 12)));
        params.put("n_estimators", Integer.toString(50 * random.nextInt(1, 20)));
        params.put("seed", Integer.toString(i));
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("mlflow.user", "bench");
        tags.put("mlflow.source.name", "train.py");
        boolean tuning = (i / 10) % 2 == 1;
        if (tuning && i % 10 != 0) {
            tags.put("mlflow.parentRunId", BulkRuns.runId(i - i % 10));
        }
        long start = 1_700_000_000_000L + 60_000L * i;
        return new BulkRuns.Row((tuning && i % 10 == 0 ? "tuning-" : "run-") + i, start,
                OptionalLong.of(start + 1_000 + random.nextInt(49_000)), metrics, params, tags);
    }
}
