package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.io.FolderTree;
import dev.cairn.model.frame.ColumnType;
import dev.cairn.model.onnx.OnnxImport;
import dev.cairn.model.signature.ColumnSpec;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/** {@code cairn models ...}: the model registry of a running server. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "Import, register, list, show, download, alias and score models.",
        subcommands = {ModelsCommand.ImportModel.class, ModelsCommand.RegisterModel.class, ModelsCommand.ListModels.class,
                ModelsCommand.ShowModel.class, ModelsCommand.DownloadModel.class, ModelsCommand.AliasModel.class, PredictCommand.class})
final class ModelsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Creates a registered model unless it exists. */
    static void ensureRegisteredModel(CairnClient client, String name) {
        try {
            client.post("/api/2.0/mlflow/registered-models/create", CairnClient.JSON.createObjectNode().put("name", name));
        } catch (CairnClient.ServerError e) {
            if (!e.code().equals("RESOURCE_ALREADY_EXISTS")) {
                throw e;
            }
        }
    }

    /** Creates a version from a source and prints its number and registration outcome. */
    static void createVersion(ClientOptions client, PrintWriter out, String name, String source, Optional<String> runId, String description) {
        ensureRegisteredModel(client.client(), name);
        ObjectNode request = CairnClient.JSON.createObjectNode().put("name", name).put("source", source).put("description", description)
                .put("user_id", System.getProperty("user.name", ""));
        runId.ifPresent(id -> request.put("run_id", id));
        JsonNode response = client.client().post("/api/2.0/mlflow/model-versions/create", request);
        if (client.printedJson(out, response)) {
            return;
        }
        JsonNode version = response.path("model_version");
        out.printf("%s version %s: %s%n", name, version.path("version").asText(), version.path("status").asText());
        if (!version.path("status_message").asText().isEmpty()) {
            out.println(version.path("status_message").asText());
        }
        if (version.path("status").asText().equals("FAILED_REGISTRATION")) {
            throw CairnException.invalidParameter("Registration of " + name + " version " + version.path("version").asText() + " failed");
        }
    }

    /** {@code cairn models import}: an ONNX file trained anywhere becomes a registered version. */
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Package an ONNX file, upload it and register it as a new version (validated by the server).")
    static final class ImportModel implements Runnable {
        @Mixin
        ClientOptions client;

        @Spec
        CommandSpec spec;

        @Option(names = "--name", required = true, description = "Registered model name")
        String name;

        @Option(names = "--file", required = true, paramLabel = "MODEL.onnx", description = "The ONNX file")
        Path file;

        @Option(names = "--input-example", paramLabel = "EXAMPLE.csv",
                description = "A CSV of a few input rows; for a model with one 2-D input its header names the columns in tensor order")
        Path inputExample;

        @Option(names = "--signature", paramLabel = "COLUMN:TYPE,...", split = ",",
                description = "Input columns in tensor order, e.g. distance:double,hour:long (instead of the example's header)")
        List<String> signature = List.of();

        @Option(names = "--class-labels", paramLabel = "CLASS,...", split = ",",
                description = "A classifier's classes in output order, when the graph does not declare them")
        List<String> classLabels = List.of();

        @Option(names = "--description", description = "The version's description")
        String description = "";

        @Override
        public void run() {
            Path folder = null;
            try {
                folder = Files.createTempDirectory("cairn-import-");
                List<ColumnSpec> columns = signature.stream().map(ImportModel::column).toList();
                new OnnxImport(name, file, Optional.ofNullable(inputExample), columns, classLabels,
                        Map.of("imported_from", file.getFileName().toString())).writeTo(folder);
                String artifactFolder = "models/" + name.replaceAll("[^\\w.-]", "_") + "/" + UUID.randomUUID();
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path packaged : files.toList()) {
                        client.client().putFile("/api/2.0/mlflow-artifacts/artifacts/" + artifactFolder + "/" + packaged.getFileName(), packaged);
                    }
                }
                createVersion(client, spec.commandLine().getOut(), name, "mlflow-artifacts:/" + artifactFolder, Optional.empty(), description);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot package " + file, e);
            } finally {
                if (folder != null) {
                    FolderTree.deleteQuietly(folder);
                }
            }
        }

        private static ColumnSpec column(String text) {
            int colon = text.indexOf(':');
            if (colon <= 0) {
                throw CairnException.invalidParameter("--signature takes COLUMN:TYPE pairs, got '" + text + "'");
            }
            return new ColumnSpec(text.substring(0, colon).trim(), ColumnType.parse(text.substring(colon + 1).trim()), false);
        }
    }

    /** {@code cairn models register}: a model a run logged becomes a registered version. */
    @Command(name = "register", mixinStandardHelpOptions = true, description = "Register a model a run logged (runs:/RUN/PATH).")
    static final class RegisterModel implements Runnable {
        @Mixin
        ClientOptions client;

        @Spec
        CommandSpec spec;

        @Option(names = "--name", required = true, description = "Registered model name")
        String name;

        @Option(names = "--run", required = true, paramLabel = "RUN_ID", description = "The run that logged the model")
        String runId;

        @Option(names = "--path", defaultValue = "model", description = "The model's folder in the run's artifacts (default: ${DEFAULT-VALUE})")
        String path;

        @Option(names = "--description", description = "The version's description")
        String description = "";

        @Override
        public void run() {
            createVersion(client, spec.commandLine().getOut(), name, "runs:/" + runId + "/" + path.replaceFirst("^/+", ""),
                    Optional.of(runId), description);
        }
    }

    /** {@code cairn models list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List registered models.")
    static final class ListModels implements Runnable {
        @Mixin
        ClientOptions client;

        @Spec
        CommandSpec spec;

        @Option(names = "--filter", description = "MLflow filter, e.g. \"name LIKE 'churn%'\"")
        String filter = "";

        @Override
        public void run() {
            JsonNode response = client.client().get("/api/2.0/mlflow/registered-models/search", Map.of("filter", filter, "max_results", "1000"));
            PrintWriter out = spec.commandLine().getOut();
            if (client.printedJson(out, response)) {
                return;
            }
            Table table = new Table("NAME", "LATEST", "ALIASES", "UPDATED", "DESCRIPTION");
            for (JsonNode model : response.path("registered_models")) {
                int latest = 0;
                for (JsonNode version : model.path("latest_versions")) {
                    latest = Math.max(latest, version.path("version").asInt());
                }
                table.row(model.path("name").asText(), latest == 0 ? "-" : Integer.toString(latest), aliases(model),
                        Instant.ofEpochMilli(model.path("last_updated_timestamp").asLong()).toString(), model.path("description").asText());
            }
            table.print(out);
        }
    }

    /** {@code cairn models show NAME}. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a registered model and its versions.")
    static final class ShowModel implements Runnable {
        @Mixin
        ClientOptions client;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "Registered model name")
        String name;

        @Override
        public void run() {
            JsonNode model = client.client().get("/api/2.0/mlflow/registered-models/get", Map.of("name", name));
            JsonNode versions = ModelVersionRef.versions(client.client(), name);
            PrintWriter out = spec.commandLine().getOut();
            if (client.json) {
                ObjectNode both = CairnClient.JSON.createObjectNode();
                both.set("registered_model", model.path("registered_model"));
                both.set("model_versions", versions);
                out.println(both.toPrettyString());
                return;
            }
            JsonNode registered = model.path("registered_model");
            out.println("name:        " + registered.path("name").asText());
            out.println("description: " + registered.path("description").asText());
            out.println("aliases:     " + aliases(registered));
            Table table = new Table("VERSION", "STATUS", "STAGE", "RUN", "DATASETS", "USER", "CREATED", "SOURCE", "MESSAGE");
            List<JsonNode> sorted = new ArrayList<>();
            versions.forEach(sorted::add);
            sorted.sort((a, b) -> Integer.compare(b.path("version").asInt(), a.path("version").asInt()));
            for (JsonNode version : sorted) {
                table.row(version.path("version").asText(), version.path("status").asText(), version.path("current_stage").asText(),
                        version.path("run_id").asText("-"), datasets(version.path("run_id").asText("")), version.path("user_id").asText("-"),
                        Instant.ofEpochMilli(version.path("creation_timestamp").asLong()).toString(), version.path("source").asText(),
                        version.path("status_message").asText());
            }
            table.print(out);
        }

        /** The datasets the version's run used, as {@code name@digest(context)}: the version's data lineage. */
        private String datasets(String runId) {
            if (runId.isEmpty()) {
                return "-";
            }
            List<String> used = new ArrayList<>();
            JsonNode inputs = client.client().get("/api/2.0/mlflow/runs/get", Map.of("run_id", runId)).at("/run/inputs/dataset_inputs");
            for (JsonNode input : inputs) {
                String context = "";
                for (JsonNode tag : input.path("tags")) {
                    if (tag.path("key").asText().equals("mlflow.data.context")) {
                        context = "(" + tag.path("value").asText() + ")";
                    }
                }
                String digest = input.at("/dataset/digest").asText();
                used.add(input.at("/dataset/name").asText() + "@" + digest.substring(0, Math.min(12, digest.length())) + context);
            }
            return used.isEmpty() ? "-" : String.join(",", used);
        }
    }

    /** {@code cairn models download NAME}: the whole package as one zip archive. */
    @Command(name = "download", mixinStandardHelpOptions = true, description = "Download a version's whole package as a zip archive.")
    static final class DownloadModel implements Runnable {
        @Mixin
        ClientOptions client;

        @Mixin
        ModelVersionRef ref;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "Registered model name")
        String name;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE.zip", description = "Where to write it (default: NAME-vN.zip)")
        Path output;

        @Override
        public void run() {
            int version = ref.resolve(client.client(), name).path("version").asInt();
            Path target = output != null ? output : Path.of(name.replaceAll("[^\\w.-]", "_") + "-v" + version + ".zip");
            ModelVersionRef.downloadArchive(client.client(), name, version, target);
            spec.commandLine().getOut().printf("%s version %d -> %s%n", name, version, target);
        }
    }

    /** {@code cairn models alias NAME ALIAS --version N} or {@code --delete}. */
    @Command(name = "alias", mixinStandardHelpOptions = true, description = "Point an alias (e.g. champion) at a version, or delete it.")
    static final class AliasModel implements Runnable {
        @Mixin
        ClientOptions client;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "Registered model name")
        String name;

        @Parameters(index = "1", paramLabel = "ALIAS", description = "The alias, e.g. champion or challenger")
        String alias;

        @Option(names = "--version", paramLabel = "N", description = "The version the alias points to")
        Integer version;

        @Option(names = "--delete", description = "Delete the alias")
        boolean delete;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            if (delete == (version != null)) {
                throw CairnException.invalidParameter("Give either --version N or --delete");
            }
            if (delete) {
                client.client().delete("/api/2.0/mlflow/registered-models/alias", Map.of("name", name, "alias", alias));
                out.printf("%s: alias %s deleted%n", name, alias);
                return;
            }
            client.client().post("/api/2.0/mlflow/registered-models/alias", CairnClient.JSON.createObjectNode()
                    .put("name", name).put("alias", alias).put("version", version.toString()));
            out.printf("%s: %s -> version %d%n", name, alias, version);
        }
    }

    private static String aliases(JsonNode model) {
        List<String> aliases = new ArrayList<>();
        model.path("aliases").forEach(alias -> aliases.add(alias.path("alias").asText() + "=" + alias.path("version").asText()));
        return aliases.isEmpty() ? "-" : String.join(",", aliases);
    }
}
