package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code cairn alerts}: alert rules of deployments, and the alerts they raised. */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = "Alerts raised by monitoring: list and acknowledge them, and write the rules that raise them.",
        subcommands = {AlertsCommand.ListAlerts.class, AlertsCommand.Acknowledge.class, AlertsCommand.Rule.class, AlertsCommand.Rules.class})
final class AlertsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code cairn alerts list [--deployment NAME] [--state firing|resolved]}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List alerts, newest first.")
    static final class ListAlerts implements Runnable {
        @Mixin
        ClientOptions client;

        @Spec
        CommandSpec spec;

        @Option(names = "--deployment", paramLabel = "NAME", description = "Only this deployment's alerts")
        Optional<String> deployment;

        @Option(names = "--state", paramLabel = "STATE", description = "firing or resolved (default: both)")
        Optional<String> state;

        @Option(names = "--limit", paramLabel = "N", description = "How many to list (default 50)")
        int limit = 50;

        @Override
        public void run() {
            Map<String, String> query = new LinkedHashMap<>();
            deployment.ifPresent(name -> query.put("deployment", name));
            state.ifPresent(wanted -> query.put("state", wanted));
            query.put("limit", Integer.toString(limit));
            JsonNode response = client.client().get("/api/v1/alerts", query);
            PrintWriter out = spec.commandLine().getOut();
            if (client.printedJson(out, response)) {
                return;
            }
            Table table = new Table("ID", "DEPLOYMENT", "RULE", "SEVERITY", "STATE", "ACK", "FIRED", "RETRAINING", "MESSAGE");
            for (JsonNode alert : response.path("alerts")) {
                table.row(alert.path("id").asText(), alert.path("deployment").asText(), alert.path("rule").asText(), alert.path("severity").asText(),
                        alert.path("state").asText(), alert.path("acknowledged").asBoolean() ? "yes" : "no",
                        Instant.ofEpochMilli(alert.path("fired_time").asLong()).toString(),
                        alert.has("pipeline_run") ? "run " + alert.path("pipeline_run").asText() : "-", alert.path("message").asText());
            }
            table.print(out);
        }
    }

    /** {@code cairn alerts ack ID}. */
    @Command(name = "ack", mixinStandardHelpOptions = true, description = "Acknowledge an alert: someone is looking at it.")
    static final class Acknowledge implements Runnable {
        @Mixin
        ClientOptions client;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID", description = "The alert's id")
        long id;

        @Override
        public void run() {
            JsonNode response = client.client().post("/api/v1/alerts/" + id + "/ack", CairnClient.JSON.createObjectNode());
            PrintWriter out = spec.commandLine().getOut();
            if (!client.printedJson(out, response)) {
                JsonNode alert = response.path("alert");
                out.printf("Alert %s (%s on %s, %s) acknowledged%n", alert.path("id").asText(), alert.path("rule").asText(),
                        alert.path("deployment").asText(), alert.path("state").asText());
                out.flush();
            }
        }
    }

    /** {@code cairn alerts rule DEPLOYMENT NAME --when CONDITION [...]}. */
    @Command(name = "rule", mixinStandardHelpOptions = true,
            description = {"Write an alert rule (replacing the deployment's rule of that name): it is checked on each monitored window; "
                    + "while its condition holds one alert fires, and it resolves when a window no longer meets it.",
                    "Conditions: dataset_drift, prediction_drift, drift_share (--above SHARE, default 0.5), integrity (--above N "
                            + "violations, default 0)."})
    static final class Rule implements Runnable {
        @Mixin
        ClientOptions client;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DEPLOYMENT", description = "The watched deployment")
        String deployment;

        @Parameters(index = "1", paramLabel = "NAME", description = "The rule's name")
        String name;

        @Option(names = "--when", required = true, paramLabel = "CONDITION", description = "dataset_drift, prediction_drift, drift_share or integrity")
        String condition;

        @Option(names = "--above", paramLabel = "VALUE", description = "The threshold of drift_share or integrity")
        Optional<Double> threshold;

        @Option(names = "--severity", paramLabel = "LEVEL", description = "info, warning or critical (default warning)")
        String severity = "warning";

        @Option(names = "--webhook", paramLabel = "URL", description = "POST each alert there as JSON (retried with backoff)")
        Optional<String> webhook;

        @Option(names = "--retrain", paramLabel = "PIPELINE", description = "Run this stored pipeline when the alert fires")
        Optional<String> pipeline;

        @Override
        public void run() {
            ObjectNode request = CairnClient.JSON.createObjectNode().put("name", name).put("condition", condition).put("severity", severity);
            threshold.ifPresent(value -> request.put("threshold", value));
            webhook.ifPresent(url -> request.put("webhook", url));
            pipeline.ifPresent(retrain -> request.put("pipeline", retrain));
            JsonNode response = client.client().post("/api/v1/deployments/" + deployment + "/alert-rules", request);
            PrintWriter out = spec.commandLine().getOut();
            if (!client.printedJson(out, response)) {
                JsonNode rule = response.path("rule");
                out.printf("Rule %s on %s: %s (threshold %s, %s)%s%s%n", rule.path("name").asText(), rule.path("deployment").asText(),
                        rule.path("condition").asText(), rule.path("threshold").asText(), rule.path("severity").asText(),
                        rule.has("webhook") ? ", webhook " + rule.path("webhook").asText() : "",
                        rule.has("pipeline") ? ", retrains with " + rule.path("pipeline").asText() : "");
                out.flush();
            }
        }
    }

    /** {@code cairn alerts rules DEPLOYMENT}. */
    @Command(name = "rules", mixinStandardHelpOptions = true, description = "List a deployment's alert rules.")
    static final class Rules implements Runnable {
        @Mixin
        ClientOptions client;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DEPLOYMENT", description = "The deployment")
        String deployment;

        @Override
        public void run() {
            JsonNode response = client.client().get("/api/v1/deployments/" + deployment + "/alert-rules", Map.of());
            PrintWriter out = spec.commandLine().getOut();
            if (client.printedJson(out, response)) {
                return;
            }
            Table table = new Table("NAME", "CONDITION", "THRESHOLD", "SEVERITY", "WEBHOOK", "RETRAINS");
            for (JsonNode rule : response.path("rules")) {
                table.row(rule.path("name").asText(), rule.path("condition").asText(), rule.path("threshold").asText(), rule.path("severity").asText(),
                        rule.path("webhook").asText("-"), rule.path("pipeline").asText("-"));
            }
            table.print(out);
        }
    }
}
