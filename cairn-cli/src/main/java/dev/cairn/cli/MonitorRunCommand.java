package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.monitor.MonitorSchedule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code cairn monitor run DEPLOYMENT [--from T] [--to T | --last DURATION] [--reference DATASET@VERSION]
 * [--sensitive COLUMN] [--importance]}: asks the server to compare a window of the deployment's
 * predictions with its reference, optionally with fairness and permutation importance, and prints
 * what it found.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Compare a window of DEPLOYMENT's predictions with the data its model was trained on (found through the training "
                + "run's lineage) or --reference: integrity of the inputs, drift of each input and of the model's outputs. The result "
                + "is stored on the server (see 'cairn monitor report').",
                "Times are ISO-8601 instants (2026-12-01T10:00:00Z) or epoch milliseconds."})
final class MonitorRunCommand implements Runnable {
    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DEPLOYMENT", description = "The deployment whose predictions are compared")
    String deployment;

    @Option(names = "--from", paramLabel = "TIME", description = "The window's start (default: --last before its end)")
    Optional<String> from;

    @Option(names = "--to", paramLabel = "TIME", description = "The window's end, exclusive (default: now)")
    Optional<String> to;

    @Option(names = "--last", paramLabel = "DURATION", description = "The window's length when --from is not given: 30m, 6h, 2d (default 24h)")
    String last = "24h";

    @Option(names = "--reference", paramLabel = "DATASET@VERSION", description = "Compare with this dataset version instead of the training data")
    Optional<String> reference;

    @Option(names = "--drift-share", paramLabel = "SHARE", description = "Share of drifted inputs at which the window drifts (default 0.5)")
    Optional<Double> driftShare;

    @Option(names = "--sensitive", paramLabel = "COLUMN", description = "Also report fairness across the groups of this input: selection "
            + "rate per group, demographic parity difference and ratio (flagged under 0.8), equalized odds difference over labelled rows")
    Optional<String> sensitive;

    @Option(names = "--importance", description = "Also report the permutation importance of the model's inputs over at most 10,000 of "
            + "the window's rows")
    boolean importance;

    /** Puts {@code --reference DATASET@VERSION} into a request as {@code reference_dataset} and {@code reference_version}. */
    static void putReference(ObjectNode request, String named) {
        int at = named.lastIndexOf('@');
        if (at < 1 || !named.substring(at + 1).matches("[1-9][0-9]{0,8}")) {
            throw CairnException.invalidParameter("--reference is DATASET@VERSION, such as flights@3; got '" + named + "'");
        }
        request.put("reference_dataset", named.substring(0, at)).put("reference_version", Integer.parseInt(named.substring(at + 1)));
    }

    @Override
    public void run() {
        long end = to.map(MonitorRunCommand::millis).orElseGet(System::currentTimeMillis);
        long start = from.map(MonitorRunCommand::millis).orElseGet(() -> end - MonitorSchedule.parseSpan(last).toMillis());
        ObjectNode request = CairnClient.JSON.createObjectNode().put("from", start).put("to", end);
        reference.ifPresent(named -> putReference(request, named));
        driftShare.ifPresent(share -> request.put("drift_share", share));
        sensitive.ifPresent(column -> request.put("sensitive_column", column));
        if (importance) {
            request.put("importance", true);
        }
        JsonNode response = client.client().post("/api/v1/deployments/" + deployment + "/monitors/run", request);
        PrintWriter out = spec.commandLine().getOut();
        if (client.printedJson(out, response)) {
            return;
        }
        JsonNode result = response.path("result");
        out.printf(Locale.ROOT, "%s, %s to %s: %d predictions against %s (result %d)%n", deployment, Instant.ofEpochMilli(start),
                Instant.ofEpochMilli(end), result.path("rows").asLong(), result.path("reference").asText(), result.path("id").asLong());
        MonitorReportCommand.printReport(out, result.path("report"));
    }

    /** An ISO-8601 instant or epoch milliseconds. */
    static long millis(String time) {
        if (time.matches("[0-9]{1,15}")) {
            return Long.parseLong(time);
        }
        try {
            return Instant.parse(time).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw CairnException.invalidParameter("A time is an ISO-8601 instant such as 2026-12-01T10:00:00Z or epoch milliseconds; got '"
                    + time + "'");
        }
    }
}
