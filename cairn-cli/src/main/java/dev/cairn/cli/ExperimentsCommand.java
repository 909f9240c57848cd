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
import java.util.Map;

/** {@code cairn experiments list|create}: experiments on a running server. */
@Command(name = "experiments", mixinStandardHelpOptions = true, description = "List and create experiments.",
        subcommands = {ExperimentsCommand.ListExperiments.class, ExperimentsCommand.CreateExperiment.class})
final class ExperimentsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code cairn experiments list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List experiments, newest first.")
    static final class ListExperiments implements Runnable {
        @Mixin
        ClientOptions client;

        @Spec
        CommandSpec spec;

        @Option(names = "--filter", description = "MLflow filter, e.g. \"name LIKE 'churn%'\"")
        String filter = "";

        @Option(names = "--max-results", defaultValue = "1000", description = "Most experiments to list (default: ${DEFAULT-VALUE})")
        int maxResults;

        @Option(names = "--all", description = "Include deleted experiments")
        boolean all;

        @Override
        public void run() {
            ObjectNode request = CairnClient.JSON.createObjectNode().put("filter", filter).put("max_results", maxResults)
                    .put("view_type", all ? "ALL" : "ACTIVE_ONLY");
            JsonNode response = client.client().post("/api/2.0/mlflow/experiments/search", request);
            PrintWriter out = spec.commandLine().getOut();
            if (client.printedJson(out, response)) {
                return;
            }
            Table table = new Table("ID", "NAME", "STAGE", "CREATED", "ARTIFACT LOCATION");
            for (JsonNode experiment : response.path("experiments")) {
                table.row(experiment.path("experiment_id").asText(), experiment.path("name").asText(),
                        experiment.path("lifecycle_stage").asText(), Instant.ofEpochMilli(experiment.path("creation_time").asLong()).toString(),
                        experiment.path("artifact_location").asText());
            }
            table.print(out);
        }
    }

    /** {@code cairn experiments create NAME}. */
    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an experiment and print its id.")
    static final class CreateExperiment implements Runnable {
        @Mixin
        ClientOptions client;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The experiment's name")
        String name;

        @Option(names = "--artifact-location", description = "Where its artifacts go (default: the server's artifact store)")
        String artifactLocation;

        @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A tag; repeat for more")
        Map<String, String> tags = Map.of();

        @Override
        public void run() {
            ObjectNode request = CairnClient.JSON.createObjectNode().put("name", name);
            if (artifactLocation != null) {
                request.put("artifact_location", artifactLocation);
            }
            tags.forEach((key, value) -> request.withArray("tags").addObject().put("key", key).put("value", value));
            JsonNode response = client.client().post("/api/2.0/mlflow/experiments/create", request);
            PrintWriter out = spec.commandLine().getOut();
            if (!client.printedJson(out, response)) {
                out.println(response.path("experiment_id").asText());
            }
        }
    }
}
