package dev.cairn.server;

import dev.cairn.core.artifact.ArtifactStore;
import dev.cairn.core.store.MetadataStore;
import dev.cairn.serve.deployment.DeploymentHost;
import dev.cairn.serve.deployment.Deployments;
import dev.cairn.serve.log.PredictionLog;
import dev.cairn.serve.repository.ModelRepository;
import dev.cairn.serve.repository.RegistryModelSource;
import dev.cairn.server.inference.InferenceRoutes;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A serving replica ({@code cairn serve}): scoring only, for the named deployments, stateless. It
 * reads each deployment from the shared metadata store, as the server does, follows its changes,
 * and writes its prediction log to the shared artifact store; several behind a load balancer
 * scale serving out. It answers the Open Inference Protocol and, with one deployment, MLflow's
 * root {@code /invocations} as {@code mlflow models serve} does. Deployments are created and
 * changed through the server, which alone records their state.
 */
public final class ServingServer {
    private static final Logger LOG = LoggerFactory.getLogger(ServingServer.class);
    private static final Duration TICK = Duration.ofSeconds(1);

    private final ServerConfig config;
    private final List<String> names;
    private final Javalin app;
    private final PredictionLog predictionLog;
    private final DeploymentHost host;

    /** A replica serving the named deployments from the given stores. */
    public ServingServer(ServerConfig config, List<String> deployments, MetadataStore metadata, ArtifactStore artifacts, Path cacheFolder,
                         Clock clock) {
        this.config = requireNonNull(config, "config is null");
        this.names = List.copyOf(deployments);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a serving process needs at least one deployment");
        }
        Set<String> hosted = Set.copyOf(names);
        PrometheusMeterRegistry registry = CairnHttp.meters();
        ModelRepository repository = new ModelRepository(new RegistryModelSource(metadata.registry(), artifacts), cacheFolder.resolve("models"));
        this.predictionLog = new PredictionLog(artifacts, metadata.deployments()::addSegment, config.predictionLog(), registry, clock);
        this.host = new DeploymentHost(metadata.deployments(), repository, predictionLog, registry, clock, TICK, hosted::contains, false);
        InferenceRoutes inference = new InferenceRoutes(new Deployments(metadata.deployments(), host, repository));
        this.app = CairnHttp.app(config, registry, metadata, routes -> {
            inference.register(routes);
            if (names.size() == 1) {
                inference.registerRoot(routes, names.get(0));
            }
        });
    }

    /** Starts listening and loading the deployments. */
    public ServingServer start() {
        app.start();
        host.start();
        LOG.info("Cairn serving {} on http://{}:{}", names, config.host(), port());
        return this;
    }

    /** The port it listens on. */
    public int port() {
        return app.port();
    }

    /** Stops taking requests, finishes those in flight, then writes the rest of the prediction log. */
    public void stop() {
        try {
            app.stop();
        } catch (Exception e) {
            LOG.warn("Serving stopped: requests still running after the grace period were cancelled ({})", e.toString());
        } finally {
            host.close();
            predictionLog.close();
        }
    }
}
