package dev.cairn.server;

import dev.cairn.core.store.TestDatabase;
import dev.cairn.core.tracking.LogBatch;
import dev.cairn.core.tracking.NewRun;
import dev.cairn.core.tracking.Param;
import dev.cairn.core.tracking.TrackingStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sixteen pathological searches at once, again and again, while four writers keep logging: every
 * write succeeds, {@code /health} stays 200, and each search ends soon after the statement timeout
 * with its page, a 400 saying it ran too long, or a 429 when too many run at once; never a 5xx.
 */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class SearchFloodTest {
    private static final Duration TIMEOUT = Duration.ofMillis(300);
    private static final int RUNS = 3_000;

    @Parameter
    TestDatabase.Kind kind;

    @TempDir
    Path folder;

    private RunningServer server;
    private String experimentId;

    @BeforeEach
    void fill() {
        server = new RunningServer(kind, folder, TIMEOUT);
        TrackingStore tracking = server.metadata().tracking();
        experimentId = tracking.createExperiment("flood", Optional.empty(), List.of());
        for (int i = 0; i < RUNS; i++) {
            String runId = tracking.createRun(new NewRun(experimentId, "u", Optional.empty(), i, List.of())).info().runId();
            tracking.logBatch(runId, new LogBatch(List.of(), IntStream.range(0, 10).mapToObj(k -> new Param("p" + k, "aaaa" + k)).toList(),
                    List.of()));
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void slowSearchesEndInTimeWhileWritesAndHealthCarryOn() throws Exception {
        // Twenty conditions (the most allowed) every run passes but the last, so the database joins each run twenty times and finds nothing.
        String filter = IntStream.range(0, 19).mapToObj(i -> "params.p" + (i % 10) + " LIKE '%a" + "%".repeat(1 + i / 10) + "'")
                .collect(Collectors.joining(" and ")) + " and params.p0 = 'none'";
        String search = "{\"experiment_ids\": [\"" + experimentId + "\"], \"filter\": \"" + filter
                + "\", \"order_by\": [\"params.p1 DESC\", \"params.p2 ASC\"], \"max_results\": 1000}";
        String writerRun = server.post("/api/2.0/mlflow/runs/create", "{\"experiment_id\": \"" + experimentId + "\"}")
                .body().at("/run/info/run_id").asText();

        AtomicBoolean flooding = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> searchMillis = new ConcurrentLinkedQueue<>();
        List<Integer> searchStatuses = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(21);
        List<Future<?>> tasks = new ArrayList<>();
        for (int s = 0; s < 16; s++) {
            tasks.add(pool.submit(() -> {
                while (flooding.get()) {
                    long start = System.nanoTime();
                    RunningServer.Response response = server.post("/api/2.0/mlflow/runs/search", search);
                    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    searchMillis.add(millis);
                    if (millis > TIMEOUT.toMillis() + 5_000) {
                        problems.add("a search took " + millis + " ms and answered " + response.status() + " " + response.body());
                    }
                    searchStatuses.add(response.status());
                    boolean explained = response.status() == 400 && response.body().path("message").asText().contains("ran longer")
                            || response.status() == 429 && response.body().path("error_code").asText().equals("REQUEST_LIMIT_EXCEEDED");
                    if (response.status() != 200 && !explained) {
                        problems.add("search answered " + response.status() + " " + response.body());
                    }
                }
                return null;
            }));
        }
        int[] writes = new int[4];
        for (int w = 0; w < 4; w++) {
            int writer = w;
            tasks.add(pool.submit(() -> {
                for (int step = 0; flooding.get(); step++) {
                    RunningServer.Response response = server.post("/api/2.0/mlflow/runs/log-metric", "{\"run_id\": \"" + writerRun
                            + "\", \"key\": \"w" + writer + "\", \"value\": " + step + ", \"timestamp\": 1, \"step\": " + step + "}");
                    if (response.status() != 200) {
                        problems.add("write answered " + response.status() + " " + response.body());
                    }
                    writes[writer]++;
                }
                return null;
            }));
        }
        tasks.add(pool.submit(() -> {
            while (flooding.get()) {
                RunningServer.Response health = server.get("/health");
                if (health.status() != 200) {
                    problems.add("health answered " + health.status() + " " + health.body());
                }
                Thread.sleep(100);
            }
            return null;
        }));
        Thread.sleep(6_000);
        flooding.set(false);
        for (Future<?> task : tasks) {
            task.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(problems).isEmpty();
        assertThat(searchStatuses).as("the searches were stopped at the timeout").contains(400);
        assertThat(searchMillis.stream().mapToLong(Long::longValue).max().orElseThrow())
                .as("the slowest search, in ms").isLessThan(TIMEOUT.toMillis() + 5_000);
        assertThat(IntStream.of(writes).min().orElseThrow()).as("each writer kept writing").isPositive();
    }
}
