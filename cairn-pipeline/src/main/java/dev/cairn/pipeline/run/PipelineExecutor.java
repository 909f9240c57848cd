package dev.cairn.pipeline.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.tracking.RunStatus;
import dev.cairn.pipeline.spec.OutputReference;
import dev.cairn.pipeline.spec.PipelineSpec;
import dev.cairn.pipeline.spec.StepSpec;
import dev.cairn.pipeline.step.DatasetRegistrar;
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
 * the pipeline run; steps that have not started by then are cancelled.
 */
public final class PipelineExecutor {
    private final StepTypes types;
    private final PipelineTracking tracking;
    private final DatasetRegistrar datasets;
    private final ModelVersionRegistrar models;
    private final ExecutionSettings settings;
    private final Consumer<StepEvent> events;

    /** An executor recording to {@code tracking}, telling {@code events} of each step's state changes (from several threads). */
    public PipelineExecutor(StepTypes types, PipelineTracking tracking, DatasetRegistrar datasets, ModelVersionRegistrar models,
                            ExecutionSettings settings, Consumer<StepEvent> events) {
        this.types = types;
        this.tracking = tracking;
        this.datasets = datasets;
        this.models = models;
        this.settings = settings;
        this.events = events;
    }

    /** Runs a pipeline; with {@code force}, no step is taken from the cache. */
    public PipelineResult run(PipelineSpec pipeline, boolean force) {
        String experimentId = tracking.experimentId(pipeline.experimentName());
        String runId = tracking.startRun(experimentId, pipeline.name(), Map.of(PipelineTags.PIPELINE, pipeline.name()));
        FileDigests digests = FileDigests.load(settings.workRoot().resolve("file-digests.json"));
        PipelineRun pipelineRun = new PipelineRun(pipeline, experimentId, runId, force, digests);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(settings.parallelism(), pipeline.steps().size()));
        try {
            Map<String, CompletableFuture<StepOutcome>> futures = new HashMap<>();
            for (StepSpec step : pipeline.steps()) {
                CompletableFuture<?>[] upstream = step.dependencies().stream().map(futures::get).toArray(CompletableFuture[]::new);
                futures.put(step.name(), CompletableFuture.allOf(upstream).thenApplyAsync(ignored -> pipelineRun.step(step), pool));
            }
            List<StepOutcome> outcomes = pipeline.steps().stream().map(step -> futures.get(step.name()).join()).toList();
            PipelineResult result = new PipelineResult(runId, outcomes);
            tracking.end(runId, result.succeeded() ? RunStatus.FINISHED : RunStatus.FAILED);
            return result;
        } finally {
            pool.shutdownNow();
            digests.save();
        }
    }

    /** One run of a pipeline: the outcomes so far, and whether a step has failed. */
    private final class PipelineRun {
        private final PipelineSpec pipeline;
        private final String experimentId;
        private final String runId;
        private final boolean force;
        private final FileDigests digests;
        private final Map<String, StepOutcome> outcomes = new ConcurrentHashMap<>();
        private final AtomicBoolean failed = new AtomicBoolean();

        PipelineRun(PipelineSpec pipeline, String experimentId, String runId, boolean force, FileDigests digests) {
            this.pipeline = pipeline;
            this.experimentId = experimentId;
            this.runId = runId;
            this.force = force;
            this.digests = digests;
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

        private StepOutcome decide(StepSpec spec) {
            Optional<String> failedUpstream = spec.dependencies().stream().filter(d -> !outcomes.get(d).succeeded()).findFirst();
            if (failedUpstream.isPresent() || failed.get()) {
                String reason = failedUpstream.map(d -> "step '" + d + "' did not succeed").orElse("another step failed");
                events.accept(new StepEvent.Cancelled(spec.name(), reason));
                return new StepOutcome(spec.name(), StepState.CANCELLED, Map.of(), Optional.empty(), Duration.ZERO, Optional.of(reason));
            }
            Step step = types.find(spec.type()).orElseThrow();
            Map<OutputReference, Output> read = new HashMap<>();
            spec.references().forEach(reference -> read.put(reference, outcomes.get(reference.step()).outputs().get(reference.output())));
            CacheKey key = CacheKey.of(spec, step, read, pipeline.folder(), digests);
            if (spec.cache() && !force) {
                Optional<StepOutcome> cached = cached(spec, key);
                if (cached.isPresent()) {
                    return cached.get();
                }
            }
            return execute(spec, step, key, read);
        }

        private Optional<StepOutcome> cached(StepSpec spec, CacheKey key) {
            Optional<TaggedRun> found = tracking.finishedRunWithTag(experimentId, PipelineTags.CACHE_KEY, key.value());
            Optional<Map<String, Output>> outputs = found.flatMap(run -> Optional.ofNullable(run.tags().get(PipelineTags.OUTPUTS)))
                    .flatMap(json -> OutputsJson.readReusable(json, digests));
            if (outputs.isEmpty()) {
                return Optional.empty();
            }
            // A hit on a cached run points at the run that did the work.
            String origin = found.get().tags().getOrDefault(PipelineTags.CACHED_FROM, found.get().runId());
            Map<String, String> tags = stepTags(spec, key);
            tags.put(PipelineTags.STATE, StepState.CACHED.name());
            tags.put(PipelineTags.OUTPUTS, found.get().tags().get(PipelineTags.OUTPUTS));
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
            Path folder = settings.workRoot().resolve(pipeline.name()).resolve(spec.name());
            Path logFile = folder.resolveSibling(spec.name() + ".log");
            long started = System.nanoTime();
            int attempts = 0;
            Optional<String> error = Optional.empty();
            Map<String, Output> outputs = Map.of();
            try (PrintWriter log = openLog(folder, logFile)) {
                Map<String, Output> inputs = new LinkedHashMap<>();
                spec.inputs().forEach((name, reference) -> inputs.put(name, read.get(reference)));
                JsonNode params = OutputReference.replaceIn(spec.params(), reference -> text(read.get(reference)));
                StepContext context = new StepContext(spec.name(), params, inputs, log, folder, pipeline.folder(), datasets, models);
                while (true) {
                    attempts++;
                    events.accept(new StepEvent.Started(spec.name(), attempts));
                    try {
                        outputs = declared(step, spec, step.run(context));
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
                        sleep(delay);
                    }
                }
            }
            Duration duration = Duration.ofNanos(System.nanoTime() - started);
            Map<String, String> result = new HashMap<>();
            result.put(PipelineTags.ATTEMPTS, String.valueOf(attempts));
            result.put(PipelineTags.DURATION_MS, String.valueOf(duration.toMillis()));
            result.put(PipelineTags.STATE, error.isEmpty() ? "RAN" : StepState.FAILED.name());
            error.ifPresent(reason -> result.put(PipelineTags.ERROR, truncated(reason)));
            if (error.isEmpty()) {
                result.put(PipelineTags.OUTPUTS, OutputsJson.write(outputs));
            }
            tracking.setTags(stepRun, result);
            tracking.uploadFile(stepRun, "logs/" + spec.name() + ".log", logFile);
            tracking.end(stepRun, error.isEmpty() ? RunStatus.FINISHED : RunStatus.FAILED);
            if (error.isPresent()) {
                failed.set(true);
                events.accept(new StepEvent.Failed(spec.name(), error.get()));
                return new StepOutcome(spec.name(), StepState.FAILED, Map.of(), Optional.of(stepRun), duration, error);
            }
            events.accept(new StepEvent.Finished(spec.name(), duration));
            return new StepOutcome(spec.name(), StepState.FINISHED, outputs, Optional.of(stepRun), duration, Optional.empty());
        }

        private Map<String, String> stepTags(StepSpec spec, CacheKey key) {
            Map<String, String> tags = new HashMap<>();
            tags.put(PipelineTags.PARENT_RUN, runId);
            tags.put(PipelineTags.PIPELINE, pipeline.name());
            tags.put(PipelineTags.STEP, spec.name());
            tags.put(PipelineTags.STEP_TYPE, spec.type());
            tags.put(PipelineTags.CACHE_KEY, key.value());
            return tags;
        }
    }

    /** The outputs a step returned, if they are exactly those its type declares, each of its declared type. */
    private static Map<String, Output> declared(Step step, StepSpec spec, Map<String, Output> outputs) {
        Map<String, Class<? extends Output>> declared = step.outputs(spec.params());
        boolean matches = outputs.keySet().equals(declared.keySet())
                && declared.entrySet().stream().allMatch(d -> d.getValue().isInstance(outputs.get(d.getKey())));
        if (!matches) {
            throw new IllegalStateException("step type '" + step.type() + "' returned outputs " + outputs + " but declares " + declared);
        }
        return Map.copyOf(outputs);
    }

    /** Parameters as MLflow params: text as written, other values as their JSON. */
    private static Map<String, String> params(JsonNode params) {
        Map<String, String> logged = new LinkedHashMap<>();
        params.fields().forEachRemaining(p -> logged.put(p.getKey(), truncated(p.getValue().isTextual() ? p.getValue().asText() : p.getValue().toString())));
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

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
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
