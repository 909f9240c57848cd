package dev.cairn.server.monitoring;

import dev.cairn.core.deployment.DeploymentStore;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.monitor.MonitorResult;
import dev.cairn.core.monitor.MonitorSchedule;
import dev.cairn.core.monitor.MonitorStore;
import dev.cairn.monitor.drift.DriftOptions;
import dev.cairn.monitor.integrity.IntegrityOptions;
import dev.cairn.pipeline.schedule.PipelineScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Deployments monitored on a schedule. A schedule is a row of the store and a recurring job on
 * the pipelines' db-scheduler (persisted in the database: it survives restarts, and one server of
 * several runs each firing). Each firing monitors the window of the schedule's length that ends at
 * the time the firing was due, exactly as an on-demand run with the schedule's options would: the
 * result is stored, and a run with the standard options over the newest window drives the alerts.
 * Firings missed while no server ran are not caught up; the next one comes at the schedule's next
 * step after now (run the missed windows on demand with {@code --from} and {@code --to}).
 */
public final class MonitorSchedules {
    /** A firing later than its period and this is one a stopped server missed, not one a busy scheduler picked late. */
    private static final Duration STALE_AFTER = Duration.ofMinutes(1);

    /** The job kind of scheduled monitor runs on the pipeline scheduler. */
    public static final String JOB = "monitor-schedule";
    private static final Logger LOG = LoggerFactory.getLogger(MonitorSchedules.class);

    private final MonitorStore store;
    private final DeploymentStore deployments;
    private final DeploymentMonitor monitor;
    private final PipelineScheduler scheduler;
    private final Clock clock;

    /** Schedules over the store, running {@code monitor} on {@code scheduler}, which must declare {@link #JOB}. */
    public MonitorSchedules(MonitorStore store, DeploymentStore deployments, DeploymentMonitor monitor, PipelineScheduler scheduler, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.deployments = requireNonNull(deployments, "deployments is null");
        this.monitor = requireNonNull(monitor, "monitor is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.clock = requireNonNull(clock, "clock is null");
        scheduler.handle(JOB, this::fire);
    }

    /** Gives every stored schedule its job if it has none: a crash between storing a schedule and scheduling it must not lose it. */
    public void resume() {
        for (MonitorSchedule schedule : store.schedules()) {
            scheduler.ensureJob(JOB, schedule.deployment(), clock.instant().plus(schedule.every()));
        }
    }

    /** Sets a deployment's schedule, replacing the one it had; the first run comes one period from now. */
    public MonitorSchedule put(MonitorSchedule schedule) {
        deployments.get(schedule.deployment());
        MonitorSchedule stored = store.putSchedule(schedule);
        scheduler.scheduleJob(JOB, schedule.deployment(), clock.instant().plus(schedule.every()));
        LOG.info("Deployment '{}' is monitored every {} over windows of {}", schedule.deployment(), schedule.every(), schedule.window());
        return stored;
    }

    /** The deployment's schedule; not found if the deployment does not exist or has no schedule. */
    public MonitorSchedule get(String deployment) {
        deployments.get(deployment);
        return store.schedule(deployment).orElseThrow(() -> CairnException.notFound("Deployment '" + deployment + "' has no monitor schedule"));
    }

    /** When the deployment's schedule fires next, if it is not firing now. */
    public Optional<Instant> nextRun(String deployment) {
        return scheduler.nextJobFire(JOB, deployment);
    }

    /** Removes the deployment's schedule; not found if it has none. */
    public void delete(String deployment) {
        deployments.get(deployment);
        store.deleteSchedule(deployment);
        scheduler.cancelJob(JOB, deployment);
        LOG.info("Deployment '{}' is no longer monitored on a schedule", deployment);
    }

    /** One firing: monitors the window ending at {@code due}, then answers the next step after now; nothing once the schedule is gone. */
    Optional<Instant> fire(String deployment, Instant due) {
        Optional<MonitorSchedule> found = store.schedule(deployment);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MonitorSchedule schedule = found.get();
        long to = due.toEpochMilli();
        Optional<MonitorReference> reference = schedule.referenceDataset()
                .map(dataset -> new MonitorReference(dataset, (int) schedule.referenceVersion().getAsLong()));
        if (clock.millis() - to > Math.max(schedule.every().toMillis(), STALE_AFTER.toMillis())) {
            // Due more than a period (and a minute) ago: missed while no server ran. Its stale window is skipped, as the later ones are.
            LOG.info("Scheduled monitor of deployment '{}': the firing due at {} was missed and is skipped", deployment, due);
            return next(deployment, to);
        }
        try {
            MonitorResult result = monitor.run(deployment, to - schedule.window().toMillis(), to, reference,
                    new DriftOptions(schedule.columns(), Map.of(), Map.of(), schedule.driftShare()), IntegrityOptions.defaults(), Optional.empty(),
                    false);
            LOG.info("Scheduled monitor of deployment '{}': window {} to {}, {} rows, {} of {} inputs drifted (result {})", deployment,
                    Instant.ofEpochMilli(result.window().fromMillis()), Instant.ofEpochMilli(result.window().toMillis()), result.window().rows(),
                    result.window().driftedColumns(), result.window().columns(), result.id());
        } catch (CairnException e) {
            if (e.code() == ErrorCode.RESOURCE_DOES_NOT_EXIST && deploymentGone(deployment)) {
                LOG.info("Deployment '{}' is gone; its monitor schedule stops", deployment);
                return Optional.empty();
            }
            LOG.warn("Scheduled monitor of deployment '{}' over the window ending {} did not run: {}", deployment, due, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Scheduled monitor of deployment '{}' over the window ending {} failed: {}", deployment, due, e.toString());
        }
        return next(deployment, to);
    }

    /**
     * The schedule as it is now (it may have been changed or removed while a firing ran), its next
     * step after now: firings missed while no server ran are skipped, not run in a burst.
     */
    private Optional<Instant> next(String deployment, long to) {
        Optional<MonitorSchedule> current = store.schedule(deployment);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        long every = current.get().every().toMillis();
        long now = clock.millis();
        long next = to + every;
        if (next <= now) {
            next += ((now - next) / every + 1) * every;
        }
        return Optional.of(Instant.ofEpochMilli(next));
    }

    private boolean deploymentGone(String deployment) {
        try {
            deployments.get(deployment);
            return false;
        } catch (CairnException e) {
            return e.code() == ErrorCode.RESOURCE_DOES_NOT_EXIST;
        }
    }
}
