package dev.cairn.serve.deployment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.deployment.Deployment;
import dev.cairn.core.deployment.DeploymentState;
import dev.cairn.core.deployment.DeploymentStore;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.registry.ModelVersion;
import dev.cairn.model.runtime.LoadedModel;
import dev.cairn.serve.log.PredictionSink;
import dev.cairn.serve.repository.ModelRepository;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * Runs deployments in this process, as the metadata store describes them. One thread applies every
 * change, in order: on start it brings back every deployment; then, each tick, it rolls out new
 * revisions, follows aliases that moved, and takes traffic back from a canary that breaks its
 * rollback rule. A rollout loads and warms every new version before one swap puts it on traffic;
 * if any version fails, the old routing keeps serving and the deployment says why.
 */
public final class DeploymentHost implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentHost.class);
    private static final int SHADOW_QUEUE = 1_000;

    private final DeploymentStore store;
    private final ModelRepository repository;
    private final PredictionSink log;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Duration tick;
    private final Predicate<String> hosted;
    private final boolean reportsState;
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    /** What each deployment's last rollout attempted (revision and versions), so a failed one is not retried every tick. */
    private final Map<String, String> attempted = new ConcurrentHashMap<>();
    private final ScheduledExecutorService worker;
    private final ThreadPoolExecutor shadows;

    /**
     * A host for the deployments whose names pass {@code hosted} (all of them in the server; the
     * named ones in a serving process). Only the server's host {@code reportsState}: serving
     * replicas would otherwise each write the same state and events.
     */
    public DeploymentHost(DeploymentStore store, ModelRepository repository, PredictionSink log, MeterRegistry meters, Clock clock,
                          Duration tick, Predicate<String> hosted, boolean reportsState) {
        this.store = requireNonNull(store, "store is null");
        this.repository = requireNonNull(repository, "repository is null");
        this.log = requireNonNull(log, "log is null");
        this.meters = requireNonNull(meters, "meters is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.tick = requireNonNull(tick, "tick is null");
        this.hosted = requireNonNull(hosted, "hosted is null");
        this.reportsState = reportsState;
        this.worker = Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, "cairn-deployments"));
        int shadowThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.shadows = new ThreadPoolExecutor(shadowThreads, shadowThreads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(SHADOW_QUEUE), runnable -> daemon(runnable, "cairn-shadow"));
        this.shadows.allowCoreThreadTimeOut(true);
    }

    /** Brings back the stored deployments (loading them in the background) and starts the ticks. */
    public DeploymentHost start() {
        worker.scheduleWithFixedDelay(this::tickSafely, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** The endpoint of a hosted deployment that exists. */
    public Optional<Endpoint> endpoint(String name) {
        return Optional.ofNullable(endpoints.get(name));
    }

    /** Applies a deployment's stored state now rather than at the next tick. */
    public void apply(String name) {
        worker.execute(() -> {
            try {
                refresh(store.get(name));
            } catch (CairnException e) {
                retireGone(name);
            } catch (RuntimeException e) {
                LOG.warn("Applying deployment {} failed", name, e);
            }
        });
    }

    private void tickSafely() {
        try {
            Set<String> seen = new HashSet<>();
            for (Deployment deployment : store.list()) {
                if (hosted.test(deployment.name())) {
                    seen.add(deployment.name());
                    refresh(deployment);
                }
            }
            for (String name : List.copyOf(endpoints.keySet())) {
                if (!seen.contains(name)) {
                    retireGone(name);
                }
            }
            checkRollbacks();
        } catch (RuntimeException e) {
            // A database hiccup must not stop the ticks; the next one tries again.
            LOG.warn("Deployment tick failed: {}", e.toString());
        }
    }

    private void refresh(Deployment deployment) {
        Endpoint endpoint = endpoints.computeIfAbsent(deployment.name(), name -> new Endpoint(name, log, shadows, meters, clock));
        DeploymentSpec spec;
        List<ModelVersion> versions = new ArrayList<>();
        try {
            spec = DeploymentSpec.parse(deployment.spec());
            for (ArmSpec arm : spec.arms()) {
                versions.add(repository.resolve(spec.model(), arm.version()));
            }
        } catch (CairnException e) {
            fail(deployment, endpoint, deployment.revision() + ":unresolved:" + e.getMessage(), e.getMessage());
            return;
        }
        String key = deployment.revision() + ":" + versions.stream().map(v -> Integer.toString(v.version())).toList();
        if (key.equals(attempted.get(deployment.name()))) {
            return;
        }
        attempted.put(deployment.name(), key);
        rollout(deployment, endpoint, spec, versions);
    }

    private void rollout(Deployment deployment, Endpoint endpoint, DeploymentSpec spec, List<ModelVersion> versions) {
        Routing current = endpoint.routing();
        List<Routing.Arm> arms = new ArrayList<>();
        try {
            for (int i = 0; i < spec.arms().size(); i++) {
                LiveVersion live = liveVersion(versions.get(i), current, arms);
                ServingSettings settings = spec.settings();
                Optional<MicroBatcher> batcher = settings.maxWait().isZero() ? Optional.empty()
                        : Optional.of(new MicroBatcher(deployment.name(), live.model(), settings.maxBatchSize(), settings.maxWait(), settings.threads()));
                arms.add(new Routing.Arm(spec.arms().get(i), live, new ArmStats(), batcher));
            }
        } catch (RuntimeException e) {
            arms.forEach(arm -> arm.batcher().ifPresent(MicroBatcher::close));
            arms.forEach(arm -> arm.live().release());
            String reason = e instanceof CairnException ? e.getMessage() : "the model failed to load: " + e;
            fail(deployment, endpoint, null, reason);
            return;
        }
        Routing old = endpoint.swap(new Routing(spec, deployment.revision(), arms));
        if (old != null) {
            old.retire();
        }
        String serving = describe(endpoint);
        if (reportsState) {
            store.reportState(deployment.name(), deployment.revision(), DeploymentState.READY, "", servingJson(endpoint));
            store.addEvent(deployment.name(), "ready", "Revision " + deployment.revision() + " serving: " + serving);
        }
        LOG.info("Deployment {} revision {} serving {}", deployment.name(), deployment.revision(), serving);
    }

    /** A version already loaded by the current or the new routing is shared; any other is loaded and warmed. */
    private LiveVersion liveVersion(ModelVersion version, Routing current, List<Routing.Arm> building) {
        List<Routing.Arm> candidates = new ArrayList<>(building);
        if (current != null) {
            candidates.addAll(current.arms());
        }
        for (Routing.Arm arm : candidates) {
            if (arm.live().is(version) && arm.live().acquire()) {
                return arm.live();
            }
        }
        LoadedModel model = repository.load(version, 1);
        try {
            model.scoreInputExample();
        } catch (RuntimeException e) {
            model.close();
            throw new CairnException(e instanceof CairnException c ? c.code() : dev.cairn.core.error.ErrorCode.INTERNAL_ERROR,
                    "Version " + version.version() + " of model '" + version.name() + "' loaded but failed to score its input example: "
                            + e.getMessage(), e);
        }
        return new LiveVersion(version, model);
    }

    private void fail(Deployment deployment, Endpoint endpoint, String attemptKey, String reason) {
        if (attemptKey != null) {
            if (attemptKey.equals(attempted.get(deployment.name()))) {
                return;
            }
            attempted.put(deployment.name(), attemptKey);
        }
        Routing current = endpoint.routing();
        String message = "Revision " + deployment.revision() + " failed: " + reason
                + (current == null ? "" : "; revision " + current.revision() + " keeps serving (" + describe(endpoint) + ")");
        if (reportsState) {
            store.reportState(deployment.name(), deployment.revision(), DeploymentState.FAILED, message, servingJson(endpoint));
            store.addEvent(deployment.name(), "failed", message);
        }
        LOG.warn("Deployment {}: {}", deployment.name(), message);
    }

    private void checkRollbacks() {
        for (Endpoint endpoint : endpoints.values()) {
            Routing routing = endpoint.routing();
            if (routing == null || !(routing.spec().policy() instanceof TrafficPolicy.Canary canary) || canary.rollback().isEmpty()) {
                continue;
            }
            RollbackRule rule = canary.rollback().get();
            ArmStats.Window window = routing.arm("canary").stats().window(clock.millis(), rule.window());
            if (window.requests() < rule.minRequests()) {
                continue;
            }
            Optional<String> reason = Optional.empty();
            if (rule.maxErrorRate().isPresent() && window.errorRate() > rule.maxErrorRate().get()) {
                reason = Optional.of(String.format("error rate %.3f over the last %d s (%d of %d requests) is above %.3f",
                        window.errorRate(), rule.window().toSeconds(), window.failures(), window.requests(), rule.maxErrorRate().get()));
            } else if (rule.maxP99Millis().isPresent() && window.p99Millis() > rule.maxP99Millis().get()) {
                reason = Optional.of(String.format("p99 latency %.1f ms over the last %d s is above %.1f ms",
                        window.p99Millis(), rule.window().toSeconds(), rule.maxP99Millis().get()));
            }
            if (reason.isPresent()) {
                rollBack(endpoint, routing, reason.get());
            }
        }
    }

    private void rollBack(Endpoint endpoint, Routing routing, String reason) {
        try {
            Deployment stored = store.get(endpoint.name());
            if (stored.revision() != routing.revision()) {
                return; // someone changed the deployment meanwhile; their change wins
            }
            Deployment updated = store.updateSpec(endpoint.name(), routing.spec().rolledBack().toJson().toString());
            store.addEvent(endpoint.name(), "rollback", "Canary version " + routing.arm("canary").live().version().version()
                    + " rolled back: " + reason + "; all traffic returns to stable version " + routing.arm(DeploymentSpec.STABLE).live().version().version());
            LOG.warn("Deployment {}: canary rolled back: {}", endpoint.name(), reason);
            refresh(updated);
        } catch (CairnException e) {
            LOG.warn("Rolling back deployment {} failed: {}", endpoint.name(), e.getMessage());
        }
    }

    private void retireGone(String name) {
        attempted.remove(name);
        Endpoint endpoint = endpoints.remove(name);
        if (endpoint != null) {
            Routing old = endpoint.swap(null);
            if (old != null) {
                old.retire();
            }
            LOG.info("Deployment {} removed", name);
        }
    }

    private static String describe(Endpoint endpoint) {
        return String.join(", ", endpoint.serving().stream().map(arm -> arm.arm() + "=v" + arm.version().version()
                + " (" + formatPercent(arm.percent()) + "%)").toList());
    }

    private static String formatPercent(double percent) {
        return percent == Math.rint(percent) ? Long.toString((long) percent) : Double.toString(percent);
    }

    private static String servingJson(Endpoint endpoint) {
        ObjectNode serving = JsonNodeFactory.instance.objectNode();
        Routing routing = endpoint.routing();
        if (routing == null) {
            return "{}";
        }
        serving.put("revision", routing.revision()).put("policy", routing.spec().policy().kind());
        ArrayNode arms = serving.putArray("arms");
        for (ServingArm arm : endpoint.serving()) {
            arms.addObject().put("arm", arm.arm()).put("model", arm.version().name()).put("version", arm.version().version())
                    .put("percent", arm.percent());
        }
        return serving.toString();
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Stops the ticks and closes every loaded model once its requests in flight are done. */
    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        shadows.shutdown();
        for (String name : List.copyOf(endpoints.keySet())) {
            retireGone(name);
        }
    }
}
