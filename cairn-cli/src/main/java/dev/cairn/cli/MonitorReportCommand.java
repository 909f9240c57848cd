package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.error.CairnException;
import dev.cairn.monitor.report.IntegrityViolations;
import dev.cairn.monitor.report.ReportHtml;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code cairn monitor report DEPLOYMENT [--id N] [--limit N] [--html FILE]}: the stored monitor results
 * of a deployment, one line per window, or one result's drift and integrity in full, or the windows
 * as a self-contained HTML page with charts.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"List DEPLOYMENT's monitored windows, newest first (rows, drifted inputs, integrity violations), or with --id one "
                + "window's report in full.",
                "--html writes the newest --limit windows (or the --id one) as one HTML page that opens in a browser without a network: drift per "
                        + "input over time, integrity per window, performance estimated without labels (CBPE) beside the real one, "
                        + "and the KPIs posted about the deployment over the same time."})
final class MonitorReportCommand implements Runnable {
    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DEPLOYMENT", description = "The monitored deployment")
    String deployment;

    @Option(names = "--id", paramLabel = "N", description = "Show this result's report in full")
    Optional<Long> id;

    @Option(names = "--limit", paramLabel = "N", description = "How many windows to list (default 20)")
    int limit = 20;

    @Option(names = "--html", paramLabel = "FILE", description = "Write the windows as a self-contained HTML report to FILE")
    Optional<Path> html;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        String base = "/api/v1/deployments/" + deployment + "/monitors/results";
        if (id.isPresent() && html.isPresent()) {
            writeHtml(out, base, List.of(id.get()), html.get());
            return;
        }
        if (id.isPresent()) {
            JsonNode response = client.client().get(base + "/" + id.get(), Map.of());
            if (!client.printedJson(out, response)) {
                JsonNode result = response.path("result");
                out.printf(Locale.ROOT, "%s, %s to %s: %d predictions against %s%n", deployment, Instant.ofEpochMilli(result.path("from").asLong()),
                        Instant.ofEpochMilli(result.path("to").asLong()), result.path("rows").asLong(), result.path("reference").asText());
                printReport(out, result.path("report"));
            }
            return;
        }
        JsonNode response = client.client().get(base, Map.of("limit", Integer.toString(limit)));
        if (html.isPresent()) {
            List<Long> ids = new ArrayList<>();
            response.path("results").forEach(result -> ids.add(result.path("id").asLong()));
            writeHtml(out, base, ids, html.get());
            return;
        }
        if (client.printedJson(out, response)) {
            return;
        }
        Table table = new Table("ID", "FROM", "TO", "ROWS", "DRIFTED", "DRIFT", "INTEGRITY", "REFERENCE");
        for (JsonNode result : response.path("results")) {
            table.row(result.path("id").asText(), Instant.ofEpochMilli(result.path("from").asLong()).toString(),
                    Instant.ofEpochMilli(result.path("to").asLong()).toString(), result.path("rows").asText(),
                    result.path("drifted_columns").asInt() + " of " + result.path("columns").asInt(),
                    result.path("dataset_drift").asBoolean() ? "yes" : "no", result.path("integrity_violations").asText(),
                    result.path("reference").asText());
        }
        table.print(out);
    }

    /** Writes the results of these ids, with the KPIs posted about the deployment over their span, as one HTML page. */
    private void writeHtml(PrintWriter out, String base, List<Long> ids, Path file) {
        List<ReportHtml.Window> windows = new ArrayList<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (long resultId : ids) {
            JsonNode full = client.client().get(base + "/" + resultId, Map.of()).path("result");
            windows.add(new ReportHtml.Window(full.path("from").asLong(), full.path("to").asLong(), full.path("report")));
            first = Math.min(first, full.path("from").asLong());
            last = Math.max(last, full.path("to").asLong());
        }
        List<ReportHtml.Kpi> kpis = new ArrayList<>();
        if (!windows.isEmpty()) {
            JsonNode posted = client.client().get("/api/v1/kpis", Map.of("deployment", deployment, "from", Long.toString(first),
                    "to", Long.toString(last + 1), "limit", "100000"));
            posted.path("kpis").forEach(kpi -> kpis.add(new ReportHtml.Kpi(kpi.path("name").asText(), kpi.path("time").asLong(),
                    kpi.path("value").asDouble())));
        }
        writeReport(file, ReportHtml.windows(deployment, windows, kpis));
        out.printf(Locale.ROOT, "%s: %d window%s -> %s%n", deployment, windows.size(), windows.size() == 1 ? "" : "s", file);
        out.flush();
    }

    /** Writes an HTML report; a file that cannot be written is one clear error line, not a stack trace. */
    static void writeReport(Path file, String page) {
        try {
            Files.writeString(file, page, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw CairnException.invalidParameter("Cannot write the report to " + file + ": the folder "
                    + Optional.ofNullable(file.toAbsolutePath().getParent()).map(Path::toString).orElse(".") + " does not exist");
        } catch (AccessDeniedException e) {
            throw CairnException.invalidParameter("Cannot write the report to " + file + ": permission denied");
        } catch (FileSystemException e) {
            throw CairnException.invalidParameter("Cannot write the report to " + file + ": "
                    + Optional.ofNullable(e.getReason()).orElse(e.getClass().getSimpleName()));
        } catch (IOException e) {
            throw CairnException.invalidParameter("Cannot write the report to " + file + ": " + e.getMessage());
        }
    }

    /** The report's drifted inputs and outputs and its integrity violations, or that there were none. */
    static void printReport(PrintWriter out, JsonNode report) {
        printDrift(out, "inputs", report.path("feature_drift"));
        if (report.has("prediction_drift")) {
            printDrift(out, "outputs", report.path("prediction_drift"));
        }
        List<String> violations = new ArrayList<>();
        IntegrityViolations.describe(report.path("integrity")).forEach((column, checks) -> violations.add(column + ": " + checks));
        JsonNode performance = report.path("performance");
        if (!performance.isMissingNode()) {
            out.printf(Locale.ROOT, "performance (positive class %s): estimated from the probabilities (CBPE) %s%s%n",
                    performance.path("positive_class").asText(), metrics(performance.path("estimated")),
                    performance.has("real") ? "; real over " + performance.path("labelled").asLong() + " labelled: "
                            + metrics(performance.path("real")) : "; no labels yet");
        }
        out.printf(Locale.ROOT, "integrity: %d violations%n", report.path("integrity").path("violations").asLong());
        violations.forEach(line -> out.println("  " + line));
        if (report.has("fairness")) {
            printFairness(out, report.path("fairness"));
        }
        if (report.has("importance")) {
            printImportance(out, report.path("importance"));
        }
        if (report.has("versions")) {
            printVersions(out, report.path("versions"));
        }
        out.flush();
    }

    /** The two versions served side by side: their output drift and, for a shadow, agreement on the requests both scored. */
    private static void printVersions(PrintWriter out, JsonNode versions) {
        JsonNode baseline = versions.path("baseline");
        JsonNode candidate = versions.path("candidate");
        printDrift(out, String.format(Locale.ROOT, "versions: %s v%d (%d rows) vs %s v%d (%d rows), outputs", baseline.path("arm").asText(),
                baseline.path("version").asInt(), baseline.path("rows").asLong(), candidate.path("arm").asText(),
                candidate.path("version").asInt(), candidate.path("rows").asLong()), versions.path("output_drift"));
        if (versions.has("paired")) {
            JsonNode paired = versions.path("paired");
            List<String> differences = new ArrayList<>();
            paired.path("mean_absolute_difference").fields().forEachRemaining(output -> differences.add(output.getKey() + " "
                    + number(output.getValue())));
            out.printf(Locale.ROOT, "  paired: %d requests, agreement %s%s%n", paired.path("rows").asLong(), number(paired.path("agreement")),
                    differences.isEmpty() ? "" : ", mean absolute difference " + String.join(", ", differences));
        }
    }

    /** Selection rate per group, demographic parity and, over labelled rows, equalized odds. */
    private static void printFairness(PrintWriter out, JsonNode fairness) {
        List<String> groups = new ArrayList<>();
        for (JsonNode group : fairness.path("groups")) {
            groups.add(String.format(Locale.ROOT, "%s %s of %d", group.path("group").asText(), number(group.path("selection_rate")),
                    group.path("count").asLong()));
        }
        out.printf(Locale.ROOT, "fairness by %s (positive class %s): selection rate %s; demographic parity difference %s, ratio %s%s%s%n",
                fairness.path("column").asText(), fairness.path("positive_class").asText(), String.join(", ", groups),
                number(fairness.path("demographic_parity_difference")), number(fairness.path("demographic_parity_ratio")),
                fairness.path("flagged").asBoolean() ? " (under 0.8: flagged)" : "",
                fairness.has("equalized_odds") ? "; equalized odds difference " + number(fairness.path("equalized_odds").path("difference"))
                        : "; no labels for equalized odds");
    }

    /** The ten most important inputs. */
    private static void printImportance(PrintWriter out, JsonNode importance) {
        List<String> features = new ArrayList<>();
        for (JsonNode feature : importance.path("features")) {
            if (features.size() < 10) {
                features.add(feature.path("column").asText() + " " + number(feature.path("importance")));
            }
        }
        String metric = importance.path("metric").asText();
        out.printf(Locale.ROOT, "importance (%s over %d rows, %d shuffles each): %s%n",
                metric.equals("roc_auc") || metric.equals("accuracy") ? "drop of " + metric : metric, importance.path("rows").asInt(),
                importance.path("repeats").asInt(), String.join(", ", features));
    }

    private static String number(JsonNode value) {
        return value.isNull() || value.isMissingNode() ? "-" : String.format(Locale.ROOT, "%.3f", value.asDouble());
    }

    private static String metrics(JsonNode metrics) {
        List<String> shown = new ArrayList<>();
        metrics.fields().forEachRemaining(metric -> shown.add(metric.getKey() + " "
                + (metric.getValue().isNull() ? "-" : String.format(Locale.ROOT, "%.3f", metric.getValue().asDouble()))));
        return String.join(", ", shown);
    }

    private static void printDrift(PrintWriter out, String what, JsonNode drift) {
        List<String> drifted = new ArrayList<>();
        for (JsonNode column : drift.path("columns")) {
            if (column.path("drift").asBoolean()) {
                drifted.add(String.format(Locale.ROOT, "%s (%s %.3g)", column.path("column").asText(), column.path("method").asText(),
                        column.path("statistic").asDouble()));
            }
        }
        out.printf(Locale.ROOT, "%s: %d of %d drifted (share %.2f)%s%s%n", what, drifted.size(), drift.path("columns").size(),
                drift.path("drift_share").asDouble(), drift.path("dataset_drift").asBoolean() ? ", drift" : ", no drift",
                drifted.isEmpty() ? "" : ": " + String.join(", ", drifted));
    }
}
