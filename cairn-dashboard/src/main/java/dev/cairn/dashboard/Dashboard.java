package dev.cairn.dashboard;

import dev.cairn.core.artifact.ArtifactStore;
import dev.cairn.core.batch.BatchJobStore;
import dev.cairn.core.dataset.DatasetStore;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.monitor.MonitorStore;
import dev.cairn.core.pipeline.PipelineStore;
import dev.cairn.core.registry.RegistryStore;
import dev.cairn.core.tracking.TrackingStore;
import dev.cairn.dashboard.batch.BatchJobPages;
import dev.cairn.dashboard.datasets.DatasetPages;
import dev.cairn.dashboard.deployments.DeploymentPages;
import dev.cairn.dashboard.experiments.ExperimentPages;
import dev.cairn.dashboard.models.ModelPages;
import dev.cairn.dashboard.pipelines.PipelinePages;
import dev.cairn.dashboard.runs.RunPages;
import dev.cairn.pipeline.schedule.PipelineScheduler;
import dev.cairn.serve.deployment.Deployments;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.random.RandomGenerator;

import static java.util.Objects.requireNonNull;

/**
 * The web dashboard at {@code /}: experiments and their runs, a run, runs compared, models,
 * datasets, pipeline runs, deployments and batch jobs, each page at a URL a person can share. Pages only read the stores.
 * A failure is a page a person can read, with a way back; never a stack trace.
 */
public final class Dashboard {
    private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);
    private static final RandomGenerator REFERENCES = new SecureRandom();

    private final Templates templates = new Templates();
    private final Assets assets = new Assets();
    private final ExperimentPages experiments;
    private final RunPages runs;
    private final ModelPages models;
    private final DatasetPages datasets;
    private final PipelinePages pipelines;
    private final DeploymentPages deployments;
    private final BatchJobPages batchJobs;

    /** The dashboard over the server's stores, its live deployments and its pipeline scheduler. */
    public Dashboard(TrackingStore tracking, RegistryStore registry, DatasetStore datasetStore, ArtifactStore artifacts,
                     Deployments liveDeployments, MonitorStore monitors, BatchJobStore batchJobStore, PipelineStore pipelineStore,
                     PipelineScheduler scheduler, Clock clock) {
        requireNonNull(tracking, "tracking is null");
        this.experiments = new ExperimentPages(tracking, templates);
        this.runs = new RunPages(tracking, artifacts, templates);
        this.models = new ModelPages(registry, tracking, artifacts, templates);
        this.datasets = new DatasetPages(datasetStore, templates);
        this.pipelines = new PipelinePages(tracking, pipelineStore, scheduler, artifacts, templates);
        this.deployments = new DeploymentPages(liveDeployments, monitors, templates, clock);
        this.batchJobs = new BatchJobPages(batchJobStore, templates);
    }

    /** Registers the pages and their scripts. */
    public void register(RoutesConfig routes) {
        routes.get("/", ctx -> ctx.redirect("/experiments"));
        routes.get("/static/{file}", assets::serve);
        routes.get("/experiments", page(experiments::list));
        routes.get("/experiments/{id}", page(experiments::runs));
        routes.get("/runs/{id}", page(runs::run));
        routes.get("/compare", page(runs::compare));
        routes.get("/models", page(models::list));
        routes.get("/models/{name}", page(models::model));
        routes.get("/models/{name}/versions/{version}", page(models::version));
        routes.get("/datasets", page(datasets::list));
        routes.get("/datasets/{name}", page(datasets::dataset));
        routes.get("/pipelines", page(pipelines::list));
        routes.get("/pipelines/runs/{id}", page(pipelines::run));
        routes.get("/pipelines/stored/{name}", page(pipelines::stored));
        routes.get("/deployments", page(deployments::list));
        routes.get("/deployments/{name}", page(deployments::deployment));
        routes.get("/deployments/{name}/live", page(deployments::live));
        routes.get("/alerts", page(deployments::alerts));
        routes.get("/batch-jobs", page(batchJobs::list));
    }

    private Handler page(PageHandler handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (CairnException e) {
                int status = e.code().httpStatus();
                if (status >= 500) {
                    failed(ctx, e);
                } else {
                    templates.render(ctx, status, "error.jte", new ErrorPage(status,
                            status == 404 ? "Not found" : "Cannot show this page", e.getMessage(), backUrl(ctx), "Back"));
                }
            } catch (Exception e) {
                failed(ctx, e);
            }
        };
    }

    private void failed(Context ctx, Exception e) {
        String reference = Long.toHexString(REFERENCES.nextLong() & 0xffffffffL);
        LOG.error("Dashboard page {} failed (ref {})", ctx.path(), reference, e);
        templates.render(ctx, 500, "error.jte", new ErrorPage(500, "Something went wrong",
                "This page could not be shown (ref " + reference + "; the server log has the details).", backUrl(ctx), "Back"));
    }

    /** The list a failed page belongs to: runs go back to experiments, the others to their own list. */
    private static String backUrl(Context ctx) {
        String path = ctx.path();
        for (String section : new String[] {"/models", "/datasets", "/pipelines", "/deployments", "/alerts", "/batch-jobs"}) {
            if (path.startsWith(section)) {
                return section;
            }
        }
        return "/experiments";
    }
}
