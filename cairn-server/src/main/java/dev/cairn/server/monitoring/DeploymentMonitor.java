package dev.cairn.server.monitoring;

import dev.cairn.core.artifact.ArtifactPath;
import dev.cairn.core.artifact.ArtifactStore;
import dev.cairn.core.dataset.DatasetStore;
import dev.cairn.core.dataset.DatasetVersion;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.io.FolderTree;
import dev.cairn.core.monitor.MonitorResult;
import dev.cairn.core.monitor.MonitorStore;
import dev.cairn.core.monitor.MonitorWindow;
import dev.cairn.core.registry.ModelVersion;
import dev.cairn.core.tracking.DatasetInput;
import dev.cairn.core.tracking.TrackingStore;
import dev.cairn.data.file.TableFile;
import dev.cairn.model.runtime.LoadedModel;
import dev.cairn.model.signature.ColumnSpec;
import dev.cairn.monitor.drift.ColumnDrift;
import dev.cairn.monitor.drift.DriftOptions;
import dev.cairn.monitor.drift.DriftReport;
import dev.cairn.monitor.importance.Scorer;
import dev.cairn.monitor.integrity.IntegrityOptions;
import dev.cairn.monitor.reference.ReferenceSample;
import dev.cairn.monitor.report.ReportJson;
import dev.cairn.monitor.window.ExplainOptions;
import dev.cairn.monitor.window.WindowMonitor;
import dev.cairn.monitor.window.WindowReport;
import dev.cairn.serve.batch.BatchScorer;
import dev.cairn.serve.deployment.Deployments;
import dev.cairn.serve.repository.ModelRepository;
import dev.cairn.server.deployments.PredictionExport;
import dev.cairn.server.http.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Monitors a window of a deployment's prediction log: finds the reference (the dataset version
 * the served model was trained on, through the training run's lineage, unless one is named),
 * builds its stored sample with the model's outputs the first time, exports the window, compares
 * them and stores the result.
 *
 * <p>A reference is computed once per model version and dataset version and kept in the artifact
 * store under {@code monitoring/references/}: a bounded {@link ReferenceSample} of
 * {@link #REFERENCE_ROWS} rows (plus the rows holding extremes and rare categories) with the
 * served version's predictions for each row, so prediction
 * drift compares outputs of the same model. Monitor runs go one at a time: each holds a DuckDB
 * and may score the reference, and requests past a short wait are told to come back.
 */
public final class DeploymentMonitor {
    /** The most rows a stored reference sample keeps. */
    public static final int REFERENCE_ROWS = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentMonitor.class);
    private static final int SCORING_BATCH_ROWS = 8_192;
    private static final long BUSY_WAIT_SECONDS = 30;

    private final Deployments deployments;
    private final TrackingStore tracking;
    private final DatasetStore datasets;
    private final ArtifactStore artifacts;
    private final ModelRepository repository;
    private final PredictionExport export;
    private final MonitorStore results;
    private final Alerting alerting;
    private final MonitorMetrics metrics;
    private final Semaphore oneAtATime = new Semaphore(1);

    /** A monitor over the stores, the model repository and the prediction export. */
    public DeploymentMonitor(Deployments deployments, TrackingStore tracking, DatasetStore datasets, ArtifactStore artifacts,
                             ModelRepository repository, PredictionExport export, MonitorStore results, Alerting alerting,
                             MonitorMetrics metrics) {
        this.deployments = requireNonNull(deployments, "deployments is null");
        this.tracking = requireNonNull(tracking, "tracking is null");
        this.datasets = requireNonNull(datasets, "datasets is null");
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
        this.repository = requireNonNull(repository, "repository is null");
        this.export = requireNonNull(export, "export is null");
        this.results = requireNonNull(results, "results is null");
        this.alerting = requireNonNull(alerting, "alerting is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    /**
     * Compares the predictions the deployment made in {@code [fromMillis, toMillis)} with the
     * reference, stores the result and returns it. A run over every input against the training
     * data, with the default drift share, over the deployment's newest window also feeds its alert
     * rules and gauges. A {@code sensitiveColumn} adds the fairness of the model's decisions across
     * that input's groups to the report; {@code importance} loads the served version and adds the
     * permutation importance of its inputs over a seeded sample of the window's rows.
     */
    public MonitorResult run(String deployment, long fromMillis, long toMillis, Optional<MonitorReference> named, DriftOptions drift,
                             IntegrityOptions integrity, Optional<String> sensitiveColumn, boolean importance) {
        if (toMillis <= fromMillis) {
            throw CairnException.invalidParameter("The window ends (" + toMillis + ") at or before it starts (" + fromMillis
                    + "); both are epoch milliseconds");
        }
        // The log's times lie between 1970 and the year 9999; a window reaching past them covers the same predictions.
        long from = Math.max(0, fromMillis);
        long to = Math.min(PredictionExport.LAST_MILLISECOND + 1, toMillis);
        ModelVersion served = deployments.primaryVersion(deployment);
        MonitorReference reference = named.orElseGet(() -> trainingReference(served));
        try {
            if (!oneAtATime.tryAcquire(BUSY_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new CairnException(ErrorCode.TEMPORARILY_UNAVAILABLE, "Another monitor run is in progress; try again in a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CairnException(ErrorCode.TEMPORARILY_UNAVAILABLE, "The server is stopping; try again later");
        }
        Path work = null;
        try {
            work = Files.createTempDirectory("cairn-monitor-");
            TableFile referenceFile = referenceFile(served, reference, work);
            Path window = work.resolve("predictions.parquet");
            export.write(deployment, from, to - 1, window);
            WindowReport report;
            if (importance) {
                try (LoadedModel model = repository.load(served, 1)) {
                    // Rows the served version refuses (inputs logged by an older version) fail the run with a message that says which part.
                    Scorer scorer = rows -> {
                        try {
                            return model.predict(rows);
                        } catch (CairnException e) {
                            throw new CairnException(e.code(), "Permutation importance: version " + served.version() + " cannot score the "
                                    + "window's rows: " + e.getMessage());
                        }
                    };
                    report = WindowMonitor.compare(referenceFile, window, work, drift, integrity,
                            new ExplainOptions(sensitiveColumn, Optional.of(scorer), ExplainOptions.DEFAULT_SEED));
                }
            } else {
                report = WindowMonitor.compare(referenceFile, window, work, drift, integrity,
                        new ExplainOptions(sensitiveColumn, Optional.empty(), ExplainOptions.DEFAULT_SEED));
            }
            int drifted = (int) report.features().columns().stream().filter(ColumnDrift::drift).count();
            String json = Json.MAPPER.writeValueAsString(ReportJson.window(report).put("model", served.name())
                    .put("model_version", served.version()).put("reference", reference.toString()));
            MonitorResult result = results.record(new MonitorWindow(deployment, from, to, reference.toString(), report.rows(),
                    report.features().columns().size(), drifted, report.features().datasetDrift(),
                    report.predictions().map(DriftReport::datasetDrift).orElse(false), (int) report.integrity().violations(), json));
            // Alerts and gauges follow the deployment's own monitor over its newest window: a run over chosen columns, another
            // reference, another drift share or a past window answers a question, and must not raise or resolve alerts.
            boolean standard = named.isEmpty() && drift.columns().isEmpty() && drift.driftShare() == DriftOptions.DEFAULT_DRIFT_SHARE;
            if (standard && results.results(deployment, Long.MIN_VALUE, Long.MAX_VALUE, 1).get(0).id() == result.id()) {
                metrics.record(result.window());
                alerting.onResult(result);
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            oneAtATime.release();
            if (work != null && !FolderTree.deleteQuietly(work)) {
                LOG.warn("Could not remove the monitor's work folder");
            }
        }
    }

    /** The dataset version the served version's training run read ({@code mlflow.data.context} {@code training}). */
    private MonitorReference trainingReference(ModelVersion served) {
        String noLineage = "Model " + served.name() + " version " + served.version() + " has no training dataset in its lineage; name the "
                + "reference dataset and version to compare with";
        String runId = served.runId().orElseThrow(() -> CairnException.invalidParameter(noLineage));
        return tracking.getRun(runId).inputs().stream()
                .filter(input -> input.tags().stream().anyMatch(tag -> tag.key().equals(DatasetInput.CONTEXT_TAG) && tag.value().equals("training")))
                .flatMap(input -> MonitorReference.fromSource(input.dataset().source()).stream())
                .findFirst().orElseThrow(() -> CairnException.invalidParameter(noLineage));
    }

    /** The stored reference of this model version and dataset version, built and stored the first time. */
    private TableFile referenceFile(ModelVersion served, MonitorReference reference, Path work) throws IOException {
        DatasetVersion dataset = datasets.get(reference.dataset(), reference.version());
        ArtifactPath stored = ArtifactPath.of("monitoring/references/" + served.name() + "/" + served.version() + "/"
                + dataset.digest().substring(0, Math.min(16, dataset.digest().length())) + ".parquet");
        Path local = work.resolve("reference.parquet");
        if (artifacts.stat(stored).isPresent()) {
            try (InputStream in = artifacts.open(stored)) {
                Files.copy(in, local);
            }
            return new TableFile(local);
        }
        long start = System.nanoTime();
        Path data = work.resolve("data-" + ArtifactPath.ofProxiedUri(dataset.artifactUri()).fileName());
        try (InputStream in = artifacts.open(ArtifactPath.ofProxiedUri(dataset.artifactUri()))) {
            Files.copy(in, data);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot read the file of dataset {}: {}", reference, e.toString());
            throw CairnException.invalidParameter("The file of dataset " + reference + " cannot be read from the artifact store; register "
                    + "the data again or name another reference");
        }
        Path sample = work.resolve("sample.parquet");
        ReferenceSample.Written written = ReferenceSample.write(new TableFile(data), sample, REFERENCE_ROWS);
        Path inputs = work.resolve("inputs.parquet");
        ReferenceSample.select(new TableFile(sample), repository.fetch(served).descriptor().signature().inputs().stream()
                .map(ColumnSpec::name).toList(), inputs);
        Path outputs = work.resolve("outputs.parquet");
        try (LoadedModel model = repository.load(served, 1)) {
            new BatchScorer(model, SCORING_BATCH_ROWS).score(new TableFile(inputs), outputs, Optional.of(ReferenceSample.ROW_COLUMN), rows -> { });
        }
        ReferenceSample.attachOutputs(new TableFile(sample), new TableFile(outputs), local);
        try (InputStream in = Files.newInputStream(local)) {
            artifacts.put(stored, in);
        }
        LOG.info("Stored the monitoring reference of {} version {}: {} of {} rows of {} with the model's outputs, in {} ms", served.name(),
                served.version(), written.rows(), written.sourceRows(), reference, (System.nanoTime() - start) / 1_000_000);
        return new TableFile(local);
    }
}
