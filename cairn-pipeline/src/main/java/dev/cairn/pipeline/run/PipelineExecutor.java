package dev.cairn.pipeline.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.tracking.RunStatus;
import dev.cairn.pipeline.spec.OutputReference;
import dev.cairn.pipeline.spec.PipelineSpec;
import dev.cairn.pipeline.spec.StepSpec;
import dev.cairn.pipeline.step.DatasetRegistrar;
import dev.cairn.pipeline.step.ModelVersionDeployer;
import dev.cairn.pipeline.step.ModelVersionRegistrar;
import dev.cairn.pipeline.step.Output;
import dev.cairn.pipeline.step.Step;
import dev.cairn.pipeline.step.StepContext;
import dev.cairn.pipeline.step.StepTypes;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs a checked pipeline as a DAG: each step starts when the steps it reads from have succeeded,
 * independent steps run in parallel up to {@link ExecutionSettings#parallelism()}. The pipeline
 * run is a tracking run and each step a run nested under it. A step whose cache key matches a
 * FINISHED step run is not run: its outputs are reused. A failed step (after its retries) fails
 * the pipeline run; steps that have not started by then are cancelled. A run may resume a failed
 * one, reusing the steps that succeeded there with unchanged inputs, and may be cancelled from
 * another thread, which interrupts the running steps.
 */
public final class PipelineExecutor {
    private final StepTypes types;
    private final PipelineTracking tracking;
    private final DatasetRegistrar datasets;
    private final ModelVersionRegistrar models;
    private final ModelVersionDeployer deployer;
    private final ExecutionSettings settings;
    private final Consumer<StepEvent> events;

    /** An executor recording to {@code tracking}, telling {@code events} of each step's state changes (from several threads). */
    public PipelineExecutor(StepTypes types, PipelineTracking tracking, DatasetRegistrar datasets, ModelVersionRegistrar models,
                            ModelVersionDeployer deployer, ExecutionSettings settings, Consumer<StepEvent> events) {
        this.types = types;
        this.tracking = tracking;
        this.datasets = datasets;
        this.models = models;
        this.deployer = deployer;
        this.settings = settings;
        this.events = events;
    }

    /** Runs a pipeline; with {@code force}, no step is taken from the cache. */
    public PipelineResult run(PipelineSpec pipeline, boolean force) {
        return run(pipeline, RunOptions.defaults().withForce(force));
    }

    /**
     * Runs a pipeline as {@code options} say. A resumed run's previous run must be a run of this
     * pipeline in its experiment ({@link CairnException} otherwise, before anything is recorded);
     * the step runs it left RUNNING, and itself if still RUNNING, are ended KILLED: their worker is gone.
     */
    public PipelineResult run(PipelineSpec pipeline, RunOptions options) {
        String experimentId = tracking.experimentId(pipeline.experimentName());
        Map<String, TaggedRun> resumable = options.resumeFrom().map(previous -> resumable(pipeline, experimentId, previous)).orElse(Map.of());
        Map<String, String> tags = new HashMap<>(options.tags());
        tags.put(PipelineTags.PIPELINE, pipeline.name());
        options.resumeFrom().ifPresent(previous -> tags.put(PipelineTags.RESUMED_FROM, previous));
        String runId = tracking.startRun(experimentId, pipeline.name(), tags);
        if (!pipeline.params().isEmpty()) {
            tracking.logParams(runId, params(pipeline.params()));
        }
        Path workRoot = options.workRoot().orElse(settings.workRoot());
        FileDigests digests = FileDigests.load(workRoot.resolve("file-digests.json"));
        PipelineRun pipelineRun = new PipelineRun(pipeline, experimentId, runId, options, resumable, digests, workRoot);
        // Daemon threads: a step still running when its process stops must not keep the process alive.
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(settings.parallelism(), pipeline.steps().size()), runnable -> {
            Thread thread = new Thread(runnable, "cairn-pipeline-step");
            thread.setDaemon(true);
            return thread;
        });
        Runnable interrupt = pipelineRun::interruptRunningSteps;
        options.cancellation().onCancel(interrupt);
        try {
            Map<String, CompletableFuture<StepOutcome>> futures = new HashMap<>();
            for (StepSpec step : pipeline.steps()) {
                CompletableFuture<?>[] upstream = step.dependencies().stream().map(futures::get).toArray(CompletableFuture[]::new);
                futures.put(step.name(), CompletableFuture.allOf(upstream).thenApplyAsync(ignored -> pipelineRun.step(step), pool));
            }
            List<StepOutcome> outcomes = pipeline.steps().stream().map(step -> futures.get(step.name()).join()).toList();
            PipelineResult result = new PipelineResult(runId, outcomes);
            tracking.end(runId, result.succeeded() ? RunStatus.FINISHED : result.cancelled() ? RunStatus.KILLED : RunStatus.FAILED);
            return result;
        } finally {
            options.cancellation().removeListener(interrupt);
            pool.shutdownNow();
            digests.save();
        }
    }

    /**
     * The step runs of {@code previousRunId} that a resume may reuse, by step name: those that
     * FINISHED (ran or were cached). Ends what the previous run left RUNNING.
     */
    private Map<String, TaggedRun> resumable(PipelineSpec pipeline, String experimentId, String previousRunId) {
        TaggedRun previous = tracking.run(previousRunId).orElseThrow(() -> CairnException.notFound(
                "Cannot resume run '" + previousRunId + "': there is no such run"));
        boolean pipelineRun = pipeline.name().equals(previous.tags().get(PipelineTags.PIPELINE)) && !previous.tags().containsKey(PipelineTags.STEP);
        if (!pipelineRun || !previous.experimentId().equals(experimentId)) {
            throw CairnException.invalidParameter("Cannot resume run '" + previousRunId + "': it is not a run of pipeline '" + pipeline.name()
                    + "' in experiment '" + pipeline.experimentName() + "'");
        }
        Map<String, TaggedRun> reusable = new HashMap<>();
        for (TaggedRun stepRun : tracking.stepRuns(experimentId, previousRunId)) {
            if (stepRun.status() == RunStatus.RUNNING) {
                tracking.end(stepRun.runId(), RunStatus.KILLED);
            } else if (stepRun.status() == RunStatus.FINISHED && stepRun.tags().containsKey(PipelineTags.STEP)) {
                // Oldest first: a later run of the same step (there is none today) would win.
                reusable.put(stepRun.tags().get(PipelineTags.STEP), stepRun);
            }
        }
        if (previous.status() == RunStatus.RUNNING) {
            tracking.end(previousRunId, RunStatus.KILLED);
        }
        return reusable;
    }

    /** One run of a pipeline: the outcomes so far, whether a step has failed, and the steps running now. */
    private final class PipelineRun {
        private final PipelineSpec pipeline;
        private final String experimentId;
        private final String runId;
        private final RunOptions options;
        private final Map<String, TaggedRun> resumable;
        private final FileDigests digests;
        private final Path workRoot;
        private final Map<String, StepOutcome> outcomes = new ConcurrentHashMap<>();
        private final AtomicBoolean failed = new AtomicBoolean();
        private final Set<RunningStep> running = ConcurrentHashMap.newKeySet();

        PipelineRun(PipelineSpec pipeline, String experimentId, String runId, RunOptions options, Map<String, TaggedRun> resumable,
                    FileDigests digests, Path workRoot) {
            this.pipeline = pipeline;
            this.experimentId = experimentId;
            this.runId = runId;
            this.options = options;
            this.resumable = resumable;
            this.digests = digests;
            this.workRoot = workRoot;
        }

        /** Runs, reuses or cancels a step; never throws, so that every step gets an outcome. */
        StepOutcome step(StepSpec spec) {
            StepOutcome outcome;
            try {
                outcome = decide(spec);
            } catch (RuntimeException e) {
                failed.set(true);
                events.accept(new StepEvent.Failed(spec.name(), reason(e)));
                outcome = new StepOutcome(spec.name(), StepState.FAILED, Map.of(), Optional.empty(), Duration.ZERO, Optional.of(reason(e)));
            }
            outcomes.put(spec.name(), outcome);
            return outcome;
        }

        /** Interrupts the steps running now; called once, from the thread that cancels. */
        void interruptRunningSteps() {
            running.forEach(RunningStep::interrupt);
        }

        private StepOutcome decide(StepSpec spec) {
            Optional<String> failedUpstream = spec.dependencies().stream().filter(d -> !outcomes.get(d).succeeded()).findFirst();
            if (options.cancellation().isCancelled() || failedUpstream.isPresent() || failed.get()) {
                String reason = options.cancellation().reason().map(why -> "cancelled: " + why)
                        .or(() -> failedUpstream.map(d -> "step '" + d + "' did not succeed")).orElse("another step failed");
                events.accept(new StepEvent.Cancelled(spec.name(), reason));
                return new StepOutcome(spec.name(), StepState.CANCELLED, Map.of(), Optional.empty(), Duration.ZERO, Optional.of(reason));
            }
            Step step = types.find(spec.type()).orElseThrow();
            Map<OutputReference, Output> read = new HashMap<>();
            spec.references().forEach(reference -> read.put(reference, outcomes.get(reference.step()).outputs().get(reference.output())));
            CacheKey key = CacheKey.of(spec, step, read, pipeline.folder(), digests);
            // A resume reuses its previous run's work whatever the cache settings: that work is what it resumes.
            Optional<TaggedRun> previous = Optional.ofNullable(resumable.get(spec.name()))
                    .filter(run -> key.value().equals(run.tags().get(PipelineTags.CACHE_KEY)));
            Optional<StepOutcome> reused = previous.flatMap(run -> reuse(spec, key, run));
            if (reused.isEmpty() && spec.cache() && step.cacheable(spec.params()) && !options.force()) {
                reused = tracking.finishedRunWithTag(experimentId, PipelineTags.CACHE_KEY, key.value()).flatMap(run -> reuse(spec, key, run));
            }
            return reused.orElseGet(() -> execute(spec, step, key, read));
        }

        /** Records a step as cached from {@code found}, if its outputs can be reused here. */
        private Optional<StepOutcome> reuse(StepSpec spec, CacheKey key, TaggedRun found) {
            Optional<Map<String, Output>> outputs = Optional.ofNullable(found.tags().get(PipelineTags.OUTPUTS))
                    .flatMap(json -> OutputsJson.readReusable(json, digests));
            if (outputs.isEmpty()) {
                return Optional.empty();
            }
            // A hit on a cached run points at the run that did the work.
            String origin = found.tags().getOrDefault(PipelineTags.CACHED_FROM, found.runId());
            Map<String, String> tags = stepTags(spec, key);
            tags.put(PipelineTags.STATE, StepState.CACHED.name());
            tags.put(PipelineTags.OUTPUTS, found.tags().get(PipelineTags.OUTPUTS));
            tags.put(PipelineTags.CACHED_FROM, origin);
            String stepRun = tracking.startRun(experimentId, spec.name(), tags);
            tracking.end(stepRun, RunStatus.FINISHED);
            events.accept(new StepEvent.Cached(spec.name(), origin));
            return Optional.of(new StepOutcome(spec.name(), StepState.CACHED, outputs.get(), Optional.of(stepRun), Duration.ZERO, Optional.empty()));
        }

        private StepOutcome execute(StepSpec spec, Step step, CacheKey key, Map<OutputReference, Output> read) {
            Map<String, String> tags = stepTags(spec, key);
            String stepRun = tracking.startRun(experimentId, spec.name(), tags);
            tracking.logParams(stepRun, params(spec.params()));
            Path folder = workRoot.resolve(pipeline.name()).resolve(spec.name());
            Path logFile = folder.resolveSibling(spec.name() + ".log");
            long started = System.nanoTime();
            int attempts = 0;
            boolean killed = false;
            Optional<String> error = Optional.empty();
            Map<String, Output> outputs = Map.of();
            RunningStep thisStep = new RunningStep();
            running.add(thisStep);
            try (PrintWriter log = openLog(folder, logFile)) {
                Map<String, Output> inputs = new LinkedHashMap<>();
                spec.inputs().forEach((name, reference) -> inputs.put(name, read.get(reference)));
                JsonNode params = OutputReference.replaceIn(spec.params(), reference -> text(read.get(reference)));
                StepContext context = new StepContext(spec.name(), stepRun, params, inputs, log, folder, pipeline.folder(), datasets, models,
                        deployer);
                // Checked after joining the running steps: a cancel either sees this step or is seen here.
                while (true) {
                    if (options.cancellation().isCancelled()) {
                        killed = true;
                        break;
                    }
                    attempts++;
                    events.accept(new StepEvent.Started(spec.name(), attempts));
                    try {
                        outputs = declared(step, spec, pipeline.folder(), step.run(context));
                        outputs.values().forEach(output -> OutputsJson.localPath(output).ifPresent(path -> digests.record(path, output.digest())));
                        error = Optional.empty();
                        break;
                    } catch (RuntimeException e) {
                        error = Optional.of(reason(e));
                        log.println("Attempt " + attempts + " failed: " + error.get());
                        if (attempts > spec.retries()) {
                            break;
                        }
                        Duration delay = settings.retryBaseDelay().multipliedBy(1L << (attempts - 1));
                        events.accept(new StepEvent.Retrying(spec.name(), attempts, delay, error.get()));
                        try {
                            Thread.sleep(delay.toMillis());
                        } catch (InterruptedException interrupted) {
                            killed = options.cancellation().isCancelled();
                            break;
                        }
                    }
                }
                // A step failing because it was interrupted was killed, not failed; one that finished anyway keeps its work.
                killed = killed || (error.isPresent() && options.cancellation().isCancelled());
            } finally {
                thisStep.stop();
                running.remove(thisStep);
            }
            Duration duration = Duration.ofNanos(System.nanoTime() - started);
            StepState state = killed ? StepState.KILLED : error.isEmpty() ? StepState.FINISHED : StepState.FAILED;
            if (killed) {
                error = Optional.of("cancelled: " + options.cancellation().reason().orElseThrow());
            }
            Map<String, String> result = new HashMap<>();
            result.put(PipelineTags.ATTEMPTS, String.valueOf(attempts));
            result.put(PipelineTags.DURATION_MS, String.valueOf(duration.toMillis()));
            // The dashboard reads RAN for a step that ran: the tag's values are a wire format.
            result.put(PipelineTags.STATE, state == StepState.FINISHED ? "RAN" : state.name());
            error.ifPresent(reason -> result.put(PipelineTags.ERROR, truncated(reason)));
            if (state == StepState.FINISHED) {
                result.put(PipelineTags.OUTPUTS, OutputsJson.write(outputs));
            }
            tracking.setTags(stepRun, result);
            tracking.uploadFile(stepRun, "logs/" + spec.name() + ".log", logFile);
            tracking.end(stepRun, switch (state) {
                case KILLED -> RunStatus.KILLED;
                case FAILED -> RunStatus.FAILED;
                default -> RunStatus.FINISHED;
            });
            switch (state) {
                case KILLED -> events.accept(new StepEvent.Cancelled(spec.name(), error.get()));
                case FAILED -> {
                    failed.set(true);
                    events.accept(new StepEvent.Failed(spec.name(), error.get()));
                }
                default -> events.accept(new StepEvent.Finished(spec.name(), duration));
            }
            return new StepOutcome(spec.name(), state, outputs, Optional.of(stepRun), duration, error);
        }

        private Map<String, String> stepTags(StepSpec spec, CacheKey key) {
            Map<String, String> tags = new HashMap<>();
            tags.put(PipelineTags.PARENT_RUN, runId);
            tags.put(PipelineTags.PIPELINE, pipeline.name());
            tags.put(PipelineTags.STEP, spec.name());
            tags.put(PipelineTags.STEP_TYPE, spec.type());
            tags.put(PipelineTags.CACHE_KEY, key.value());
            tags.put(PipelineTags.UPSTREAM, String.join(",", new TreeSet<>(spec.dependencies())));
            return tags;
        }
    }

    /**
     * A step's thread while it runs, which a cancellation interrupts. Interrupting and stopping
     * exclude each other so that an interrupt meant for a step never reaches the tracking calls
     * after it, or the next step the pool thread runs.
     */
    private static final class RunningStep {
        private final Thread thread = Thread.currentThread();
        private boolean stopped;

        synchronized void interrupt() {
            if (!stopped) {
                thread.interrupt();
            }
        }

        /** Called by the step's own thread when the step is done; clears an interrupt it did not consume. */
        synchronized void stop() {
            stopped = true;
            Thread.interrupted();
        }
    }

    /** The outputs a step returned, if they are exactly those its type declares, each of its declared type. */
    private static Map<String, Output> declared(Step step, StepSpec spec, Path specFolder, Map<String, Output> outputs) {
        Map<String, Class<? extends Output>> declared = step.outputs(spec.resolvedParams(step, specFolder));
        boolean matches = outputs.keySet().equals(declared.keySet())
                && declared.entrySet().stream().allMatch(d -> d.getValue().isInstance(outputs.get(d.getKey())));
        if (!matches) {
            throw new IllegalStateException("step type '" + step.type() + "' returned outputs " + outputs + " but declares " + declared);
        }
        return Map.copyOf(outputs);
    }

    /** Parameters as MLflow params: text as written, other values as their JSON. */
    private static Map<String, String> params(JsonNode params) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        params.fields().forEachRemaining(p -> fields.put(p.getKey(), p.getValue()));
        return params(fields);
    }

    private static Map<String, String> params(Map<String, JsonNode> params) {
        Map<String, String> logged = new LinkedHashMap<>();
        params.forEach((name, value) -> logged.put(name, truncated(value.isTextual() ? value.asText() : value.toString())));
        return logged;
    }

    /** What a reference in a parameter becomes: a file's or package's path, or a metrics output's digest. */
    private static String text(Output output) {
        return OutputsJson.localPath(output).map(Path::toString).orElseGet(output::digest);
    }

    /** Creates the step's folder and opens its log, replacing the last run's. */
    private static PrintWriter openLog(Path folder, Path logFile) {
        try {
            Files.createDirectories(folder);
            return new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder, e);
        }
    }

    private static String reason(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** MLflow caps param values at 6000 characters; tags at 8000. */
    private static String truncated(String text) {
        return text.length() <= 6000 ? text : text.substring(0, 5997) + "...";
    }
}
