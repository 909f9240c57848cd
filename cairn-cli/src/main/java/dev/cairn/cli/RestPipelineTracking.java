package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.tracking.RunStatus;
import dev.cairn.core.tracking.search.SearchFilter;
import dev.cairn.pipeline.run.PipelineTags;
import dev.cairn.pipeline.run.PipelineTracking;
import dev.cairn.pipeline.run.TaggedRun;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
        TrackedRun run = runs.remove(runId);
        if (run != null) {
            run.end(status.name());
        } else {
            // A run this process did not start: a resume ends the runs its previous run left RUNNING.
            client.post("/api/2.0/mlflow/runs/update", CairnClient.JSON.createObjectNode().put("run_id", runId).put("status", status.name())
                    .put("end_time", System.currentTimeMillis()));
        }
    }

    @Override
    public Optional<TaggedRun> finishedRunWithTag(String experimentId, String tagKey, String tagValue) {
        ObjectNode request = CairnClient.JSON.createObjectNode().put("max_results", 1)
                .put("filter", "tags.`" + tagKey + "` = " + SearchFilter.literal(tagValue) + " AND attributes.status = 'FINISHED'");
        request.putArray("experiment_ids").add(experimentId);
        request.putArray("order_by").add("attributes.start_time DESC");
        JsonNode found = client.post("/api/2.0/mlflow/runs/search", request).path("runs");
        return found.isEmpty() ? Optional.empty() : Optional.of(tagged(found.get(0)));
    }

    @Override
    public Optional<TaggedRun> run(String runId) {
        try {
            return Optional.of(tagged(client.get("/api/2.0/mlflow/runs/get", Map.of("run_id", runId)).path("run")));
        } catch (CairnClient.ServerError e) {
            if (!e.code().equals("RESOURCE_DOES_NOT_EXIST")) {
                throw e;
            }
            return Optional.empty();
        }
    }

    @Override
    public List<TaggedRun> stepRuns(String experimentId, String pipelineRunId) {
        List<TaggedRun> found = new ArrayList<>();
        String pageToken = "";
        do {
            ObjectNode request = CairnClient.JSON.createObjectNode().put("max_results", 1000)
                    .put("filter", "tags.`" + PipelineTags.PARENT_RUN + "` = " + SearchFilter.literal(pipelineRunId));
            request.putArray("experiment_ids").add(experimentId);
            request.putArray("order_by").add("attributes.start_time ASC");
            if (!pageToken.isEmpty()) {
                request.put("page_token", pageToken);
            }
            JsonNode page = client.post("/api/2.0/mlflow/runs/search", request);
            page.path("runs").forEach(run -> found.add(tagged(run)));
            pageToken = page.path("next_page_token").asText("");
        } while (!pageToken.isEmpty());
        return found;
    }

    /** A run as MLflow's JSON has it. */
    private static TaggedRun tagged(JsonNode run) {
        Map<String, String> tags = new HashMap<>();
        run.at("/data/tags").forEach(tag -> tags.put(tag.path("key").asText(), tag.path("value").asText()));
        return new TaggedRun(run.at("/info/run_id").asText(), run.at("/info/experiment_id").asText(),
                RunStatus.parse(run.at("/info/status").asText()), tags);
    }
}
