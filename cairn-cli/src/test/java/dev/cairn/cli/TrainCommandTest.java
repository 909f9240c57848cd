package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.store.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cairn train} end to end against a real server, on three days of January and February
 * at three airports of the example flights data: datasets registered and split, trials as nested
 * runs, test metrics, the gate against a champion, registration, validation failures, and
 * repeating a training from its run.
 */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class TrainCommandTest extends ServerCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void trainsTunesEvaluatesGatesRegistersAndRepeats() throws Exception {
        Path spec = writeSpec("thresholds: {roc_auc: 0.5}\n  champion: {metric: roc_auc, margin: 0.01}", """
                row_count: {min: 1000}
                columns:
                  late: {type: integer, allowed: ["0", "1"], max_null_share: 0}
                  distance: {min: 1}
                """);
        CliServer.Result first = server.cairn("train", "--spec", spec.toString(), "--git-commit", "0123456789abcdef0123456789abcdef01234567");
        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).contains("Dataset flights: registered version 1", "Dataset features: registered version 1",
                "Validation of features.parquet passed", "logistic_regression: 2 trials, 2-fold cross-validation",
                "xgboost_classifier: 2 trials", "Quality gate passed", "Registered flights-delay version 1 (READY), alias champion");

        String parentId = first.out().replaceAll("(?s).*Parent run ([0-9a-f]{32}).*", "$1");
        JsonNode parent = get("/api/2.0/mlflow/runs/get?run_id=" + parentId).path("run");
        assertThat(tag(parent, "mlflow.source.git.commit")).isEqualTo("0123456789abcdef0123456789abcdef01234567");
        assertThat(tag(parent, "cairn.gate.verdict")).isEqualTo("passed");
        assertThat(metric(parent, "test_roc_auc")).isBetween(0.5, 1.0);
        assertThat(metric(parent, "test_accuracy")).isBetween(0.5, 1.0);
        assertThat(parent.at("/inputs/dataset_inputs")).hasSize(2);

        // Each trial and each refitted candidate is a nested run under the parent.
        List<JsonNode> children = children(parent.at("/info/experiment_id").asText(), parentId);
        assertThat(children).extracting(r -> r.at("/info/run_name").asText()).contains("logistic_regression trial 1",
                "logistic_regression trial 2", "xgboost_classifier trial 1", "xgboost_classifier trial 2", "logistic_regression best",
                "xgboost_classifier best");
        JsonNode trial = children.stream().filter(r -> r.at("/info/run_name").asText().equals("xgboost_classifier trial 1")).findFirst().orElseThrow();
        assertThat(metric(trial, "cv_roc_auc")).isBetween(0.0, 1.0);
        assertThat(trial.at("/data/params")).extracting(p -> p.get("key").asText()).contains("max_depth", "eta");
        String winnerId = tag(parent, "cairn.winner.run_id");
        JsonNode winner = get("/api/2.0/mlflow/runs/get?run_id=" + winnerId).path("run");
        assertThat(winner.at("/data/metrics")).extracting(m -> m.get("key").asText())
                .contains("test_precision", "test_recall", "test_f1", "test_log_loss", "test_slice/origin/ORD/accuracy");
        // The parent reports the winner's test score, and the winner is the best refitted candidate by it.
        assertThat(metric(parent, "test_roc_auc")).isEqualTo(metric(winner, "test_roc_auc"));
        assertThat(children.stream().filter(r -> r.at("/info/run_name").asText().endsWith(" best")).mapToDouble(r -> metric(r, "cv_roc_auc")))
                .allMatch(score -> score <= metric(winner, "cv_roc_auc") + 1e-12);

        // The winner's package names its run and carries its test metrics; its record names no absolute path.
        String artifacts = "/api/2.0/mlflow-artifacts/artifacts/" + winner.at("/info/artifact_uri").asText().replaceFirst("^mlflow-artifacts:/+", "");
        String descriptor = text(artifacts + "/model/cairn-model.yaml");
        assertThat(descriptor).contains("run_id: \"" + winnerId + "\"", "roc_auc: " + metric(winner, "test_roc_auc"));
        JsonNode record = JSON.readTree(text(artifacts + "/training-record.json"));
        assertThat(Path.of(record.path("spec_dir").asText())).isNotEqualTo(spec.getParent()).satisfies(dir -> assertThat(dir.isAbsolute()).isFalse());
        assertThat(record.at("/datasets/1/name").asText()).isEqualTo("features");

        // The version is READY and its lineage leads to the winner's run.
        JsonNode version = get("/api/2.0/mlflow/registered-models/alias?name=flights-delay&alias=champion").path("model_version");
        assertThat(version.path("status").asText()).isEqualTo("READY");
        assertThat(version.path("run_id").asText()).isEqualTo(winnerId);
        assertThat(server.cairn("models", "show", "flights-delay").out()).containsPattern("features@[0-9a-f]{12}\\(training\\)")
                .containsPattern("flights@[0-9a-f]{12}\\(source\\)");

        // The derived dataset carries the split the training used.
        JsonNode features = get("/api/v1/datasets/features/versions/1").path("dataset_version");
        assertThat(features.path("split")).extracting(p -> p.get("name").asText()).containsExactly("train", "test");
        long trainRows = features.at("/split/0/row_count").asLong();
        assertThat(trainRows).isPositive();
        assertThat(trainRows + features.at("/split/1/row_count").asLong()).isEqualTo(features.path("row_count").asLong());

        // A second training on the same data meets the champion, is judged against it, and finds the datasets unchanged.
        CliServer.Result second = server.cairn("train", "--spec", spec.toString());
        assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
        assertThat(second.out()).contains("Dataset flights: unchanged, version 1", "Champion: flights-delay version 1",
                "Registered flights-delay version 2");
        JsonNode secondParent = get("/api/2.0/mlflow/runs/get?run_id="
                + second.out().replaceAll("(?s).*Parent run ([0-9a-f]{32}).*", "$1")).path("run");
        assertThat(metric(secondParent, "champion_test_roc_auc")).isEqualTo(metric(parent, "test_roc_auc"));

        // Repeating the winner's training from its record gives the same predictions.
        CliServer.Result repeated = server.cairn("train", "--from-run", winnerId);
        assertThat(repeated.exitCode()).as(repeated.out() + repeated.err()).isZero();
        assertThat(repeated.out()).contains("Repeating run " + winnerId);
        JsonNode repeatedParent = get("/api/2.0/mlflow/runs/get?run_id="
                + repeated.out().replaceAll("(?s).*Parent run ([0-9a-f]{32}).*", "$1")).path("run");
        assertThat(metric(repeatedParent, "reproduction_max_abs_diff")).isLessThan(1e-9);
        assertThat(tag(repeatedParent, "cairn.retrained_from")).isEqualTo(winnerId);
        assertThat(metric(repeatedParent, "test_roc_auc")).isEqualTo(metric(parent, "test_roc_auc"));
    }

    @Test
    void aTrainingSpecRunsAsItsPipelineAndThenAllFromTheCache() throws Exception {
        Path spec = writeSpec("thresholds: {roc_auc: 0.5}", "row_count: {min: 100}\n");
        String pipelines = home.resolve("pipelines").toString();
        CliServer.Result first = server.cairn("pipelines", "run", spec.toString(), "--work", pipelines);
        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).contains("dataset-flights  started", "validate         finished in ", "train            finished in ",
                "Pipeline train-flights-delay finished in ", ": 8 ran, 0 cached, 0 failed, 0 cancelled (run ");

        // The version's package names the train step's run, which is the version's lineage, and carries its test metrics.
        JsonNode version = get("/api/2.0/mlflow/registered-models/alias?name=flights-delay&alias=champion").path("model_version");
        String runId = version.path("run_id").asText();
        JsonNode run = get("/api/2.0/mlflow/runs/get?run_id=" + runId).path("run");
        assertThat(tag(run, "cairn.pipeline.step")).isEqualTo("train");
        String descriptor = text("/api/2.0/mlflow-artifacts/artifacts/" + version.path("source").asText().replaceFirst("^mlflow-artifacts:/+", "")
                + "/cairn-model.yaml");
        assertThat(descriptor).contains("run_id: \"" + runId + "\"", "roc_auc: ", "accuracy: ");
        // The derived dataset carries the split, as with cairn train.
        assertThat(get("/api/v1/datasets/features/versions/1").at("/dataset_version/split")).extracting(p -> p.get("name").asText())
                .containsExactly("train", "test");

        CliServer.Result second = server.cairn("pipelines", "run", spec.toString(), "--work", pipelines);
        assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
        assertThat(second.out()).doesNotContain("started").contains(": 0 ran, 8 cached, 0 failed, 0 cancelled");
        assertThat(get("/api/2.0/mlflow/registered-models/alias?name=flights-delay&alias=champion").at("/model_version/version").asText())
                .isEqualTo(version.path("version").asText());
    }

    @Test
    void aFailedGateRegistersNothing() throws Exception {
        Path spec = writeSpec("thresholds: {roc_auc: 0.99}", "");
        CliServer.Result result = server.cairn("train", "--spec", spec.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("Quality gate failed", "roc_auc", "Not registered: the quality gate failed");
        assertThat(result.err()).contains("The quality gate failed; the model was not registered");
        assertThat(get("/api/2.0/mlflow/registered-models/search").path("registered_models")).isEmpty();
    }

    @Test
    void validationFailuresStopTheTrainingWithAReport() throws Exception {
        Path spec = writeSpec("thresholds: {roc_auc: 0.5}", """
                columns:
                  gate: {type: string}
                  distance: {type: integer, min: 1, max: 1000}
                  long_haul: {max_null_share: 0.05}
                  late: {allowed: ["0", "1"]}
                """);
        CliServer.Result result = server.cairn("train", "--spec", spec.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("Validation of features.parquet failed 3 of",
                "present of column 'gate': the column is missing",
                "max of column 'distance':", "rows have values above 1000.0 (e.g. ",
                "max_null_share of column 'long_haul':");
        assertThat(result.err()).doesNotContain("column 'late'");
        assertThat(result.out()).doesNotContain("trial");
        JsonNode runs = JSON.readTree(server.cairn("runs", "list", "--experiment", "flights-delay", "--json").out());
        List<String> verdicts = new ArrayList<>();
        runs.findValues("tags").forEach(tags -> tags.forEach(tag -> {
            if (tag.path("key").asText().equals("cairn.validation")) {
                verdicts.add(tag.path("value").asText());
            }
        }));
        assertThat(verdicts).as("the run records the failed validation in its cairn.validation tag").containsExactly("failed");
        assertThat(get("/api/2.0/mlflow/registered-models/search").path("registered_models")).isEmpty();
    }

    private Path writeSpec(String gate, String validation) throws Exception {
        return SmallFlightsSpec.write(work, gate, validation);
    }

    private List<JsonNode> children(String experimentId, String parentId) throws Exception {
        JsonNode found = post("/api/2.0/mlflow/runs/search", "{\"experiment_ids\": [\"" + experimentId
                + "\"], \"filter\": \"tags.mlflow.parentRunId = '" + parentId + "'\", \"max_results\": 100}");
        List<JsonNode> runs = new ArrayList<>();
        found.path("runs").forEach(runs::add);
        return runs;
    }

    private static String tag(JsonNode run, String key) {
        for (JsonNode tag : run.at("/data/tags")) {
            if (tag.path("key").asText().equals(key)) {
                return tag.path("value").asText();
            }
        }
        throw new AssertionError("run has no tag " + key + ": " + run.at("/data/tags"));
    }

    private static double metric(JsonNode run, String key) {
        for (JsonNode metric : run.at("/data/metrics")) {
            if (metric.path("key").asText().equals(key)) {
                return metric.path("value").asDouble();
            }
        }
        throw new AssertionError("run has no metric " + key + ": " + run.at("/data/metrics"));
    }

    private String text(String pathAndQuery) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url() + pathAndQuery)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private JsonNode get(String pathAndQuery) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(server.url() + pathAndQuery)).GET().build());
    }

    private JsonNode post(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(server.url() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static JsonNode send(HttpRequest request) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
