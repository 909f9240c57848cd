package dev.cairn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.artifact.LocalArtifactStore;
import dev.cairn.core.store.MetadataStore;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.store.TestDatabase;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * A real Cairn server on a free loopback port over a fresh database, and a small HTTP client
 * that talks JSON to it. Tests drive the server only over HTTP.
 */
final class RunningServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestDatabase database;
    private final Path folder;
    private final Duration statementTimeout;
    private MetadataStore metadata;
    private CairnServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A JSON response: its status and body. */
    record Response(int status, JsonNode body) {
        String errorCode() {
            return body.path("error_code").asText();
        }
    }

    RunningServer(TestDatabase.Kind kind, Path folder) {
        this(kind, folder, StoreConfig.DEFAULT_STATEMENT_TIMEOUT);
    }

    /** A server whose database stops any unit of work after {@code statementTimeout}. */
    RunningServer(TestDatabase.Kind kind, Path folder, Duration statementTimeout) {
        this.database = TestDatabase.create(kind, folder);
        this.folder = folder;
        this.statementTimeout = statementTimeout;
        open();
    }

    private void open() {
        this.metadata = MetadataStore.open(database.storeConfig().withStatementTimeout(statementTimeout));
        this.server = new CairnServer(new ServerConfig("127.0.0.1", 0, Duration.ofSeconds(5)), metadata,
                new LocalArtifactStore(folder.resolve("artifacts")), folder.resolve("cache"), Clock.systemUTC()).start();
    }

    /** Stops the server cleanly and starts a new one on the same database and artifacts (on a new port). */
    void restart() {
        server.stop();
        metadata.close();
        open();
    }

    /** The stores behind the server, for filling it faster than HTTP would. */
    MetadataStore metadata() {
        return metadata;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    Response post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /**
     * A POST that declares a {@code declaredBytes}-byte JSON body and sends only its {@code start}:
     * how a too-large request is refused, without racing the server's close against a client
     * still writing megabytes (the JDK client then reports a failed request, not the answer).
     */
    Response postDeclaring(String path, long declaredBytes, String start) {
        try {
            String answer = exchange("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                    + declaredBytes + "\r\n\r\n" + start);
            int status = Integer.parseInt(answer.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3));
            return new Response(status, JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4)));
        } catch (IOException e) {
            throw new IllegalStateException("request to " + path + " failed", e);
        }
    }

    /** Writes {@code request} as raw HTTP/1.1 and reads the answer until the server closes; an answer before the request is whole is fine. */
    String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException answeredBeforeTheEnd) {
                // The server may answer and close before a refused body is sent whole.
            }
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    Response send(String method, String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build());
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    Response put(String path, byte[] content) {
        return send(HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build());
    }

    HttpResponse<byte[]> raw(HttpRequest.Builder request) {
        return raw(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    <T> HttpResponse<T> raw(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        try {
            return client.send(request.build(), body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Logs a model package's files as a new run's {@code model} artifact and registers them as a
     * version of {@code model}; returns the version as the API answers it.
     */
    JsonNode registerPackage(String model, Path packageFolder) throws IOException {
        String runId = post("/api/2.0/mlflow/runs/create", "{\"experiment_id\": \"0\"}").body().at("/run/info/run_id").asText();
        try (Stream<Path> files = Files.list(packageFolder)) {
            for (Path file : files.toList()) {
                Response uploaded = put("/api/2.0/mlflow-artifacts/artifacts/0/" + runId + "/artifacts/model/" + file.getFileName(),
                        Files.readAllBytes(file));
                if (uploaded.status() != 200) {
                    throw new IllegalStateException("upload of " + file.getFileName() + " failed: " + uploaded.body());
                }
            }
        }
        return post("/api/2.0/mlflow/model-versions/create", "{\"name\": \"" + model + "\", \"source\": \"runs:/" + runId
                + "/model\", \"run_id\": \"" + runId + "\"}").body().get("model_version");
    }

    /** Creates a deployment from its spec (the name added) and waits up to 30 s until it serves here and is stored as ready. */
    void deploy(String name, String spec) throws IOException, InterruptedException {
        ObjectNode body = (ObjectNode) JSON.readTree(spec);
        body.put("name", name);
        Response created = post("/api/v1/deployments", body.toString());
        if (created.status() != 201) {
            throw new IllegalStateException("deployment " + name + " not created: " + created.body());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (get("/v2/models/" + name + "/ready").status() != 200
                || !get("/api/v1/deployments/" + name).body().at("/deployment/state").asText().equals("ready")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("deployment " + name + " not ready within 30 s");
            }
            Thread.sleep(50);
        }
    }

    /** An Open Inference Protocol request of one row, as one FP64 tensor of shape [1, columns]. */
    static String oneRowRequest(double[] row) {
        ObjectNode request = JSON.createObjectNode();
        ObjectNode tensor = request.putArray("inputs").addObject().put("name", "row").put("datatype", "FP64");
        tensor.putArray("shape").add(1).add(row.length);
        ArrayNode data = tensor.putArray("data");
        for (double value : row) {
            data.add(value);
        }
        return request.toString();
    }

    URI uri(String path) {
        return URI.create(baseUrl() + path);
    }

    Response send(HttpRequest.Builder request) {
        return send(request.build());
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            JsonNode json = body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
            return new Response(response.statusCode(), json);
        } catch (IOException e) {
            throw new IllegalStateException("request to " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
        metadata.close();
        database.close();
    }
}
