package dev.cairn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.cli.CairnCommand;
import dev.cairn.core.io.FolderTree;
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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The flights example's model as a READY registered version of a bench server: trained by
 * {@code cairn train --spec examples/flights/train.yaml} against the server (the whole pipeline:
 * tuning, refit, evaluation, gate, registration), or registered from a package folder a previous
 * run saved, which skips the minute or two of training.
 *
 * <p>Two variants: {@link Variant#XGBOOST}, the example's winner (an xgboost package since issue 16), and
 * {@link Variant#LOGISTIC}, the example's logistic regression candidate alone (a copy of the spec
 * with only that model, which {@code cairn train} packages as ONNX before issue 16 and as a
 * {@code linear} package since), so that serving can be
 * measured with a model that costs little next to the HTTP path.
 */
final class FlightsModel {
    /** The registered model name the flights spec registers under. */
    static final String NAME = "flights-delay";
    /** Where a trained package is copied, to be passed back with {@code --package}. */
    static final Path SAVED_PACKAGE = Path.of("bench/target/flights-model");

    /** Which of the example's models: its registered name, where its package is saved, and how its spec is made. */
    enum Variant {
        /** The example as it is: the XGBoost winner, a two-class booster trained by xgboost4j. */
        XGBOOST("xgboost", NAME, SAVED_PACKAGE),
        /** The example's logistic regression candidate alone (a {@code linear} package; ONNX before issue 16). */
        LOGISTIC("logistic", NAME + "-lr", Path.of("bench/target/flights-lr-model"));

        final String option;
        final String model;
        final Path savedPackage;

        Variant(String option, String model, Path savedPackage) {
            this.option = option;
            this.model = model;
            this.savedPackage = savedPackage;
        }

        static Variant of(String option) {
            for (Variant variant : values()) {
                if (variant.option.equals(option)) {
                    return variant;
                }
            }
            throw new IllegalArgumentException("--model is xgboost or logistic; got " + option);
        }
    }
    /** Tribuo logs each fit at INFO; the benchmarks print their own figures. */
    private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private FlightsModel() {
    }

    /**
     * Splits {@code --package DIR}, {@code --model xgboost|logistic} and the deployment settings
     * ({@code --max-wait-ms N}, {@code --max-batch-size N}, {@code --threads N}, kept under their
     * API names) from a benchmark's other arguments.
     */
    record Arguments(List<String> positional, Optional<Path> packageFolder, Variant variant, Map<String, Long> settings) {
        private static final Map<String, String> SETTINGS = Map.of("--max-wait-ms", "max_wait_ms", "--max-batch-size", "max_batch_size",
                "--threads", "threads");

        static Arguments parse(String[] args) {
            List<String> positional = new java.util.ArrayList<>();
            Optional<Path> folder = Optional.empty();
            Variant variant = Variant.XGBOOST;
            Map<String, Long> settings = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--package") && i + 1 < args.length) {
                    folder = Optional.of(Path.of(args[++i]));
                } else if (args[i].equals("--model") && i + 1 < args.length) {
                    variant = Variant.of(args[++i]);
                } else if (SETTINGS.containsKey(args[i]) && i + 1 < args.length) {
                    settings.put(SETTINGS.get(args[i]), Long.parseLong(args[++i]));
                } else if (args[i].startsWith("--")) {
                    throw new IllegalArgumentException("unknown option " + args[i] + "; the options are --package DIR, --model xgboost|logistic, "
                            + String.join(" N, ", SETTINGS.keySet()) + " N");
                } else {
                    positional.add(args[i]);
                }
            }
            return new Arguments(List.copyOf(positional), folder, variant, Collections.unmodifiableMap(settings));
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
        return obtain(server, Variant.XGBOOST, packageFolder);
    }

    /** {@link #obtain(BenchServer, Optional)} for either variant. */
    static ModelVersion obtain(BenchServer server, Variant variant, Optional<Path> packageFolder) throws Exception {
        long start = System.nanoTime();
        String name = variant.model;
        if (packageFolder.isPresent()) {
            register(server.baseUrl(), name, packageFolder.get());
            System.out.printf("Registered %s from %s in %.1f s%n", name, packageFolder.get(), (System.nanoTime() - start) / 1e9);
        } else {
            TRIBUO_LOG.setLevel(Level.WARNING);
            Path spec = variant == Variant.XGBOOST ? FlightsData.SPEC : logisticSpec();
            try {
                int status = CairnCommand.commandLine().execute("train", "--spec", spec.toString(), "--server", server.baseUrl());
                if (status != 0) {
                    throw new IllegalStateException("cairn train failed with status " + status);
                }
            } finally {
                if (!spec.equals(FlightsData.SPEC)) {
                    Files.deleteIfExists(spec);
                }
            }
            System.out.printf("Trained %s with cairn train in %.1f s%n", name, (System.nanoTime() - start) / 1e9);
        }
        ModelRepository repository = repository(server);
        ModelVersion version = repository.resolve(name, new VersionSelector.Latest());
        if (packageFolder.isEmpty()) {
            save(repository.fetch(version), variant.savedPackage);
            System.out.printf("Saved its package to %s (pass --package %s to skip training)%n", variant.savedPackage, variant.savedPackage);
        }
        return version;
    }

    /**
     * A copy of the flights spec with its logistic regression candidate only, registered as
     * {@code flights-delay-lr}, its gate reduced to {@code roc_auc >= 0.5} (the benchmark needs
     * the model registered, not better than the XGBoost one). Written beside the spec, so that its
     * relative paths still hold, and deleted after training.
     */
    private static Path logisticSpec() throws IOException {
        String yaml = Files.readString(FlightsData.SPEC);
        yaml = replaceOnce(yaml, "experiment: flights-delay\n", "experiment: " + Variant.LOGISTIC.model + "\n");
        yaml = replaceOnce(yaml, "register:\n  model: flights-delay\n", "register:\n  model: " + Variant.LOGISTIC.model + "\n");
        yaml = replaceOnce(yaml, "thresholds: {roc_auc: 0.6, accuracy: 0.7}", "thresholds: {roc_auc: 0.5}");
        int xgboost = yaml.indexOf("  - algorithm: xgboost_classifier");
        int tuning = yaml.indexOf("\ntuning:");
        if (xgboost < 0 || tuning < xgboost) {
            throw new IllegalStateException("examples/flights/train.yaml no longer lists the XGBoost model before tuning:");
        }
        yaml = yaml.substring(0, xgboost) + yaml.substring(tuning + 1);
        Path spec = FlightsData.SPEC.resolveSibling(".bench-logistic-regression.yaml");
        Files.writeString(spec, yaml);
        return spec;
    }

    private static String replaceOnce(String text, String target, String replacement) {
        if (!text.contains(target)) {
            throw new IllegalStateException("examples/flights/train.yaml no longer contains " + target.strip());
        }
        return text.replace(target, replacement);
    }

    /** A model repository over the server's stores, as the server builds its own. */
    static ModelRepository repository(BenchServer server) {
        return new ModelRepository(new RegistryModelSource(server.metadata().registry(), server.artifacts()),
                server.home().resolve("bench-cache"));
    }

    /** Uploads the folder's files as a run's {@code model} artifact and registers them, as a client would. */
    private static void register(String baseUrl, String name, Path folder) throws IOException, InterruptedException {
        String api = baseUrl + "/api/2.0/mlflow";
        send(HttpRequest.newBuilder(URI.create(api + "/registered-models/create"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"" + name + "\"}")));
        String runId = send(HttpRequest.newBuilder(URI.create(api + "/runs/create"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"experiment_id\": \"0\"}"))).at("/run/info/run_id").asText();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/2.0/mlflow-artifacts/artifacts/0/" + runId + "/artifacts/model/"
                        + file.getFileName())).PUT(HttpRequest.BodyPublishers.ofFile(file)));
            }
        }
        JsonNode version = send(HttpRequest.newBuilder(URI.create(api + "/model-versions/create")).POST(HttpRequest.BodyPublishers.ofString(
                "{\"name\": \"" + name + "\", \"source\": \"runs:/" + runId + "/model\", \"run_id\": \"" + runId + "\"}")))
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
        FolderTree.delete(target);
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(modelPackage.folder())) {
            for (Path file : files.filter(f -> Files.isRegularFile(f) && !f.getFileName().toString().startsWith(".")).toList()) {
                Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
