package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One tracking run on the server, written through the MLflow REST API: params, metrics, tags,
 * dataset inputs and artifact files. A nested run carries MLflow's {@code mlflow.parentRunId}
 * tag, which is how MLflow's UI and clients show a search's trials under their parent.
 */
final class TrackedRun {
    private static final int PARAMS_PER_BATCH = 100;
    private static final int METRICS_PER_BATCH = 1000;

    private final CairnClient client;
    private final String id;
    private final String artifactRoot;

    private TrackedRun(CairnClient client, String id, String artifactRoot) {
        this.client = client;
        this.id = id;
        this.artifactRoot = artifactRoot;
    }

    /** The id of the experiment with this name, created if it does not exist. */
    static String experimentId(CairnClient client, String name) {
        try {
            return client.get("/api/2.0/mlflow/experiments/get-by-name", Map.of("experiment_name", name))
                    .at("/experiment/experiment_id").asText();
        } catch (CairnClient.ServerError e) {
            if (!e.code().equals("RESOURCE_DOES_NOT_EXIST")) {
                throw e;
            }
            return client.post("/api/2.0/mlflow/experiments/create", CairnClient.JSON.createObjectNode().put("name", name))
                    .path("experiment_id").asText();
        }
    }

    /** Starts a run, nested under {@code parent} when given. */
    static TrackedRun start(CairnClient client, String experimentId, String name, Optional<TrackedRun> parent, Map<String, String> tags) {
        ObjectNode request = CairnClient.JSON.createObjectNode().put("experiment_id", experimentId).put("run_name", name)
                .put("start_time", System.currentTimeMillis()).put("user_id", System.getProperty("user.name", ""));
        ArrayNode tagList = request.putArray("tags");
        tags.forEach((key, value) -> tagList.addObject().put("key", key).put("value", value));
        parent.ifPresent(p -> tagList.addObject().put("key", "mlflow.parentRunId").put("value", p.id()));
        JsonNode info = client.post("/api/2.0/mlflow/runs/create", request).at("/run/info");
        return new TrackedRun(client, info.path("run_id").asText(),
                info.path("artifact_uri").asText().replaceFirst("^mlflow-artifacts:/+", ""));
    }

    /** The run's id. */
    String id() {
        return id;
    }

    /** Logs parameters (values as text), in batches MLflow accepts. */
    void logParams(Map<String, ?> params) {
        List<Map.Entry<String, ?>> entries = new ArrayList<>(params.entrySet());
        for (int from = 0; from < entries.size(); from += PARAMS_PER_BATCH) {
            ObjectNode batch = CairnClient.JSON.createObjectNode().put("run_id", id);
            ArrayNode list = batch.putArray("params");
            entries.subList(from, Math.min(entries.size(), from + PARAMS_PER_BATCH))
                    .forEach(e -> list.addObject().put("key", e.getKey()).put("value", String.valueOf(e.getValue())));
            client.post("/api/2.0/mlflow/runs/log-batch", batch);
        }
    }

    /** Logs metric values at step 0, in batches MLflow accepts. */
    void logMetrics(Map<String, Double> metrics) {
        long now = System.currentTimeMillis();
        List<Map.Entry<String, Double>> entries = new ArrayList<>(metrics.entrySet());
        for (int from = 0; from < entries.size(); from += METRICS_PER_BATCH) {
            ObjectNode batch = CairnClient.JSON.createObjectNode().put("run_id", id);
            ArrayNode list = batch.putArray("metrics");
            entries.subList(from, Math.min(entries.size(), from + METRICS_PER_BATCH)).forEach(e -> list.addObject()
                    .put("key", e.getKey()).put("value", e.getValue()).put("timestamp", now).put("step", 0));
            client.post("/api/2.0/mlflow/runs/log-batch", batch);
        }
    }

    /** Sets tags. */
    void setTags(Map<String, String> tags) {
        ObjectNode batch = CairnClient.JSON.createObjectNode().put("run_id", id);
        ArrayNode list = batch.putArray("tags");
        tags.forEach((key, value) -> list.addObject().put("key", key).put("value", value));
        client.post("/api/2.0/mlflow/runs/log-batch", batch);
    }

    /** Records the datasets the run used (MLflow's {@code runs/log-inputs}). */
    void logInputs(ArrayNode datasetInputs) {
        ObjectNode request = CairnClient.JSON.createObjectNode().put("run_id", id);
        request.set("datasets", datasetInputs);
        client.post("/api/2.0/mlflow/runs/log-inputs", request);
    }

    /** Uploads a file as the artifact at {@code path}. */
    void uploadFile(String path, Path file) {
        client.putFile("/api/2.0/mlflow-artifacts/artifacts/" + artifactRoot + "/" + path, file);
    }

    /** Uploads a folder's files under {@code path}. */
    void uploadFolder(String path, Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                uploadFile(path + "/" + folder.relativize(file).toString().replace('\\', '/'), file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder, e);
        }
    }

    /** Ends the run: FINISHED, FAILED or KILLED. */
    void end(String status) {
        client.post("/api/2.0/mlflow/runs/update", CairnClient.JSON.createObjectNode().put("run_id", id).put("status", status)
                .put("end_time", System.currentTimeMillis()));
    }
}
