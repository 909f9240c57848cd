package dev.cairn.server;

import dev.cairn.core.artifact.ArtifactSources;
import dev.cairn.core.artifact.ArtifactStore;
import dev.cairn.core.registry.ModelRegistrar;
import dev.cairn.core.store.MetadataStore;
import dev.cairn.dashboard.Dashboard;
import dev.cairn.model.registry.SourceFilesValidator;
import dev.cairn.pipeline.schedule.PipelineScheduler;
import dev.cairn.pipeline.schedule.SchedulerSettings;
import dev.cairn.pipeline.schedule.WorkerNames;
import dev.cairn.pipeline.spec.PipelineSpecReader;
import dev.cairn.pipeline.steps.BuiltInSteps;
import dev.cairn.pipeline.store.StorePipelineTracking;
import dev.cairn.serve.batch.BatchJobRunner;
import dev.cairn.serve.deployment.DeploymentHost;
import dev.cairn.serve.deployment.Deployments;
import dev.cairn.serve.log.PredictionLog;
import dev.cairn.serve.repository.ModelRepository;
import dev.cairn.serve.repository.RegistryModelSource;
import dev.cairn.server.batch.BatchJobRoutes;
import dev.cairn.server.datasets.DatasetRoutes;
import dev.cairn.server.deployments.DeploymentRoutes;
import dev.cairn.server.deployments.PredictionExport;
import dev.cairn.server.inference.InferenceRoutes;
import dev.cairn.server.mlflow.MlflowArtifactRoutes;
import dev.cairn.server.mlflow.MlflowRegistryRoutes;
import dev.cairn.server.mlflow.MlflowTrackingRoutes;
import dev.cairn.server.models.ModelPackageRoutes;
import dev.cairn.server.monitoring.AlertRoutes;
import dev.cairn.server.monitoring.Alerting;
import dev.cairn.server.monitoring.DeploymentMonitor;
import dev.cairn.server.monitoring.MonitorMetrics;
import dev.cairn.server.monitoring.MonitorRoutes;
import dev.cairn.server.monitoring.MonitorSchedules;
import dev.cairn.server.monitoring.WebhookChannel;
import dev.cairn.server.pipelines.PipelineRoutes;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Cairn's HTTP server: every API and the web dashboard on one Javalin app. It does not own the stores it is given;
 * whoever opened them closes them after {@link #stop()}.
 */
public final class CairnServer {
    private static final Logger LOG = LoggerFactory.getLogger(CairnServer.class);
    /** How often deployments are compared with the store: new revisions, moved aliases, canary rollback rules. */
    private static final Duration DEPLOYMENT_TICK = Duration.ofSeconds(1);

    private final ServerConfig config;
    private final Javalin app;
    private final PredictionLog predictionLog;
    private final DeploymentHost deploymentHost;
    private final BatchJobRunner batchJobs;
    private final PipelineScheduler pipelines;
    private final WebhookChannel webhooks;
    private final MonitorSchedules monitorSchedules;

    /**
     * Builds the server over its stores; {@link #start()} makes it listen.
     *
     * @param cacheFolder where model packages are cached for serving (under {@code CAIRN_HOME})
     */
    public CairnServer(ServerConfig config, MetadataStore metadata, ArtifactStore artifacts, Path cacheFolder, Clock clock) {
        this.config = requireNonNull(config, "config is null");
        PrometheusMeterRegistry registry = CairnHttp.meters();
        MlflowTrackingRoutes tracking = new MlflowTrackingRoutes(metadata.tracking(), clock);
        MlflowArtifactRoutes artifactRoutes = new MlflowArtifactRoutes(artifacts, metadata.tracking());
        ArtifactSources sources = new ArtifactSources(metadata.tracking());
        ModelRegistrar registrar = new ModelRegistrar(metadata.registry(), new SourceFilesValidator(artifacts, sources));
        registrar.finishPending();
        MlflowRegistryRoutes registryRoutes = new MlflowRegistryRoutes(metadata.registry(), registrar);
        ModelPackageRoutes packageRoutes = new ModelPackageRoutes(metadata.registry(), artifacts, sources);
        DatasetRoutes datasetRoutes = new DatasetRoutes(metadata.datasets());
        ModelRepository repository = new ModelRepository(new RegistryModelSource(metadata.registry(), artifacts), cacheFolder.resolve("models"));
        this.predictionLog = new PredictionLog(artifacts, metadata.deployments()::addSegment, config.predictionLog(), registry, clock);
        this.deploymentHost = new DeploymentHost(metadata.deployments(), repository, predictionLog, registry, clock,
                DEPLOYMENT_TICK, name -> true, true);
        Deployments deployments = new Deployments(metadata.deployments(), deploymentHost, repository);
        PredictionExport predictionExport = new PredictionExport(metadata.deployments(), artifacts, predictionLog);
        DeploymentRoutes deploymentRoutes = new DeploymentRoutes(deployments, metadata.deployments(), predictionExport);

        InferenceRoutes inferenceRoutes = new InferenceRoutes(deployments);
        this.batchJobs = new BatchJobRunner(metadata.batchJobs(), repository, artifacts);
        BatchJobRoutes batchJobRoutes = new BatchJobRoutes(batchJobs, metadata.batchJobs(), repository, deployments, sources, artifacts);
        // With no pipeline threads the scheduler is never started: it only queues runs for `cairn worker` processes.
        // Scheduled monitors run on the same scheduler: a server declares their job kind, a `cairn worker` does not and leaves them alone.
        this.pipelines = PipelineScheduler.onStores(metadata, artifacts, registrar, Optional.of(deployments), cacheFolder.resolve("pipelines"),
                SchedulerSettings.defaults(WorkerNames.thisProcess()).withThreads(Math.max(1, config.pipelineThreads())).withClock(clock),
                Set.of(MonitorSchedules.JOB));
        this.webhooks = WebhookChannel.standard();
        DeploymentMonitor monitor = new DeploymentMonitor(deployments, metadata.tracking(), metadata.datasets(), artifacts,
                repository, predictionExport, metadata.monitors(), new Alerting(metadata.monitors(), pipelines, webhooks),
                new MonitorMetrics(registry, metadata.monitors()));
        this.monitorSchedules = new MonitorSchedules(metadata.monitors(), metadata.deployments(), monitor, pipelines, clock);
        MonitorRoutes monitorRoutes = new MonitorRoutes(monitor, monitorSchedules, metadata.monitors(), metadata.deployments(), clock);
        AlertRoutes alertRoutes = new AlertRoutes(metadata.monitors(), metadata.deployments(), metadata.pipelines());
        PipelineRoutes pipelineRoutes = new PipelineRoutes(metadata.pipelines(), pipelines, new PipelineSpecReader(BuiltInSteps.types()),
                metadata.tracking(), new StorePipelineTracking(metadata.tracking(), artifacts), artifacts, cacheFolder.resolve("pipeline-folders"));
        Dashboard dashboard = new Dashboard(metadata.tracking(), metadata.registry(), metadata.datasets(), artifacts, deployments,
                metadata.monitors(), metadata.batchJobs(), metadata.pipelines(), pipelines, clock);
        this.app = CairnHttp.app(config, registry, metadata, routes -> {
            tracking.register(routes);
            artifactRoutes.register(routes);
            registryRoutes.register(routes);
            packageRoutes.register(routes);
            datasetRoutes.register(routes);
            deploymentRoutes.register(routes);
            monitorRoutes.register(routes);
            alertRoutes.register(routes);
            inferenceRoutes.register(routes);
            batchJobRoutes.register(routes);
            pipelineRoutes.register(routes);
            dashboard.register(routes);
        });
    }

    /** Starts listening; returns once the port is bound. */
    public CairnServer start() {
        app.start();
        deploymentHost.start();
        batchJobs.start();
        if (config.pipelineThreads() > 0) {
            monitorSchedules.resume();
            pipelines.start();
        }
        LOG.info("Cairn {} listening on http://{}:{}", CairnVersion.VERSION, config.host(), port());
        return this;
    }

    /** The port the server listens on (useful when configured with port 0). */
    public int port() {
        return app.port();
    }

    /**
     * Stops accepting connections, lets requests in flight finish for the grace period, then
     * cancels those still running and stops. It returns normally in both cases, so that whoever
     * owns the stores always goes on to close them.
     */
    public void stop() {
        LOG.info("Cairn stopping: finishing requests in flight (up to {} s)", config.shutdownGrace().toSeconds());
        try {
            app.stop();
            LOG.info("Cairn stopped");
        } catch (Exception e) {
            LOG.warn("Cairn stopped: requests still running after the grace period were cancelled ({})", e.toString());
        } finally {
            pipelines.close();
            webhooks.close();
            batchJobs.close();
            deploymentHost.close();
            // After the last request: every prediction answered is written before the stores close.
            predictionLog.close();
        }
    }
}
