package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.io.FolderTree;
import dev.cairn.core.registry.ModelVersion;
import dev.cairn.core.store.MetadataStore;
import dev.cairn.dashboard.Display;
import dev.cairn.data.file.TableFile;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.signature.ColumnSpec;
import dev.cairn.pipeline.steps.BuiltInSteps;
import dev.cairn.pipeline.training.TrainingPipeline;
import dev.cairn.serve.repository.ModelRepository;
import dev.cairn.serve.repository.VersionSelector;
import dev.cairn.server.CairnServer;
import dev.cairn.train.spec.TrainSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code cairn quickstart}: the whole platform on the example flights data in about a minute. It
 * starts the server in this process on the embedded stores, registers the flights data, trains
 * and registers a model with a short search, deploys it, sends held-out rows to the deployment's
 * REST endpoint as clients would, stores the training as a pipeline that retrains nightly on the
 * server's workers, prints what happened and where to look, and keeps serving until
 * Ctrl-C (or, with {@code --exit}, stops cleanly, which flushes the prediction log).
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = {"Start Cairn on a fresh data folder, then register the example flights data, train, register and deploy "
                + "a model, and send it held-out rows over REST; keep serving until Ctrl-C.",
                "Exits 1 naming the stage that failed, with the server stopped."})
final class QuickstartCommand implements Callable<Integer> {
    /** The part of the spec's time split that training leaves out, where the requests' rows come from. */
    private static final String HELD_OUT_PART = "monitor";

    /** The system property slf4j's simple logger takes its level from. */
    private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    @Option(names = "--port", defaultValue = "5000", description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 = any free port)")
    int port;

    @Mixin
    ProcessOptions process = new ProcessOptions(Path.of("cairn-quickstart"));

    @Option(names = "--spec", paramLabel = "train.yaml",
            description = "The training spec (default: examples/flights/quickstart.yaml of the project folder)")
    Optional<Path> specFile;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "2000", description = "Requests to send, one held-out row each (default: ${DEFAULT-VALUE})")
    int requests;

    @Option(names = "--client-threads", paramLabel = "N", defaultValue = "4", description = "Threads sending them at once (default: ${DEFAULT-VALUE})")
    int clientThreads;

    @Option(names = "--deploy-wait-seconds", paramLabel = "SECONDS", defaultValue = "120", description = "How long the deployment may take to be ready (default: ${DEFAULT-VALUE})")
    long deployWaitSeconds;

    @Option(names = "--exit", description = "Stop the server and exit once done, instead of serving until Ctrl-C")
    boolean exit;

    @Spec
    CommandSpec spec;

    /** When the quickstart's retraining pipeline runs: 02:00 UTC every night. */
    private static final String RETRAINING_CRON = "0 2 * * *";

    /** A stage that failed, and why. */
    private static final class StageFailure extends RuntimeException {
        private final String stage;

        StageFailure(String stage, RuntimeException cause) {
            super(cause.getMessage(), cause);
            this.stage = stage;
        }
    }

    /** What the stages produced, for the summary. */
    private record Outcome(String url, Path home, List<DatasetRegistry.RegisteredDataset> datasets, String experiment,
                           TrainingJob.Outcome training, String model, int version, String deployment, String endpoint,
                           InferenceTraffic.Report traffic, JsonNode monitored, String exampleRequest, String pipeline) {
    }

    /** When the command started, for the elapsed seconds of each stage. */
    private long started;

    @Override
    public Integer call() throws InterruptedException {
        started = System.nanoTime();
        // The stage lines are the quickstart's output; the server's INFO logs (migrations, Jetty, the access log of every
        // call the training makes) would bury them. Set before the first logger exists, unless the user chose a level.
        if (System.getProperty(LOG_LEVEL) == null) {
            System.setProperty(LOG_LEVEL, "warn");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path home = process.home().toAbsolutePath().normalize();
        out.printf("Cairn quickstart: data in %s%n", home);
        out.flush();
        MetadataStore metadata = null;
        CairnServer server = null;
        try {
            metadata = stage("server", process::openMetadata);
            MetadataStore opened = metadata;
            server = stage("server", () -> process.startServer(port, opened));
            String url = "http://" + process.host + ":" + server.port();
            progress("server", "Cairn listening on %s", url);
            Outcome outcome = run(url, home);
            if (exit) {
                stop(server, metadata);
                progress("stop", "server stopped, prediction log flushed");
                printSummary(out, outcome);
                return 0;
            }
            printSummary(out, outcome);
        } catch (StageFailure failure) {
            err.printf(Locale.ROOT, "error: quickstart failed at stage '%s' after %.1f s: %s%n", failure.stage, elapsedSeconds(), describe(failure.getCause()));
            err.flush();
            stop(server, metadata);
            return 1;
        } catch (InterruptedException | RuntimeException e) {
            stop(server, metadata);
            throw e;
        }
        out.println("Serving until Ctrl-C.");
        out.flush();
        ProcessOptions.runUntilStopped(server::stop, metadata);
        return 0;
    }

    private Outcome run(String url, Path home) throws InterruptedException {
        CairnClient client = new CairnClient(url);
        Path specPath = stage("data", () -> specFile.orElseGet(() -> ExampleFiles.find("flights/quickstart.yaml")).toAbsolutePath().normalize());
        TrainSpec trainSpec = stage("data", () -> TrainSpec.read(specPath));
        Path specDir = specPath.getParent();
        List<DatasetRegistry.RegisteredDataset> datasets = stage("data", () -> registerData(client, trainSpec, specDir));

        ModelRepository models = new ModelRepository(new RemoteModelSource(client), home.resolve("cache").resolve("models"));
        String model = stage("train", () -> trainSpec.register().map(TrainSpec.Register::model).orElseThrow(() ->
                CairnException.invalidParameter(specPath + " registers no model; a quickstart spec needs a 'register' section")));
        progress("train", "training from %s", relative(specPath));
        TrainingJob.Outcome training = stage("train", () -> train(client, models, trainSpec, specPath));
        int version = training.registeredVersion().orElseThrow();
        progress("train", "%s version %d registered (READY), test roc_auc %s; run %s", model, version,
                metric(training.testMetrics(), "roc_auc"), training.winnerRunId());

        String deployment = model;
        String endpoint = url + "/v2/models/" + deployment + "/infer";
        JsonNode deployed = stage("deploy", () -> deploy(client, deployment, model, version));
        progress("deploy", "%s ready: %s at %s", deployment, DeploymentRollout.servingArms(deployed), endpoint);

        Frame rows = stage("requests", () -> {
            ModelVersion registered = models.resolve(model, new VersionSelector.Number(version));
            List<String> inputs = models.fetch(registered).descriptor().signature().inputs().stream().map(ColumnSpec::name).toList();
            return HeldOutRows.sample(trainSpec, specDir, HELD_OUT_PART, inputs, requests);
        });
        progress("requests", "%,d held-out rows (the spec's '%s' months, never trained on); sending %,d requests from %d threads",
                rows.rowCount(), HELD_OUT_PART, requests, clientThreads);
        long requestsStarted = System.currentTimeMillis();
        InferenceTraffic.Report traffic;
        try {
            traffic = new InferenceTraffic(URI.create(endpoint), clientThreads).send(rows, requests);
        } catch (RuntimeException e) {
            throw new StageFailure("requests", e);
        }
        if (traffic.ok() == 0) {
            throw new StageFailure("requests", CairnException.invalidParameter("no request was answered: " + traffic.firstFailure().orElse("")));
        }
        progress("requests", "%,d sent, %,d ok, %,d failed; p50 %.1f ms, p99 %.1f ms; %,.0f requests/s%s", traffic.sent(), traffic.ok(),
                traffic.failed(), traffic.p50Millis(), traffic.p99Millis(), traffic.requestsPerSecond(),
                traffic.firstFailure().map(failure -> "; first failure: " + failure).orElse(""));
        JsonNode monitored = stage("monitor", () -> client.post("/api/v1/deployments/" + deployment + "/monitors/run",
                CairnClient.JSON.createObjectNode().put("from", requestsStarted).put("to", System.currentTimeMillis() + 1)).path("result"));
        progress("monitor", "%,d predictions against the training data %s: %d of %d inputs drifted (%s), outputs %s; %d integrity "
                        + "violations", monitored.path("rows").asLong(), monitored.path("reference").asText(), monitored.path("drifted_columns").asInt(),
                monitored.path("columns").asInt(), monitored.path("dataset_drift").asBoolean() ? "drift" : "no drift",
                monitored.at("/report/prediction_drift/dataset_drift").asBoolean() ? "drifted" : "steady",
                monitored.path("integrity_violations").asInt());
        String pipeline = "train-" + model;
        JsonNode stored = stage("pipeline", () -> storeRetraining(client, trainSpec, specDir, pipeline));
        progress("pipeline", "%s stored: the training as a pipeline of %d steps, on the server's workers at '%s' %s (next %s)", pipeline,
                TrainingPipeline.compile(trainSpec, pipeline, specDir, BuiltInSteps.types()).steps().size(), stored.at("/schedule/cron").asText(),
                stored.at("/schedule/timezone").asText(), Instant.ofEpochMilli(stored.path("next_run_time").asLong()));
        return new Outcome(url, home, datasets, trainSpec.experiment(), training, model, version, deployment, endpoint, traffic,
                monitored, InferenceTraffic.requestBody(rows, 0), pipeline);
    }

    /** Registers the spec's data files as dataset versions, as {@code cairn train} would; training then finds them unchanged. */
    private List<DatasetRegistry.RegisteredDataset> registerData(CairnClient client, TrainSpec trainSpec, Path specDir) {
        DatasetRegistry registry = new DatasetRegistry(client);
        List<DatasetRegistry.RegisteredDataset> versions = new ArrayList<>();
        for (Map.Entry<String, TrainSpec.Source> dataset : trainSpec.datasets().entrySet()) {
            String file = dataset.getValue().file().orElseThrow(() -> CairnException.invalidParameter("Dataset " + dataset.getKey()
                    + " is not a file; the quickstart registers files only"));
            TableFile table = new TableFile(specDir.resolve(file).normalize());
            DatasetRegistry.RegisteredDataset version = registry.register(dataset.getKey(), table.path(), "file", table.path().toUri().toString(), "");
            progress("data", "%s version %d: %,d rows from %s (sha256 %s)%s", version.name(), version.version(), version.rowCount(),
                    relative(table.path()), version.digest().substring(0, 12), version.created() ? "" : ", already registered");
            versions.add(version);
        }
        return versions;
    }

    private TrainingJob.Outcome train(CairnClient client, ModelRepository models, TrainSpec trainSpec, Path specPath) {
        PrintWriter out = spec.commandLine().getOut();
        Path workDir;
        try {
            workDir = Files.createTempDirectory("cairn-quickstart-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the training's work folder under " + System.getProperty("java.io.tmpdir"), e);
        }
        try {
            Map<String, String> tags = Map.of("mlflow.source.name", specPath.toString(), "mlflow.source.type", "LOCAL", "cairn.quickstart", "true");
            TrainingJob.Outcome outcome = new TrainingJob(client, models, new PrintWriter(new IndentedWriter(out, "    "), true), workDir)
                    .run(trainSpec, specPath.getParent(), tags, Map.of());
            if (outcome.registeredVersion().isEmpty()) {
                throw CairnException.invalidParameter("the model was not registered: " + String.join("; ", outcome.verdict().checks()));
            }
            return outcome;
        } finally {
            FolderTree.deleteQuietly(workDir);
        }
    }

    /**
     * Stores the training spec as the pipeline it compiles to, retraining nightly on the server's
     * workers: unchanged data makes a nightly run all cache hits, new rows retrain. An earlier
     * quickstart's pipeline is replaced.
     */
    private JsonNode storeRetraining(CairnClient client, TrainSpec trainSpec, Path specDir, String name) {
        ObjectNode body = CairnClient.JSON.createObjectNode().put("spec", TrainingPipeline.yaml(trainSpec, name))
                .put("folder", specDir.toString()).put("concurrency", "skip");
        boolean exists = client.get("/api/v1/pipelines", Map.of()).path("pipelines").findValuesAsText("name").contains(name);
        if (exists) {
            client.put("/api/v1/pipelines/" + name, body);
        } else {
            client.post("/api/v1/pipelines", body);
        }
        return client.put("/api/v1/pipelines/" + name + "/schedule", CairnClient.JSON.createObjectNode().put("cron", RETRAINING_CRON)
                .put("timezone", "UTC")).path("pipeline");
    }

    /** Deploys the version, or moves the deployment of an earlier quickstart to it, and waits until it is ready. */
    private JsonNode deploy(CairnClient client, String deployment, String model, int version) {
        ObjectNode deploymentSpec = CairnClient.JSON.createObjectNode().put("model", model).put("version", version);
        deploymentSpec.putObject("traffic").put("policy", "single");
        DeploymentRollout rollout = new DeploymentRollout(client);
        DeploymentRollout.Change change = rollout.createOrUpdate(deployment, deploymentSpec);
        JsonNode settled = rollout.awaitSettled(deployment, change.revision(), Duration.ofSeconds(deployWaitSeconds)).orElseThrow(() ->
                CairnException.invalidParameter(deployment + " is not ready after " + deployWaitSeconds + " s"));
        if (settled.path("state").asText().equals("failed")) {
            throw CairnException.invalidParameter(deployment + " failed: " + settled.path("state_message").asText());
        }
        return settled;
    }

    private void printSummary(PrintWriter out, Outcome outcome) {
        InferenceTraffic.Report traffic = outcome.traffic();
        String server = outcome.url().equals("http://127.0.0.1:5000") ? "" : " --server " + outcome.url();
        out.println();
        out.printf(Locale.ROOT, "Quickstart done in %.1f s.%n", elapsedSeconds());
        for (DatasetRegistry.RegisteredDataset dataset : outcome.datasets()) {
            out.printf(Locale.ROOT, "  dataset     %s version %d (%,d rows)%n", dataset.name(), dataset.version(), dataset.rowCount());
        }
        out.printf(Locale.ROOT, "  training    run %s (winner), parent run %s, experiment %s%n", outcome.training().winnerRunId(),
                outcome.training().parentRunId(), outcome.experiment());
        out.printf(Locale.ROOT, "  model       %s version %d, test ROC AUC %s%n", outcome.model(), outcome.version(),
                metric(outcome.training().testMetrics(), "roc_auc"));
        out.printf(Locale.ROOT, "  deployment  %s, ready at %s%n", outcome.deployment(), outcome.endpoint());
        out.printf(Locale.ROOT, "  requests    %,d sent, %,d ok, %,d failed; latency p50 %.1f ms, p99 %.1f ms%n", traffic.sent(), traffic.ok(),
                traffic.failed(), traffic.p50Millis(), traffic.p99Millis());
        out.printf(Locale.ROOT, "  monitoring  %d of %d inputs drifted from %s, %d integrity violations%n", outcome.monitored().path("drifted_columns").asInt(),
                outcome.monitored().path("columns").asInt(), outcome.monitored().path("reference").asText(),
                outcome.monitored().path("integrity_violations").asInt());
        out.println();
        out.printf("Dashboard: %s/%n", outcome.url());
        out.printf("  the training's runs   %s/runs/%s%n", outcome.url(), outcome.training().parentRunId());
        out.printf("  the model             %s/models/%s/versions/%d%n", outcome.url(), Display.segment(outcome.model()), outcome.version());
        out.printf("  the deployment        %s/deployments/%s%n", outcome.url(), Display.segment(outcome.deployment()));
        out.printf("  the data              %s/datasets%n", outcome.url());
        out.printf("  the pipelines         %s/pipelines/stored/%s%n", outcome.url(), Display.segment(outcome.pipeline()));
        out.println();
        if (exit) {
            out.printf("The server has stopped. Start it again on the same data with%n  ./cairn server --home %s --port %s%nthen look further:%n",
                    outcome.home(), outcome.url().replaceFirst(".*:", ""));
        } else {
            out.println("Look further from another terminal:");
        }
        out.printf("  ./cairn runs list --experiment %s%s%n", outcome.experiment(), server);
        out.printf("  ./cairn runs get %s%s%n", outcome.training().winnerRunId(), server);
        out.printf("  ./cairn models show %s%s%n", outcome.model(), server);
        out.printf("  ./cairn datasets list%s%n", server);
        out.printf("  ./cairn deployments show %s%s%n", outcome.deployment(), server);
        out.printf("  ./cairn deployments predictions %s -o predictions.csv%s%n", outcome.deployment(), server);
        out.printf("  ./cairn monitor report %s --id %d%s%n", outcome.deployment(), outcome.monitored().path("id").asLong(), server);
        out.printf("  ./cairn monitor report %s --html report.html%s%n", outcome.deployment(), server);
        out.printf("  ./cairn monitor schedule %s --every 1h%s%n", outcome.deployment(), server);
        out.printf("  ./cairn pipelines run %s --follow%s%n", outcome.pipeline(), server);
        out.printf("  curl -s %s -H 'Content-Type: application/json' -d '%s'%n", outcome.endpoint(), outcome.exampleRequest());
        out.flush();
    }

    /** Runs a stage's step; a failure is reported with the stage's name. */
    private static <T> T stage(String name, Supplier<T> step) {
        try {
            return step.get();
        } catch (StageFailure failure) {
            throw failure;
        } catch (RuntimeException e) {
            throw new StageFailure(name, e);
        }
    }

    private void progress(String stage, String format, Object... args) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "[%6.1f s] %-9s %s%n", elapsedSeconds(), stage, String.format(Locale.ROOT, format, args));
        out.flush();
    }

    private double elapsedSeconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    /** Stops what was started, the server first so that it finishes writing the prediction log before the database closes. */
    private static void stop(CairnServer server, MetadataStore metadata) {
        try {
            if (server != null) {
                server.stop();
            }
        } finally {
            if (metadata != null) {
                metadata.close();
            }
        }
    }

    /** One line for a failure: the server's error code and message, or the exception's. */
    private static String describe(Throwable failure) {
        if (failure instanceof CairnClient.ServerError serverError) {
            return serverError.code() + ": " + serverError.getMessage();
        }
        if (failure instanceof CairnException cairn) {
            return cairn.code() + ": " + cairn.getMessage();
        }
        if (failure instanceof UncheckedIOException io) {
            return io.getMessage() + ": " + io.getCause().getMessage();
        }
        return String.valueOf(failure.getMessage() == null ? failure : failure.getMessage());
    }

    private static String metric(Map<String, Double> metrics, String key) {
        Double value = metrics.get(key);
        return value == null ? "-" : String.format(Locale.ROOT, "%.4f", value);
    }

    /** A path as the user would type it from the working folder, when it is under it. */
    private static String relative(Path path) {
        Path workingFolder = Path.of("").toAbsolutePath();
        return path.startsWith(workingFolder) ? workingFolder.relativize(path).toString() : path.toString();
    }
}
