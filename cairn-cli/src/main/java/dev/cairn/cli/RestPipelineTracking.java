package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.tracking.RunStatus;
import dev.cairn.core.tracking.search.SearchFilter;
import dev.cairn.pipeline.run.PipelineTracking;
import dev.cairn.pipeline.run.TaggedRun;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pipeline tracking through a server's MLflow REST API, for {@code cairn pipelines run}. A
 * {@code cairn-client} module implementing the stores over REST is a later slice; until then this
 * adapter implements exactly what the executor needs.
 */
final class RestPipelineTracking implements PipelineTracking {
    private final CairnClient client;
    private final Map<String, TrackedRun> runs = new ConcurrentHashMap<>();

    RestPipelineTracking(CairnClient client) {
        this.client = client;
    }

    @Override
    public String experimentId(String name) {
        return TrackedRun.experimentId(client, name);
    }

    @Override
    public String startRun(String experimentId, String runName, Map<String, String> tags) {
        TrackedRun run = TrackedRun.start(client, experimentId, runName, Optional.empty(), tags);
        runs.put(run.id(), run);
        return run.id();
    }

    @Override
    public void logParams(String runId, Map<String, String> params) {
        runs.get(runId).logParams(params);
    }

    @Override
    public void setTags(String runId, Map<String, String> tags) {
        runs.get(runId).setTags(tags);
    }

    @Override
    public void uploadFile(String runId, String artifactPath, Path file) {
        runs.get(runId).uploadFile(artifactPath, file);
    }

    @Override
    public void end(String runId, RunStatus status) {
        runs.remove(runId).end(status.name());
    }

    @Override
    public Optional<TaggedRun> finishedRunWithTag(String experimentId, String tagKey, String tagValue) {
        ObjectNode request = CairnClient.JSON.createObjectNode().put("max_results", 1)
                .put("filter", "tags.`" + tagKey + "` = " + SearchFilter.literal(tagValue) + " AND attributes.status = 'FINISHED'");
        request.putArray("experiment_ids").add(experimentId);
        request.putArray("order_by").add("attributes.start_time DESC");
        JsonNode found = client.post("/api/2.0/mlflow/runs/search", request).path("runs");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> tags = new HashMap<>();
        found.get(0).at("/data/tags").forEach(tag -> tags.put(tag.path("key").asText(), tag.path("value").asText()));
        return Optional.of(new TaggedRun(found.get(0).at("/info/run_id").asText(), tags));
    }
}
