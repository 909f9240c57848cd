package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.store.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server as operators run it: a separate JVM started by {@code cairn server}, on the
 * embedded SQLite file under its {@code CAIRN_HOME} or on PostgreSQL. Killed with {@code kill -9}
 * after bursts of concurrent writes and idle times, or in the middle of writes, it must keep
 * every write it acknowledged and no half of any batch; stopped with SIGTERM, it must finish or
 * cancel the requests in flight and close the database.
 */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class ServerProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_WRITERS = 8;
    private static final int POINTS_PER_BATCH = 200;
    private static final int ROUNDS = 16;

    @Parameter
    TestDatabase.Kind kind;

    @TempDir
    Path home;

    private TestDatabase database;
    private ServerProcesses servers;

    @BeforeEach
    void createDatabase() {
        database = TestDatabase.create(kind, home);
        servers = new ServerProcesses(home, database);
    }

    @AfterEach
    void cleanUp() {
        servers.close();
        database.close();
    }

    /**
     * Twenty rounds: a burst of 1 to 8 concurrent writers logging 1 to 120 batches each, an idle
     * time (mostly 0 to 3 s, every fifth round 12 s), then {@code kill -9}, half the time while
     * another burst is still writing. After each restart every batch acknowledged in any round so
     * far must be there, whole.
     */
    @Test
    void acknowledgedWritesSurviveKillNineAfterBurstsIdleTimesAndMidWrite() throws Exception {
        SplittableRandom random = new SplittableRandom(20261201L);
        Map<String, Set<Integer>> acknowledged = new ConcurrentHashMap<>();
        List<String> runIds = null;
        AtomicInteger nextBatch = new AtomicInteger();
        for (int round = 0; round < ROUNDS; round++) {
            int port = freePort();
            Process server = startServer(port, List.of());
            if (runIds == null) {
                runIds = createRuns(port);
                runIds.forEach(runId -> acknowledged.put(runId, ConcurrentHashMap.newKeySet()));
            } else {
                assertEveryBatchWholeOrAbsent(port, runIds, acknowledged);
            }
            int writers = 1 + random.nextInt(MAX_WRITERS);
            int batchesPerWriter = 1 + random.nextInt(120);
            writeBurst(port, runIds.subList(0, writers), batchesPerWriter, nextBatch, acknowledged);
            sleep(round % 5 == 4 ? 12_000 : random.nextInt(3_000));
            if (round % 2 == 1) {
                writeUntil(port, runIds, nextBatch, acknowledged, () -> {
                    sleep(200 + random.nextInt(800));
                    server.destroyForcibly();
                });
            } else {
                server.destroyForcibly();
            }
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(server.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        }
        assertThat(acknowledged.values().stream().mapToInt(Set::size).sum()).as("batches acknowledged in all rounds").isGreaterThan(ROUNDS);
        int port = freePort();
        startServer(port, List.of());
        assertEveryBatchWholeOrAbsent(port, runIds, acknowledged);
    }

    @Test
    void sigtermFinishesRequestsInFlightAndClosesCleanly() throws Exception {
        int port = freePort();
        Process server = startServer(port, List.of());
        List<String> runIds = createRuns(port);
        Map<String, Set<Integer>> acknowledged = new ConcurrentHashMap<>();
        runIds.forEach(runId -> acknowledged.put(runId, ConcurrentHashMap.newKeySet()));

        long[] signalled = {0};
        List<long[]> answeredAfterStart = writeUntil(port, runIds, new AtomicInteger(), acknowledged, () -> {
            sleep(1500);
            signalled[0] = System.nanoTime();
            server.destroy();
        });
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(logOf(port));
        assertThat(log).contains("Cairn stopped", "Metadata store closed");
        assertThat(acknowledged.values().stream().mapToInt(Set::size).sum()).isPositive();
        assertThat(answeredAfterStart).as("requests sent before SIGTERM and answered 200 after it: they were finished, not dropped")
                .anyMatch(request -> request[0] < signalled[0] && request[1] > signalled[0]);

        int restartedPort = freePort();
        startServer(restartedPort, List.of());
        assertEveryBatchWholeOrAbsent(restartedPort, runIds, acknowledged);
    }

    /**
     * An upload whose body never arrives outlasts the grace period: after SIGTERM the server
     * cancels it (the upload fails, nothing is stored), exits, and still closes the database cleanly
     * (on SQLite the write-ahead log is checkpointed and removed).
     */
    @Test
    void sigtermCancelsARequestThatNeverFinishesAndStillClosesTheDatabase() throws Exception {
        int port = freePort();
        Process server = startServer(port, List.of("--shutdown-grace", "2"));
        List<String> runIds = createRuns(port);
        Map<String, Set<Integer>> acknowledged = new ConcurrentHashMap<>();
        runIds.forEach(runId -> acknowledged.put(runId, ConcurrentHashMap.newKeySet()));
        writeBurst(port, runIds, 5, new AtomicInteger(), acknowledged);

        try (Socket stalled = new Socket("127.0.0.1", port)) {
            OutputStream out = stalled.getOutputStream();
            out.write(("PUT /api/2.0/mlflow-artifacts/artifacts/0/" + runIds.get(0) + "/artifacts/big.bin HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nContent-Length: 100000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[64 * 1024]);
            out.flush();
            sleep(500);
            long stopping = System.nanoTime();
            server.destroy();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("the server exits although a request never finishes").isTrue();
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - stopping)).isLessThan(20);
        }
        String log = Files.readString(logOf(port));
        assertThat(log).contains("big.bin failed", "Cairn stopped", "Metadata store closed");
        if (kind == TestDatabase.Kind.SQLITE) {
            assertThat(home.resolve("db").resolve("cairn.db-wal")).as("a clean close checkpoints and removes the log").doesNotExist();
        }
        int restartedPort = freePort();
        startServer(restartedPort, List.of());
        assertEveryBatchWholeOrAbsent(restartedPort, runIds, acknowledged);
        assertThat(acknowledged.values().stream().mapToInt(Set::size).sum()).isEqualTo(5 * runIds.size());
        assertThat(get(restartedPort, "/api/2.0/mlflow/artifacts/list?run_id=" + runIds.get(0)).body())
                .as("the cancelled upload left no artifact").doesNotContain("big.bin");
    }

    /** Each writer logs a fixed number of batches to its own run and records the acknowledged ones. */
    private void writeBurst(int port, List<String> runIds, int batchesPerWriter, AtomicInteger nextBatch,
                            Map<String, Set<Integer>> acknowledged) throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(runIds.size());
        List<Future<?>> results = new ArrayList<>();
        for (String runId : runIds) {
            results.add(writers.submit(() -> {
                for (int i = 0; i < batchesPerWriter; i++) {
                    int batch = nextBatch.getAndIncrement();
                    HttpResponse<String> response = post(port, "/api/2.0/mlflow/runs/log-batch", batchBody(runId, batch));
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                    acknowledged.get(runId).add(batch);
                }
                return null;
            }));
        }
        writers.shutdown();
        assertThat(writers.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
        for (Future<?> result : results) {
            result.get();
        }
    }

    /**
     * Writers log batches to their own runs until {@code stopper} returns, recording what was
     * acknowledged; returns the start and end times (nanoTime) of every request answered 200.
     */
    private List<long[]> writeUntil(int port, List<String> runIds, AtomicInteger nextBatch, Map<String, Set<Integer>> acknowledged,
                                    Runnable stopper) throws Exception {
        List<long[]> answered = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService writers = Executors.newFixedThreadPool(runIds.size());
        for (String runId : runIds) {
            writers.submit(() -> {
                while (running.get()) {
                    int batch = nextBatch.getAndIncrement();
                    try {
                        long start = System.nanoTime();
                        if (post(port, "/api/2.0/mlflow/runs/log-batch", batchBody(runId, batch)).statusCode() == 200) {
                            acknowledged.get(runId).add(batch);
                            answered.add(new long[] {start, System.nanoTime()});
                        }
                    } catch (IOException connectionLost) {
                        return null;
                    }
                }
                return null;
            });
        }
        stopper.run();
        running.set(false);
        writers.shutdown();
        assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        return answered;
    }

    private void assertEveryBatchWholeOrAbsent(int port, List<String> runIds, Map<String, Set<Integer>> acknowledged) throws Exception {
        for (String runId : runIds) {
            JsonNode run = JSON.readTree(get(port, "/api/2.0/mlflow/runs/get?run_id=" + runId).body()).get("run");
            Set<Integer> batchesWithParam = new HashSet<>();
            run.at("/data/params").forEach(param -> batchesWithParam.add(Integer.parseInt(param.get("key").asText().substring("batch_".length()))));

            Map<Integer, Integer> pointsPerBatch = new HashMap<>();
            String token = null;
            do {
                String query = "/api/2.0/mlflow/metrics/get-history?run_id=" + runId + "&metric_key=m&max_results=25000"
                        + (token == null ? "" : "&page_token=" + token);
                JsonNode page = JSON.readTree(get(port, query).body());
                page.path("metrics").forEach(point -> pointsPerBatch.merge((int) (point.get("step").asLong() / POINTS_PER_BATCH), 1, Integer::sum));
                token = page.has("next_page_token") ? page.get("next_page_token").asText() : null;
            } while (token != null);

            assertThat(batchesWithParam).as("every acknowledged batch of run " + runId + " is stored").containsAll(acknowledged.get(runId));
            assertThat(pointsPerBatch.keySet()).as("metrics and params of a batch land together").isEqualTo(batchesWithParam);
            assertThat(pointsPerBatch.values()).as("no batch is half-written").allMatch(count -> count == POINTS_PER_BATCH);
        }
    }

    private static String batchBody(String runId, int batch) {
        String metrics = IntStream.range(0, POINTS_PER_BATCH)
                .mapToObj(i -> "{\"key\":\"m\",\"value\":" + i + ",\"timestamp\":" + batch + ",\"step\":" + ((long) batch * POINTS_PER_BATCH + i) + "}")
                .collect(Collectors.joining(",", "[", "]"));
        return "{\"run_id\":\"" + runId + "\",\"metrics\":" + metrics + ",\"params\":[{\"key\":\"batch_" + batch + "\",\"value\":\"ok\"}]}";
    }

    private List<String> createRuns(int port) throws Exception {
        List<String> runIds = new ArrayList<>();
        for (int i = 0; i < MAX_WRITERS; i++) {
            HttpResponse<String> response = post(port, "/api/2.0/mlflow/runs/create", "{\"experiment_id\":\"0\"}");
            runIds.add(JSON.readTree(response.body()).at("/run/info/run_id").asText());
        }
        return runIds;
    }

    private Path logOf(int port) {
        return servers.logOf(port);
    }

    private Process startServer(int port, List<String> options) throws Exception {
        return servers.start(port, options);
    }

    private HttpResponse<String> post(int port, String path, String body) throws IOException {
        return servers.post(port, path, body);
    }

    private HttpResponse<String> get(int port, String path) throws IOException {
        return servers.get(port, path);
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        return servers.send(request);
    }

    private static int freePort() throws IOException {
        return ServerProcesses.freePort();
    }

    private static void sleep(long millis) {
        ServerProcesses.sleep(millis);
    }
}
