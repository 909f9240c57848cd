package dev.cairn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.cli.CairnCommand;
import dev.cairn.core.registry.ModelVersion;
import dev.cairn.model.pkg.ModelPackage;
import dev.cairn.serve.repository.ModelRepository;
import dev.cairn.serve.repository.RegistryModelSource;
import dev.cairn.serve.repository.VersionSelector;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The flights example's model as a READY registered version of a bench server: trained by
 * {@code cairn train --spec examples/flights/train.yaml} against the server (the whole pipeline:
 * tuning, refit, evaluation, gate, registration), or registered from a package folder a previous
 * run saved, which skips the minute or two of training.
 */
final class FlightsModel {
    /** The registered model name the flights spec registers under. */
    static final String NAME = "flights-delay";
    /** Where a trained package is copied, to be passed back with {@code --package}. */
    static final Path SAVED_PACKAGE = Path.of("bench/target/flights-model");
    /** Tribuo logs each fit at INFO; the benchmarks print their own figures. */
    private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private FlightsModel() {
    }

    /** Splits {@code --package DIR} from a benchmark's other arguments. */
    record Arguments(List<String> positional, Optional<Path> packageFolder) {
        static Arguments parse(String[] args) {
            List<String> positional = new java.util.ArrayList<>();
            Optional<Path> folder = Optional.empty();
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--package") && i + 1 < args.length) {
                    folder = Optional.of(Path.of(args[++i]));
                } else {
                    positional.add(args[i]);
                }
            }
            return new Arguments(List.copyOf(positional), folder);
        }

        /** The positional argument at an index, or a default. */
        String at(int index, String fallback) {
            return index < positional.size() ? positional.get(index) : fallback;
        }
    }

    /**
     * Registers the package folder if one is given, or else trains the model with the CLI and
     * saves its package to {@link #SAVED_PACKAGE}; returns the READY version.
     */
    static ModelVersion obtain(BenchServer server, Optional<Path> packageFolder) throws Exception {
        long start = System.nanoTime();
        if (packageFolder.isPresent()) {
            register(server.baseUrl(), packageFolder.get());
            System.out.printf("Registered %s from %s in %.1f s%n", NAME, packageFolder.get(), (System.nanoTime() - start) / 1e9);
        } else {
            TRIBUO_LOG.setLevel(Level.WARNING);
            int status = CairnCommand.commandLine().execute("train", "--spec", FlightsData.SPEC.toString(), "--server", server.baseUrl());
            if (status != 0) {
                throw new IllegalStateException("cairn train failed with status " + status);
            }
            System.out.printf("Trained %s with cairn train in %.1f s%n", NAME, (System.nanoTime() - start) / 1e9);
        }
        ModelRepository repository = repository(server);
        ModelVersion version = repository.resolve(NAME, new VersionSelector.Latest());
        if (packageFolder.isEmpty()) {
            save(repository.fetch(version), SAVED_PACKAGE);
            System.out.printf("Saved its package to %s (pass --package %s to skip training)%n", SAVED_PACKAGE, SAVED_PACKAGE);
        }
        return version;
    }

    /** A model repository over the server's stores, as the server builds its own. */
    static ModelRepository repository(BenchServer server) {
        return new ModelRepository(new RegistryModelSource(server.metadata().registry(), server.artifacts()),
                server.home().resolve("bench-cache"));
    }

    /** Uploads the folder's files as a run's {@code model} artifact and registers them, as a client would. */
    private static void register(String baseUrl, Path folder) throws IOException, InterruptedException {
        String api = baseUrl + "/api/2.0/mlflow";
        send(HttpRequest.newBuilder(URI.create(api + "/registered-models/create"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"" + NAME + "\"}")));
        String runId = send(HttpRequest.newBuilder(URI.create(api + "/runs/create"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"experiment_id\": \"0\"}"))).at("/run/info/run_id").asText();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/2.0/mlflow-artifacts/artifacts/0/" + runId + "/artifacts/model/"
                        + file.getFileName())).PUT(HttpRequest.BodyPublishers.ofFile(file)));
            }
        }
        JsonNode version = send(HttpRequest.newBuilder(URI.create(api + "/model-versions/create")).POST(HttpRequest.BodyPublishers.ofString(
                "{\"name\": \"" + NAME + "\", \"source\": \"runs:/" + runId + "/model\", \"run_id\": \"" + runId + "\"}")))
                .get("model_version");
        if (!version.path("status").asText().equals("READY")) {
            throw new IllegalStateException("The registered version is not READY: " + version);
        }
    }

    /** Sends a control-plane request and returns its JSON body; anything but 200 is a failed benchmark. */
    static JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(request.build().uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    /** Copies a cached package's files (not the cache's own manifest) to a folder, replacing what was there. */
    private static void save(ModelPackage modelPackage, Path target) throws IOException {
        deleteTree(target);
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(modelPackage.folder())) {
            for (Path file : files.filter(f -> Files.isRegularFile(f) && !f.getFileName().toString().startsWith(".")).toList()) {
                Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Deletes a folder and everything in it, if it exists. */
    static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
