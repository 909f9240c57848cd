package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.error.CairnException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code cairn monitor schedule DEPLOYMENT --every 1h [--window 24h] [--reference DATASET@VERSION] [--columns a,b]
 * [--drift-share S]}, {@code --off} to stop, neither to show the schedule: the deployment's monitor
 * runs on the server's scheduler.
 */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = {"Monitor DEPLOYMENT on a schedule: every --every the server compares the window of --window (default: --every) "
                + "ending then with the reference, stores the result (see 'cairn monitor report') and applies the alert rules to it.",
                "--off removes the schedule; with neither, the schedule is shown."})
final class MonitorScheduleCommand implements Runnable {
    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DEPLOYMENT", description = "The deployment to monitor")
    String deployment;

    @Option(names = "--every", paramLabel = "DURATION", description = "Time between runs: 15m, 1h, 1d (at least 5s)")
    Optional<String> every;

    @Option(names = "--off", description = "Stop monitoring the deployment on a schedule")
    boolean off;

    @Option(names = "--window", paramLabel = "DURATION", description = "Each run's window, ending at its run time (default: --every)")
    Optional<String> window;

    @Option(names = "--reference", paramLabel = "DATASET@VERSION", description = "Compare with this dataset version instead of the training data")
    Optional<String> reference;

    @Option(names = "--columns", split = ",", paramLabel = "COLUMN", description = "Inputs to compare (default: every input)")
    List<String> columns = List.of();

    @Option(names = "--drift-share", paramLabel = "SHARE", description = "Share of drifted inputs at which a window drifts (default 0.5)")
    Optional<Double> driftShare;

    @Override
    public void run() {
        String path = "/api/v1/deployments/" + deployment + "/monitors/schedule";
        PrintWriter out = spec.commandLine().getOut();
        boolean options = window.isPresent() || reference.isPresent() || !columns.isEmpty() || driftShare.isPresent();
        if (every.isPresent() && off) {
            throw CairnException.invalidParameter("Give --every to set the schedule or --off to remove it, not both");
        }
        if (every.isEmpty()) {
            if (options) {
                throw CairnException.invalidParameter("--window, --reference, --columns and --drift-share go with --every");
            }
            JsonNode response = off ? client.client().delete(path, Map.of()) : client.client().get(path, Map.of());
            if (client.printedJson(out, response)) {
                return;
            }
            if (!off) {
                print(out, response.path("schedule"));
            } else {
                out.printf(Locale.ROOT, "%s is no longer monitored on a schedule%n", deployment);
            }
            out.flush();
            return;
        }
        ObjectNode request = CairnClient.JSON.createObjectNode().put("every", every.get());
        window.ifPresent(length -> request.put("window", length));
        reference.ifPresent(named -> MonitorRunCommand.putReference(request, named));
        ArrayNode named = request.putArray("columns");
        columns.forEach(named::add);
        driftShare.ifPresent(share -> request.put("drift_share", share));
        JsonNode response = client.client().put(path, request);
        if (!client.printedJson(out, response)) {
            print(out, response.path("schedule"));
            out.flush();
        }
    }

    private static void print(PrintWriter out, JsonNode schedule) {
        out.printf(Locale.ROOT, "%s is monitored every %s over the last %s against %s%s (drift share %s)%n",
                schedule.path("deployment").asText(), schedule.path("every").asText(), schedule.path("window").asText(),
                schedule.has("reference_dataset") ? schedule.path("reference_dataset").asText() + "@" + schedule.path("reference_version").asText()
                        : "its training data",
                schedule.path("columns").isEmpty() ? "" : ", inputs " + String.join(", ", CairnClient.JSON.convertValue(schedule.path("columns"),
                        String[].class)),
                schedule.path("drift_share").asText());
        if (schedule.has("next_run_time")) {
            out.printf(Locale.ROOT, "next run: %s%n", Instant.ofEpochMilli(schedule.path("next_run_time").asLong()));
        }
    }
}
