package dev.cairn.server.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.deployment.DeploymentStore;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.monitor.KpiValue;
import dev.cairn.core.monitor.MonitorResult;
import dev.cairn.core.monitor.MonitorSchedule;
import dev.cairn.core.monitor.MonitorStore;
import dev.cairn.monitor.drift.DriftOptions;
import dev.cairn.monitor.integrity.IntegrityOptions;
import dev.cairn.server.http.Json;
import dev.cairn.server.http.RequestFields;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * Monitoring over HTTP:
 * <ul>
 *   <li>{@code POST /api/v1/deployments/{name}/monitors/run} compares a window ({@code from}, {@code to}: epoch
 *       milliseconds; by default the last 24 hours) of the deployment's predictions with its reference (by default the
 *       dataset version its model was trained on; {@code reference_dataset} and {@code reference_version} name another)
 *       and answers the stored result with its report; {@code sensitive_column} (an input) adds the fairness of a binary
 *       classifier's decisions across that input's groups, and {@code "importance": true} the permutation importance of
 *       the model's inputs over at most 10,000 of the window's rows;</li>
 *   <li>{@code GET /api/v1/deployments/{name}/monitors/results?from=&to=&limit=} lists stored results, newest window first;</li>
 *   <li>{@code GET /api/v1/deployments/{name}/monitors/results/{id}} gives one with its report;</li>
 *   <li>{@code PUT /api/v1/deployments/{name}/monitors/schedule} monitors the deployment on a schedule ({@code every}: 15m, 1h, 1d;
 *       {@code window}: the length of each run's window, by default {@code every}; and the run's {@code reference_dataset},
 *       {@code reference_version}, {@code columns} and {@code drift_share}); {@code GET} reads it with its next run time and
 *       {@code DELETE} removes it;</li>
 *   <li>{@code POST /api/v1/kpis} stores one KPI value ({@code name}, {@code value}, optional {@code time} and
 *       {@code deployment}) or a list of them under {@code kpis}; {@code GET /api/v1/kpis?name=&deployment=&from=&to=} reads them.</li>
 * </ul>
 */
public final class MonitorRoutes {
    /** The window a monitor run covers when none is given. */
    static final Duration DEFAULT_WINDOW = Duration.ofHours(24);
    /** Most KPI values one request may post. */
    static final int MAX_KPIS = 10_000;
    private static final int MAX_LISTED = 1_000;

    private final DeploymentMonitor monitor;
    private final MonitorSchedules schedules;
    private final MonitorStore results;
    private final DeploymentStore deployments;
    private final Clock clock;

    /** Routes over the monitor and its schedules, the stored results and KPIs, and the deployments they belong to. */
    public MonitorRoutes(DeploymentMonitor monitor, MonitorSchedules schedules, MonitorStore results, DeploymentStore deployments, Clock clock) {
        this.monitor = requireNonNull(monitor, "monitor is null");
        this.schedules = requireNonNull(schedules, "schedules is null");
        this.results = requireNonNull(results, "results is null");
        this.deployments = requireNonNull(deployments, "deployments is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Registers the routes. */
    public void register(RoutesConfig routes) {
        routes.post("/api/v1/deployments/{name}/monitors/run", this::run);
        routes.get("/api/v1/deployments/{name}/monitors/results", this::list);
        routes.get("/api/v1/deployments/{name}/monitors/results/{id}", this::one);
        routes.put("/api/v1/deployments/{name}/monitors/schedule", this::putSchedule);
        routes.get("/api/v1/deployments/{name}/monitors/schedule", ctx -> Json.respond(ctx,
                Json.object().set("schedule", json(schedules.get(ctx.pathParam("name"))))));
        routes.delete("/api/v1/deployments/{name}/monitors/schedule", ctx -> {
            schedules.delete(ctx.pathParam("name"));
            Json.respond(ctx, Json.object());
        });
        routes.post("/api/v1/kpis", this::postKpis);
        routes.get("/api/v1/kpis", this::kpis);
    }

    private void run(Context ctx) {
        String name = ctx.pathParam("name");
        RequestFields fields = RequestFields.fromJsonBody(ctx);
        // A window ending in the future holds what has been predicted until now, and is stored as ending now.
        long to = Math.min(fields.optionalLong("to").orElse(Long.MAX_VALUE), clock.millis() + 1);
        long from = fields.optionalLong("from").orElse(to - DEFAULT_WINDOW.toMillis());
        Optional<String> dataset = fields.optionalString("reference_dataset");
        if (dataset.isPresent() != fields.optionalLong("reference_version").isPresent()) {
            throw CairnException.invalidParameter("Name both 'reference_dataset' and 'reference_version', or neither to compare with the "
                    + "data the model was trained on");
        }
        Optional<MonitorReference> reference = dataset.map(named -> new MonitorReference(named, fields.requiredVersion("reference_version")));
        DriftOptions drift = new DriftOptions(fields.stringList("columns"), Map.of(), Map.of(),
                fields.optionalDouble("drift_share").orElse(DriftOptions.DEFAULT_DRIFT_SHARE));
        MonitorResult result = monitor.run(name, from, to, reference, drift, IntegrityOptions.defaults(),
                fields.optionalString("sensitive_column"), fields.booleanOr("importance", false));
        Json.respond(ctx, Json.object().set("result", json(result, true)));
    }

    private void putSchedule(Context ctx) {
        RequestFields fields = RequestFields.fromJsonBody(ctx);
        Duration every = MonitorSchedule.parseSpan(fields.requiredString("every"));
        Duration window = fields.optionalString("window").map(MonitorSchedule::parseSpan).orElse(every);
        OptionalLong version = fields.optionalLong("reference_version");
        MonitorSchedule schedule = new MonitorSchedule(ctx.pathParam("name"), every, window, fields.optionalString("reference_dataset"),
                version, fields.stringList("columns"), fields.optionalDouble("drift_share").orElse(DriftOptions.DEFAULT_DRIFT_SHARE));
        Json.respond(ctx, Json.object().set("schedule", json(schedules.put(schedule))));
    }

    private ObjectNode json(MonitorSchedule schedule) {
        ObjectNode node = Json.object().put("deployment", schedule.deployment()).put("every", MonitorSchedule.formatSpan(schedule.every()))
                .put("every_seconds", schedule.every().toSeconds()).put("window", MonitorSchedule.formatSpan(schedule.window()))
                .put("window_seconds", schedule.window().toSeconds());
        schedule.referenceDataset().ifPresent(dataset -> node.put("reference_dataset", dataset)
                .put("reference_version", schedule.referenceVersion().getAsLong()));
        ArrayNode columns = node.putArray("columns");
        schedule.columns().forEach(columns::add);
        node.put("drift_share", schedule.driftShare());
        schedules.nextRun(schedule.deployment()).ifPresent(next -> node.put("next_run_time", next.toEpochMilli()));
        return node;
    }

    private void list(Context ctx) {
        String name = ctx.pathParam("name");
        deployments.get(name);
        RequestFields query = RequestFields.fromQuery(ctx);
        ArrayNode list = Json.MAPPER.createArrayNode();
        results.results(name, query.optionalLong("from").orElse(Long.MIN_VALUE), query.optionalLong("to").orElse(Long.MAX_VALUE),
                query.intInRange("limit", 100, 1, MAX_LISTED)).forEach(result -> list.add(json(result, false)));
        Json.respond(ctx, Json.object().set("results", list));
    }

    private void one(Context ctx) {
        MonitorResult result = results.get(RequestFields.pathId(ctx, "monitor result"));
        if (!result.window().deployment().equals(ctx.pathParam("name"))) {
            throw CairnException.notFound("Monitor result " + result.id() + " is not one of deployment '" + ctx.pathParam("name") + "'");
        }
        Json.respond(ctx, Json.object().set("result", json(result, true)));
    }

    private void postKpis(Context ctx) {
        RequestFields fields = RequestFields.fromJsonBody(ctx);
        boolean batch = fields.has("kpis");
        List<RequestFields> posted = batch ? fields.objectList("kpis") : List.of(fields);
        if (batch && (fields.has("name") || fields.has("value") || posted.isEmpty())) {
            throw CairnException.invalidParameter(posted.isEmpty() ? "'kpis' is empty; post at least one {\"name\", \"value\"}"
                    : "Post one KPI ({\"name\", \"value\", ...}) or a list under 'kpis', not both");
        }
        if (posted.size() > MAX_KPIS) {
            throw CairnException.invalidParameter("A request posts at most " + MAX_KPIS + " KPI values; got " + posted.size());
        }
        long now = clock.millis();
        List<KpiValue> values = new ArrayList<>();
        for (RequestFields kpi : posted) {
            Optional<String> deployment = kpi.optionalString("deployment");
            values.add(new KpiValue(kpi.requiredString("name"), kpi.requiredDouble("value"), kpi.optionalLong("time").orElse(now), deployment));
        }
        values.stream().flatMap(value -> value.deployment().stream()).distinct().forEach(deployments::get);
        results.recordKpis(values);
        ctx.status(201);
        Json.respond(ctx, Json.object().put("recorded", values.size()));
    }

    private void kpis(Context ctx) {
        RequestFields query = RequestFields.fromQuery(ctx);
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (KpiValue value : results.kpis(query.optionalString("name"), query.optionalString("deployment"),
                query.optionalLong("from").orElse(0), query.optionalLong("to").orElse(Long.MAX_VALUE),
                query.intInRange("limit", 10_000, 1, 100_000))) {
            ObjectNode node = list.addObject().put("name", value.name()).put("value", value.value()).put("time", value.timeMillis());
            value.deployment().ifPresent(deployment -> node.put("deployment", deployment));
        }
        Json.respond(ctx, Json.object().set("kpis", list));
    }

    private static ObjectNode json(MonitorResult result, boolean withReport) {
        ObjectNode node = Json.object().put("id", result.id()).put("deployment", result.window().deployment())
                .put("from", result.window().fromMillis()).put("to", result.window().toMillis()).put("creation_time", result.creationTime())
                .put("reference", result.window().reference()).put("rows", result.window().rows())
                .put("columns", result.window().columns()).put("drifted_columns", result.window().driftedColumns())
                .put("dataset_drift", result.window().datasetDrift()).put("prediction_drift", result.window().predictionDrift())
                .put("integrity_violations", result.window().integrityIssues());
        if (withReport) {
            try {
                JsonNode report = Json.MAPPER.readTree(result.window().reportJson());
                node.set("report", report);
            } catch (IOException e) {
                throw new UncheckedIOException("a stored monitor report is JSON", e);
            }
        }
        return node;
    }
}
