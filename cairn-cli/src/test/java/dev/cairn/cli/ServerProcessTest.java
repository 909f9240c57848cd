package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server as operators run it: a separate JVM started by {@code cairn server}, writing to
 * an H2 database under its {@code CAIRN_HOME}. Killed with {@code kill -9} in the middle of
 * concurrent writes, it must keep every write it acknowledged and no half of any batch; stopped
 * with SIGTERM, it must finish the requests in flight.
 */
class ServerProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WRITERS = 4;
    private static final int POINTS_PER_BATCH = 200;

    @TempDir
    Path home;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void acknowledgedWritesSurviveKillNine() throws Exception {
        int port = freePort();
        Process server = startServer(port);
        List<String> runIds = createRuns(port);

        Map<String, Set<Integer>> acknowledged = writeUntil(port, runIds, () -> {
            sleep(2500);
            server.destroyForcibly();
        });
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(server.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        assertThat(acknowledged.values().stream().mapToInt(Set::size).sum()).as("batches acknowledged before the kill").isPositive();

        int restartedPort = freePort();
        startServer(restartedPort);
        assertEveryBatchWholeOrAbsent(restartedPort, runIds, acknowledged);
    }

    @Test
    void sigtermFinishesRequestsInFlightAndClosesCleanly() throws Exception {
        int port = freePort();
        Process server = startServer(port);
        List<String> runIds = createRuns(port);

        Map<String, Set<Integer>> acknowledged = writeUntil(port, runIds, () -> {
            sleep(1500);
            server.destroy();
        });
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(home.resolve("server-" + port + ".log"));
        assertThat(log).contains("Cairn stopped");
        assertThat(acknowledged.values().stream().mapToInt(Set::size).sum()).isPositive();

        int restartedPort = freePort();
        startServer(restartedPort);
        assertEveryBatchWholeOrAbsent(restartedPort, runIds, acknowledged);
    }

    /** Writers log batches to their own runs until {@code stopper} returns; returns what was acknowledged. */
    private Map<String, Set<Integer>> writeUntil(int port, List<String> runIds, Runnable stopper) throws Exception {
        Map<String, Set<Integer>> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        for (String runId : runIds) {
            Set<Integer> acks = ConcurrentHashMap.newKeySet();
            acknowledged.put(runId, acks);
            writers.submit(() -> {
                for (int batch = 0; running.get() && batch < 100_000; batch++) {
                    try {
                        if (post(port, "/api/2.0/mlflow/runs/log-batch", batchBody(runId, batch)).statusCode() == 200) {
                            acks.add(batch);
                        }
                    } catch (IOException e) {
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
        return acknowledged;
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
        for (int i = 0; i < WRITERS; i++) {
            HttpResponse<String> response = post(port, "/api/2.0/mlflow/runs/create", "{\"experiment_id\":\"0\"}");
            runIds.add(JSON.readTree(response.body()).at("/run/info/run_id").asText());
        }
        return runIds;
    }

    private Process startServer(int port) throws Exception {
        Path log = home.resolve("server-" + port + ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-cp", System.getProperty("java.class.path"), CairnCommand.class.getName(),
                "server", "--port", Integer.toString(port), "--home", home.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Process process = builder.start();
        processes.add(process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                if (get(port, "/health").statusCode() == 200) {
                    return process;
                }
            } catch (IOException notYet) {
                sleep(100);
            }
            assertThat(process.isAlive()).as("server process is alive; its log: " + log).isTrue();
        }
        throw new AssertionError("server did not become healthy in 60 s; see " + log);
    }

    private HttpResponse<String> post(int port, String path, String body) throws IOException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> get(int port, String path) throws IOException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
