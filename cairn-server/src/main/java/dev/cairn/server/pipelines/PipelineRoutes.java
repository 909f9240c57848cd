package dev.cairn.server.pipelines;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.artifact.ArtifactPath;
import dev.cairn.core.artifact.ArtifactStore;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.pipeline.ConcurrencyPolicy;
import dev.cairn.core.pipeline.NewPipeline;
import dev.cairn.core.pipeline.Pipeline;
import dev.cairn.core.pipeline.PipelineRun;
import dev.cairn.core.pipeline.PipelineSchedule;
import dev.cairn.core.pipeline.PipelineStore;
import dev.cairn.core.pipeline.RunRequest;
import dev.cairn.core.pipeline.TriggerKind;
import dev.cairn.core.tracking.TrackingStore;
import dev.cairn.pipeline.run.PipelineTags;
import dev.cairn.pipeline.run.PipelineTracking;
import dev.cairn.pipeline.run.TaggedRun;
import dev.cairn.pipeline.schedule.PipelineScheduler;
import dev.cairn.pipeline.spec.PipelineSpec;
import dev.cairn.pipeline.spec.PipelineSpecReader;
import dev.cairn.server.http.Json;
import dev.cairn.server.http.RequestFields;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * {@code /api/v1/pipelines}: store a pipeline (its YAML is checked first, errors carry the line),
 * list, show, replace and delete it; set its cron schedule; request, list, show, cancel and resume
 * its runs, and read a step's log.
 */
public final class PipelineRoutes {
    private static final int MAX_LOG_BYTES = 4 * 1024 * 1024;

    private final PipelineStore store;
    private final PipelineScheduler scheduler;
    private final PipelineSpecReader reader;
    private final TrackingStore tracking;
    private final PipelineTracking steps;
    private final ArtifactStore artifacts;
    private final Path defaultFolder;

    /**
     * Routes over the pipeline store and its scheduler.
     *
     * @param defaultFolder where a pipeline stored without a folder resolves its relative paths (one folder per pipeline)
     */
    public PipelineRoutes(PipelineStore store, PipelineScheduler scheduler, PipelineSpecReader reader, TrackingStore tracking,
                          PipelineTracking steps, ArtifactStore artifacts, Path defaultFolder) {
        this.store = requireNonNull(store, "store is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.reader = requireNonNull(reader, "reader is null");
        this.tracking = requireNonNull(tracking, "tracking is null");
        this.steps = requireNonNull(steps, "steps is null");
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
        this.defaultFolder = requireNonNull(defaultFolder, "defaultFolder is null");
    }

    /** Registers the routes. */
    public void register(RoutesConfig routes) {
        routes.post("/api/v1/pipelines", ctx -> {
            Pipeline created = store.create(checked(RequestFields.fromJsonBody(ctx), Optional.empty()));
            ctx.status(201);
            Json.respond(ctx, Json.object().set("pipeline", json(created)));
        });
        routes.get("/api/v1/pipelines", ctx -> {
            ArrayNode list = Json.MAPPER.createArrayNode();
            store.list().forEach(pipeline -> list.add(summary(pipeline)));
            Json.respond(ctx, Json.object().set("pipelines", list));
        });
        routes.get("/api/v1/pipelines/{name}", ctx -> Json.respond(ctx, Json.object().set("pipeline", json(store.get(ctx.pathParam("name"))))));
        routes.put("/api/v1/pipelines/{name}", ctx -> {
            String name = ctx.pathParam("name");
            store.get(name);
            Pipeline updated = store.update(checked(RequestFields.fromJsonBody(ctx), Optional.of(name)));
            Json.respond(ctx, Json.object().set("pipeline", json(updated)));
        });
        routes.delete("/api/v1/pipelines/{name}", ctx -> {
            scheduler.delete(ctx.pathParam("name"));
            Json.respond(ctx, Json.object());
        });
        routes.put("/api/v1/pipelines/{name}/schedule", ctx -> {
            RequestFields fields = RequestFields.fromJsonBody(ctx);
            PipelineSchedule schedule = PipelineSchedule.of(fields.requiredString("cron"), fields.optionalString("timezone").orElse("UTC"));
            Json.respond(ctx, Json.object().set("pipeline", json(scheduler.schedule(ctx.pathParam("name"), Optional.of(schedule)))));
        });
        routes.delete("/api/v1/pipelines/{name}/schedule",
                ctx -> Json.respond(ctx, Json.object().set("pipeline", json(scheduler.schedule(ctx.pathParam("name"), Optional.empty())))));
        routes.post("/api/v1/pipelines/{name}/runs", ctx -> {
            RequestFields fields = ctx.contentLength() > 0 ? RequestFields.fromJsonBody(ctx) : RequestFields.fromQuery(ctx);
            RunRequest request = new RunRequest(TriggerKind.API, fields.optionalString("reason").orElse("requested through the API"),
                    fields.booleanOr("force", false), OptionalLong.empty(), ctx.contentLength() > 0 ? fields.scalarMap("params") : Map.of());
            PipelineRun run = scheduler.request(ctx.pathParam("name"), request);
            ctx.status(201);
            Json.respond(ctx, Json.object().set("run", json(run)));
        });
        routes.get("/api/v1/pipelines/{name}/runs", ctx -> {
            int limit = RequestFields.fromQuery(ctx).intInRange("max_results", 50, 1, 1000);
            ArrayNode list = Json.MAPPER.createArrayNode();
            store.runs(ctx.pathParam("name"), limit).forEach(run -> list.add(json(run)));
            Json.respond(ctx, Json.object().set("runs", list));
        });
        routes.get("/api/v1/pipelines/{name}/runs/{id}", ctx -> {
            PipelineRun run = runOf(ctx);
            ObjectNode body = json(run);
            Optional<String> trackingRun = scheduler.trackingRun(run);
            trackingRun.ifPresent(id -> body.put("tracking_run_id", id));
            ArrayNode stepList = body.putArray("steps");
            trackingRun.ifPresent(id -> stepRuns(id).forEach(step -> stepList.add(stepJson(step))));
            Json.respond(ctx, Json.object().set("run", body));
        });
        routes.post("/api/v1/pipelines/{name}/runs/{id}/cancel", ctx -> Json.respond(ctx, Json.object().set("run",
                json(scheduler.cancel(runOf(ctx).id())))));
        routes.post("/api/v1/pipelines/{name}/runs/{id}/resume", ctx -> {
            PipelineRun failed = runOf(ctx);
            PipelineRun run = scheduler.request(failed.pipeline(), new RunRequest(TriggerKind.RESUME, "resume of run " + failed.id(), false,
                    OptionalLong.of(failed.id()), Map.of()));
            ctx.status(201);
            Json.respond(ctx, Json.object().set("run", json(run)));
        });
        routes.get("/api/v1/pipelines/{name}/runs/{id}/logs", this::log);
    }

    /** The pipeline a create or update request describes, with its spec checked against the folder it will run in. */
    private NewPipeline checked(RequestFields fields, Optional<String> pathName) {
        String yaml = fields.requiredString("spec");
        Optional<Path> given = fields.optionalString("folder").map(PipelineRoutes::absoluteFolder);
        // A name becomes a folder under the server's: checked before it is resolved.
        Path folder = given.orElseGet(() -> defaultFolder.resolve(fields.optionalString("name").or(() -> pathName).map(NewPipeline::checkName)
                .orElse("new")));
        PipelineSpec spec = given.isPresent() ? reader.read(yaml, folder) : readInServerFolder(yaml, folder);
        String name = fields.optionalString("name").orElse(spec.name());
        if (pathName.isPresent() && !pathName.get().equals(name)) {
            throw CairnException.invalidParameter("The spec names pipeline '" + shortened(name) + "' but the request is for '"
                    + shortened(pathName.get()) + "'");
        }
        if (given.isEmpty() && !folder.equals(defaultFolder.resolve(name))) {
            // The first read only learned the name; file parameters are checked against the folder the pipeline will run in.
            folder = defaultFolder.resolve(name);
            readInServerFolder(yaml, folder);
        }
        String policy = fields.optionalString("concurrency").orElse("queue").toUpperCase(Locale.ROOT);
        ConcurrencyPolicy concurrency;
        try {
            concurrency = ConcurrencyPolicy.valueOf(policy);
        } catch (IllegalArgumentException e) {
            throw CairnException.invalidParameter("concurrency is queue, skip or parallel; got '" + shortened(policy.toLowerCase(Locale.ROOT)) + "'");
        }
        return new NewPipeline(name, yaml, folder.toString(), concurrency, fields.booleanOr("watch", false));
    }

    /**
     * Reads a spec against a folder of the server's own choosing. The caller did not send that
     * folder, so a path in an error (a missing jar) is written relative to it, as the spec wrote it:
     * the server's file layout stays out of the answer.
     */
    private PipelineSpec readInServerFolder(String yaml, Path folder) {
        try {
            return reader.read(yaml, folder);
        } catch (CairnException e) {
            String message = e.getMessage();
            Path ancestor = folder.toAbsolutePath().normalize();
            String relative = ".";
            while (ancestor != null && ancestor.getNameCount() > 0) {
                message = Pattern.compile(Pattern.quote(ancestor.toString()) + "(?![\\w.-])").matcher(message)
                        .replaceAll(Matcher.quoteReplacement(relative));
                ancestor = ancestor.getParent();
                relative = relative.equals(".") ? ".." : relative + File.separator + "..";
            }
            throw new CairnException(e.code(), message);
        }
    }

    private static Path absoluteFolder(String text) {
        Path folder;
        try {
            folder = Path.of(text);
        } catch (RuntimeException e) {
            throw CairnException.invalidParameter("folder is not a path: '" + shortened(text) + "'");
        }
        if (!folder.isAbsolute() || !Files.isDirectory(folder)) {
            throw CairnException.invalidParameter("folder must be an absolute path to a folder the server can read; got '" + shortened(text) + "'");
        }
        return folder.normalize();
    }

    private PipelineRun runOf(Context ctx) {
        String name = ctx.pathParam("name");
        PipelineRun run = store.run(RequestFields.pathId(ctx, "pipeline run"));
        if (!run.pipeline().equals(name)) {
            throw CairnException.notFound("Pipeline '" + shortened(name) + "' has no run " + run.id());
        }
        return run;
    }

    private List<TaggedRun> stepRuns(String trackingRunId) {
        return steps.run(trackingRunId).map(run -> steps.stepRuns(run.experimentId(), trackingRunId)).orElse(List.of());
    }

    private void log(Context ctx) throws IOException {
        PipelineRun run = runOf(ctx);
        String step = RequestFields.fromQuery(ctx).requiredString("step");
        Optional<TaggedRun> stepRun = scheduler.trackingRun(run).stream().flatMap(id -> stepRuns(id).stream())
                .filter(candidate -> step.equals(candidate.tags().get(PipelineTags.STEP)))
                .reduce((first, later) -> later);
        if (stepRun.isEmpty()) {
            throw CairnException.notFound("Run " + run.id() + " of pipeline '" + run.pipeline() + "' has no step '" + shortened(step) + "' yet");
        }
        ArtifactPath logPath = ArtifactPath.ofProxiedUri(tracking.getRun(stepRun.get().runId()).info().artifactUri())
                .resolve("logs/" + step + ".log");
        if (stepRun.get().tags().containsKey(PipelineTags.CACHED_FROM)) {
            throw CairnException.notFound("Step '" + shortened(step) + "' was taken from the cache; its log is on run "
                    + stepRun.get().tags().get(PipelineTags.CACHED_FROM) + ", which did the work");
        }
        ctx.contentType("text/plain; charset=utf-8");
        try (InputStream in = artifacts.open(logPath)) {
            ctx.outputStream().write(in.readNBytes(MAX_LOG_BYTES));
        }
    }

    private ObjectNode summary(Pipeline pipeline) {
        ObjectNode node = Json.object().put("name", pipeline.name()).put("concurrency", pipeline.concurrency().name().toLowerCase(Locale.ROOT))
                .put("watch", pipeline.watch()).put("creation_time", pipeline.creationTime())
                .put("last_update_time", pipeline.lastUpdateTime());
        pipeline.schedule().ifPresent(schedule -> {
            node.putObject("schedule").put("cron", schedule.cron()).put("timezone", schedule.zone());
            scheduler.nextFire(pipeline.name()).ifPresent(next -> node.put("next_run_time", next.toEpochMilli()));
        });
        return node;
    }

    private ObjectNode json(Pipeline pipeline) {
        return summary(pipeline).put("spec", pipeline.spec()).put("folder", pipeline.folder());
    }

    private static ObjectNode json(PipelineRun run) {
        ObjectNode node = Json.object().put("id", run.id()).put("pipeline", run.pipeline()).put("state", run.state().name())
                .put("trigger", run.trigger().name()).put("trigger_detail", run.triggerDetail()).put("force", run.force())
                .put("cancel_requested", run.cancelRequested()).put("message", run.message()).put("request_time", run.requestTime());
        run.resumeOf().ifPresent(id -> node.put("resume_of", id));
        run.trackingRunId().ifPresent(id -> node.put("tracking_run_id", id));
        run.worker().ifPresent(worker -> node.put("worker", worker));
        run.startTime().ifPresent(time -> node.put("start_time", time));
        run.endTime().ifPresent(time -> node.put("end_time", time));
        ObjectNode params = node.putObject("params");
        run.params().forEach(params::put);
        return node;
    }

    private static ObjectNode stepJson(TaggedRun step) {
        ObjectNode node = Json.object().put("step", step.tags().getOrDefault(PipelineTags.STEP, "?"))
                .put("type", step.tags().getOrDefault(PipelineTags.STEP_TYPE, "?"))
                .put("state", step.tags().getOrDefault(PipelineTags.STATE, step.status().name())).put("run_id", step.runId());
        Optional.ofNullable(step.tags().get(PipelineTags.DURATION_MS)).ifPresent(ms -> node.put("duration_ms", Long.parseLong(ms)));
        Optional.ofNullable(step.tags().get(PipelineTags.ATTEMPTS)).ifPresent(n -> node.put("attempts", Integer.parseInt(n)));
        Optional.ofNullable(step.tags().get(PipelineTags.CACHED_FROM)).ifPresent(from -> node.put("cached_from", from));
        Optional.ofNullable(step.tags().get(PipelineTags.ERROR)).ifPresent(error -> node.put("error", error));
        return node;
    }

    private static String shortened(String text) {
        return text.length() <= 64 ? text : text.substring(0, 61) + "...";
    }
}
