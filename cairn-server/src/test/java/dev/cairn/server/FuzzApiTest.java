package dev.cairn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.store.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ten thousand seeded random malformed requests across every route: wrong types, oversize and
 * overflowing values, broken JSON, odd encodings and paths. No answer may be a 5xx, and every
 * error must be {@code {"error_code", "message"}} without a stack trace, SQL or file path.
 */
class FuzzApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REQUESTS = 10_000;
    private static final String API = "/api/2.0/mlflow";
    private static final String[][] ROUTES = {
        {"POST", API + "/experiments/create"}, {"GET", API + "/experiments/get"}, {"GET", API + "/experiments/get-by-name"},
        {"POST", API + "/experiments/search"}, {"GET", API + "/experiments/search"}, {"POST", API + "/experiments/update"},
        {"POST", API + "/experiments/delete"}, {"POST", API + "/experiments/restore"}, {"POST", API + "/experiments/set-experiment-tag"},
        {"POST", API + "/runs/create"}, {"GET", API + "/runs/get"}, {"POST", API + "/runs/update"}, {"POST", API + "/runs/delete"},
        {"POST", API + "/runs/restore"}, {"POST", API + "/runs/search"}, {"GET", API + "/runs/search"}, {"POST", API + "/runs/log-metric"},
        {"POST", API + "/runs/log-parameter"}, {"POST", API + "/runs/set-tag"}, {"POST", API + "/runs/delete-tag"},
        {"POST", API + "/runs/log-batch"}, {"POST", API + "/runs/log-inputs"}, {"POST", API + "/runs/log-model"},
        {"GET", API + "/metrics/get-history"}, {"GET", API + "/artifacts/list"},
        {"POST", API + "/registered-models/create"}, {"GET", API + "/registered-models/get"}, {"POST", API + "/registered-models/rename"},
        {"PATCH", API + "/registered-models/update"}, {"DELETE", API + "/registered-models/delete"},
        {"POST", API + "/registered-models/search"}, {"GET", API + "/registered-models/search"},
        {"POST", API + "/registered-models/get-latest-versions"}, {"POST", API + "/registered-models/set-tag"},
        {"DELETE", API + "/registered-models/delete-tag"}, {"POST", API + "/registered-models/alias"},
        {"DELETE", API + "/registered-models/alias"}, {"GET", API + "/registered-models/alias"},
        {"POST", API + "/model-versions/create"}, {"GET", API + "/model-versions/get"}, {"PATCH", API + "/model-versions/update"},
        {"DELETE", API + "/model-versions/delete"}, {"POST", API + "/model-versions/search"}, {"GET", API + "/model-versions/search"},
        {"GET", API + "/model-versions/get-download-uri"}, {"POST", API + "/model-versions/transition-stage"},
        {"POST", API + "/model-versions/set-tag"}, {"DELETE", API + "/model-versions/delete-tag"},
        {"GET", "/api/v1/model-versions/package"}, {"POST", "/api/v1/datasets/versions"}, {"GET", "/api/v1/datasets"},
        {"GET", "/api/v1/datasets/FUZZ/versions"}, {"GET", "/api/v1/datasets/FUZZ/versions/FUZZ"},
        {"POST", "/api/v1/datasets/FUZZ/versions/FUZZ/split"},
        {"PUT", "/api/2.0/mlflow-artifacts/artifacts/FUZZ"}, {"GET", "/api/2.0/mlflow-artifacts/artifacts/FUZZ"},
        {"GET", "/api/2.0/mlflow-artifacts/artifacts"}, {"GET", "/health"}, {"GET", "/version"}, {"GET", "/metrics"},
        {"POST", "/no/such/route"},
    };
    private static final String[] FIELDS = {"name", "new_name", "experiment_id", "experiment_ids", "run_id", "run_uuid", "key", "value",
        "timestamp", "step", "metrics", "params", "tags", "status", "end_time", "start_time", "run_name", "user_id", "filter",
        "filter_string", "order_by", "max_results", "page_token", "view_type", "version", "source", "stage", "alias", "description",
        "artifact_location", "datasets", "model_json", "metric_key", "path", "digest", "source_type", "row_count", "schema", "profile",
        "parts", "archive_existing_versions", "stages"};

    @TempDir
    Path folder;

    private RunningServer server;
    private final List<String> known = new ArrayList<>();

    @BeforeEach
    void start() {
        server = new RunningServer(TestDatabase.Kind.SQLITE, folder);
        known.add(server.post(API + "/experiments/create", "{\"name\": \"fuzz\"}").body().path("experiment_id").asText());
        known.add(server.post(API + "/runs/create", "{\"experiment_id\": \"" + known.get(0) + "\"}").body().at("/run/info/run_id").asText());
        server.post(API + "/registered-models/create", "{\"name\": \"fuzz-model\"}");
        known.add("fuzz-model");
        known.add("fuzz");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void tenThousandMalformedRequestsGetNoServerErrorAndOnlyJsonErrors() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> workers = new ArrayList<>();
        for (int worker = 0; worker < 4; worker++) {
            SplittableRandom random = new SplittableRandom(20261201L + worker);
            workers.add(pool.submit(() -> {
                for (int i = 0; i < REQUESTS / 4; i++) {
                    String[] route = ROUTES[random.nextInt(ROUTES.length)];
                    HttpRequest request = request(random, route[0], route[1]);
                    HttpResponse<byte[]> response;
                    try {
                        response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    } catch (IOException reusedConnectionClosed) {
                        // The server closes a connection after refusing a body it did not read; a client that reused
                        // that connection sees no answer. The same request on a new connection must get one.
                        try {
                            response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
                        } catch (IOException e) {
                            problems.add(route[0] + " " + request.uri() + ": no answer (" + e + ")");
                            continue;
                        }
                    }
                    check(route[0] + " " + abbreviate(request.uri().toString()), response, problems);
                    if (response.statusCode() >= 400) {
                        errors.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        assertThat(problems).as("answers that broke the rules").isEmpty();
        assertThat(errors.get()).as("most random requests are refused").isGreaterThan(REQUESTS / 2);
        assertThat(server.get("/health").status()).isEqualTo(200);
    }

    private static void check(String what, HttpResponse<byte[]> response, ConcurrentLinkedQueue<String> problems) {
        int status = response.statusCode();
        String body = new String(response.body(), StandardCharsets.UTF_8);
        if (status >= 500) {
            problems.add(what + " answered " + status + ": " + abbreviate(body));
            return;
        }
        if (status < 400) {
            return;
        }
        try {
            JsonNode json = JSON.readTree(body);
            String message = json.path("message").asText("");
            if (!json.path("error_code").isTextual() || !json.path("message").isTextual() || message.isBlank()) {
                problems.add(what + " answered " + status + " without error_code and message: " + abbreviate(body));
            } else if (message.contains("Exception") || message.contains("\tat ") || message.contains("/tmp/")
                    || message.matches("(?s).*\\b(INSERT INTO|SELECT .* FROM)\\b.*")) {
                problems.add(what + " leaked internals: " + abbreviate(message));
            }
        } catch (IOException e) {
            problems.add(what + " answered " + status + " with a body that is not JSON: " + abbreviate(body));
        }
    }

    private HttpRequest request(SplittableRandom random, String method, String path) {
        String target = path.replace("FUZZ", pathSegment(random));
        if (method.equals("GET") || method.equals("DELETE") && random.nextBoolean()) {
            target += "?" + queryString(random);
        }
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(URI.create(server.baseUrl() + target));
        } catch (IllegalArgumentException unsendable) {
            builder = HttpRequest.newBuilder(URI.create(server.baseUrl() + path.replace("FUZZ", "x")));
        }
        byte[] body = body(random);
        builder.timeout(Duration.ofSeconds(60));
        if (random.nextInt(5) > 0) {
            builder.header("Content-Type", random.nextInt(10) == 0 ? "text/plain" : "application/json");
        }
        return builder.method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    private byte[] body(SplittableRandom random) {
        return switch (random.nextInt(8)) {
            case 0 -> new byte[0];
            case 1 -> randomBytes(random);
            case 2 -> truncate(random, object(random, 0));
            case 3 -> (object(random, 0) + "}garbage").getBytes(StandardCharsets.UTF_8);
            case 4 -> value(random, 0).getBytes(StandardCharsets.UTF_8);
            default -> object(random, 0).getBytes(StandardCharsets.UTF_8);
        };
    }

    private String object(SplittableRandom random, int depth) {
        StringBuilder json = new StringBuilder("{");
        int fields = random.nextInt(6);
        for (int i = 0; i < fields; i++) {
            String key = random.nextInt(10) == 0 ? string(random) : "\"" + FIELDS[random.nextInt(FIELDS.length)] + "\"";
            json.append(i == 0 ? "" : ",").append(key).append(':').append(value(random, depth + 1));
        }
        return json.append('}').toString();
    }

    private String value(SplittableRandom random, int depth) {
        int kind = random.nextInt(depth > 3 ? 9 : 12);
        return switch (kind) {
            case 0 -> "null";
            case 1 -> random.nextBoolean() ? "true" : "false";
            case 2 -> Long.toString(random.nextLong());
            case 3 -> new String[] {"1e400", "-1e400", "NaN", "Infinity", "-0", "99999999999999999999", "0.5", "-1", "2147483648"}
                    [random.nextInt(9)];
            case 4, 5, 6 -> string(random);
            case 7 -> "\"" + known.get(random.nextInt(known.size())) + "\"";
            case 8 -> "\"" + "x".repeat(random.nextInt(3) == 0 ? 100_000 : 300) + "\"";
            case 9, 10 -> {
                StringBuilder array = new StringBuilder("[");
                int items = random.nextInt(4);
                for (int i = 0; i < items; i++) {
                    array.append(i == 0 ? "" : ",").append(random.nextBoolean() ? object(random, depth + 1) : value(random, depth + 1));
                }
                yield array.append(']').toString();
            }
            default -> object(random, depth + 1);
        };
    }

    private static String string(SplittableRandom random) {
        String[] odd = {"", " ", "../../etc/passwd", "'; DROP TABLE runs; --", "\\u0000", "\\ud800", "é€😀", "%00", "a/../b",
            "metrics.x < 1 and", "params.a = 'b' ORDER BY", "\\\\", "runs:/", "mlflow-artifacts:/", "/abs/path", "attributes.status = 'X'"};
        return "\"" + odd[random.nextInt(odd.length)] + "\"";
    }

    private static String pathSegment(SplittableRandom random) {
        String[] segments = {"x", "a/b/c", "%2e%2e/%2e%2e/etc", "..", "%00", "%C3%A9", "a%2Fb", "n".repeat(300), "%ZZ", "0/run/artifacts/f.txt",
            "datasets/x", " ", "%20"};
        return segments[random.nextInt(segments.length)];
    }

    private String queryString(SplittableRandom random) {
        StringBuilder query = new StringBuilder();
        int params = random.nextInt(5);
        for (int i = 0; i < params; i++) {
            String value = switch (random.nextInt(6)) {
                case 0 -> "";
                case 1 -> "%ZZ";
                case 2 -> "99999999999999999999";
                case 3 -> known.get(random.nextInt(known.size()));
                case 4 -> "%27%3B%20DROP%20TABLE%20runs";
                default -> "x".repeat(random.nextInt(2000));
            };
            query.append(i == 0 ? "" : "&").append(FIELDS[random.nextInt(FIELDS.length)]).append('=').append(value);
        }
        return query.toString();
    }

    private static byte[] randomBytes(SplittableRandom random) {
        byte[] bytes = new byte[random.nextInt(200)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] truncate(SplittableRandom random, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.copyOf(bytes, bytes.length == 0 ? 0 : random.nextInt(bytes.length));
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
