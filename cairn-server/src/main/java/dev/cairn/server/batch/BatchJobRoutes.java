package dev.cairn.server.batch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.artifact.ArtifactPath;
import dev.cairn.core.artifact.ArtifactSources;
import dev.cairn.core.artifact.ArtifactStore;
import dev.cairn.core.batch.BatchJob;
import dev.cairn.core.batch.BatchJobState;
import dev.cairn.core.batch.BatchJobStore;
import dev.cairn.core.batch.NewBatchJob;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.registry.ModelVersion;
import dev.cairn.serve.batch.BatchJobRunner;
import dev.cairn.serve.deployment.Deployments;
import dev.cairn.serve.repository.ModelRepository;
import dev.cairn.serve.repository.VersionSelector;
import dev.cairn.server.http.ContentDisposition;
import dev.cairn.server.http.Json;
import dev.cairn.server.http.RequestFields;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * {@code /api/v1/batch-jobs}: score a file logged to a run ({@code runs:/<run>/<path>} or
 * {@code mlflow-artifacts:/...}) with a registered version, or the version a deployment serves,
 * inside the server; watch its state and row count; download its output.
 */
public final class BatchJobRoutes {
    private static final int LISTED = 100;

    private final BatchJobRunner runner;
    private final BatchJobStore jobs;
    private final ModelRepository repository;
    private final Deployments deployments;
    private final ArtifactSources sources;
    private final ArtifactStore artifacts;

    /** Routes over the runner and the stores it reads. */
    public BatchJobRoutes(BatchJobRunner runner, BatchJobStore jobs, ModelRepository repository, Deployments deployments,
                          ArtifactSources sources, ArtifactStore artifacts) {
        this.runner = requireNonNull(runner, "runner is null");
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.repository = requireNonNull(repository, "repository is null");
        this.deployments = requireNonNull(deployments, "deployments is null");
        this.sources = requireNonNull(sources, "sources is null");
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
    }

    /** Registers the routes. */
    public void register(RoutesConfig routes) {
        routes.post("/api/v1/batch-jobs", this::create);
        routes.get("/api/v1/batch-jobs", ctx -> {
            ArrayNode list = Json.MAPPER.createArrayNode();
            jobs.list(LISTED).forEach(job -> list.add(json(job)));
            Json.respond(ctx, Json.object().set("batch_jobs", list));
        });
        routes.get("/api/v1/batch-jobs/{id}", ctx -> Json.respond(ctx, Json.object().set("batch_job",
                json(jobs.get(RequestFields.pathId(ctx, "batch job"))))));
        routes.get("/api/v1/batch-jobs/{id}/output", this::output);
    }

    private void create(Context ctx) {
        RequestFields fields = RequestFields.fromJsonBody(ctx);
        Optional<String> deployment = fields.optionalString("deployment");
        Optional<String> model = fields.optionalString("model");
        if (deployment.isPresent() == model.isPresent()) {
            throw CairnException.invalidParameter("Name a 'model' (with 'version' or 'alias') or a 'deployment' to score with");
        }
        ModelVersion version = deployment.isPresent() ? deployments.primaryVersion(deployment.get())
                : repository.resolve(model.get(), VersionSelector.of(fields.optionalLong("version").isPresent()
                        ? Optional.of(fields.requiredVersion("version")) : Optional.empty(), fields.optionalString("alias")));
        ArtifactPath input = sources.resolve(fields.requiredString("input"));
        String format = fields.optionalString("output_format").orElse("parquet");
        if (!format.equals("parquet") && !format.equals("csv")) {
            throw CairnException.invalidParameter("output_format is parquet or csv; got '" + format + "'");
        }
        String output = "batch-jobs/" + UUID.randomUUID() + "/predictions." + format;
        BatchJob job = runner.submit(new NewBatchJob(version.name(), version.version(), input.toString(), output,
                fields.optionalString("id_column")));
        ctx.status(201);
        Json.respond(ctx, Json.object().set("batch_job", json(job)));
    }

    private void output(Context ctx) throws IOException {
        BatchJob job = jobs.get(RequestFields.pathId(ctx, "batch job"));
        if (job.state() != BatchJobState.SUCCEEDED) {
            throw new CairnException(ErrorCode.INVALID_STATE, "Batch job " + job.id() + " is " + job.state().wireName()
                    + "; its output is there once it has succeeded");
        }
        ArtifactPath path = ArtifactPath.of(job.outputPath());
        ctx.contentType(path.fileName().endsWith(".csv") ? "text/csv" : "application/vnd.apache.parquet");
        ctx.header("Content-Disposition", ContentDisposition.attachment("batch-job-" + job.id() + "-" + path.fileName()));
        try (InputStream in = artifacts.open(path)) {
            in.transferTo(ctx.outputStream());
        }
    }

    private static ObjectNode json(BatchJob job) {
        ObjectNode node = Json.object().put("id", job.id()).put("model", job.model()).put("version", job.version())
                .put("input", job.inputPath()).put("output", job.outputPath()).put("state", job.state().wireName())
                .put("rows_scored", job.rowsScored()).put("message", job.message()).put("creation_time", job.creationTime());
        job.idColumn().ifPresent(column -> node.put("id_column", column));
        job.startTime().ifPresent(time -> node.put("start_time", time));
        job.endTime().ifPresent(time -> node.put("end_time", time));
        node.put("output_url", "/api/v1/batch-jobs/" + job.id() + "/output");
        return node;
    }
}
