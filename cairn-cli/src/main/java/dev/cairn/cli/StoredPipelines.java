package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.pipeline.spec.PipelineSpecReader;
import dev.cairn.pipeline.steps.BuiltInSteps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** The {@code cairn pipelines} commands over pipelines stored on the server ({@code /api/v1/pipelines}). */
final class StoredPipelines {
    private StoredPipelines() {
    }

    /** {@code cairn pipelines create FILE}: stores a pipeline file on the server, checked there; {@code --replace} updates it. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Store a pipeline file on the server, to run on demand, on a schedule or when its data changes.")
    static final class Create implements Runnable {
        @Mixin
        ClientOptions client;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "The pipeline file (YAML); its relative paths resolve against its folder, on the server's machine")
        Path file;

        @Option(names = "--concurrency", paramLabel = "POLICY", defaultValue = "queue",
                description = "A run requested while another runs: queue, skip or parallel (default: ${DEFAULT-VALUE})")
        String concurrency;

        @Option(names = "--watch", description = "Request a run when a file its dataset steps read changes")
        boolean watch;

        @Option(names = "--replace", description = "Replace the stored pipeline of the same name")
        boolean replace;

        @Override
        public void run() {
            String yaml;
            try {
                yaml = Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            ObjectNode body = JsonNodeFactory.instance.objectNode().put("spec", yaml)
                    .put("folder", file.toAbsolutePath().normalize().getParent().toString()).put("concurrency", concurrency).put("watch", watch);
            JsonNode response;
            if (replace) {
                String name = new PipelineSpecReader(BuiltInSteps.types()).read(yaml, file.toAbsolutePath().getParent()).name();
                response = client.client().put("/api/v1/pipelines/" + name, body);
            } else {
                response = client.client().post("/api/v1/pipelines", body);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (!client.printedJson(out, response)) {
                JsonNode pipeline = response.path("pipeline");
                out.printf("Pipeline %s %s (concurrency %s%s)%n", pipeline.path("name").asText(), replace ? "replaced" : "created",
                        pipeline.path("concurrency").asText(), pipeline.path("watch").asBoolean() ? ", watching its data" : "");
            }
        }
    }

    /** {@code cairn pipelines list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List stored pipelines with their schedule and policy.")
    static final class ListPipelines implements Runnable {
        @Mixin
        ClientOptions client;

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            JsonNode response = client.client().get("/api/v1/pipelines", Map.of());
            PrintWriter out = spec.commandLine().getOut();
            if (client.printedJson(out, response)) {
                return;
            }
            Table table = new Table("NAME", "CONCURRENCY", "WATCH", "SCHEDULE", "NEXT RUN");
            for (JsonNode pipeline : response.path("pipelines")) {
                JsonNode schedule = pipeline.path("schedule");
                table.row(pipeline.path("name").asText(), pipeline.path("concurrency").asText(), pipeline.path("watch").asBoolean() ? "yes" : "no",
                        schedule.isMissingNode() ? "-" : schedule.path("cron").asText() + " " + schedule.path("timezone").asText(),
                        pipeline.has("next_run_time") ? Instant.ofEpochMilli(pipeline.path("next_run_time").asLong()).toString() : "-");
            }
            table.print(out);
        }
    }

    /** {@code cairn pipelines show NAME}. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a stored pipeline: its spec, schedule and latest runs.")
    static final class Show implements Runnable {
        @Mixin
        ClientOptions client;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public void run() {
            JsonNode response = client.client().get("/api/v1/pipelines/" + name, Map.of());
            PrintWriter out = spec.commandLine().getOut();
            if (client.printedJson(out, response)) {
                return;
            }
            JsonNode pipeline = response.path("pipeline");
            out.printf("Pipeline %s, concurrency %s, watch %s, folder %s%n", pipeline.path("name").asText(), pipeline.path("concurrency").asText(),
                    pipeline.path("watch").asBoolean() ? "on" : "off", pipeline.path("folder").asText());
            JsonNode schedule = pipeline.path("schedule");
            out.println(schedule.isMissingNode() ? "No schedule" : "Schedule " + schedule.path("cron").asText() + " in "
                    + schedule.path("timezone").asText() + ", next run " + Instant.ofEpochMilli(pipeline.path("next_run_time").asLong()));
            out.println();
            out.println(pipeline.path("spec").asText());
            printRuns(out, client.client().get("/api/v1/pipelines/" + name + "/runs", Map.of("max_results", "10")));
        }
    }

    /** {@code cairn pipelines runs NAME}. */
    @Command(name = "runs", mixinStandardHelpOptions = true, description = "List a stored pipeline's runs, newest first.")
    static final class Runs implements Runnable {
        @Mixin
        ClientOptions client;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--max", paramLabel = "N", defaultValue = "20", description = "How many runs (default: ${DEFAULT-VALUE})")
        int max;

        @Override
        public void run() {
            JsonNode response = client.client().get("/api/v1/pipelines/" + name + "/runs", Map.of("max_results", String.valueOf(max)));
            PrintWriter out = spec.commandLine().getOut();
            if (!client.printedJson(out, response)) {
                printRuns(out, response);
            }
        }
    }

    /** {@code cairn pipelines logs NAME RUN --step STEP}. */
    @Command(name = "logs", mixinStandardHelpOptions = true, description = "Print a step's log from a run of a stored pipeline.")
    static final class Logs implements Runnable {
        @Mixin
        ClientOptions client;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "RUN")
        long run;

        @Option(names = "--step", paramLabel = "STEP", required = true, description = "The step whose log to print")
        String step;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            out.print(client.client().getText("/api/v1/pipelines/" + name + "/runs/" + run + "/logs", Map.of("step", step)));
            out.flush();
        }
    }

    /** {@code cairn pipelines cancel NAME RUN}. */
    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a queued or running run of a stored pipeline.")
    static final class Cancel implements Runnable {
        @Mixin
        ClientOptions client;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "RUN")
        long run;

        @Override
        public void run() {
            JsonNode response = client.client().post("/api/v1/pipelines/" + name + "/runs/" + run + "/cancel", JsonNodeFactory.instance.objectNode());
            PrintWriter out = spec.commandLine().getOut();
            if (!client.printedJson(out, response)) {
                JsonNode state = response.path("run");
                out.printf("Run %d of %s: %s%n", run, name, state.path("state").asText().equals("RUNNING")
                        ? "cancel requested; its worker stops it within seconds" : state.path("state").asText());
            }
        }
    }

    /** {@code cairn pipelines resume NAME RUN [--follow]}. */
    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Resume a failed or cancelled run of a stored pipeline: the steps that succeeded are reused.")
    static final class Resume implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "RUN")
        long run;

        @Option(names = "--follow", description = "Print step states and logs until the run is over; exit 1 if it did not succeed")
        boolean follow;

        @Override
        public Integer call() {
            JsonNode response = client.client().post("/api/v1/pipelines/" + name + "/runs/" + run + "/resume", JsonNodeFactory.instance.objectNode());
            return requested(client, spec.commandLine().getOut(), name, response, follow);
        }
    }

    /** {@code cairn pipelines schedule NAME --cron EXPR [--timezone ZONE] | --off}. */
    @Command(name = "schedule", mixinStandardHelpOptions = true, description = "Run a stored pipeline on a cron schedule in a time zone, or stop it.")
    static final class Schedule implements Runnable {
        @Mixin
        ClientOptions client;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--cron", paramLabel = "EXPR", description = "minute hour day-of-month month day-of-week, such as '0 2 * * *' (seconds may lead)")
        Optional<String> cron;

        @Option(names = "--timezone", paramLabel = "ZONE", defaultValue = "UTC", description = "Time zone of the schedule (default: ${DEFAULT-VALUE})")
        String timezone;

        @Option(names = "--off", description = "Remove the schedule")
        boolean off;

        @Override
        public void run() {
            if (off == cron.isPresent()) {
                throw new IllegalArgumentException("give either --cron EXPR or --off");
            }
            JsonNode response = off ? client.client().delete("/api/v1/pipelines/" + name + "/schedule", Map.of())
                    : client.client().put("/api/v1/pipelines/" + name + "/schedule",
                            JsonNodeFactory.instance.objectNode().put("cron", cron.get()).put("timezone", timezone));
            PrintWriter out = spec.commandLine().getOut();
            if (!client.printedJson(out, response)) {
                JsonNode pipeline = response.path("pipeline");
                out.println(off ? "Pipeline " + name + " has no schedule"
                        : "Pipeline " + name + " runs on '" + pipeline.at("/schedule/cron").asText() + "' in " + pipeline.at("/schedule/timezone").asText()
                        + "; next run " + Instant.ofEpochMilli(pipeline.path("next_run_time").asLong()));
            }
        }
    }

    /** Requests a run of a stored pipeline, for {@code cairn pipelines run NAME}. */
    static int run(ClientOptions client, PrintWriter out, String name, boolean force, Map<String, String> params, boolean follow) {
        ObjectNode request = JsonNodeFactory.instance.objectNode().put("force", force);
        params.forEach(request.putObject("params")::put);
        JsonNode response = client.client().post("/api/v1/pipelines/" + name + "/runs", request);
        return requested(client, out, name, response, follow);
    }

    private static int requested(ClientOptions client, PrintWriter out, String name, JsonNode response, boolean follow) {
        if (client.printedJson(out, response) && !follow) {
            return 0;
        }
        JsonNode run = response.path("run");
        out.printf("Run %d of %s requested: %s%s%n", run.path("id").asLong(), name, run.path("state").asText(),
                run.path("message").asText().isEmpty() ? "" : " (" + run.path("message").asText() + ")");
        out.flush();
        if (!follow || run.path("state").asText().equals("SKIPPED")) {
            return 0;
        }
        return new PipelineRunFollower(client.client(), out).follow(name, run.path("id").asLong());
    }

    private static void printRuns(PrintWriter out, JsonNode response) {
        Table table = new Table("RUN", "STATE", "TRIGGER", "REQUESTED", "WORKER", "MESSAGE");
        for (JsonNode run : response.path("runs")) {
            String message = run.path("message").asText();
            table.row(run.path("id").asText(), run.path("state").asText(), run.path("trigger").asText().toLowerCase() + ": "
                    + run.path("trigger_detail").asText(), Instant.ofEpochMilli(run.path("request_time").asLong()).toString(),
                    run.path("worker").asText("-"), message.length() > 60 ? message.substring(0, 57) + "..." : message);
        }
        table.print(out);
    }
}
