package dev.cairn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.store.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inputs that a probe of the server answered with 500, HTML or a leaked path before: each now
 * gets a 4xx in MLflow's JSON shape whose message names the field and its limit.
 */
class BadInputApiTest {
    private static final String API = "/api/2.0/mlflow";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    private RunningServer server;

    @BeforeEach
    void start() {
        server = new RunningServer(TestDatabase.Kind.SQLITE, folder);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void oversizeFieldsAreRefusedWithTheirLimit() {
        assertError(server.post(API + "/runs/create", "{\"experiment_id\": \"0\", \"user_id\": \"" + "u".repeat(300) + "\"}"),
                400, "INVALID_PARAMETER_VALUE", "user_id has 300 characters; at most 256");
        server.post(API + "/registered-models/create", "{\"name\": \"m\"}");
        assertError(server.post(API + "/model-versions/create", "{\"name\": \"m\", \"source\": \"s\", \"user_id\": \"" + "u".repeat(300) + "\"}"),
                400, "INVALID_PARAMETER_VALUE", "user_id has 300 characters");
        assertError(server.post(API + "/experiments/create", "{\"name\": \"loc\", \"artifact_location\": \"" + "l".repeat(2_001) + "\"}"),
                400, "INVALID_PARAMETER_VALUE", "artifact_location has 2001 characters; at most 1957");
        assertError(server.post(API + "/experiments/create", "{\"name\": \"a\\u0000b\"}"),
                400, "INVALID_PARAMETER_VALUE", "must not contain control characters; it contains U+0000");
        String emoji = "\uD83D\uDE00".repeat(4_000);
        String runId = server.post(API + "/runs/create", "{\"experiment_id\": \"0\"}").body().at("/run/info/run_id").asText();
        assertThat(server.post(API + "/runs/set-tag", "{\"run_id\": \"" + runId + "\", \"key\": \"e\", \"value\": \"" + emoji + "\"}").status())
                .as("4,000 emoji are 4,000 characters, under the 8,000 limit").isEqualTo(200);
        String tags = IntStream.range(0, 100).mapToObj(i -> "{\"key\": \"k" + i + "\", \"value\": \"" + "v".repeat(7_000) + "\"}")
                .collect(Collectors.joining(","));
        assertError(server.post(API + "/runs/log-inputs", "{\"run_id\": \"" + runId + "\", \"datasets\": [{\"dataset\": {\"name\": \"d\", "
                + "\"digest\": \"x\", \"source_type\": \"local\", \"source\": \"s\"}, \"tags\": [" + tags + "]}]}"),
                400, "INVALID_PARAMETER_VALUE", "at most 90000 are allowed together");
        server.post(API + "/runs/log-parameter", "{\"run_id\": \"" + runId + "\", \"key\": \"p\", \"value\": \"" + "a".repeat(6_000) + "\"}");
        RunningServer.Response changed = server.post(API + "/runs/log-parameter", "{\"run_id\": \"" + runId + "\", \"key\": \"p\", \"value\": \"b\"}");
        assertError(changed, 400, "INVALID_PARAMETER_VALUE", "Changing param values is not allowed");
        assertThat(changed.body().path("message").asText().length()).as("the old value is abbreviated").isLessThan(400);
        assertError(server.post(API + "/runs/log-model", "{\"run_id\": \"" + runId + "\", \"model_json\": \"[1,2]\"}"),
                400, "INVALID_PARAMETER_VALUE", "must hold a JSON object");
    }

    @Test
    void aVersionMustComeFromOneRunsFilesAndAnExistingRun() {
        server.post(API + "/registered-models/create", "{\"name\": \"m\"}");
        String runId = server.post(API + "/runs/create", "{\"experiment_id\": \"0\"}").body().at("/run/info/run_id").asText();
        server.put("/api/2.0/mlflow-artifacts/artifacts/0/" + runId + "/artifacts/model/model.bin", new byte[] {1, 2, 3});
        for (String root : new String[] {"mlflow-artifacts:/", "mlflow-artifacts:/0", "mlflow-artifacts:/0/" + runId + "/artifacts",
                "runs:/" + runId}) {
            RunningServer.Response created = server.post(API + "/model-versions/create", "{\"name\": \"m\", \"source\": \"" + root + "\"}");
            assertThat(created.body().at("/model_version/status").asText()).as(root).isEqualTo("FAILED_REGISTRATION");
            assertThat(created.body().at("/model_version/status_message").asText()).contains("not a root");
        }
        assertError(server.get("/api/v1/model-versions/package?name=m&version=1"), 400, "INVALID_STATE",
                "is FAILED_REGISTRATION (The source 'mlflow-artifacts:/' is not a model's files");
        assertThat(server.post(API + "/model-versions/create", "{\"name\": \"m\", \"source\": \"runs:/" + runId + "/model\"}")
                .body().at("/model_version/status").asText()).isEqualTo("READY");
        assertThat(server.raw(HttpRequest.newBuilder(server.uri("/api/v1/model-versions/package?name=m&version=5")).GET()).statusCode())
                .as("the READY version serves its package").isEqualTo(200);
        assertError(server.post(API + "/model-versions/create", "{\"name\": \"m\", \"source\": \"runs:/" + runId
                + "/model\", \"run_id\": \"0123456789abcdef0123456789abcdef\"}"), 404, "RESOURCE_DOES_NOT_EXIST", "must name an existing run");
        server.post(API + "/runs/delete", "{\"run_id\": \"" + runId + "\"}");
        assertError(server.post(API + "/model-versions/create", "{\"name\": \"m\", \"source\": \"runs:/" + runId
                + "/model\", \"run_id\": \"" + runId + "\"}"), 400, "INVALID_PARAMETER_VALUE", "is deleted");
    }

    @Test
    void numbersThatOverflowAreRefused() {
        assertError(server.get("/api/v1/model-versions/package?name=m&version=99999999999"),
                400, "INVALID_PARAMETER_VALUE", "version number from 1 to 2147483647");
        String runId = server.post(API + "/runs/create", "{\"experiment_id\": \"0\"}").body().at("/run/info/run_id").asText();
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString("offset:2147483647".getBytes(StandardCharsets.UTF_8));
        RunningServer.Response history = server.get(API + "/metrics/get-history?run_id=" + runId + "&metric_key=m&page_token=" + token);
        assertThat(history.status()).isEqualTo(200);
        assertThat(history.body().path("metrics")).isEmpty();
    }

    @Test
    void jsonBeyondTheParsersLimitsAndTheBodyLimitIsRefused() throws IOException {
        String nested = "{\"name\": " + "[".repeat(2_000) + "]".repeat(2_000) + "}";
        assertError(server.post(API + "/experiments/create", nested), 400, "BAD_REQUEST", "nesting depth");
        assertError(server.post(API + "/experiments/create", "{\"name\": \"x\", \"n\": " + "1".repeat(1_500) + "}"),
                400, "BAD_REQUEST", "Number value length");
        assertError(server.post(API + "/experiments/create", "{\"" + "k".repeat(60_000) + "\": 1}"), 400, "BAD_REQUEST", "not valid JSON");
        // A declared 17 MiB body is refused before it is read; a chunked one once 16 MiB have arrived.
        String head = "POST " + API + "/experiments/create HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
        assertRawJsonError(head + "Content-Length: " + 17 * 1024 * 1024 + "\r\n\r\n{\"name\": \"aaaa", 413, "PAYLOAD_TOO_LARGE");
        StringBuilder chunks = new StringBuilder(head + "Transfer-Encoding: chunked\r\n\r\n");
        String chunk = "a".repeat(1024 * 1024);
        String opening = "{\"name\": \"a";
        chunks.append(Integer.toHexString(opening.length())).append("\r\n").append(opening).append("\r\n");
        for (int i = 0; i < 17; i++) {
            chunks.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        assertRawJsonError(chunks.toString(), 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void searchesBeyondTheLimitsAreRefusedWithTheLimit() {
        String many = IntStream.range(0, 21).mapToObj(i -> "params.p" + i + " = 'x'").collect(Collectors.joining(" and "));
        assertError(server.post(API + "/runs/search", "{\"experiment_ids\": [\"0\"], \"filter\": \"" + many + "\"}"),
                400, "INVALID_PARAMETER_VALUE", "21 conditions; at most 20");
        String longFilter = "params.p = '" + "x".repeat(10_000) + "'";
        assertError(server.post(API + "/runs/search", "{\"experiment_ids\": [\"0\"], \"filter\": \"" + longFilter + "\"}"),
                400, "INVALID_PARAMETER_VALUE", "at most 10000 are allowed");
        String orderBy = IntStream.range(0, 6).mapToObj(i -> "\"params.p" + i + "\"").collect(Collectors.joining(","));
        assertError(server.post(API + "/runs/search", "{\"experiment_ids\": [\"0\"], \"order_by\": [" + orderBy + "]}"),
                400, "INVALID_PARAMETER_VALUE", "at most 5 keys");
    }

    @Test
    void artifactPathsBeyondFileSystemLimitsAreRefused() {
        String base = "/api/2.0/mlflow-artifacts/artifacts/0/run/artifacts/";
        assertError(server.put(base + "n".repeat(300), new byte[] {1}), 400, "INVALID_PARAMETER_VALUE", "at most 255");
        assertError(server.put(base + "abcdefghi/".repeat(500) + "f", new byte[] {1}), 400, "INVALID_PARAMETER_VALUE", "at most 1024");
        assertThat(server.put(base + "file.txt", new byte[] {1}).status()).isEqualTo(200);
        assertError(server.put(base + "file.txt/below.txt", new byte[] {1}), 400, "INVALID_PARAMETER_VALUE", "a parent of it is a file");
        HttpResponse<byte[]> download = server.raw(HttpRequest.newBuilder(server.uri(base + "R%C3%A9sum%C3%A9.txt"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {2})));
        assertThat(download.statusCode()).isEqualTo(200);
        HttpResponse<byte[]> got = server.raw(HttpRequest.newBuilder(server.uri(base + "R%C3%A9sum%C3%A9.txt")).GET());
        assertThat(got.headers().firstValue("Content-Disposition")).hasValue(
                "attachment; filename=\"R_sum_.txt\"; filename*=UTF-8''R%C3%A9sum%C3%A9.txt");
    }

    @Test
    void errorsJettyAnswersItselfAreJsonToo() throws IOException {
        assertRawJsonError("GET /api/2.0/mlflow/experiments/get?experiment_id=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                414, "URI_TOO_LONG");
        assertRawJsonError("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n", 431, "REQUEST_HEADER_FIELDS_TOO_LARGE");
        assertRawJsonError("GET /api/2.0/mlflow/experiments/get%00 HTTP/1.1\r\nHost: x\r\n\r\n", 400, "BAD_REQUEST");
    }

    private void assertRawJsonError(String request, int status, String code) throws IOException {
        String response = server.exchange(request);
        assertThat(response).startsWith("HTTP/1.1 " + status);
        assertThat(response).contains("application/json");
        JsonNode body = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
        assertThat(body.path("error_code").asText()).isEqualTo(code);
        assertThat(body.path("message").asText()).isNotBlank().doesNotContain("<html");
    }

    private static void assertError(RunningServer.Response response, int status, String code, String messagePart) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        assertThat(response.errorCode()).isEqualTo(code);
        assertThat(response.body().path("message").asText()).contains(messagePart).doesNotContain("/tmp/", "INSERT", "SELECT");
    }
}
