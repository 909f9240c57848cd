package dev.cairn.server.mlflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.tracking.Dataset;
import dev.cairn.core.tracking.DatasetInput;
import dev.cairn.core.tracking.Experiment;
import dev.cairn.core.tracking.Metric;
import dev.cairn.core.tracking.Param;
import dev.cairn.core.tracking.Run;
import dev.cairn.core.tracking.RunInfo;
import dev.cairn.core.tracking.Tag;
import dev.cairn.server.http.Json;

import java.util.List;

/**
 * Cairn's entities in the JSON shapes of MLflow's {@code service.proto}, with its field names.
 * Integers are written as JSON numbers, as MLflow's server writes them.
 */
final class MlflowJson {
    private MlflowJson() {
    }

    static ObjectNode experiment(Experiment experiment) {
        ObjectNode node = Json.object()
                .put("experiment_id", experiment.experimentId())
                .put("name", experiment.name())
                .put("artifact_location", experiment.artifactLocation())
                .put("lifecycle_stage", experiment.lifecycleStage().wireName())
                .put("last_update_time", experiment.lastUpdateTime())
                .put("creation_time", experiment.creationTime());
        node.set("tags", tags(experiment.tags()));
        return node;
    }

    static ObjectNode run(Run run) {
        ObjectNode node = Json.object();
        node.set("info", runInfo(run.info()));
        ObjectNode data = node.putObject("data");
        ArrayNode metrics = data.putArray("metrics");
        run.latestMetrics().forEach(metric -> metrics.add(metric(metric)));
        ArrayNode params = data.putArray("params");
        for (Param param : run.params()) {
            params.addObject().put("key", param.key()).put("value", param.value());
        }
        data.set("tags", tags(run.tags()));
        ArrayNode inputs = node.putObject("inputs").putArray("dataset_inputs");
        for (DatasetInput input : run.inputs()) {
            ObjectNode entry = inputs.addObject();
            entry.set("tags", tags(input.tags()));
            Dataset dataset = input.dataset();
            ObjectNode json = entry.putObject("dataset").put("name", dataset.name()).put("digest", dataset.digest())
                    .put("source_type", dataset.sourceType()).put("source", dataset.source());
            dataset.schema().ifPresent(schema -> json.put("schema", schema));
            dataset.profile().ifPresent(profile -> json.put("profile", profile));
        }
        return node;
    }

    static ObjectNode runInfo(RunInfo info) {
        ObjectNode node = Json.object()
                .put("run_id", info.runId())
                .put("run_uuid", info.runId())
                .put("run_name", info.runName())
                .put("experiment_id", info.experimentId())
                .put("user_id", info.userId())
                .put("status", info.status().name())
                .put("start_time", info.startTime());
        info.endTime().ifPresent(end -> node.put("end_time", end));
        return node.put("artifact_uri", info.artifactUri())
                .put("lifecycle_stage", info.lifecycleStage().wireName());
    }

    static ObjectNode metric(Metric metric) {
        return Json.object()
                .put("key", metric.key())
                .put("value", metric.value())
                .put("timestamp", metric.timestamp())
                .put("step", metric.step());
    }

    private static ArrayNode tags(List<Tag> tags) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (Tag tag : tags) {
            array.addObject().put("key", tag.key()).put("value", tag.value());
        }
        return array;
    }
}
