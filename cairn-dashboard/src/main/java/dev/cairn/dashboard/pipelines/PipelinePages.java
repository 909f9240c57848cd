package dev.cairn.dashboard.pipelines;

import dev.cairn.core.artifact.ArtifactStore;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.pipeline.Pipeline;
import dev.cairn.core.pipeline.PipelineStore;
import dev.cairn.core.tracking.Experiment;
import dev.cairn.core.tracking.ExperimentSearch;
import dev.cairn.core.tracking.Run;
import dev.cairn.core.tracking.RunInfo;
import dev.cairn.core.tracking.RunSearch;
import dev.cairn.core.tracking.Tag;
import dev.cairn.core.tracking.TrackingStore;
import dev.cairn.core.tracking.ViewType;
import dev.cairn.core.tracking.search.OrderBy;
import dev.cairn.core.tracking.search.SearchFilter;
import dev.cairn.dashboard.Templates;
import dev.cairn.pipeline.run.PipelineTags;
import dev.cairn.pipeline.schedule.PipelineScheduler;
import io.javalin.http.Context;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * {@code /pipelines}, {@code /pipelines/stored/{name}} and {@code /pipelines/runs/{id}}: the
 * pipelines stored on the server and the latest pipeline runs, a stored pipeline's requested
 * runs, and one run's steps drawn as its DAG. The executor records a pipeline run as a tracking
 * run tagged with the pipeline's name and each step as a run nested under it, so the run pages are
 * run searches on those tags.
 */
public final class PipelinePages {
    private static final int RUNS_SHOWN = 100;
    /** Experiments a list spans, the most recently updated: a run search names its experiments. */
    private static final int EXPERIMENTS_SEARCHED = RunSearch.MAX_EXPERIMENTS;
    private static final int MAX_STEPS = RunSearch.MAX_RESULTS_LIMIT;
    private static final String RAN = "ran";
    private static final String CACHED = "cached";
    private static final String FAILED = "failed";

    private static final int REQUESTS_SHOWN = 50;

    private final TrackingStore tracking;
    private final PipelineStore stored;
    private final PipelineScheduler scheduler;
    private final StepLogs logs;
    private final Templates templates;

    /** Pages over the tracking store, the stored pipelines and their scheduler, and the artifact store holding the step logs. */
    public PipelinePages(TrackingStore tracking, PipelineStore stored, PipelineScheduler scheduler, ArtifactStore artifacts, Templates templates) {
        this.tracking = requireNonNull(tracking, "tracking is null");
        this.stored = requireNonNull(stored, "stored is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.logs = new StepLogs(artifacts);
        this.templates = requireNonNull(templates, "templates is null");
    }

    /** The latest pipeline runs, newest first, with their steps counted by how they ended. */
    public void list(Context ctx) {
        List<String> experimentIds = tracking.searchExperiments(new ExperimentSearch(SearchFilter.parseExperimentFilter(""),
                ViewType.ACTIVE_ONLY, EXPERIMENTS_SEARCHED, List.of(OrderBy.parseExperimentOrderBy("last_update_time DESC")),
                Optional.empty())).items().stream().map(Experiment::experimentId).toList();
        List<Run> pipelineRuns = experimentIds.isEmpty() ? List.of() : search(experimentIds,
                "tags.`" + PipelineTags.PIPELINE + "` IS NOT NULL AND tags.`" + PipelineTags.PARENT_RUN + "` IS NULL",
                RUNS_SHOWN, "DESC");
        Map<String, List<Run>> stepsByPipelineRun = pipelineRuns.isEmpty() ? Map.of() : search(
                pipelineRuns.stream().map(run -> run.info().experimentId()).distinct().toList(),
                "tags.`" + PipelineTags.PARENT_RUN + "` IN (" + pipelineRuns.stream()
                        .map(run -> SearchFilter.literal(run.info().runId())).collect(Collectors.joining(", ")) + ")",
                MAX_STEPS, "ASC").stream().collect(Collectors.groupingBy(run -> tag(run, PipelineTags.PARENT_RUN).orElseThrow()));
        List<PipelineRunRow> rows = pipelineRuns.stream().map(run -> {
            List<String> states = stepsByPipelineRun.getOrDefault(run.info().runId(), List.of()).stream().map(PipelinePages::state).toList();
            return new PipelineRunRow(run.info(), tag(run, PipelineTags.PIPELINE).orElseThrow(),
                    count(states, RAN), count(states, CACHED), count(states, FAILED));
        }).toList();
        List<StoredPipelineRow> pipelines = stored.list().stream().map(pipeline -> new StoredPipelineRow(pipeline,
                scheduler.nextFire(pipeline.name()), stored.runs(pipeline.name(), 1).stream().findFirst())).toList();
        templates.render(ctx, "pipelines.jte", new PipelinesPage(pipelines, rows));
    }

    /** A stored pipeline: its spec, policy and schedule, and its latest requested runs with the trigger of each. */
    public void stored(Context ctx) {
        Pipeline pipeline = stored.get(ctx.pathParam("name"));
        List<StoredPipelineView.Requested> requested = stored.runs(pipeline.name(), REQUESTS_SHOWN).stream()
                .map(run -> new StoredPipelineView.Requested(run, scheduler.trackingRun(run))).toList();
        templates.render(ctx, "storedPipeline.jte", new StoredPipelineView(pipeline, scheduler.nextFire(pipeline.name()), requested));
    }

    /** One pipeline run: its steps in the order they started, each with its state, cache hit, outputs, error and log. */
    public void run(Context ctx) {
        Run run = tracking.getRun(ctx.pathParam("id"));
        RunInfo info = run.info();
        Optional<String> pipeline = tag(run, PipelineTags.PIPELINE).filter(name -> tag(run, PipelineTags.PARENT_RUN).isEmpty());
        if (pipeline.isEmpty()) {
            throw CairnException.notFound("Run " + info.runId() + " is not a pipeline run; it is at /runs/" + info.runId());
        }
        List<StepView> steps = search(List.of(info.experimentId()),
                "tags.`" + PipelineTags.PARENT_RUN + "` = " + SearchFilter.literal(info.runId()), MAX_STEPS, "ASC")
                .stream().map(this::step).toList();
        templates.render(ctx, "pipelineRun.jte", new PipelineRunView(info, tracking.getExperiment(info.experimentId()), pipeline.get(), steps,
                StepGraph.of(steps)));
    }

    private StepView step(Run run) {
        RunInfo info = run.info();
        String name = tag(run, PipelineTags.STEP).orElse(info.runName());
        OptionalLong measured = whole(run, PipelineTags.DURATION_MS);
        OptionalLong duration = measured.isPresent() || info.endTime().isEmpty() ? measured
                : OptionalLong.of(info.endTime().getAsLong() - info.startTime());
        return new StepView(info, name, tag(run, PipelineTags.STEP_TYPE).orElse("?"), state(run),
                (int) whole(run, PipelineTags.ATTEMPTS).orElse(0), duration,
                tag(run, PipelineTags.CACHE_KEY).orElse(""), tag(run, PipelineTags.CACHED_FROM),
                tag(run, PipelineTags.OUTPUTS).map(StepOutputs::parse).orElse(List.of()), tag(run, PipelineTags.ERROR),
                logs.read(info, name), tag(run, PipelineTags.UPSTREAM).filter(names -> !names.isEmpty())
                        .map(names -> List.of(names.split(","))).orElse(List.of()));
    }

    /** How a step ended as its state tag says; while it runs there is no tag yet, and its run's status says how far it is. */
    private static String state(Run stepRun) {
        return tag(stepRun, PipelineTags.STATE).orElse(stepRun.info().status().name()).toLowerCase();
    }

    private List<Run> search(List<String> experimentIds, String filter, int maxResults, String startOrder) {
        return tracking.searchRuns(new RunSearch(experimentIds, SearchFilter.parseRunFilter(filter), ViewType.ACTIVE_ONLY, maxResults,
                List.of(OrderBy.parseRunOrderBy("attributes.start_time " + startOrder)), Optional.empty())).items();
    }

    private static int count(List<String> states, String state) {
        return (int) states.stream().filter(state::equals).count();
    }

    /** A tag holding a whole number; empty when absent or, set by hand through the API, not a number. */
    private static OptionalLong whole(Run run, String key) {
        try {
            return tag(run, key).map(value -> OptionalLong.of(Math.max(0, Long.parseLong(value)))).orElse(OptionalLong.empty());
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static Optional<String> tag(Run run, String key) {
        return run.tags().stream().filter(tag -> tag.key().equals(key)).map(Tag::value).findFirst();
    }
}
