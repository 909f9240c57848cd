package dev.cairn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.artifact.LocalArtifactStore;
import dev.cairn.core.batch.BatchJobStore;
import dev.cairn.core.batch.NewBatchJob;
import dev.cairn.core.monitor.Alert;
import dev.cairn.core.monitor.AlertCondition;
import dev.cairn.core.monitor.AlertRule;
import dev.cairn.core.monitor.MonitorStore;
import dev.cairn.core.pipeline.ConcurrencyPolicy;
import dev.cairn.core.pipeline.NewPipeline;
import dev.cairn.core.pipeline.PipelineRun;
import dev.cairn.core.pipeline.PipelineSchedule;
import dev.cairn.core.pipeline.PipelineStore;
import dev.cairn.core.pipeline.RunRequest;
import dev.cairn.core.pipeline.TriggerKind;
import dev.cairn.core.store.TestDatabase;
import dev.cairn.core.tracking.LogBatch;
import dev.cairn.core.tracking.Metric;
import dev.cairn.core.tracking.NewRun;
import dev.cairn.core.tracking.Param;
import dev.cairn.core.tracking.Tag;
import dev.cairn.core.tracking.TrackingStore;
import dev.cairn.model.pkg.ModelPackage;
import dev.cairn.model.testing.BreastCancerModel;
import dev.cairn.pipeline.run.ExecutionSettings;
import dev.cairn.pipeline.run.PipelineExecutor;
import dev.cairn.pipeline.spec.PipelineSpec;
import dev.cairn.pipeline.spec.PipelineSpecReader;
import dev.cairn.pipeline.step.StepTypes;
import dev.cairn.pipeline.store.InProcessPipelines;
import dev.cairn.pipeline.testing.FunctionStep;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's pages over real HTTP on every database: what each page shows of the stores,
 * the runs table's filter, sort, paging and nesting, pipeline runs as the executor records them, escaping, and error pages a person can read.
 * The browser side (charts drawn, htmx swaps, no console errors) is the browser test's.
 */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class DashboardPagesTest {
    private static final String API = "/api/2.0/mlflow";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCRIPT_NAME = "<script>alert(1)</script>";
    private static BreastCancerModel trained;

    @Parameter
    TestDatabase.Kind kind;

    @TempDir
    Path folder;

    private RunningServer server;

    @BeforeAll
    static void train() {
        trained = BreastCancerModel.train();
    }

    @BeforeEach
    void start() {
        server = new RunningServer(kind, folder.resolve("server"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theRunsTableFiltersSortsPagesAndNestsChildrenUnderTheirParents() {
        TrackingStore tracking = server.metadata().tracking();
        String experiment = tracking.createExperiment("tuning", Optional.empty(), List.of());
        for (int i = 0; i < 120; i++) {
            run(tracking, experiment, "run-" + i, i, List.of(new Param("algo", i % 2 == 0 ? "even" : "odd")), List.of(), 0.001 * i);
        }
        String parent = run(tracking, experiment, "search", 200, List.of(), List.of(), 0.5);
        for (int i = 0; i < 3; i++) {
            run(tracking, experiment, "trial-" + i, 201 + i, List.of(new Param("algo", "trial")),
                    List.of(new Tag("mlflow.parentRunId", parent)), 0.6 + i * 0.01);
        }

        Document first = html("/experiments/" + experiment);
        assertThat(rows(first)).hasSize(50);
        assertThat(first.select("#runs-table thead th").eachText()).contains("metrics.auc", "params.algo");
        assertThat(rows(first).get(0).select(".run-name a").text()).as("newest first").isEqualTo("search");
        assertThat(rows(first).subList(1, 4)).as("the trials right under their search, indented")
                .allSatisfy(row -> assertThat(row.className()).isEqualTo("depth-1"))
                .extracting(row -> row.select(".run-name a").text()).containsExactlyInAnyOrder("trial-0", "trial-1", "trial-2");

        String next = first.select("#next-page").attr("href");
        Document second = html(next);
        assertThat(rows(second)).hasSize(50);
        assertThat(runIds(second)).doesNotContainAnyElementsOf(runIds(first));
        Document third = html(second.select("#next-page").attr("href"));
        assertThat(rows(third)).hasSize(24);
        assertThat(third.select("#next-page")).isEmpty();

        Document odd = html("/experiments/" + experiment + "?filter=" + query("params.algo = 'odd' and metrics.auc > 0.1"));
        assertThat(rows(odd)).hasSize(10).allSatisfy(row -> assertThat(row.select("td.num").eachText()).contains("odd"));
        assertThat(odd.select("#filter").val()).isEqualTo("params.algo = 'odd' and metrics.auc > 0.1");

        Document byAuc = html("/experiments/" + experiment + "?order=" + query("metrics.auc DESC") + "&columns=metrics.auc");
        List<Double> topLevel = rows(byAuc).stream().filter(row -> row.className().equals("depth-0"))
                .map(row -> Double.parseDouble(row.select("td.num").get(0).text())).toList();
        assertThat(topLevel).as("sorted, with each search's trials kept under it").hasSize(47)
                .isSortedAccordingTo((a, b) -> Double.compare(b, a)).startsWith(0.5, 0.119);
        assertThat(byAuc.select("#runs-table thead th").eachText()).contains("metrics.auc ▼").doesNotContain("params.algo");

        HttpResponse<String> partial = server.raw(HttpRequest.newBuilder(server.uri("/experiments/" + experiment))
                .header("HX-Request", "true"), HttpResponse.BodyHandlers.ofString());
        assertThat(partial.statusCode()).isEqualTo(200);
        assertThat(partial.body()).startsWith("<section id=\"runs\">").doesNotContain("<html");

        HttpResponse<String> restore = server.raw(HttpRequest.newBuilder(server.uri("/experiments/" + experiment))
                .header("HX-Request", "true").header("HX-History-Restore-Request", "true"), HttpResponse.BodyHandlers.ofString());
        assertThat(restore.body()).as("htmx restoring history wants the whole page").contains("<html");

        HttpResponse<String> refused = get("/experiments/" + experiment + "?filter=" + query("metrics.auc >> 1"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(Jsoup.parse(refused.body()).select("#filter-error").text()).contains("Invalid filter");
    }

    @Test
    void sortLinksQuoteKeysWithSpacesAndNameSearchesMatchTheTextAsTyped() {
        TrackingStore tracking = server.metadata().tracking();
        String experiment = tracking.createExperiment("under_score", Optional.empty(), List.of());
        tracking.createExperiment("plain", Optional.empty(), List.of());
        for (int i = 0; i < 3; i++) {
            String runId = tracking.createRun(new NewRun(experiment, "tester", Optional.of("r" + i), i, List.of())).info().runId();
            tracking.logBatch(runId, new LogBatch(List.of(new Metric("test auc", i, i, 0)), List.of(), List.of()));
        }
        Document page = html("/experiments/" + experiment + "?columns=" + query("metrics.test auc"));
        Element header = page.select("#runs-table thead th a").stream().filter(a -> a.text().startsWith("metrics.test auc")).findFirst()
                .orElseThrow();
        Document sorted = html(header.attr("href"));
        assertThat(rows(sorted)).extracting(row -> row.select(".run-name a").text()).containsExactly("r2", "r1", "r0");
        assertThat(sorted.select("#runs-table thead th").eachText()).contains("metrics.test auc ▼");

        assertThat(html("/experiments?search=_").select("#experiments td a").eachText()).containsExactly("under_score");
        assertThat(html("/experiments?search=PLA").select("#experiments td a").eachText()).containsExactly("plain");
    }

    @Test
    void aRunShowsItsValuesMetricHistoryArtifactsAndDatasetsWithNamesEscaped() throws Exception {
        String runId = server.post(API + "/runs/create", "{\"experiment_id\": \"0\", \"run_name\": \"" + SCRIPT_NAME.replace("/", "\\/")
                + "\"}").body().at("/run/info/run_id").asText();
        ArrayNode metrics = JSON.createArrayNode();
        for (int step = 0; step < 30; step++) {
            metrics.addObject().put("key", "loss").put("value", 1.0 / (step + 1)).put("timestamp", 1_000 + step).put("step", step);
        }
        ObjectNode batch = JSON.createObjectNode().put("run_id", runId);
        batch.set("metrics", metrics);
        batch.putArray("params").addObject().put("key", "learning_rate").put("value", "0.3");
        assertThat(server.post(API + "/runs/log-batch", batch.toString()).status()).isEqualTo(200);
        assertThat(server.post(API + "/runs/log-inputs", "{\"run_id\": \"" + runId + "\", \"datasets\": [{\"dataset\": {\"name\": "
                + "\"flights\", \"digest\": \"abc123\", \"source_type\": \"local\", \"source\": \"flights.parquet\"}, \"tags\": [{\"key\": "
                + "\"mlflow.data.context\", \"value\": \"training\"}]}]}").status()).isEqualTo(200);
        byte[] report = "<b>not markup</b>".getBytes(StandardCharsets.UTF_8);
        assertThat(server.put("/api/2.0/mlflow-artifacts/artifacts/0/" + runId + "/artifacts/reports/summary.txt", report).status())
                .isEqualTo(200);

        HttpResponse<String> response = get("/runs/" + runId);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain(SCRIPT_NAME).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        Document page = Jsoup.parse(response.body());
        assertThat(page.select("#run-name").text()).isEqualTo(SCRIPT_NAME);
        assertThat(page.select("#params td").text()).isEqualTo("0.3");
        assertThat(page.select("#metrics td").eachText()).containsExactly("0.0333", "29");
        ObjectNode chart = (ObjectNode) JSON.readTree(page.select(".chart").attr("data-chart"));
        assertThat(chart.at("/series/0/points")).hasSize(30);
        assertThat(chart.at("/series/0/points/29").toString()).isEqualTo("[29,1029,0.03333333333333333]");
        assertThat(page.select("#datasets td").eachText()).contains("flights", "training");

        Element folderLink = page.select("#artifacts a").first();
        assertThat(folderLink.text()).isEqualTo("reports/");
        Document reports = html(folderLink.attr("href"));
        Element file = reports.select("#artifacts a").first();
        assertThat(file.text()).isEqualTo("summary.txt");
        HttpResponse<byte[]> download = server.raw(HttpRequest.newBuilder(server.uri(file.attr("href"))));
        assertThat(download.body()).isEqualTo(report);

        HttpResponse<String> escaping = get("/runs/" + runId + "?path=" + query("../../etc"));
        assertThat(escaping.statusCode()).isEqualTo(400);
        assertThat(Jsoup.parse(escaping.body()).select("#error-message").text()).doesNotContain(folder.toString());
    }

    @Test
    void comparingRunsMarksTheParamsThatDiffer() {
        TrackingStore tracking = server.metadata().tracking();
        String a = run(tracking, "0", "a", 1, List.of(new Param("depth", "4"), new Param("eta", "0.3")), List.of(), 0.7);
        String b = run(tracking, "0", "b", 2, List.of(new Param("depth", "6"), new Param("eta", "0.3")), List.of(), 0.8);

        Document page = html("/compare?runs=" + a + "&runs=" + b);
        assertThat(page.select("#compare-params thead th").eachText()).containsExactly("Parameter", "a", "b");
        assertThat(page.select("#compare-params tr.differs th").eachText()).containsExactly("depth differs");
        assertThat(page.select("#compare-params tbody tr").get(1).select("td").eachText()).containsExactly("0.3", "0.3");
        assertThat(page.select("#compare-metrics tr.differs td").eachText()).containsExactly("0.7", "0.8");
        assertThat(page.select(".chart").attr("data-chart")).contains("\"name\":\"a (").contains("\"name\":\"b (");

        HttpResponse<String> one = get("/compare?runs=" + a);
        assertThat(one.statusCode()).isEqualTo(400);
        assertThat(Jsoup.parse(one.body()).select("#error-message").text()).contains("Choose 2 to 10 runs");
        HttpResponse<String> unknown = get("/compare?runs=" + a + ",nope");
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void modelsShowVersionsStatusSignatureLineageAndDownload() throws Exception {
        server.post(API + "/registered-models/create", "{\"name\": \"cancer\"}");
        String runId = register(trained.exportPackage(folder.resolve("onnx"), 2));
        server.post(API + "/registered-models/alias", "{\"name\": \"cancer\", \"alias\": \"champion\", \"version\": \"1\"}");
        server.post(API + "/model-versions/create", "{\"name\": \"cancer\", \"source\": \"runs:/" + runId + "/nothing-here\"}");

        Document list = html("/models");
        assertThat(list.select("#models td a").eachText()).contains("cancer", "v2");
        Document model = html("/models/cancer");
        assertThat(model.select("#versions tbody tr")).hasSize(2);
        Element failed = model.select("#versions tbody tr").get(0);
        assertThat(failed.select(".status").text()).isEqualTo("FAILED_REGISTRATION");
        assertThat(failed.select(".muted").text()).as("the reason of the failure").isNotEmpty();
        assertThat(model.select("#versions tbody tr").get(1).text()).contains("READY", "champion");

        Document version = html("/models/cancer/versions/1");
        assertThat(version.select("#version-status").text()).isEqualTo("READY");
        assertThat(version.select("#signature-inputs td:first-child").eachText()).containsExactlyElementsOf(trained.featureNames());
        assertThat(version.select("#lineage-run").attr("href")).isEqualTo("/runs/" + runId);
        HttpResponse<byte[]> zip = server.raw(HttpRequest.newBuilder(server.uri(version.select("#download").attr("href"))));
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.headers().firstValue("Content-Type")).hasValue("application/zip");

        assertThat(get("/models/cancer/versions/9").statusCode()).isEqualTo(404);
        assertThat(get("/models/cancer/versions/x").statusCode()).isEqualTo(400);
    }

    @Test
    void aDatasetShowsItsVersionsSchemaProfileAndSplit() {
        String profile = "{\"rowCount\": 4, \"columns\": [{\"kind\": \"numeric\", \"name\": \"delay\", \"type\": \"DOUBLE\", \"count\": 3, "
                + "\"nulls\": 1, \"min\": 0, \"max\": 30, \"mean\": 12.5, \"std\": 3, \"quantiles\": {\"p50\": 10}, \"histogram\": "
                + "[{\"lower\": 0, \"upper\": 15, \"count\": 2}, {\"lower\": 15, \"upper\": 30, \"count\": 1}]}, {\"kind\": "
                + "\"categorical\", \"name\": \"origin\", \"type\": \"VARCHAR\", \"count\": 4, \"nulls\": 0, \"cardinality\": 2, "
                + "\"topValues\": [{\"value\": \"<b>SFO</b>\", \"count\": 3}]}]}";
        String body = "{\"name\": \"flights\", \"digest\": \"" + "a".repeat(64) + "\", \"source_type\": \"file\", \"source\": \"f.parquet\", "
                + "\"row_count\": 4, \"schema\": [{\"name\": \"delay\", \"type\": \"DOUBLE\"}, {\"name\": \"origin\", \"type\": \"VARCHAR\"}], "
                + "\"profile\": " + profile + "}";
        assertThat(server.post("/api/v1/datasets/versions", body).status()).isEqualTo(200);
        assertThat(server.post("/api/v1/datasets/flights/versions/1/split", "{\"parts\": [{\"name\": \"train\", \"definition\": "
                + "\"date < 2001-02-01\", \"row_count\": 3}, {\"name\": \"test\", \"definition\": \"date >= 2001-02-01\", \"row_count\": 1}]}")
                .status()).isEqualTo(200);

        assertThat(html("/datasets").select("#datasets td a").eachText()).containsExactly("flights");
        Document page = html("/datasets/flights");
        assertThat(page.select("#schema td:first-child").eachText()).containsExactly("delay", "origin");
        assertThat(page.select("#split td:first-child").eachText()).containsExactly("train", "test");
        assertThat(page.select("#profile article").get(0).text()).contains("3 values, 1 missing (25.0%)", "mean 12.5");
        assertThat(page.select("#profile .chart").attr("data-chart")).isEqualTo("{\"kind\":\"bar\",\"labels\":[\"0\",\"15\"],\"values\":[2.0,1.0]}");
        assertThat(page.select("#profile article").get(1).select("td").eachText()).containsExactly("<b>SFO</b>", "3");
        assertThat(get("/datasets/flights?version=7").statusCode()).isEqualTo(404);
    }

    @Test
    void aDeploymentShowsItsTrafficAndRecentPredictions() throws Exception {
        server.post(API + "/registered-models/create", "{\"name\": \"cancer\"}");
        register(trained.exportPackage(folder.resolve("onnx"), 2));
        assertThat(server.post("/api/v1/deployments", "{\"name\": \"cancer-api\", \"model\": \"cancer\", \"version\": 1}").status())
                .isEqualTo(201);
        awaitReady("cancer-api");
        for (int i = 0; i < 7; i++) {
            assertThat(server.post("/v2/models/cancer-api/infer", RunningServer.oneRowRequest(trained.rows().get(i))).status()).isEqualTo(200);
        }

        assertThat(html("/deployments").select("#deployments .status").text()).isEqualTo("READY");
        Document page = html("/deployments/cancer-api");
        assertThat(page.select("#deployment-state").text()).isEqualTo("READY");
        Element arm = page.select("#traffic tbody tr").first();
        assertThat(arm.select("td").eachText()).startsWith("stable", "cancer v1", "100%").contains("7", "0 (0.0%)");
        assertThat(page.select("#recent-predictions tbody tr")).hasSize(7);
        assertThat(page.select("#events td").eachText()).isNotEmpty();

        HttpResponse<String> live = get("/deployments/cancer-api/live");
        assertThat(live.body()).doesNotContain("<html").contains("id=\"traffic\"");
    }

    @Test
    void batchJobsShowTheirStateRowsAndOutput() {
        BatchJobStore jobs = server.metadata().batchJobs();
        long done = jobs.create(new NewBatchJob("cancer", 1, "in/rows.csv", "batch-jobs/a/predictions.csv", Optional.empty())).id();
        jobs.start(done);
        jobs.succeed(done, 1_234, "");
        long failed = jobs.create(new NewBatchJob("cancer", 2, "in/<b>x</b>.csv", "batch-jobs/b/predictions.csv", Optional.empty())).id();
        jobs.fail(failed, "Column 'age' is missing from the input");

        Document page = html("/batch-jobs");
        List<Element> rows = page.select("#batch-jobs tbody tr");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).select("td").eachText()).contains(Long.toString(failed), "cancer v2", "in/<b>x</b>.csv");
        assertThat(rows.get(0).select(".error").text()).isEqualTo("Column 'age' is missing from the input");
        assertThat(rows.get(0).select("a[href$=/output]")).isEmpty();
        assertThat(rows.get(1).select("td").eachText()).contains("1,234");
        assertThat(rows.get(1).select("a[href$=/output]").attr("href")).isEqualTo("/api/v1/batch-jobs/" + done + "/output");
    }

    @Test
    void alertsOfEveryDeploymentAreListedNewestFirstWithTheirPipelineRuns() {
        assertThat(html("/alerts").select("p.empty").text()).contains("./cairn alerts rule DEPLOYMENT drift");
        MonitorStore monitors = server.metadata().monitors();
        AlertRule drift = new AlertRule("cancer-api", "drift", AlertCondition.DATASET_DRIFT, 0, "critical", Optional.empty(), Optional.of("retrain"));
        AlertRule broken = new AlertRule("other <b>api</b>", "broken", AlertCondition.INTEGRITY, 3, "warning", Optional.empty(), Optional.empty());
        monitors.putRule(drift);
        monitors.putRule(broken);
        Alert fired = monitors.raise(drift, 1, "dataset drift: 30 of 30 inputs drifted");
        monitors.linkRun(fired.id(), 42);
        monitors.resolve(fired.id(), 2);
        Alert firing = monitors.raise(broken, 3, "integrity: 7 violations in <script>x</script>");

        Document page = html("/alerts");
        assertThat(page.select("header nav a.active").text()).isEqualTo("Alerts");
        List<Element> rows = page.select("#alerts tbody tr");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).hasClass("alert")).isTrue();
        assertThat(rows.get(0).select("td").eachText()).contains(Long.toString(firing.id()), "firing", "broken", "warning", "other <b>api</b>",
                "integrity: 7 violations in <script>x</script>");
        assertThat(rows.get(0).select("a[href^=/deployments/]").attr("href")).isEqualTo("/deployments/other%20%3Cb%3Eapi%3C%2Fb%3E");
        assertThat(rows.get(1).select("td").eachText()).contains("resolved", "drift", "critical", "cancer-api", "run 42");
        assertThat(rows.get(1).select("a[href^=/pipelines/runs/]").attr("href")).isEqualTo("/pipelines/runs/42");
        assertThat(page.select("script:not([src])")).as("a message is text, never markup").isEmpty();
    }

    @Test
    void pipelineRunsShowEachStepsStateCacheHitOutputsErrorAndLog() throws Exception {
        StepTypes types = new StepTypes(List.of(
                new FunctionStep("count", context -> {
                    context.log().println("counted 3 rows of " + SCRIPT_NAME);
                    return 3;
                }),
                new FunctionStep("explode", context -> {
                    throw new IllegalStateException("no <b>rows</b> left");
                })));
        PipelineSpec spec = new PipelineSpecReader(types).read("""
                name: demo
                experiment: demo-pipeline
                steps:
                  count:
                    type: count
                  explode:
                    type: explode
                    inputs:
                      counted: ${steps.count.outputs.result}
                    retries: 1
                  after:
                    type: count
                    inputs:
                      exploded: ${steps.explode.outputs.result}
                """, folder);
        LocalArtifactStore artifacts = new LocalArtifactStore(folder.resolve("server").resolve("artifacts"));
        PipelineExecutor executor = InProcessPipelines.executor(types, server.metadata(), artifacts,
                new ExecutionSettings(1, Duration.ofMillis(1), folder.resolve("work")), event -> { });
        String first = executor.run(spec, false).runId();
        String second = executor.run(spec, false).runId();

        Document list = html("/pipelines");
        List<Element> runs = list.select("#pipeline-runs tbody tr");
        assertThat(runs).as("newest first").hasSize(2);
        assertThat(runs.get(0).select("a").attr("href")).isEqualTo("/pipelines/runs/" + second);
        assertThat(runs.get(0).select("td").eachText()).contains("demo", "FAILED");
        assertThat(runs.get(0).select("td.ran, td.cached, td.failed").eachText()).containsExactly("0", "1", "1");
        assertThat(runs.get(1).select("td.ran, td.cached, td.failed").eachText()).containsExactly("1", "0", "1");
        assertThat(list.select("nav a.active").text()).isEqualTo("Pipelines");

        Document firstRun = html("/pipelines/runs/" + first);
        assertThat(firstRun.select("#steps tbody tr").eachAttr("data-step")).as("the cancelled step has no run").containsExactly("count", "explode");
        Element counted = firstRun.select("#steps tr[data-step=count]").first();
        assertThat(counted.select(".status").text()).isEqualTo("ran");
        assertThat(counted.select(".outputs").text()).contains("result", "metrics", "value = 3");
        assertThat(counted.select("td.mono").text()).hasSize(12);
        Element exploded = firstRun.select("#steps tr[data-step=explode]").first();
        assertThat(exploded.select(".status").text()).isEqualTo("failed");
        assertThat(exploded.select("td.num").first().text()).as("attempts").isEqualTo("2");
        assertThat(firstRun.select("#step-explode .error").text()).isEqualTo("no <b>rows</b> left");
        assertThat(firstRun.select("#step-explode pre.log").text()).contains("Attempt 2 failed: no <b>rows</b> left");
        assertThat(firstRun.select("#step-count pre.log").text()).isEqualTo("counted 3 rows of " + SCRIPT_NAME);
        assertThat(firstRun.select("#step-count script")).isEmpty();
        String countRun = firstRun.select("#step-count h3 a").attr("href");
        JsonNode graph = JSON.readTree(firstRun.select("#step-graph").attr("data-chart"));
        assertThat(graph.path("kind").asText()).isEqualTo("dag");
        assertThat(graph.path("nodes").findValuesAsText("name")).containsExactly("count", "explode");
        assertThat(graph.at("/nodes/1/column").asInt()).as("explode reads from count: one column further").isEqualTo(1);
        assertThat(graph.at("/nodes/1/state").asText()).isEqualTo("failed");
        assertThat(graph.path("edges").toString()).isEqualTo("[[\"count\",\"explode\"]]");

        Document secondRun = html("/pipelines/runs/" + second);
        Element cached = secondRun.select("#steps tr[data-step=count]").first();
        assertThat(cached.select(".status").text()).isEqualTo("cached");
        assertThat(cached.select(".cached-from a").attr("href")).as("the run that did the work").isEqualTo(countRun);
        assertThat(cached.select("td.mono").text()).isEqualTo(counted.select("td.mono").text());
        assertThat(secondRun.select("#step-count pre.log")).isEmpty();
        assertThat(secondRun.select("#step-counts").text()).isEqualTo("0 ran, 1 cached, 1 failed");

        HttpResponse<String> notPipeline = get(countRun.replace("/runs/", "/pipelines/runs/"));
        assertThat(notPipeline.statusCode()).isEqualTo(404);
        assertThat(Jsoup.parse(notPipeline.body()).select("main a").attr("href")).isEqualTo("/pipelines");
    }

    @Test
    void storedPipelinesListTheirScheduleAndTheirRequestedRuns() throws Exception {
        Files.writeString(folder.resolve("numbers.csv"), "n\n1\n2\n");
        String spec = """
                name: nightly
                steps:
                  numbers:
                    type: dataset
                    params: {name: numbers, path: numbers.csv}
                """;
        PipelineStore pipelines = server.metadata().pipelines();
        pipelines.create(new NewPipeline("nightly", spec, folder.toString(), ConcurrencyPolicy.SKIP, true));
        pipelines.setSchedule("nightly", Optional.of(PipelineSchedule.of("0 2 * * *", "Europe/Paris")));
        PipelineRun requested = pipelines.request("nightly", RunRequest.of(TriggerKind.EVENT, "drift <alert>")
                .withParams(Map.of("window_from", "<b>2001</b>")));

        Document list = html("/pipelines");
        Element row = list.select("#stored-pipelines tbody tr").first();
        assertThat(row.select("a").attr("href")).isEqualTo("/pipelines/stored/nightly");
        assertThat(row.select("td").eachText()).contains("skip", "data changes", "0 0 2 * * * Europe/Paris");
        assertThat(row.select(".status").text()).as("the latest run's state, however far it got").isNotEmpty();

        Document page = html("/pipelines/stored/nightly");
        assertThat(page.select("#schedule").text()).contains("0 0 2 * * *", "Europe/Paris", "next");
        assertThat(page.select("#requested-runs tbody tr").eachAttr("data-run")).containsExactly(String.valueOf(requested.id()));
        assertThat(page.select("#requested-runs td").eachText()).contains("event: drift <alert> window_from=<b>2001</b>");
        assertThat(page.select("#requested-runs .params").text()).as("escaped, shown as text").isEqualTo("window_from=<b>2001</b>");
        assertThat(page.select("pre.spec").text()).contains("type: dataset");
        assertThat(get("/pipelines/stored/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void unknownThingsArePagesWithAWayBackAndTheApiStaysJson() {
        HttpResponse<String> run = get("/runs/0123456789abcdef");
        assertThat(run.statusCode()).isEqualTo(404);
        assertThat(run.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        Document page = Jsoup.parse(run.body());
        assertThat(page.select("#error-message").text()).contains("0123456789abcdef");
        assertThat(page.select("main a").attr("href")).isEqualTo("/experiments");
        assertThat(Jsoup.parse(get("/deployments/nope").body()).select("main a").attr("href")).isEqualTo("/deployments");

        HttpResponse<String> root = get("/");
        assertThat(root.statusCode()).as("the root leads to the experiments").isEqualTo(302);
        assertThat(root.headers().firstValue("Location")).hasValue("/experiments");
        assertThat(server.get("/no/such/api").errorCode()).isEqualTo("ENDPOINT_NOT_FOUND");
        assertThat(server.get(API + "/runs/get?run_id=nope").errorCode()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
    }

    @Test
    void scriptsAreServedGzippedFromTheClasspath() {
        HttpResponse<byte[]> htmx = server.raw(HttpRequest.newBuilder(server.uri("/static/htmx.min.js")).header("Accept-Encoding", "gzip"));
        assertThat(htmx.statusCode()).isEqualTo(200);
        assertThat(htmx.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(htmx.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/javascript"));
        HttpResponse<String> echarts = get("/static/echarts.min.js");
        assertThat(echarts.body()).contains("echarts");
        assertThat(get("/static/..%2F..%2Fpom.xml").statusCode()).isNotEqualTo(200);
        assertThat(get("/static/nothing.js").statusCode()).isEqualTo(404);
    }

    private static String run(TrackingStore tracking, String experiment, String name, long startTime, List<Param> params, List<Tag> tags,
                              double auc) {
        String runId = tracking.createRun(new NewRun(experiment, "tester", Optional.of(name), startTime, tags)).info().runId();
        tracking.logBatch(runId, new LogBatch(List.of(new Metric("auc", auc, startTime, 0)), params, List.of()));
        return runId;
    }

    private String register(ModelPackage modelPackage) throws Exception {
        JsonNode version = server.registerPackage("cancer", modelPackage.folder());
        assertThat(version.path("status").asText()).as(version.toString()).isEqualTo("READY");
        return version.path("run_id").asText();
    }

    private void awaitReady(String name) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        // Loaded in this server and reported ready in the store: the pages show both.
        while (server.get("/v2/models/" + name + "/ready").status() != 200
                || !server.get("/api/v1/deployments/" + name).body().at("/deployment/state").asText().equals("ready")) {
            assertThat(System.nanoTime()).as("deployment %s ready within 30 s", name).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private HttpResponse<String> get(String path) {
        return server.raw(HttpRequest.newBuilder(server.uri(path)), HttpResponse.BodyHandlers.ofString());
    }

    private Document html(String path) {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return Jsoup.parse(response.body());
    }

    private static List<Element> rows(Document page) {
        return page.select("#runs-table tbody tr");
    }

    private static List<String> runIds(Document page) {
        List<String> ids = new ArrayList<>();
        rows(page).forEach(row -> ids.add(row.attr("data-run-id")));
        return ids;
    }

    private static String query(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
