package dev.cairn.server.monitoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.monitor.Alert;
import dev.cairn.core.monitor.AlertRule;
import dev.cairn.core.monitor.MonitorResult;
import dev.cairn.core.monitor.MonitorStore;
import dev.cairn.core.monitor.MonitorWindow;
import dev.cairn.core.pipeline.PipelineRun;
import dev.cairn.core.pipeline.PipelineTriggers;
import dev.cairn.core.pipeline.RunRequest;
import dev.cairn.core.pipeline.TriggerKind;
import dev.cairn.server.http.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Applies a deployment's alert rules to each of its monitored windows: a rule whose condition
 * holds raises an alert unless one of it is firing already (deduplicated: later windows only
 * update it), and a firing alert whose condition no longer holds is resolved. The caller passes
 * the deployment's newest windows only. Raising and
 * resolving go to the server log and the alert history, and to the rule's webhook; raising also
 * requests the rule's pipeline (a retraining), linked to the alert, offering it the alert's
 * window and deployment as run parameters ({@link #offered}).
 */
public final class Alerting {
    private static final Logger LOG = LoggerFactory.getLogger(Alerting.class);

    private final MonitorStore store;
    private final PipelineTriggers pipelines;
    private final WebhookChannel webhooks;

    /** Alerting over the store of rules and alerts, the pipelines it may trigger and the webhook channel. */
    public Alerting(MonitorStore store, PipelineTriggers pipelines, WebhookChannel webhooks) {
        this.store = requireNonNull(store, "store is null");
        this.pipelines = requireNonNull(pipelines, "pipelines is null");
        this.webhooks = requireNonNull(webhooks, "webhooks is null");
    }

    /** Applies every rule of the result's deployment to it. */
    public void onResult(MonitorResult result) {
        MonitorWindow window = result.window();
        for (AlertRule rule : store.rules(window.deployment())) {
            boolean holds = rule.condition().holds(window, rule.threshold());
            Optional<Alert> firing = store.firing(window.deployment(), rule.name());
            if (holds && firing.isEmpty()) {
                raise(rule, result);
            } else if (holds) {
                store.stillFiring(firing.get().id(), result.id());
            } else if (firing.isPresent()) {
                Alert resolved = store.resolve(firing.get().id(), result.id());
                LOG.info("Alert {} resolved: {} on deployment {} no longer holds in window {} to {}", resolved.id(), rule.name(),
                        window.deployment(), Instant.ofEpochMilli(window.fromMillis()), Instant.ofEpochMilli(window.toMillis()));
                notify(rule, resolved, window);
            }
        }
    }

    private void raise(AlertRule rule, MonitorResult result) {
        MonitorWindow window = result.window();
        Alert alert = store.raise(rule, result.id(), describe(rule, window));
        LOG.warn("Alert {} ({}) on deployment {}: {}", alert.id(), rule.severity(), window.deployment(), alert.message());
        if (rule.pipeline().isPresent()) {
            String detail = "alert " + alert.id() + " (" + rule.name() + " on " + window.deployment() + "): " + alert.message() + "; window "
                    + Instant.ofEpochMilli(window.fromMillis()) + " to " + Instant.ofEpochMilli(window.toMillis());
            try {
                PipelineRun run = pipelines.request(rule.pipeline().get(), RunRequest.of(TriggerKind.EVENT, detail).withParams(offered(alert, window)));
                store.linkRun(alert.id(), run.id());
                alert = store.firing(window.deployment(), rule.name()).orElse(alert);
                LOG.info("Alert {} requested run {} of pipeline {} ({})", alert.id(), run.id(), rule.pipeline().get(), run.state());
            } catch (RuntimeException e) {
                // The alert stands without its retraining; the pipeline may have been deleted since the rule was written.
                LOG.warn("Alert {} could not request pipeline {}: {}", alert.id(), rule.pipeline().get(), e.getMessage());
            }
        }
        notify(rule, alert, window);
    }

    /** What an alert offers the pipeline it triggers as run parameters; the pipeline takes those it declares. */
    static Map<String, String> offered(Alert alert, MonitorWindow window) {
        return Map.of("alert_id", String.valueOf(alert.id()), "alert_rule", alert.ruleName(), "deployment", window.deployment(),
                "monitor_result", String.valueOf(alert.resultId()), "window_from", Instant.ofEpochMilli(window.fromMillis()).toString(),
                "window_to", Instant.ofEpochMilli(window.toMillis()).toString());
    }

    private void notify(AlertRule rule, Alert alert, MonitorWindow window) {
        rule.webhook().ifPresent(target -> webhooks.send(target, payload(rule, alert, window)));
    }

    /** What the webhook receives. */
    static String payload(AlertRule rule, Alert alert, MonitorWindow window) {
        ObjectNode body = Json.object().put("alert_id", alert.id()).put("state", alert.firing() ? "firing" : "resolved")
                .put("deployment", alert.deployment()).put("rule", rule.name()).put("condition", rule.condition().wireName())
                .put("threshold", rule.threshold()).put("severity", alert.severity()).put("message", alert.message())
                .put("fired_time", alert.firedTime()).put("result_id", alert.resultId());
        body.putObject("window").put("from", window.fromMillis()).put("to", window.toMillis()).put("rows", window.rows());
        alert.resolvedTime().ifPresent(time -> body.put("resolved_time", time));
        alert.pipelineRun().ifPresent(run -> body.put("pipeline_run", run));
        try {
            return Json.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an alert is always serializable", e);
        }
    }

    private static String describe(AlertRule rule, MonitorWindow window) {
        String drifted = window.driftedColumns() + " of " + window.columns() + " inputs drifted";
        return switch (rule.condition()) {
            case DATASET_DRIFT -> "dataset drift: " + drifted + " against " + window.reference();
            case PREDICTION_DRIFT -> "the model's outputs drifted against its outputs on " + window.reference();
            case DRIFT_SHARE -> String.format(Locale.ROOT, "%s (share %.2f, threshold %.2f) against %s", drifted,
                    window.columns() == 0 ? 0 : (double) window.driftedColumns() / window.columns(), rule.threshold(), window.reference());
            case INTEGRITY -> window.integrityIssues() + " integrity violations (threshold " + (long) rule.threshold() + ") in "
                    + window.rows() + " predictions";
        };
    }
}
