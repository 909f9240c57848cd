package dev.cairn.server.mlflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.tracking.Dataset;
import dev.cairn.core.tracking.DatasetInput;
import dev.cairn.core.tracking.Experiment;
import dev.cairn.core.tracking.ExperimentSearch;
import dev.cairn.core.tracking.LogBatch;
import dev.cairn.core.tracking.Metric;
import dev.cairn.core.tracking.NewRun;
import dev.cairn.core.tracking.Page;
import dev.cairn.core.tracking.Param;
import dev.cairn.core.tracking.Run;
import dev.cairn.core.tracking.RunSearch;
import dev.cairn.core.tracking.RunStatus;
import dev.cairn.core.tracking.RunUpdate;
import dev.cairn.core.tracking.Tag;
import dev.cairn.core.tracking.TrackingStore;
import dev.cairn.core.tracking.ViewType;
import dev.cairn.core.tracking.search.OrderBy;
import dev.cairn.core.tracking.search.SearchFilter;
import dev.cairn.server.http.Json;
import dev.cairn.server.http.RequestFields;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * MLflow's tracking REST API ({@code /api/2.0/mlflow/...}), as {@code service.proto} defines
 * it. Each handler parses the request, calls the {@link TrackingStore}, and renders the result.
 */
public final class MlflowTrackingRoutes {
    /** Where MLflow's REST API lives. */
    public static final String BASE = "/api/2.0/mlflow";
    /** The tag where MLflow keeps the models logged by a run. */
    static final String LOGGED_MODELS_TAG = "mlflow.log-model.history";

    private final TrackingStore tracking;
    private final Clock clock;

    /** Routes backed by a tracking store. */
    public MlflowTrackingRoutes(TrackingStore tracking, Clock clock) {
        this.tracking = requireNonNull(tracking, "tracking is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Declares every route of the API. */
    public void register(RoutesConfig routes) {
        routes.post(BASE + "/experiments/create", this::createExperiment);
        routes.get(BASE + "/experiments/get", this::getExperiment);
        routes.get(BASE + "/experiments/get-by-name", this::getExperimentByName);
        routes.post(BASE + "/experiments/search", this::searchExperiments);
        routes.get(BASE + "/experiments/search", this::searchExperiments);
        routes.post(BASE + "/experiments/update", this::updateExperiment);
        routes.post(BASE + "/experiments/delete", this::deleteExperiment);
        routes.post(BASE + "/experiments/restore", this::restoreExperiment);
        routes.post(BASE + "/experiments/set-experiment-tag", this::setExperimentTag);

        routes.post(BASE + "/runs/create", this::createRun);
        routes.get(BASE + "/runs/get", this::getRun);
        routes.post(BASE + "/runs/update", this::updateRun);
        routes.post(BASE + "/runs/delete", this::deleteRun);
        routes.post(BASE + "/runs/restore", this::restoreRun);
        routes.post(BASE + "/runs/search", this::searchRuns);
        routes.get(BASE + "/runs/search", this::searchRuns);
        routes.post(BASE + "/runs/log-metric", this::logMetric);
        routes.post(BASE + "/runs/log-parameter", this::logParam);
        routes.post(BASE + "/runs/set-tag", this::setTag);
        routes.post(BASE + "/runs/delete-tag", this::deleteTag);
        routes.post(BASE + "/runs/log-batch", this::logBatch);
        routes.post(BASE + "/runs/log-inputs", this::logInputs);
        routes.post(BASE + "/runs/log-model", this::logModel);
        routes.get(BASE + "/metrics/get-history", this::getMetricHistory);
    }

    // ---- experiments ----

    private void createExperiment(Context ctx) {
        RequestFields fields = RequestFields.fromJsonBody(ctx);
        String id = tracking.createExperiment(fields.requiredString("name"),
                fields.optionalString("artifact_location").filter(location -> !location.isEmpty()), tags(fields));
        Json.respond(ctx, Json.object().put("experiment_id", id));
    }

    private void getExperiment(Context ctx) {
        Experiment experiment = tracking.getExperiment(RequestFields.of(ctx).requiredString("experiment_id"));
        respondExperiment(ctx, experiment);
    }

    private void getExperimentByName(Context ctx) {
        Experiment experiment = tracking.getExperimentByName(RequestFields.of(ctx).requiredString("experiment_name"));
        respondExperiment(ctx, experiment);
    }

    private void searchExperiments(Context ctx) {
        RequestFields fields = RequestFields.of(ctx);
        List<OrderBy> orderBy = fields.stringList("order_by").stream().map(OrderBy::parseExperimentOrderBy).toList();
        ExperimentSearch search = new ExperimentSearch(
                SearchFilter.parseExperimentFilter(fields.optionalString("filter").orElse("")),
                viewType(fields),
                fields.intInRange("max_results", ExperimentSearch.DEFAULT_MAX_RESULTS, 1, ExperimentSearch.MAX_RESULTS_LIMIT),
                orderBy,
                fields.optionalString("page_token"));
        Page<Experiment> page = tracking.searchExperiments(search);
        ObjectNode response = Json.object();
        ArrayNode experiments = response.putArray("experiments");
        page.items().forEach(experiment -> experiments.add(MlflowJson.experiment(experiment)));
        page.nextPageToken().ifPresent(token -> response.put("next_page_token", token));
        Json.respond(ctx, response);
    }

    private void updateExperiment(Context ctx) {
        RequestFields fields = RequestFields.fromJsonBody(ctx);
        String id = fields.requiredString("experiment_id");
        Optional<String> newName = fields.optionalString("new_name");
        if (newName.isPresent()) {
            tracking.renameExperiment(id, newName.get());
        } else {
            tracking.getExperiment(id);
        }
        Json.respond(ctx, Json.object());
    }

    private void deleteExperiment(Context ctx) {
        tracking.deleteExperiment(RequestFields.fromJsonBody(ctx).requiredString("experiment_id"));
        Json.respond(ctx, Json.object());
    }

    private void restoreExperiment(Context ctx) {
        tracking.restoreExperiment(RequestFields.fromJsonBody(ctx).requiredString("experiment_id"));
        Json.respond(ctx, Json.object());
    }

    private void setExperimentTag(Context ctx) {
        RequestFields fields = RequestFields.fromJsonBody(ctx);
        tracking.setExperimentTag(fields.requiredString("experiment_id"), tag(fields));
        Json.respond(ctx, Json.object());
    }

    // ---- runs ----

    private void createRun(Context ctx) {
        RequestFields fields = RequestFields.fromJsonBody(ctx);
        NewRun newRun = new NewRun(
                fields.optionalString("experiment_id").filter(id -> !id.isEmpty()).orElse(TrackingStore.DEFAULT_EXPERIMENT_ID),
                fields.optionalString("user_id").orElse(""),
                fields.optionalString("run_name"),
                fields.optionalLong("start_time").orElseGet(clock::millis),
                tags(fields));
        Run run = tracking.createRun(newRun);
        ObjectNode response = Json.object();
        response.set("run", MlflowJson.run(run));
        Json.respond(ctx, response);
    }

    private void getRun(Context ctx) {
        Run run = tracking.getRun(runId(RequestFields.of(ctx)));
        ObjectNode response = Json.object();
        response.set("run", MlflowJson.run(run));
        Json.respond(ctx, response);
    }

    private void updateRun(Context ctx) {
        RequestFields fields = RequestFields.fromJsonBody(ctx);
        RunUpdate update = new RunUpdate(
                fields.optionalString("status").map(RunStatus::parse),
                fields.optionalLong("end_time"),
                fields.optionalString("run_name"));
        ObjectNode response = Json.object();
        response.set("run_info", MlflowJson.runInfo(tracking.updateRun(runId(fields), update)));
        Json.respond(ctx, response);
    }

    private void deleteRun(Context ctx) {
        tracking.deleteRun(RequestFields.fromJsonBody(ctx).requiredString("run_id"));
        Json.respond(ctx, Json.object());
    }

    private void restoreRun(Context ctx) {
        tracking.restoreRun(RequestFields.fromJsonBody(ctx).requiredString("run_id"));
        Json.respond(ctx, Json.object());
    }

    private void searchRuns(Context ctx) {
        RequestFields fields = RequestFields.of(ctx);
        List<OrderBy> orderBy = fields.stringList("order_by").stream().map(OrderBy::parseRunOrderBy).toList();
        String viewField = fields.optionalString("run_view_type").orElse("ACTIVE_ONLY");
        RunSearch search = new RunSearch(
                fields.stringList("experiment_ids"),
                SearchFilter.parseRunFilter(fields.optionalString("filter").orElse("")),
                ViewType.parse(viewField),
                fields.intInRange("max_results", RunSearch.DEFAULT_MAX_RESULTS, 1, RunSearch.MAX_RESULTS_LIMIT),
                orderBy,
                fields.optionalString("page_token"));
        Page<Run> page = tracking.searchRuns(search);
        ObjectNode response = Json.object();
        ArrayNode runs = response.putArray("runs");
        page.items().forEach(run -> runs.add(MlflowJson.run(run)));
        page.nextPageToken().ifPresent(token -> response.put("next_page_token", token));
        Json.respond(ctx, response);
    }

    private void logMetric(Context ctx) {
        RequestFields fields = RequestFields.fromJsonBody(ctx);
        tracking.logBatch(runId(fields), LogBatch.of(metric(fields)));
        Json.respond(ctx, Json.object());
    }

    private void logParam(Context ctx) {
        RequestFields fields = RequestFields.fromJsonBody(ctx);
        tracking.logBatch(runId(fields), LogBatch.of(new Param(fields.requiredString("key"), fields.optionalString("value").orElse(""))));
        Json.respond(ctx, Json.object());
    }

    private void setTag(Context ctx) {
        RequestFields fields = RequestFields.fromJsonBody(ctx);
        tracking.logBatch(runId(fields), LogBatch.of(tag(fields)));
        Json.respond(ctx, Json.object());
    }

    private void deleteTag(Context ctx) {
        RequestFields fields = RequestFields.fromJsonBody(ctx);
        tracking.deleteTag(fields.requiredString("run_id"), fields.requiredString("key"));
        Json.respond(ctx, Json.object());
    }

    private void logBatch(Context ctx) {
        RequestFields fields = RequestFields.fromJsonBody(ctx);
        List<Metric> metrics = new ArrayList<>();
        for (RequestFields metric : fields.objectList("metrics")) {
            metrics.add(metric(metric));
        }
        List<Param> params = new ArrayList<>();
        for (RequestFields param : fields.objectList("params")) {
            params.add(new Param(param.requiredString("key"), param.optionalString("value").orElse("")));
        }
        tracking.logBatch(fields.requiredString("run_id"), new LogBatch(metrics, params, tags(fields)));
        Json.respond(ctx, Json.object());
    }

    private void logInputs(Context ctx) {
        RequestFields fields = RequestFields.fromJsonBody(ctx);
        List<DatasetInput> inputs = new ArrayList<>();
        for (RequestFields input : fields.objectList("datasets")) {
            RequestFields dataset = input.requiredObject("dataset");
            List<Tag> tags = new ArrayList<>();
            for (RequestFields tag : input.objectList("tags")) {
                tags.add(new Tag(tag.requiredString("key"), tag.optionalString("value").orElse("")));
            }
            inputs.add(new DatasetInput(new Dataset(dataset.requiredString("name"), dataset.requiredString("digest"),
                    dataset.requiredString("source_type"), dataset.requiredString("source"), dataset.optionalString("schema"),
                    dataset.optionalString("profile")), tags));
        }
        tracking.logInputs(fields.requiredString("run_id"), inputs);
        Json.respond(ctx, Json.object());
    }

    /** Appends a logged model's description to the run's model history tag, as MLflow does. */
    private void logModel(Context ctx) {
        RequestFields fields = RequestFields.fromJsonBody(ctx);
        String runId = fields.requiredString("run_id");
        String modelJson = fields.requiredString("model_json");
        com.fasterxml.jackson.databind.JsonNode model;
        try {
            model = Json.MAPPER.readTree(modelJson);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw CairnException.invalidParameter("Field 'model_json' must hold a JSON object: " + e.getOriginalMessage());
        }
        if (model == null || !model.isObject()) {
            throw CairnException.invalidParameter("Field 'model_json' must hold a JSON object (MLflow's model description), not "
                    + (model == null ? "nothing" : model.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        }
        ArrayNode history = tracking.getRun(runId).tags().stream()
                .filter(tag -> tag.key().equals(LOGGED_MODELS_TAG))
                .findFirst()
                .map(tag -> readHistory(tag.value()))
                .orElseGet(Json.MAPPER::createArrayNode);
        history.add(model);
        tracking.logBatch(runId, LogBatch.of(new Tag(LOGGED_MODELS_TAG, history.toString())));
        Json.respond(ctx, Json.object());
    }

    private void getMetricHistory(Context ctx) {
        RequestFields fields = RequestFields.of(ctx);
        Page<Metric> page = tracking.getMetricHistory(runId(fields), fields.requiredString("metric_key"),
                fields.intInRange("max_results", 25_000, 1, 25_000), fields.optionalString("page_token"));
        ObjectNode response = Json.object();
        ArrayNode metrics = response.putArray("metrics");
        page.items().forEach(metric -> metrics.add(MlflowJson.metric(metric)));
        page.nextPageToken().ifPresent(token -> response.put("next_page_token", token));
        Json.respond(ctx, response);
    }

    // ---- request pieces ----

    /** MLflow accepts the run's id as {@code run_id} or, from older clients, {@code run_uuid}. */
    private static String runId(RequestFields fields) {
        return fields.optionalString("run_id").filter(id -> !id.isEmpty())
                .or(() -> fields.optionalString("run_uuid").filter(id -> !id.isEmpty()))
                .orElseThrow(() -> CairnException.invalidParameter("Missing value for required field 'run_id'"));
    }

    private Metric metric(RequestFields fields) {
        return new Metric(fields.requiredString("key"), fields.requiredDouble("value"),
                fields.optionalLong("timestamp").orElseGet(clock::millis), fields.optionalLong("step").orElse(0));
    }

    private static Tag tag(RequestFields fields) {
        return new Tag(fields.requiredString("key"), fields.optionalString("value").orElse(""));
    }

    private static List<Tag> tags(RequestFields fields) {
        List<Tag> tags = new ArrayList<>();
        for (RequestFields tag : fields.objectList("tags")) {
            tags.add(tag(tag));
        }
        return tags;
    }

    private static ViewType viewType(RequestFields fields) {
        return ViewType.parse(fields.optionalString("view_type").orElse("ACTIVE_ONLY"));
    }

    private static ArrayNode readHistory(String value) {
        try {
            return Json.MAPPER.readTree(value) instanceof ArrayNode array ? array : Json.MAPPER.createArrayNode();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Json.MAPPER.createArrayNode();
        }
    }

    private static void respondExperiment(Context ctx, Experiment experiment) {
        ObjectNode response = Json.object();
        response.set("experiment", MlflowJson.experiment(experiment));
        Json.respond(ctx, response);
    }
}
