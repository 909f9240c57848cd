package dev.cairn.pipeline.schedule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import dev.cairn.core.artifact.ArtifactStore;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.pipeline.ConcurrencyPolicy;
import dev.cairn.core.pipeline.Pipeline;
import dev.cairn.core.pipeline.PipelineRun;
import dev.cairn.core.pipeline.PipelineRunState;
import dev.cairn.core.pipeline.PipelineSchedule;
import dev.cairn.core.pipeline.PipelineStore;
import dev.cairn.core.pipeline.PipelineTriggers;
import dev.cairn.core.pipeline.RunClaim;
import dev.cairn.core.pipeline.RunRequest;
import dev.cairn.core.pipeline.TriggerKind;
import dev.cairn.core.registry.ModelRegistrar;
import dev.cairn.core.store.MetadataStore;
import dev.cairn.core.tracking.Run;
import dev.cairn.core.tracking.RunSearch;
import dev.cairn.core.tracking.TrackingStore;
import dev.cairn.core.tracking.ViewType;
import dev.cairn.core.tracking.search.OrderBy;
import dev.cairn.core.tracking.search.SearchFilter;
import dev.cairn.pipeline.run.ExecutionSettings;
import dev.cairn.pipeline.run.PipelineCancellation;
import dev.cairn.pipeline.run.PipelineExecutor;
import dev.cairn.pipeline.run.PipelineResult;
import dev.cairn.pipeline.run.RunOptions;
import dev.cairn.pipeline.run.StepState;
import dev.cairn.pipeline.spec.PipelineSpec;
import dev.cairn.pipeline.spec.PipelineSpecReader;
import dev.cairn.pipeline.step.StepTypes;
import dev.cairn.pipeline.steps.BuiltInSteps;
import dev.cairn.pipeline.store.InProcessPipelines;
import dev.cairn.serve.deployment.Deployments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import static java.util.Objects.requireNonNull;

/**
 * Runs stored pipelines on db-scheduler, on the metadata database: every requested run is a task
 * instance that exactly one worker picks and keeps alive with heartbeats; a worker that dies has its
 * runs taken over by another, which resumes them (finished steps are reused, the step that was
 * running runs again). Cron schedules are task instances that fire a run and reschedule themselves;
 * watched data sources are looked at by one recurring task. The same class runs inside
 * {@code cairn server} and in each {@code cairn worker} process.
 *
 * <p>Other components of the process run their recurring work here too, as {@linkplain RecurringJob jobs}:
 * each kind is a task declared when the scheduler is built and handled once the component exists. A
 * process that does not declare a kind (a {@code cairn worker} does not monitor) leaves its instances to
 * the processes that do.
 */
public final class PipelineScheduler implements PipelineTriggers, AutoCloseable {
    /** The tag on a pipeline's tracking run holding the id of the requested run it serves. */
    public static final String REQUEST_TAG = "cairn.pipeline.request";
    private static final Logger LOG = LoggerFactory.getLogger(PipelineScheduler.class);
    private static final String RUN_TASK = "pipeline-run";
    private static final String SCHEDULE_TASK = "pipeline-schedule";
    private static final String WATCH_TASK = "pipeline-watch";
    private static final String SWEEP_TASK = "pipeline-sweep";
    /** How often requested runs are checked for a task: a request is stored before its task, and a crash or a failed insert between the two must not strand it. */
    private static final Duration SWEEP = Duration.ofSeconds(30);
    private static final Duration CANCEL_CHECK = Duration.ofSeconds(1);
    private static final ObjectMapper YAML = new YAMLMapper();
    /**
     * db-scheduler deletes the instances of a task a process does not know after this long; a worker
     * that runs for weeks must not delete the jobs only servers declare.
     */
    private static final Duration KEEP_UNKNOWN_TASKS = Duration.ofDays(365L * 100);
    /** When a job whose handler is not bound yet is looked at again. */
    private static final Duration UNBOUND_RETRY = Duration.ofSeconds(30);

    /**
     * Recurring work of another component: fired with its instance's id and the time it was due,
     * it answers when it fires next, or nothing to stop. It handles its own failures: an exception
     * is logged and the job fires again after a minute.
     */
    @FunctionalInterface
    public interface RecurringJob {
        /** Does one firing's work; answers the next time, or empty to remove the instance. */
        Optional<Instant> fire(String id, Instant dueTime);
    }

    private final PipelineStore store;
    private final TrackingStore tracking;
    private final PipelineSpecReader reader;
    private final PipelineExecutor executor;
    private final SchedulerSettings settings;
    private final CustomTask<String> runTask;
    private final CustomTask<String> scheduleTask;
    private final SourceWatch watch;
    private final Path workRoot;
    /** Set by {@link #close()}: runs stopped by it are left RUNNING for another worker (or the next start) to take over. */
    private volatile boolean closing;
    private final Scheduler scheduler;
    private final Map<Long, PipelineCancellation> running = new ConcurrentHashMap<>();
    private final Map<String, CustomTask<String>> jobTasks = new ConcurrentHashMap<>();
    private final Map<String, RecurringJob> jobs = new ConcurrentHashMap<>();
    private final ScheduledExecutorService cancelChecks = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "cairn-pipeline-cancel-checks");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * A scheduler over the pipeline store and db-scheduler's table in {@code dataSource}, running
     * pipelines with {@code executor}. {@link #start()} makes it pick work.
     */
    public PipelineScheduler(PipelineStore store, TrackingStore tracking, DataSource dataSource, PipelineSpecReader reader,
                             PipelineExecutor executor, Path workRoot, SchedulerSettings settings) {
        this(store, tracking, dataSource, reader, executor, workRoot, settings, Set.of());
    }

    /**
     * A scheduler as {@link #PipelineScheduler(PipelineStore, TrackingStore, DataSource, PipelineSpecReader, PipelineExecutor, Path,
     * SchedulerSettings)} that also runs the recurring jobs of the kinds named in {@code jobKinds}, once each is
     * {@linkplain #handle(String, RecurringJob) handled}.
     */
    public PipelineScheduler(PipelineStore store, TrackingStore tracking, DataSource dataSource, PipelineSpecReader reader,
                             PipelineExecutor executor, Path workRoot, SchedulerSettings settings, Set<String> jobKinds) {
        this.store = requireNonNull(store, "store is null");
        this.tracking = requireNonNull(tracking, "tracking is null");
        this.reader = requireNonNull(reader, "reader is null");
        this.executor = requireNonNull(executor, "executor is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.workRoot = requireNonNull(workRoot, "workRoot is null");
        this.watch = new SourceWatch(store, reader, this);
        this.runTask = Tasks.custom(RUN_TASK, String.class).onDeadExecutionRevive().execute(this::executeRun);
        this.scheduleTask = Tasks.custom(SCHEDULE_TASK, String.class).onDeadExecutionRevive().execute(this::fireSchedule);
        RecurringTask<Void> watchTask = Tasks.recurring(WATCH_TASK, Schedules.fixedDelay(settings.watchInterval()))
                .execute((instance, context) -> watch.check());
        RecurringTask<Void> sweepTask = Tasks.recurring(SWEEP_TASK, Schedules.fixedDelay(SWEEP)).execute((instance, context) -> sweep());
        List<Task<?>> tasks = new ArrayList<>(List.of(runTask, scheduleTask));
        for (String kind : jobKinds) {
            CustomTask<String> task = Tasks.custom(kind, String.class).onDeadExecutionRevive().execute(this::fireJob);
            jobTasks.put(kind, task);
            tasks.add(task);
        }
        this.scheduler = Scheduler.create(dataSource, tasks)
                .startTasks(watchTask, sweepTask)
                .schedulerName(new SchedulerName.Fixed(settings.worker()))
                .threads(settings.threads())
                .pollingInterval(settings.pollingInterval())
                .heartbeatInterval(settings.heartbeat())
                .missedHeartbeatsLimit(settings.missedHeartbeats())
                .jdbcCustomization(new EpochMillisColumns())
                .clock(() -> settings.clock().instant())
                .enableImmediateExecution()
                .shutdownMaxWait(Duration.ofSeconds(5))
                .deleteUnresolvedAfter(KEEP_UNKNOWN_TASKS)
                .build();
    }

    /**
     * A scheduler running pipelines in this process over the stores of {@code metadata}: the
     * built-in step types, models registered through {@code registrar}, deployments pointed through
     * {@code deployments} when this process hosts them (a server does, a worker does not).
     */
    public static PipelineScheduler onStores(MetadataStore metadata, ArtifactStore artifacts, ModelRegistrar registrar,
                                             Optional<Deployments> deployments, Path workRoot, SchedulerSettings settings) {
        return onStores(metadata, artifacts, registrar, deployments, workRoot, settings, Set.of());
    }

    /** A scheduler as {@link #onStores(MetadataStore, ArtifactStore, ModelRegistrar, Optional, Path, SchedulerSettings)} that also runs jobs of {@code jobKinds}. */
    public static PipelineScheduler onStores(MetadataStore metadata, ArtifactStore artifacts, ModelRegistrar registrar,
                                             Optional<Deployments> deployments, Path workRoot, SchedulerSettings settings, Set<String> jobKinds) {
        StepTypes types = BuiltInSteps.types();
        PipelineExecutor executor = InProcessPipelines.executor(types, metadata, artifacts, registrar, deployments,
                ExecutionSettings.defaults(workRoot), event -> LOG.debug("Pipeline step {}", event));
        return new PipelineScheduler(metadata.pipelines(), metadata.tracking(), metadata.schedulerDataSource(), new PipelineSpecReader(types),
                executor, workRoot, settings, jobKinds);
    }

    /**
     * Starts picking work. Runs requested while no worker was up, and schedules set then, are
     * handed to db-scheduler first (a request is stored before its task, so a crash between the two
     * must not lose it).
     */
    public PipelineScheduler start() {
        for (PipelineRun run : store.unfinished()) {
            scheduler.scheduleIfNotExists(runTask.instance(String.valueOf(run.id()), run.pipeline()), now());
        }
        for (Pipeline pipeline : store.list()) {
            pipeline.schedule().ifPresent(schedule -> scheduler.scheduleIfNotExists(
                    scheduleTask.instance(pipeline.name(), pipeline.name()), nextFire(schedule, now())));
        }
        scheduler.start();
        cancelChecks.scheduleWithFixedDelay(this::checkCancellations, CANCEL_CHECK.toMillis(), CANCEL_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * {@inheritDoc}
     * <p>A resume without values of its own runs with the values of the run it resumes, so that its
     * finished steps are reused. Values are checked against the pipeline's declarations here, so a
     * wrong one is refused to the caller rather than failing the run later; an {@link TriggerKind#EVENT}
     * offers what it knows (an alert's window and deployment), and the pipeline takes the values it declares
     * that fit their type (a value that does not keeps the default, logged).
     */
    @Override
    public PipelineRun request(String pipeline, RunRequest request) {
        RunRequest checked = request;
        if (request.resumeOf().isPresent()) {
            PipelineRun resumed = store.run(request.resumeOf().getAsLong());
            if (!resumed.pipeline().equals(pipeline)) {
                throw CairnException.invalidParameter("Run " + resumed.id() + " is a run of pipeline '" + resumed.pipeline() + "', not '"
                        + pipeline + "'");
            }
            if (resumed.state() != PipelineRunState.FAILED && resumed.state() != PipelineRunState.CANCELLED) {
                throw new CairnException(ErrorCode.INVALID_STATE, "Run " + resumed.id() + " is " + resumed.state()
                        + "; only a failed or cancelled run can be resumed");
            }
            if (request.params().isEmpty()) {
                checked = request.withParams(resumed.params());
            }
        }
        if (!checked.params().isEmpty()) {
            checked = checked.withParams(checkedParams(store.get(pipeline), checked));
        }
        PipelineRun run = store.request(pipeline, checked);
        if (run.state() == PipelineRunState.QUEUED) {
            try {
                scheduler.scheduleIfNotExists(runTask.instance(String.valueOf(run.id()), pipeline), now());
            } catch (RuntimeException e) {
                // The run is stored; the sweep gives it its task.
                LOG.warn("Pipeline '{}' run {} is queued but its task is not scheduled yet ({}); the sweep retries", pipeline, run.id(), e.toString());
            }
        }
        LOG.info("Pipeline '{}' run {} requested ({} {}): {}", pipeline, run.id(), request.trigger(), request.detail(), run.state());
        return run;
    }

    private Map<String, String> checkedParams(Pipeline pipeline, RunRequest request) {
        Path folder = Path.of(pipeline.folder());
        Map<String, String> values = request.params();
        if (request.trigger() == TriggerKind.EVENT) {
            Set<String> declared = reader.read(pipeline.spec(), folder).params().keySet();
            Map<String, String> taken = new TreeMap<>();
            for (Map.Entry<String, String> offered : values.entrySet()) {
                if (!declared.contains(offered.getKey())) {
                    continue;
                }
                try {
                    reader.read(pipeline.spec(), folder, Map.of(offered.getKey(), offered.getValue()));
                    taken.put(offered.getKey(), offered.getValue());
                } catch (CairnException e) {
                    // An event cannot be asked again; the run goes ahead with the default, and the log says why.
                    LOG.warn("Pipeline '{}' keeps its default of run parameter '{}': the event's value does not fit ({})", pipeline.name(),
                            offered.getKey(), e.getMessage());
                }
            }
            values = taken;
        }
        reader.read(pipeline.spec(), folder, values);
        return values;
    }

    /** Cancels a run: a queued one at once, a running one as soon as its worker sees the request (within a second here). */
    public PipelineRun cancel(long runId) {
        PipelineRun run = store.requestCancel(runId);
        PipelineCancellation local = running.get(runId);
        if (local != null) {
            local.cancel("cancelled on request");
        }
        return run;
    }

    /** Sets or removes a pipeline's cron schedule; an expression db-scheduler cannot read is refused. */
    public Pipeline schedule(String pipeline, Optional<PipelineSchedule> schedule) {
        schedule.ifPresent(this::checkCron);
        Pipeline updated = store.setSchedule(pipeline, schedule);
        TaskInstanceId id = TaskInstanceId.of(SCHEDULE_TASK, pipeline);
        boolean exists = scheduler.getScheduledExecution(id).isPresent();
        try {
            if (schedule.isPresent()) {
                Instant next = nextFire(schedule.get(), now());
                if (!exists || !scheduler.reschedule(id, next)) {
                    scheduler.scheduleIfNotExists(scheduleTask.instance(pipeline, pipeline), next);
                }
            } else if (exists) {
                scheduler.cancel(id);
            }
        } catch (TaskInstanceCurrentlyExecutingException firing) {
            // The schedule is firing now; when it is done it reads the stored schedule to find its next time, or removes itself.
            LOG.info("Pipeline '{}' schedule changed while it fires; it takes effect after this firing", pipeline);
        }
        return updated;
    }

    /**
     * Deletes a pipeline with its runs, then its schedule's task; refused while one of its runs is
     * queued or running, and then its schedule stays as it was.
     */
    public void delete(String pipeline) {
        store.delete(pipeline);
        TaskInstanceId id = TaskInstanceId.of(SCHEDULE_TASK, pipeline);
        try {
            if (scheduler.getScheduledExecution(id).isPresent()) {
                scheduler.cancel(id);
            }
        } catch (TaskInstanceCurrentlyExecutingException firing) {
            // The firing finds no pipeline when it is done, and removes itself.
            LOG.info("Pipeline '{}' deleted while its schedule fires", pipeline);
        }
    }

    /** Binds the work of a job kind declared when this scheduler was built; call it before {@link #start()}. */
    public void handle(String kind, RecurringJob job) {
        declared(kind);
        jobs.put(kind, requireNonNull(job, "job is null"));
    }

    /**
     * Makes job {@code id} of {@code kind} fire at {@code at}, replacing the time it had; a job firing
     * now keeps its firing and answers its own next time.
     */
    public void scheduleJob(String kind, String id, Instant at) {
        TaskInstanceId instance = TaskInstanceId.of(kind, id);
        try {
            if (!scheduler.getScheduledExecution(instance).isPresent() || !scheduler.reschedule(instance, at)) {
                scheduler.scheduleIfNotExists(declared(kind).instance(id, id), at);
            }
        } catch (TaskInstanceCurrentlyExecutingException firing) {
            LOG.info("Job {} '{}' changed while it fires; it takes effect after this firing", kind, id);
        }
    }

    /** Gives job {@code id} of {@code kind} a firing at {@code at} if it has none (a crash between storing a job and scheduling it must not lose it). */
    public void ensureJob(String kind, String id, Instant at) {
        scheduler.scheduleIfNotExists(declared(kind).instance(id, id), at);
    }

    /** Removes job {@code id} of {@code kind}; a firing in progress finishes, and its job then answers whether it goes on. */
    public void cancelJob(String kind, String id) {
        TaskInstanceId instance = TaskInstanceId.of(kind, id);
        try {
            if (scheduler.getScheduledExecution(instance).isPresent()) {
                scheduler.cancel(instance);
            }
        } catch (TaskInstanceCurrentlyExecutingException firing) {
            LOG.info("Job {} '{}' removed while it fires", kind, id);
        }
    }

    /** When job {@code id} of {@code kind} fires next, if it is scheduled and not firing now. */
    public Optional<Instant> nextJobFire(String kind, String id) {
        return scheduler.getScheduledExecution(TaskInstanceId.of(kind, id)).filter(execution -> !execution.isPicked())
                .map(execution -> execution.getExecutionTime());
    }

    /** When a pipeline's schedule fires next, if it has one. */
    public Optional<Instant> nextFire(String pipeline) {
        return store.get(pipeline).schedule().map(schedule -> nextFire(schedule, now()));
    }

    /** Looks at every watched pipeline's data sources now, requesting a run for each whose sources changed. */
    public List<PipelineRun> checkWatchedSources() {
        return watch.check();
    }

    /** Gives every queued or running run a task if it has none; returns how many it scheduled. */
    public int sweep() {
        int scheduled = 0;
        for (PipelineRun run : store.unfinished()) {
            if (scheduler.scheduleIfNotExists(runTask.instance(String.valueOf(run.id()), run.pipeline()), now())) {
                LOG.warn("Pipeline '{}' run {} had no task; scheduled it", run.pipeline(), run.id());
                scheduled++;
            }
        }
        return scheduled;
    }

    /** Makes the scheduler look for due work now instead of at its next poll (tests that move the clock use it). */
    public void checkForDueWork() {
        scheduler.triggerCheckForDueExecutions();
    }

    /**
     * The tracking run that records a requested run's steps: the one stored when it finished, or,
     * while it runs, the run tagged with its id.
     */
    public Optional<String> trackingRun(PipelineRun run) {
        if (run.trackingRunId().isPresent()) {
            return run.trackingRunId();
        }
        if (run.state() != PipelineRunState.RUNNING) {
            return Optional.empty();
        }
        // The experiment's name from the spec's YAML alone: a full check would load a java step's class on every look.
        try {
            JsonNode spec = YAML.readTree(store.get(run.pipeline()).spec());
            return trackingRunOf(run.id(), spec.path("experiment").asText(spec.path("name").asText(run.pipeline())));
        } catch (CairnException | JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** Stops picking work; runs in flight on this worker are taken over by another worker (or by this one's next start). */
    @Override
    public void close() {
        closing = true;
        cancelChecks.shutdownNow();
        running.values().forEach(cancellation -> cancellation.cancel("worker " + settings.worker() + " stopping"));
        scheduler.stop();
    }

    private CompletionHandler<String> executeRun(TaskInstance<String> instance, ExecutionContext context) {
        long id = Long.parseLong(instance.getId());
        RunClaim claim;
        try {
            claim = store.claim(id, settings.worker());
        } catch (CairnException e) {
            if (e.code() == ErrorCode.RESOURCE_DOES_NOT_EXIST) {
                // The pipeline was deleted with its runs.
                return new CompletionHandler.OnCompleteRemove<>();
            }
            throw e;
        }
        return switch (claim.outcome()) {
            case OVER -> new CompletionHandler.OnCompleteRemove<>();
            case WAIT -> (complete, operations) -> operations.reschedule(complete, now().plus(settings.queuedRecheck()));
            case STARTED, TAKEN_OVER -> {
                runClaimed(claim);
                // A run this worker stopped because it is closing is handed straight to another worker.
                yield closing ? (complete, operations) -> operations.reschedule(complete, now()) : new CompletionHandler.OnCompleteRemove<>();
            }
        };
    }

    private void runClaimed(RunClaim claim) {
        PipelineRun run = claim.run();
        PipelineCancellation cancellation = new PipelineCancellation();
        running.put(run.id(), cancellation);
        try {
            Pipeline pipeline = store.get(run.pipeline());
            PipelineSpec spec = reader.read(pipeline.spec(), Path.of(pipeline.folder()), run.params());
            RunOptions options = RunOptions.defaults().withForce(run.force()).withTags(Map.of(REQUEST_TAG, String.valueOf(run.id())))
                    .withCancellation(cancellation);
            if (pipeline.concurrency() == ConcurrencyPolicy.PARALLEL) {
                // Runs of one pipeline at the same time must not write each other's step folders and logs.
                options = options.withWorkRoot(workRoot.resolve("parallel").resolve("run-" + run.id()));
            }
            Optional<String> resumed = run.resumeOf().isPresent() ? trackingRun(store.run(run.resumeOf().getAsLong())) : Optional.empty();
            // A run taken over resumes its dead worker's tracking run; if that never started, what the run itself resumed.
            Optional<String> resumeFrom = claim.outcome() == RunClaim.Outcome.TAKEN_OVER
                    ? trackingRunOf(run.id(), spec.experimentName()).or(() -> resumed) : resumed;
            if (resumeFrom.isPresent()) {
                options = options.resumingFrom(resumeFrom.get());
            }
            LOG.info("Pipeline '{}' run {} {} on {}{}", run.pipeline(), run.id(),
                    claim.outcome() == RunClaim.Outcome.TAKEN_OVER ? "taken over" : "started", settings.worker(),
                    resumeFrom.map(from -> ", resuming tracking run " + from).orElse(""));
            PipelineResult result = executor.run(spec, options);
            if (closing) {
                LOG.info("Pipeline '{}' run {} stopped with this worker; another worker takes it over", run.pipeline(), run.id());
                return;
            }
            store.setTrackingRun(run.id(), settings.worker(), result.runId());
            PipelineRunState state = result.succeeded() ? PipelineRunState.SUCCEEDED
                    : result.cancelled() ? PipelineRunState.CANCELLED : PipelineRunState.FAILED;
            PipelineRun finished = store.finish(run.id(), settings.worker(), state, summary(result, cancellation));
            LOG.info("Pipeline '{}' run {} {}", run.pipeline(), run.id(), finished.state());
        } catch (RuntimeException e) {
            LOG.warn("Pipeline '{}' run {} failed: {}", run.pipeline(), run.id(), e.toString());
            store.finish(run.id(), settings.worker(), PipelineRunState.FAILED, e instanceof CairnException cairn ? cairn.getMessage()
                    : "the run failed in worker " + settings.worker() + " (" + e.getClass().getSimpleName() + "); see its log");
        } finally {
            running.remove(run.id());
        }
    }

    private CompletionHandler<String> fireSchedule(TaskInstance<String> instance, ExecutionContext context) {
        String name = instance.getId();
        Optional<PipelineSchedule> schedule = currentSchedule(name);
        if (schedule.isEmpty()) {
            return new CompletionHandler.OnCompleteRemove<>();
        }
        request(name, RunRequest.of(TriggerKind.SCHEDULE, "cron '" + schedule.get().cron() + "' in " + schedule.get().zone()));
        // The next time from the schedule as it is now: it may have been changed or removed while this one fired.
        return (complete, operations) -> {
            Optional<PipelineSchedule> now = currentSchedule(name);
            if (now.isEmpty()) {
                operations.remove();
            } else {
                operations.reschedule(complete, nextFire(now.get(), now()));
            }
        };
    }

    private CompletionHandler<String> fireJob(TaskInstance<String> instance, ExecutionContext context) {
        RecurringJob job = jobs.get(instance.getTaskName());
        if (job == null) {
            return (complete, operations) -> operations.reschedule(complete, now().plus(UNBOUND_RETRY));
        }
        Optional<Instant> next;
        try {
            next = job.fire(instance.getId(), context.getExecution().getExecutionTime());
        } catch (RuntimeException e) {
            LOG.warn("Job {} '{}' failed; it fires again in a minute: {}", instance.getTaskName(), instance.getId(), e.toString());
            next = Optional.of(now().plus(Duration.ofMinutes(1)));
        }
        Optional<Instant> answered = next;
        return (complete, operations) -> {
            if (answered.isEmpty()) {
                operations.remove();
            } else {
                operations.reschedule(complete, answered.get());
            }
        };
    }

    private CustomTask<String> declared(String kind) {
        CustomTask<String> task = jobTasks.get(kind);
        if (task == null) {
            throw new IllegalArgumentException("job kind '" + kind + "' was not declared when the scheduler was built");
        }
        return task;
    }

    /** A pipeline's schedule as stored; none when the pipeline is gone. */
    private Optional<PipelineSchedule> currentSchedule(String pipeline) {
        try {
            return store.get(pipeline).schedule();
        } catch (CairnException e) {
            if (e.code() == ErrorCode.RESOURCE_DOES_NOT_EXIST) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private void checkCancellations() {
        try {
            running.forEach((id, cancellation) -> {
                PipelineRun run = store.run(id);
                if (cancellation.isCancelled()) {
                    return;
                }
                if (run.cancelRequested()) {
                    cancellation.cancel("cancelled on request");
                } else if (!run.worker().map(settings.worker()::equals).orElse(false)) {
                    // Another worker took the run over (this one's heartbeats stalled); two must not run its steps.
                    cancellation.cancel("taken over by worker " + run.worker().orElse("?"));
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("Cannot check pipeline runs for cancellation: {}", e.toString());
        }
    }

    /** The newest tracking run tagged with a requested run's id, in the pipeline's experiment. */
    private Optional<String> trackingRunOf(long requestId, String experimentName) {
        Optional<String> experiment;
        try {
            experiment = Optional.of(tracking.getExperimentByName(experimentName).experimentId());
        } catch (CairnException e) {
            experiment = Optional.empty();
        }
        return experiment.flatMap(id -> {
            String filter = "tags.`" + REQUEST_TAG + "` = '" + requestId + "'";
            List<Run> found = tracking.searchRuns(new RunSearch(List.of(id), SearchFilter.parseRunFilter(filter), ViewType.ACTIVE_ONLY, 1,
                    List.of(OrderBy.parseRunOrderBy("attributes.start_time DESC")), Optional.empty())).items();
            return found.stream().findFirst().map(run -> run.info().runId());
        });
    }

    private static String summary(PipelineResult result, PipelineCancellation cancellation) {
        if (result.succeeded()) {
            return "";
        }
        if (result.cancelled()) {
            return cancellation.reason().orElse("cancelled");
        }
        return result.steps().stream().filter(step -> step.state() == StepState.FAILED && step.reason().isPresent())
                .findFirst().map(step -> "step '" + step.step() + "' failed: " + step.reason().get()).orElse("a step failed");
    }

    private Instant now() {
        return settings.clock().instant();
    }

    private static Instant nextFire(PipelineSchedule schedule, Instant after) {
        return Schedules.cron(schedule.cron(), ZoneId.of(schedule.zone())).getInitialExecutionTime(after.plusMillis(1));
    }

    private void checkCron(PipelineSchedule schedule) {
        String shown = schedule.cron().length() <= 64 ? schedule.cron() : schedule.cron().substring(0, 61) + "...";
        Schedule cron;
        try {
            cron = Schedules.cron(schedule.cron(), ZoneId.of(schedule.zone()));
        } catch (RuntimeException e) {
            throw CairnException.invalidParameter("Cron expression '" + shown + "' is not valid: " + e.getMessage()
                    + "; write minute hour day-of-month month day-of-week, such as '0 2 * * *', or add seconds in front");
        }
        // db-scheduler reads '-' as a disabled schedule (which throws when asked for a time) and a date that never
        // comes (February 30) as one that fires in the year 2500.
        if (cron.isDisabled() || !cron.getInitialExecutionTime(now()).isBefore(Schedule.NEVER)) {
            throw CairnException.invalidParameter("Cron expression '" + shown + "' never fires; to stop a schedule, delete it");
        }
    }
}
