package dev.cairn.serve.deployment;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.model.frame.Frame;
import dev.cairn.serve.log.LoggedRow;
import dev.cairn.serve.log.PredictionRecord;
import dev.cairn.serve.log.PredictionSink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * A deployment taking requests: it picks an arm by the current {@link Routing}, scores, logs every
 * row to the prediction log, and copies the request to a shadow arm when the policy has one.
 * Routings are swapped whole by the host; a request holds the version it started on until it ends.
 */
public final class Endpoint {
    private static final Logger LOG = LoggerFactory.getLogger(Endpoint.class);
    /** How many of the latest predictions are kept in memory for the dashboard. */
    private static final int RECENT_PREDICTIONS = 25;

    private final String name;
    private final PredictionSink log;
    private final ExecutorService shadows;
    private final Clock clock;
    private final Counter shadowsDropped;
    private final MeterRegistry meters;
    private final AtomicReference<Routing> routing = new AtomicReference<>();
    private final RecentPredictions recent = new RecentPredictions(RECENT_PREDICTIONS);
    /** Counters by arm and outcome, looked up once: a registry lookup per request showed in serving profiles. */
    private final Map<String, Counter> requestCounters = new ConcurrentHashMap<>();

    Endpoint(String name, PredictionSink log, ExecutorService shadows, MeterRegistry meters, Clock clock) {
        this.name = requireNonNull(name, "name is null");
        this.log = requireNonNull(log, "log is null");
        this.shadows = requireNonNull(shadows, "shadows is null");
        this.meters = requireNonNull(meters, "meters is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.shadowsDropped = Counter.builder("cairn.inference.shadow.dropped").tag("deployment", name)
                .description("Shadow requests not sent because the shadow queue was full").register(meters);
    }

    /** The deployment's name. */
    public String name() {
        return name;
    }

    /** True once a routing serves (a deployment whose first rollout failed never becomes ready). */
    public boolean isReady() {
        return routing.get() != null;
    }

    /** The spec now serving, if any. */
    public Optional<DeploymentSpec> spec() {
        return Optional.ofNullable(routing.get()).map(Routing::spec);
    }

    /** The versions now serving, by arm name, in arm order. */
    public List<ServingArm> serving() {
        Routing current = routing.get();
        if (current == null) {
            return List.of();
        }
        // A loop, not a stream: every scoring request asks, for the signature that reads it.
        List<ServingArm> arms = new ArrayList<>(current.arms().size());
        for (Routing.Arm arm : current.arms()) {
            arms.add(new ServingArm(arm.spec().name(), arm.live().version(), share(current, arm), arm.live().model().descriptor()));
        }
        return Collections.unmodifiableList(arms);
    }

    /** Each arm's requests, failures and latency over the window ending now, in arm order. */
    public List<ArmTraffic> traffic(Duration window) {
        Routing current = routing.get();
        if (current == null) {
            return List.of();
        }
        long now = clock.millis();
        return current.arms().stream().map(arm -> {
            ArmStats.Window stats = arm.stats().window(now, window);
            return new ArmTraffic(arm.spec().name(), arm.live().version().name(), arm.live().version().version(), share(current, arm), stats.requests(),
                    stats.failures(), (double) stats.requests() / window.toSeconds(), stats.p50Millis(), stats.p99Millis());
        }).toList();
    }

    /** The latest predictions this endpoint made (shadows' included), newest first. */
    public List<PredictionRecord> recentPredictions() {
        return recent.newestFirst();
    }

    /**
     * Scores a request. Bad input is the caller's error (4xx); a deployment not ready or out of
     * scoring slots for the configured timeout is 503; a failing model is a {@code ModelFailure}.
     */
    public Inference infer(Frame input, Optional<String> stickyKey) {
        long start = System.nanoTime();
        long timestamp = clock.millis();
        while (true) {
            Routing current = routing.get();
            if (current == null) {
                throw new CairnException(ErrorCode.TEMPORARILY_UNAVAILABLE, "Deployment '" + name + "' is not ready yet; try again shortly");
            }
            Routing.Choice choice = current.choose(stickyKey);
            Routing.Arm arm = choice.primary();
            if (!arm.live().acquire()) {
                continue; // the routing was replaced and this version closed in between: take the new routing
            }
            try {
                Inference inference = score(current, arm, input, timestamp, start);
                choice.shadow().ifPresent(shadow -> copyToShadow(shadow, input, inference.predictionIds(), timestamp));
                return inference;
            } finally {
                arm.live().release();
            }
        }
    }

    /** Requests for one version of this deployment only, whatever the traffic policy. */
    public Inference inferVersion(int version, Frame input) {
        long start = System.nanoTime();
        long timestamp = clock.millis();
        while (true) {
            Routing current = routing.get();
            if (current == null) {
                throw new CairnException(ErrorCode.TEMPORARILY_UNAVAILABLE, "Deployment '" + name + "' is not ready yet; try again shortly");
            }
            Routing.Arm arm = current.arms().stream().filter(candidate -> candidate.live().version().version() == version).findFirst()
                    .orElseThrow(() -> CairnException.notFound("Deployment '" + name + "' does not serve version " + version
                            + "; it serves " + current.arms().stream().map(a -> a.live().version().version()).distinct().toList()));
            if (!arm.live().acquire()) {
                continue;
            }
            try {
                return score(current, arm, input, timestamp, start);
            } finally {
                arm.live().release();
            }
        }
    }

    private Inference score(Routing current, Routing.Arm arm, Frame input, long timestamp, long start) {
        boolean failed = false;
        try {
            Frame outputs = arm.batcher().isPresent() ? batched(current, arm.batcher().get(), input) : alone(current, arm, input);
            List<String> ids = newIds(input.rowCount());
            long latencyMicros = (System.nanoTime() - start) / 1000;
            record(arm, ids, input, outputs, timestamp, latencyMicros);
            return new Inference(outputs, arm.spec().name(), arm.live().version(), ids);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed = true;
            throw new CairnException(ErrorCode.TEMPORARILY_UNAVAILABLE, "The server is stopping");
        } catch (CairnException e) {
            failed = e.code().httpStatus() >= 500;
            throw e;
        } catch (RuntimeException e) {
            failed = true;
            throw e;
        } finally {
            long latencyMicros = (System.nanoTime() - start) / 1000;
            arm.stats().record(timestamp, latencyMicros, failed);
            String outcome = failed ? "error" : "ok";
            requestCounters.computeIfAbsent(arm.spec().name() + '/' + outcome, key -> Counter.builder("cairn.inference.requests")
                    .description("Inference requests by deployment, traffic arm and outcome").tags("deployment", name, "arm", arm.spec().name(),
                            "outcome", outcome).register(meters)).increment();
        }
    }

    /** Scores on one of the deployment's scoring slots, waiting for one at most the configured timeout. */
    private Frame alone(Routing current, Routing.Arm arm, Frame input) throws InterruptedException {
        if (!current.scoringSlots().tryAcquire(current.spec().settings().timeout().toNanos(), TimeUnit.NANOSECONDS)) {
            throw busy(current);
        }
        try {
            return arm.live().model().predict(input);
        } finally {
            current.scoringSlots().release();
        }
    }

    private Frame batched(Routing current, MicroBatcher batcher, Frame input) throws InterruptedException {
        try {
            return batcher.predict(input, current.spec().settings().timeout());
        } catch (TimeoutException e) {
            throw busy(current);
        }
    }

    private CairnException busy(Routing current) {
        return new CairnException(ErrorCode.TEMPORARILY_UNAVAILABLE, "Deployment '" + name + "' is busy: no scoring thread was free within "
                + current.spec().settings().timeout().toMillis() + " ms; retry, or raise settings.threads");
    }

    private void copyToShadow(Routing.Arm shadow, Frame input, List<String> ids, long timestamp) {
        if (!shadow.live().acquire()) {
            return;
        }
        try {
            shadows.execute(() -> {
                long start = System.nanoTime();
                boolean failed = false;
                try {
                    Frame outputs = shadow.live().model().predict(input);
                    record(shadow, ids, input, outputs, timestamp, (System.nanoTime() - start) / 1000);
                } catch (RuntimeException e) {
                    // A shadow's failure is recorded in its stats and the log, never seen by the caller.
                    failed = true;
                    LOG.debug("Shadow of deployment {} failed: {}", name, e.toString());
                } finally {
                    shadow.stats().record(timestamp, (System.nanoTime() - start) / 1000, failed);
                    shadow.live().release();
                }
            });
        } catch (RejectedExecutionException e) {
            shadow.live().release();
            shadowsDropped.increment();
        }
    }

    private void record(Routing.Arm arm, List<String> ids, Frame input, Frame outputs, long timestamp, long latencyMicros) {
        // The ring keeps the last few rows only; those it gets are cut out of a large request, which it may hold for long.
        int firstRecent = ids.size() - RECENT_PREDICTIONS;
        for (int row = 0; row < ids.size(); row++) {
            PredictionRecord prediction = new PredictionRecord(ids.get(row), name, arm.live().version().name(),
                    arm.live().version().version(), arm.spec().name(), timestamp, latencyMicros, new LoggedRow(input, row),
                    new LoggedRow(outputs, row));
            log.offer(prediction);
            if (row >= firstRecent) {
                recent.add(prediction.detached());
            }
        }
    }

    private static List<String> newIds(int rows) {
        List<String> ids = new ArrayList<>(rows);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < rows; i++) {
            ids.add(hex.toHexDigits(random.nextLong()) + hex.toHexDigits(random.nextLong()));
        }
        return ids;
    }

    /** An arm's share of requests in percent under the routing's policy. */
    private static double share(Routing routing, Routing.Arm arm) {
        TrafficPolicy policy = routing.spec().policy();
        String armName = arm.spec().name();
        if (policy instanceof TrafficPolicy.Canary canary) {
            return armName.equals("canary") ? canary.percent() : 100 - canary.percent();
        }
        if (policy instanceof TrafficPolicy.Shadow) {
            return armName.equals("shadow") ? 0 : 100;
        }
        if (policy instanceof TrafficPolicy.Split) {
            double total = routing.arms().stream().mapToDouble(a -> a.spec().weight()).sum();
            return 100 * arm.spec().weight() / total;
        }
        return 100;
    }

    Routing routing() {
        return routing.get();
    }

    /** Swaps in a new routing and returns the old one (the caller retires it). */
    Routing swap(Routing next) {
        return routing.getAndSet(next);
    }
}
