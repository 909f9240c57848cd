package dev.cairn.server.monitoring;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.deployment.DeploymentStore;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.monitor.Alert;
import dev.cairn.core.monitor.AlertCondition;
import dev.cairn.core.monitor.AlertRule;
import dev.cairn.core.monitor.MonitorStore;
import dev.cairn.core.pipeline.PipelineStore;
import dev.cairn.core.tracking.TrackingLimits;
import dev.cairn.server.http.Json;
import dev.cairn.server.http.RequestFields;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Alert rules and alerts over HTTP:
 * <ul>
 *   <li>{@code POST /api/v1/deployments/{name}/alert-rules} stores a rule ({@code name}, {@code condition}:
 *       {@code dataset_drift}, {@code prediction_drift}, {@code drift_share} or {@code integrity}; {@code threshold},
 *       {@code severity}, {@code webhook}, {@code pipeline} optional), replacing the one of that name;
 *       {@code GET} lists them, {@code DELETE .../alert-rules/{rule}} removes one;</li>
 *   <li>{@code GET /api/v1/alerts?deployment=&state=firing|resolved&limit=} lists alerts, newest first;
 *       {@code POST /api/v1/alerts/{id}/ack} acknowledges one.</li>
 * </ul>
 */
public final class AlertRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(AlertRoutes.class);
    private static final int MAX_LISTED = 1_000;

    private final MonitorStore store;
    private final DeploymentStore deployments;
    private final PipelineStore pipelines;

    /** Routes over the rules and alerts, and the deployments and pipelines rules name. */
    public AlertRoutes(MonitorStore store, DeploymentStore deployments, PipelineStore pipelines) {
        this.store = requireNonNull(store, "store is null");
        this.deployments = requireNonNull(deployments, "deployments is null");
        this.pipelines = requireNonNull(pipelines, "pipelines is null");
    }

    /** Registers the routes. */
    public void register(RoutesConfig routes) {
        routes.post("/api/v1/deployments/{name}/alert-rules", this::putRule);
        routes.get("/api/v1/deployments/{name}/alert-rules", this::rules);
        routes.delete("/api/v1/deployments/{name}/alert-rules/{rule}", ctx -> {
            store.deleteRule(ctx.pathParam("name"), ctx.pathParam("rule"));
            LOG.info("Alert rule {} of deployment {} deleted; its firing alert, if any, is resolved", ctx.pathParam("rule"), ctx.pathParam("name"));
            Json.respond(ctx, Json.object());
        });
        routes.get("/api/v1/alerts", this::alerts);
        routes.post("/api/v1/alerts/{id}/ack", ctx -> Json.respond(ctx, Json.object().set("alert",
                json(store.acknowledge(RequestFields.pathId(ctx, "alert"))))));
    }

    private void putRule(Context ctx) {
        String deployment = ctx.pathParam("name");
        deployments.get(deployment);
        RequestFields fields = RequestFields.fromJsonBody(ctx);
        AlertCondition condition = AlertCondition.fromWire(fields.requiredString("condition"));
        boolean takesThreshold = condition == AlertCondition.DRIFT_SHARE || condition == AlertCondition.INTEGRITY;
        if (fields.has("threshold") && !takesThreshold) {
            throw CairnException.invalidParameter("Condition " + condition.wireName() + " takes no threshold; drift_share and integrity do");
        }
        double threshold = fields.optionalDouble("threshold").orElse(condition == AlertCondition.DRIFT_SHARE ? 0.5 : 0);
        if (condition == AlertCondition.INTEGRITY && threshold != Math.rint(threshold)) {
            throw CairnException.invalidParameter("The threshold of an integrity rule is a number of violations, a whole number; got " + threshold);
        }
        Optional<String> pipeline = fields.optionalString("pipeline");
        pipeline.ifPresent(name -> {
            TrackingLimits.checkName("pipeline name", name, AlertRule.MAX_NAME_LENGTH * 2);
            pipelines.get(name);
        });
        AlertRule rule = new AlertRule(deployment, fields.requiredString("name"), condition, threshold,
                fields.optionalString("severity").orElse("warning"), fields.optionalString("webhook").map(AlertRoutes::uri), pipeline);
        store.putRule(rule);
        ctx.status(201);
        Json.respond(ctx, Json.object().set("rule", json(rule)));
    }

    private void rules(Context ctx) {
        String deployment = ctx.pathParam("name");
        deployments.get(deployment);
        ArrayNode list = Json.MAPPER.createArrayNode();
        store.rules(deployment).forEach(rule -> list.add(json(rule)));
        Json.respond(ctx, Json.object().set("rules", list));
    }

    private void alerts(Context ctx) {
        RequestFields query = RequestFields.fromQuery(ctx);
        Optional<Boolean> firing = query.optionalString("state").map(state -> switch (state) {
            case "firing" -> true;
            case "resolved" -> false;
            default -> throw CairnException.invalidParameter("state is firing or resolved; got '"
                    + (state.length() > 20 ? state.substring(0, 20) + "..." : state) + "'");
        });
        ArrayNode list = Json.MAPPER.createArrayNode();
        store.alerts(query.optionalString("deployment"), firing, query.intInRange("limit", 100, 1, MAX_LISTED)).forEach(alert -> list.add(json(alert)));
        Json.respond(ctx, Json.object().set("alerts", list));
    }

    private static URI uri(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw CairnException.invalidParameter("A webhook is an absolute http or https URL; this one does not parse");
        }
    }

    private static ObjectNode json(AlertRule rule) {
        ObjectNode node = Json.object().put("deployment", rule.deployment()).put("name", rule.name()).put("condition", rule.condition().wireName())
                .put("threshold", rule.threshold()).put("severity", rule.severity());
        rule.webhook().ifPresent(webhook -> node.put("webhook", webhook.toString()));
        rule.pipeline().ifPresent(pipeline -> node.put("pipeline", pipeline));
        return node;
    }

    static ObjectNode json(Alert alert) {
        ObjectNode node = Json.object().put("id", alert.id()).put("deployment", alert.deployment()).put("rule", alert.ruleName())
                .put("severity", alert.severity()).put("state", alert.firing() ? "firing" : "resolved").put("acknowledged", alert.acknowledged())
                .put("fired_time", alert.firedTime()).put("result_id", alert.resultId()).put("message", alert.message());
        alert.resolvedTime().ifPresent(time -> node.put("resolved_time", time));
        alert.pipelineRun().ifPresent(run -> node.put("pipeline_run", run));
        return node;
    }
}
