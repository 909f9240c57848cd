package dev.cairn.server;

import dev.cairn.core.artifact.ArtifactStore;
import dev.cairn.core.store.MetadataStore;
import dev.cairn.serve.deployment.DeploymentHost;
import dev.cairn.serve.deployment.Deployments;
import dev.cairn.serve.log.PredictionLog;
import dev.cairn.serve.repository.ModelRepository;
import dev.cairn.serve.repository.RegistryModelSource;
import dev.cairn.server.datasets.DatasetRoutes;
import dev.cairn.server.deployments.DeploymentRoutes;
import dev.cairn.server.deployments.PredictionExport;
import dev.cairn.server.inference.InferenceRoutes;
import dev.cairn.server.http.ErrorResponses;
import dev.cairn.server.http.Json;
import dev.cairn.server.http.JsonErrorHandler;
import dev.cairn.server.http.PrometheusNames;
import dev.cairn.server.http.RequestFields;
import dev.cairn.server.http.RequestMetrics;
import dev.cairn.core.registry.ModelRegistrar;
import dev.cairn.server.mlflow.MlflowArtifactRoutes;
import dev.cairn.server.mlflow.MlflowRegistryRoutes;
import dev.cairn.server.mlflow.ArtifactSources;
import dev.cairn.server.mlflow.SourceFilesValidator;
import dev.cairn.server.models.ModelPackageRoutes;
import dev.cairn.server.mlflow.MlflowTrackingRoutes;
import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * Cairn's HTTP server: every API on one Javalin app. It does not own the stores it is given;
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

    /**
     * Builds the server over its stores; {@link #start()} makes it listen.
     *
     * @param cacheFolder where model packages are cached for serving (under {@code CAIRN_HOME})
     */
    public CairnServer(ServerConfig config, MetadataStore metadata, ArtifactStore artifacts, Path cacheFolder, Clock clock) {
        this.config = requireNonNull(config, "config is null");
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PrometheusNames.apply(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        RequestMetrics requestMetrics = new RequestMetrics(registry);
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
                DEPLOYMENT_TICK, name -> true);
        Deployments deployments = new Deployments(metadata.deployments(), deploymentHost, repository);
        DeploymentRoutes deploymentRoutes = new DeploymentRoutes(deployments, metadata.deployments(),
                new PredictionExport(metadata.deployments(), artifacts, predictionLog));
        InferenceRoutes inferenceRoutes = new InferenceRoutes(deployments);
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.maxRequestSize = RequestFields.MAX_JSON_BODY_BYTES;
            cfg.jetty.host = config.host();
            cfg.jetty.port = config.port();
            cfg.jetty.modifyServer(server -> {
                // Stopping closes the connector first, then waits for requests in flight.
                server.setStopTimeout(config.shutdownGrace().toMillis());
                server.setHandler(new GracefulHandler());
                server.setErrorHandler(new JsonErrorHandler());
            });
            cfg.requestLogger.http(requestMetrics::record);
            ErrorResponses.register(cfg.routes);
            cfg.routes.get("/health", ctx -> {
                boolean healthy = metadata.isHealthy();
                ctx.status(healthy ? 200 : 503);
                Json.respond(ctx, Json.object().put("status", healthy ? "OK" : "UNAVAILABLE")
                        .put("database", healthy ? "OK" : "UNREACHABLE"));
                ctx.status(healthy ? 200 : 503);
            });
            cfg.routes.get("/version", ctx -> ctx.result(CairnVersion.VERSION));
            cfg.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(requestMetrics.scrape()));
            tracking.register(cfg.routes);
            artifactRoutes.register(cfg.routes);
            registryRoutes.register(cfg.routes);
            packageRoutes.register(cfg.routes);
            datasetRoutes.register(cfg.routes);
            deploymentRoutes.register(cfg.routes);
            inferenceRoutes.register(cfg.routes);
        });
    }

    /** Starts listening; returns once the port is bound. */
    public CairnServer start() {
        app.start();
        deploymentHost.start();
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
            deploymentHost.close();
            // After the last request: every prediction answered is written before the stores close.
            predictionLog.close();
        }
    }
}
