package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.store.TestDatabase;
import dev.cairn.model.pkg.ModelPackage;
import dev.cairn.model.testing.BreastCancerModel;

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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Cairn servers started as operators start them, {@code cairn server} in a JVM of its own, for crash tests. */
final class ServerProcesses implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path home;
    private final TestDatabase database;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Process> processes = new ArrayList<>();

    ServerProcesses(Path home, TestDatabase database) {
        this.home = home;
        this.database = database;
    }

    /** The log file of the server on a port. */
    Path logOf(int port) {
        return home.resolve("server-" + port + ".log");
    }

    /** Starts a server on a port and returns once it answers {@code /health}. */
    Process start(int port, List<String> options) throws Exception {
        return launch("server", port, options);
    }

    /** Starts {@code cairn <command> --port P --home H options...} and returns once it answers {@code /health}. */
    Process launch(String subcommand, int port, List<String> options) throws Exception {
        Path log = logOf(port);
        // The class path goes in an argument file: ONNX Runtime reads the process's command line at start-up, and a
        // command line of a hundred jars overflows its stack.
        Path classPath = home.resolve("classpath.args");
        Files.writeString(classPath, "-cp \"" + System.getProperty("java.class.path") + "\"\n");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "@" + classPath,
                CairnCommand.class.getName(), subcommand, "--port", Integer.toString(port), "--home", home.toString()));
        if (database.jdbcUrl().startsWith("jdbc:postgresql:")) {
            command.addAll(List.of("--db", database.jdbcUrl()));
        } else {
            assertThat(database.jdbcUrl()).isEqualTo(StoreConfig.sqliteUrl(StoreConfig.embeddedFile(home)));
        }
        command.addAll(options);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                if (get(port, "/health").statusCode() == 200) {
                    return process;
                }
            } catch (IOException notYet) {
                sleep(50);
            }
            assertThat(process.isAlive()).as("server process is alive; its log: " + Files.readString(log)).isTrue();
        }
        throw new AssertionError("server did not become healthy in 60 s; see " + log);
    }

    HttpResponse<String> post(int port, String path, String body) throws IOException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> get(int port, String path) throws IOException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build());
    }

    HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Registers a model package over HTTP as version 1 of a new model; it must become READY. */
    void register(int port, String model, ModelPackage modelPackage) throws Exception {
        post(port, "/api/2.0/mlflow/registered-models/create", "{\"name\": \"" + model + "\"}");
        String runId = JSON.readTree(post(port, "/api/2.0/mlflow/runs/create", "{\"experiment_id\": \"0\"}").body())
                .at("/run/info/run_id").asText();
        try (Stream<Path> files = Files.list(modelPackage.folder())) {
            for (Path file : files.toList()) {
                HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/2.0/mlflow-artifacts/artifacts/0/" + runId + "/artifacts/model/" + file.getFileName()))
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(file))).build());
                assertThat(put.statusCode()).isEqualTo(200);
            }
        }
        JsonNode version = JSON.readTree(post(port, "/api/2.0/mlflow/model-versions/create", "{\"name\": \"" + model + "\", \"source\": \"runs:/"
                + runId + "/model\", \"run_id\": \"" + runId + "\"}").body()).get("model_version");
        assertThat(version.get("status").asText()).isEqualTo("READY");
    }

    /** An OIP request of one breast-cancer row, as one [1, features] tensor. */
    static String oneRowRequest(BreastCancerModel trained) {
        ObjectNode request = JSON.createObjectNode();
        ObjectNode tensor = request.putArray("inputs").addObject().put("name", "row").put("datatype", "FP64");
        tensor.putArray("shape").add(1).add(trained.featureNames().size());
        ArrayNode data = tensor.putArray("data");
        for (double value : trained.rows().get(0)) {
            data.add(value);
        }
        return request.toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops every process cleanly (SIGTERM) and waits for it to exit. */
    void stopAll() throws InterruptedException {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            process.waitFor();
        }
    }

    /** Kills every server still running. */
    @Override
    public void close() {
        processes.forEach(Process::destroyForcibly);
    }
}
