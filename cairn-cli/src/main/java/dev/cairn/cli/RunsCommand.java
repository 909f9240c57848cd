package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Map;

/** {@code cairn runs list|get}: runs on a running server. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "Search and show runs.",
        subcommands = {RunsCommand.ListRuns.class, RunsCommand.GetRun.class})
final class RunsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code cairn runs list --experiment E [--filter F] [--order-by C]}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Search the runs of an experiment.")
    static final class ListRuns implements Runnable {
        @Mixin
        ClientOptions client;

        @Spec
        CommandSpec spec;

        @Option(names = "--experiment", required = true, paramLabel = "ID_OR_NAME", description = "The experiment, by id or name")
        String experiment;

        @Option(names = "--filter", description = "MLflow filter, e.g. \"metrics.rmse < 1 and params.model = 'tree'\"")
        String filter = "";

        @Option(names = "--order-by", paramLabel = "CLAUSE", description = "e.g. \"metrics.rmse ASC\"; repeat for more")
        List<String> orderBy = List.of();

        @Option(names = "--max-results", defaultValue = "100", description = "Most runs to list (default: ${DEFAULT-VALUE})")
        int maxResults;

        @Override
        public void run() {
            CairnClient cairn = client.client();
            ObjectNode request = CairnClient.JSON.createObjectNode().put("filter", filter).put("max_results", maxResults);
            request.putArray("experiment_ids").add(experimentId(cairn));
            orderBy.forEach(request.putArray("order_by")::add);
            JsonNode response = cairn.post("/api/2.0/mlflow/runs/search", request);
            PrintWriter out = spec.commandLine().getOut();
            if (client.printedJson(out, response)) {
                return;
            }
            Table table = new Table("RUN ID", "NAME", "STATUS", "STARTED", "METRICS", "PARAMS");
            for (JsonNode run : response.path("runs")) {
                JsonNode info = run.path("info");
                table.row(info.path("run_id").asText(), info.path("run_name").asText(), info.path("status").asText(),
                        Instant.ofEpochMilli(info.path("start_time").asLong()).toString(),
                        pairs(run.at("/data/metrics")), pairs(run.at("/data/params")));
            }
            table.print(out);
        }

        /** The id of the experiment given by id or by name. */
        private String experimentId(CairnClient cairn) {
            if (experiment.chars().allMatch(Character::isDigit)) {
                return experiment;
            }
            try {
                return cairn.get("/api/2.0/mlflow/experiments/get-by-name", Map.of("experiment_name", experiment))
                        .at("/experiment/experiment_id").asText();
            } catch (CairnClient.ServerError e) {
                throw CairnException.notFound("No experiment named '" + experiment + "'");
            }
        }
    }

    /** {@code cairn runs get RUN_ID}. */
    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show a run: info, params, latest metrics, tags.")
    static final class GetRun implements Runnable {
        @Mixin
        ClientOptions client;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "RUN_ID")
        String runId;

        @Override
        public void run() {
            JsonNode response = client.client().get("/api/2.0/mlflow/runs/get", Map.of("run_id", runId));
            PrintWriter out = spec.commandLine().getOut();
            if (client.printedJson(out, response)) {
                return;
            }
            JsonNode run = response.path("run");
            JsonNode info = run.path("info");
            Table summary = new Table("FIELD", "VALUE");
            for (String field : List.of("run_id", "run_name", "experiment_id", "user_id", "status", "lifecycle_stage", "artifact_uri")) {
                summary.row(field, info.path(field).asText());
            }
            summary.row("start_time", Instant.ofEpochMilli(info.path("start_time").asLong()).toString());
            if (info.has("end_time")) {
                summary.row("end_time", Instant.ofEpochMilli(info.path("end_time").asLong()).toString());
            }
            summary.print(out);
            printSection(out, "Params", run.at("/data/params"));
            printSection(out, "Metrics (latest)", run.at("/data/metrics"));
            printSection(out, "Tags", run.at("/data/tags"));
        }

        private static void printSection(PrintWriter out, String title, JsonNode entries) {
            out.println();
            out.println(title + ":");
            Table table = new Table("KEY", "VALUE");
            entries.forEach(entry -> table.row(entry.path("key").asText(), entry.path("value").asText()));
            table.print(out);
        }
    }

    private static String pairs(JsonNode entries) {
        StringBuilder text = new StringBuilder();
        entries.forEach(entry -> text.append(text.length() == 0 ? "" : ", ").append(entry.path("key").asText())
                .append('=').append(entry.path("value").asText()));
        return text.toString();
    }
}
