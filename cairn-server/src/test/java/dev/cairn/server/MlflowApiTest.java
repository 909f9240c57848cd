package dev.cairn.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.store.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives every MLflow endpoint over HTTP against a real server, with the error cases; runs on
 * SQLite and PostgreSQL.
 */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class MlflowApiTest {
    private static final String API = "/api/2.0/mlflow";

    @TempDir
    Path folder;

    RunningServer server;

    @Parameter
    TestDatabase.Kind kind;

    @BeforeEach
    void start() {
        server = new RunningServer(kind, folder);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void experimentLifecycle() {
        RunningServer.Response created = server.post(API + "/experiments/create",
                "{\"name\": \"churn\", \"tags\": [{\"key\": \"team\", \"value\": \"growth\"}]}");
        assertThat(created.status()).isEqualTo(200);
        String id = created.body().get("experiment_id").asText();

        JsonNode experiment = server.get(API + "/experiments/get?experiment_id=" + id).body().get("experiment");
        assertThat(experiment.get("name").asText()).isEqualTo("churn");
        assertThat(experiment.get("lifecycle_stage").asText()).isEqualTo("active");
        assertThat(experiment.get("artifact_location").asText()).isEqualTo("mlflow-artifacts:/" + id);
        assertThat(experiment.get("tags").get(0).get("value").asText()).isEqualTo("growth");
        assertThat(server.get(API + "/experiments/get-by-name?experiment_name=churn").body()
                .at("/experiment/experiment_id").asText()).isEqualTo(id);

        assertThat(server.post(API + "/experiments/update", "{\"experiment_id\": \"" + id + "\", \"new_name\": \"churn-v2\"}").status()).isEqualTo(200);
        assertThat(server.post(API + "/experiments/set-experiment-tag",
                "{\"experiment_id\": \"" + id + "\", \"key\": \"owner\", \"value\": \"ann\"}").status()).isEqualTo(200);
        JsonNode found = server.post(API + "/experiments/search", "{\"filter\": \"name LIKE 'churn%'\", \"max_results\": 10}").body();
        assertThat(found.get("experiments")).hasSize(1);
        assertThat(found.at("/experiments/0/name").asText()).isEqualTo("churn-v2");
        assertThat(server.get(API + "/experiments/search?max_results=1").body().has("next_page_token")).isTrue();

        assertThat(server.post(API + "/experiments/delete", "{\"experiment_id\": \"" + id + "\"}").status()).isEqualTo(200);
        assertThat(server.get(API + "/experiments/get?experiment_id=" + id).body().at("/experiment/lifecycle_stage").asText()).isEqualTo("deleted");
        JsonNode deleted = server.post(API + "/experiments/search", "{\"view_type\": \"DELETED_ONLY\"}").body();
        assertThat(deleted.get("experiments")).hasSize(1);
        assertThat(server.post(API + "/experiments/restore", "{\"experiment_id\": \"" + id + "\"}").status()).isEqualTo(200);
        assertThat(server.get(API + "/experiments/get?experiment_id=" + id).body().at("/experiment/lifecycle_stage").asText()).isEqualTo("active");
    }

    @Test
    void runLifecycleWithMetricsParamsTagsAndHistory() {
        String runId = createRun("0", "{\"key\": \"mlflow.source.git.commit\", \"value\": \"abc123\"}");
        assertThat(server.post(API + "/runs/log-metric", "{\"run_id\": \"" + runId
                + "\", \"key\": \"loss\", \"value\": 0.9, \"timestamp\": 10, \"step\": 0}").status()).isEqualTo(200);
        assertThat(server.post(API + "/runs/log-metric", "{\"run_uuid\": \"" + runId
                + "\", \"key\": \"loss\", \"value\": 0.4, \"timestamp\": \"20\", \"step\": \"1\"}").status()).isEqualTo(200);
        assertThat(server.post(API + "/runs/log-parameter", "{\"run_id\": \"" + runId + "\", \"key\": \"lr\", \"value\": \"0.01\"}").status()).isEqualTo(200);
        assertThat(server.post(API + "/runs/set-tag", "{\"run_id\": \"" + runId + "\", \"key\": \"stage\", \"value\": \"dev\"}").status()).isEqualTo(200);
        assertThat(server.post(API + "/runs/log-batch", "{\"run_id\": \"" + runId + "\", "
                + "\"metrics\": [{\"key\": \"acc\", \"value\": NaN, \"timestamp\": 5, \"step\": 0}, {\"key\": \"f1\", \"value\": \"0.5\", \"timestamp\": 5}],"
                + "\"params\": [{\"key\": \"depth\", \"value\": \"4\"}], \"tags\": [{\"key\": \"t\", \"value\": \"v\"}]}").status()).isEqualTo(200);

        JsonNode run = server.get(API + "/runs/get?run_id=" + runId).body().get("run");
        assertThat(run.at("/info/status").asText()).isEqualTo("RUNNING");
        assertThat(run.at("/info/run_uuid").asText()).isEqualTo(runId);
        assertThat(keyValues(run.at("/data/params"))).containsExactly("depth=4", "lr=0.01");
        assertThat(keyValues(run.at("/data/metrics"))).containsExactly("acc=NaN", "f1=0.5", "loss=0.4");
        assertThat(keyValues(run.at("/data/tags"))).contains("stage=dev", "t=v", "mlflow.source.git.commit=abc123");

        String inputs = "{\"run_id\": \"" + runId + "\", \"datasets\": [{\"tags\": [{\"key\": \"mlflow.data.context\", \"value\": \"train\"}], "
                + "\"dataset\": {\"name\": \"flights\", \"digest\": \"d41d8cd9\", \"source_type\": \"local\", "
                + "\"source\": \"{\\\"uri\\\": \\\"flights.parquet\\\"}\", \"schema\": \"{}\"}}]}";
        assertThat(server.post(API + "/runs/log-inputs", inputs).status()).isEqualTo(200);
        assertThat(server.post(API + "/runs/log-inputs", inputs).status()).as("logging the same dataset again").isEqualTo(200);
        JsonNode datasetInputs = server.get(API + "/runs/get?run_id=" + runId).body().at("/run/inputs/dataset_inputs");
        assertThat(datasetInputs).hasSize(1);
        assertThat(datasetInputs.at("/0/dataset/digest").asText()).isEqualTo("d41d8cd9");
        assertThat(datasetInputs.at("/0/dataset/source").asText()).isEqualTo("{\"uri\": \"flights.parquet\"}");
        assertThat(datasetInputs.at("/0/tags/0/value").asText()).isEqualTo("train");
        assertError(server.post(API + "/runs/log-inputs", "{\"run_id\": \"" + runId + "\", \"datasets\": [{\"dataset\": {\"name\": \"x\"}}]}"),
                400, "INVALID_PARAMETER_VALUE", "datasets[0].dataset.digest");

        JsonNode history = server.get(API + "/metrics/get-history?run_id=" + runId + "&metric_key=loss").body();
        assertThat(history.get("metrics")).hasSize(2);
        assertThat(history.at("/metrics/0/value").asDouble()).isEqualTo(0.9);
        assertThat(history.at("/metrics/1/step").asLong()).isEqualTo(1);

        JsonNode updated = server.post(API + "/runs/update", "{\"run_id\": \"" + runId
                + "\", \"status\": \"FINISHED\", \"end_time\": 12345}").body();
        assertThat(updated.at("/run_info/status").asText()).isEqualTo("FINISHED");
        assertThat(updated.at("/run_info/end_time").asLong()).isEqualTo(12345);

        assertThat(server.post(API + "/runs/delete-tag", "{\"run_id\": \"" + runId + "\", \"key\": \"stage\"}").status()).isEqualTo(200);
        assertThat(server.post(API + "/runs/log-model", "{\"run_id\": \"" + runId
                + "\", \"model_json\": \"{\\\"artifact_path\\\": \\\"model\\\"}\"}").status()).isEqualTo(200);
        JsonNode tags = server.get(API + "/runs/get?run_id=" + runId).body().at("/run/data/tags");
        assertThat(keyValues(tags)).noneMatch(tag -> tag.startsWith("stage="))
                .anyMatch(tag -> tag.startsWith("mlflow.log-model.history=[{\"artifact_path\":\"model\"}]"));

        assertThat(server.post(API + "/runs/delete", "{\"run_id\": \"" + runId + "\"}").status()).isEqualTo(200);
        assertThat(server.get(API + "/runs/get?run_id=" + runId).body().at("/run/info/lifecycle_stage").asText()).isEqualTo("deleted");
        assertThat(server.post(API + "/runs/restore", "{\"run_id\": \"" + runId + "\"}").status()).isEqualTo(200);
    }

    @Test
    void searchesRunsWithFilterOrderAndPages() {
        String experiment = server.post(API + "/experiments/create", "{\"name\": \"search\"}").body().get("experiment_id").asText();
        for (int i = 0; i < 5; i++) {
            String runId = createRun(experiment);
            server.post(API + "/runs/log-batch", "{\"run_id\": \"" + runId + "\", \"metrics\": [{\"key\": \"rmse\", \"value\": " + i
                    + ", \"timestamp\": 1}], \"params\": [{\"key\": \"model\", \"value\": \"" + (i % 2 == 0 ? "tree" : "linear") + "\"}]}");
        }
        JsonNode page = server.post(API + "/runs/search", "{\"experiment_ids\": [\"" + experiment + "\"], "
                + "\"filter\": \"metrics.rmse < 4 and params.model = 'tree'\", \"order_by\": [\"metrics.rmse DESC\"]}").body();
        assertThat(page.get("runs")).hasSize(2);
        assertThat(page.at("/runs/0/data/metrics/0/value").asDouble()).isEqualTo(2.0);
        assertThat(page.at("/runs/1/data/metrics/0/value").asDouble()).isEqualTo(0.0);

        List<Double> seen = new ArrayList<>();
        String token = null;
        do {
            String body = "{\"experiment_ids\": [\"" + experiment + "\"], \"max_results\": 2, \"order_by\": [\"metrics.rmse ASC\"]"
                    + (token == null ? "" : ", \"page_token\": \"" + token + "\"") + "}";
            JsonNode response = server.post(API + "/runs/search", body).body();
            response.get("runs").forEach(run -> seen.add(run.at("/data/metrics/0/value").asDouble()));
            token = response.has("next_page_token") ? response.get("next_page_token").asText() : null;
        } while (token != null);
        assertThat(seen).containsExactly(0.0, 1.0, 2.0, 3.0, 4.0);
    }

    @Test
    void uploadsListsAndDownloadsRunArtifacts() throws Exception {
        String runId = createRun("0");
        String root = "/api/2.0/mlflow-artifacts/artifacts/0/" + runId + "/artifacts";
        byte[] model = "onnx-bytes".getBytes(StandardCharsets.UTF_8);
        assertThat(server.put(root + "/model/model.onnx", model).status()).isEqualTo(200);
        assertThat(server.put(root + "/metrics.json", "{}".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);

        HttpResponse<byte[]> download = server.raw(HttpRequest.newBuilder(server.uri(root + "/model/model.onnx")).GET());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(model);

        JsonNode listed = server.get(API + "/artifacts/list?run_id=" + runId).body();
        assertThat(listed.get("root_uri").asText()).isEqualTo("mlflow-artifacts:/0/" + runId + "/artifacts");
        assertThat(listed.get("files").findValuesAsText("path")).containsExactly("metrics.json", "model");
        JsonNode nested = server.get(API + "/artifacts/list?run_id=" + runId + "&path=model").body();
        assertThat(nested.at("/files/0/path").asText()).isEqualTo("model/model.onnx");
        assertThat(nested.at("/files/0/file_size").asLong()).isEqualTo(model.length);

        JsonNode proxied = server.get("/api/2.0/mlflow-artifacts/artifacts?path=0/" + runId + "/artifacts/model").body();
        assertThat(proxied.at("/files/0/path").asText()).isEqualTo("model.onnx");
        assertThat(proxied.at("/files/0/is_dir").asBoolean()).isFalse();

        // Traversal in an upload path never writes outside the store.
        RunningServer.Response traversal = server.put("/api/2.0/mlflow-artifacts/artifacts/a/%2e%2e/%2e%2e/escape.txt", model);
        assertThat(traversal.status()).isBetween(400, 499);
        try (var files = Files.walk(folder)) {
            assertThat(files.map(Path::getFileName).map(Path::toString)).doesNotContain("escape.txt");
        }
        assertThat(server.get("/api/2.0/mlflow-artifacts/artifacts/0/missing.bin").status()).isEqualTo(404);
    }

    @Test
    void rejectsBadInputWithMlflowErrors() {
        String runId = createRun("0");
        assertError(server.post(API + "/experiments/create", "{\"name\": "), 400, "BAD_REQUEST", "not valid JSON");
        assertError(server.post(API + "/experiments/create", "[1, 2]"), 400, "BAD_REQUEST", "JSON object");
        assertError(server.post(API + "/experiments/create", "{}"), 400, "INVALID_PARAMETER_VALUE", "'name'");
        assertError(server.post(API + "/experiments/create", "{\"name\": 42}"), 400, "INVALID_PARAMETER_VALUE", "'name' must be a string");
        server.post(API + "/experiments/create", "{\"name\": \"twice\"}");
        assertError(server.post(API + "/experiments/create", "{\"name\": \"twice\"}"), 400, "RESOURCE_ALREADY_EXISTS", "twice");
        assertError(server.get(API + "/experiments/get?experiment_id=999"), 404, "RESOURCE_DOES_NOT_EXIST", "999");
        assertError(server.get(API + "/runs/get?run_id=nope"), 404, "RESOURCE_DOES_NOT_EXIST", "nope");
        assertError(server.post(API + "/runs/log-metric", "{\"run_id\": \"" + runId + "\", \"key\": \"m\", \"value\": \"high\", \"timestamp\": 1}"),
                400, "INVALID_PARAMETER_VALUE", "'value' must be a number");
        assertError(server.post(API + "/runs/log-metric", "{\"run_id\": \"" + runId + "\", \"key\": \"m\", \"value\": 1, \"timestamp\": [1]}"),
                400, "INVALID_PARAMETER_VALUE", "'timestamp' must be an integer");
        assertError(server.post(API + "/runs/log-batch", "{\"run_id\": \"" + runId + "\", \"metrics\": [{\"key\": \"m\", \"value\": 1, \"timestamp\": true}]}"),
                400, "INVALID_PARAMETER_VALUE", "metrics[0].timestamp");
        server.post(API + "/runs/log-parameter", "{\"run_id\": \"" + runId + "\", \"key\": \"lr\", \"value\": \"1\"}");
        assertError(server.post(API + "/runs/log-parameter", "{\"run_id\": \"" + runId + "\", \"key\": \"lr\", \"value\": \"2\"}"),
                400, "INVALID_PARAMETER_VALUE", "Changing param values is not allowed");
        String tooMany = IntStream.range(0, 1001).mapToObj(i -> "{\"key\": \"m\", \"value\": 1, \"timestamp\": " + i + "}")
                .collect(Collectors.joining(",", "[", "]"));
        assertError(server.post(API + "/runs/log-batch", "{\"run_id\": \"" + runId + "\", \"metrics\": " + tooMany + "}"),
                400, "INVALID_PARAMETER_VALUE", "at most 1000 metrics");
        assertError(server.post(API + "/runs/log-parameter", "{\"run_id\": \"" + runId + "\", \"key\": \"" + "k".repeat(251) + "\", \"value\": \"1\"}"),
                400, "INVALID_PARAMETER_VALUE", "250");
        assertError(server.post(API + "/runs/search", "{\"experiment_ids\": [\"0\"], \"filter\": \"metrics.rmse <<< 1\"}"),
                400, "INVALID_PARAMETER_VALUE", "Invalid filter");
        assertError(server.post(API + "/runs/search", "{\"experiment_ids\": [\"0\"], \"page_token\": \"bogus\"}"),
                400, "INVALID_PARAMETER_VALUE", "page_token");
        assertError(server.post(API + "/runs/search", "{\"experiment_ids\": [\"0\"], \"max_results\": 0}"),
                400, "INVALID_PARAMETER_VALUE", "max_results");
        assertError(server.post(API + "/runs/update", "{\"run_id\": \"" + runId + "\", \"status\": \"DONE\"}"),
                400, "INVALID_PARAMETER_VALUE", "FINISHED");
        assertError(server.get(API + "/no/such/endpoint"), 404, "ENDPOINT_NOT_FOUND", "/no/such/endpoint");
        assertError(server.put("/api/2.0/mlflow-artifacts/artifacts/a%5Cb", new byte[1]), 400, "INVALID_PARAMETER_VALUE", "'/'");
    }

    @Test
    void noInputMakesTheServerFail() {
        String runId = createRun("0");
        List<String> endpoints = List.of("experiments/create", "experiments/search", "experiments/update", "experiments/delete",
                "experiments/restore", "experiments/set-experiment-tag", "runs/create", "runs/update", "runs/delete", "runs/restore",
                "runs/search", "runs/log-metric", "runs/log-parameter", "runs/set-tag", "runs/delete-tag", "runs/log-batch", "runs/log-model",
                "runs/log-inputs", "registered-models/create", "registered-models/rename", "registered-models/set-tag", "registered-models/alias",
                "registered-models/get-latest-versions", "model-versions/create", "model-versions/transition-stage",
                "model-versions/set-tag");
        List<String> bodies = List.of("", "null", "\"text\"", "{", "{}", "{\"run_id\": null}", "{\"experiment_id\": {}}",
                "{\"run_id\": \"" + runId + "\", \"metrics\": 5}", "{\"run_id\": \"" + runId + "\", \"metrics\": [5]}",
                "{\"run_id\": \"" + runId + "\", \"key\": \"\", \"value\": 1, \"timestamp\": 1}",
                "{\"run_id\": \"" + runId + "\", \"key\": \"k\", \"value\": 1e400, \"timestamp\": 99999999999999999999}",
                "{\"experiment_ids\": \"0\", \"order_by\": [\"params.\"], \"max_results\": -1}",
                "{\"name\": \"" + "x".repeat(600) + "\"}", "{\"run_id\": \"" + runId + "\", \"model_json\": \"not json\"}",
                "{\"run_id\": \"" + runId + "\", \"tags\": [{\"key\": \"a/../b\", \"value\": \"v\"}]}");
        for (String endpoint : endpoints) {
            for (String body : bodies) {
                RunningServer.Response response = server.post(API + "/" + endpoint, body);
                assertThat(response.status()).as(endpoint + " with " + body).isLessThan(500);
                if (response.status() >= 400) {
                    assertThat(response.body().has("error_code") && response.body().has("message")).as(endpoint + " with " + body).isTrue();
                }
            }
        }
    }

    @Test
    void servesHealthAndPrometheusMetrics() {
        RunningServer.Response health = server.get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("status").asText()).isEqualTo("OK");
        server.get(API + "/experiments/get?experiment_id=0");
        HttpResponse<byte[]> metrics = server.raw(HttpRequest.newBuilder(server.uri("/metrics")).GET());
        String text = new String(metrics.body(), StandardCharsets.UTF_8);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(text).contains("http_server_requests_seconds_count{method=\"GET\",route=\"/api/2.0/mlflow/experiments/get\",status=\"200\"}");
        assertThat(text).contains("jvm_memory_used_bytes");
    }

    private String createRun(String experimentId, String... tags) {
        RunningServer.Response response = server.post(API + "/runs/create", "{\"experiment_id\": \"" + experimentId
                + "\", \"start_time\": " + System.currentTimeMillis() + ", \"tags\": [" + String.join(",", tags) + "]}");
        assertThat(response.status()).isEqualTo(200);
        return response.body().at("/run/info/run_id").asText();
    }

    private static List<String> keyValues(JsonNode array) {
        List<String> pairs = new ArrayList<>();
        array.forEach(node -> pairs.add(node.get("key").asText() + "=" + node.get("value").asText()));
        return pairs;
    }

    private static void assertError(RunningServer.Response response, int status, String code, String messagePart) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        assertThat(response.errorCode()).as(response.body().toString()).isEqualTo(code);
        assertThat(response.body().get("message").asText()).contains(messagePart);
    }
}
