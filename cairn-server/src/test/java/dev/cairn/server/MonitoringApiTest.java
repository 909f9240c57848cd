package dev.cairn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.core.store.TestDatabase;
import dev.cairn.model.testing.BreastCancerModel;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Monitoring over real HTTP: a deployed model's predictions compared with the data it was trained
 * on, found through the training run's lineage; stored results; KPIs; and the errors a caller can
 * make, each a 4xx in JSON.
 */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class MonitoringApiTest {
    private static final String API = "/api/2.0/mlflow";
    private static final ObjectMapper JSON = new ObjectMapper();
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
    void start() throws Exception {
        server = new RunningServer(kind, folder.resolve("server"));
        server.post(API + "/registered-models/create", "{\"name\": \"cancer\"}");
        JsonNode version = server.registerPackage("cancer", trained.exportPackage(folder.resolve("onnx"), 4).folder());
        String runId = version.get("run_id").asText();
        // The training data as the run's artifact, registered as a dataset version and logged as the run's training input.
        String csv = String.join(",", trained.featureNames()) + "\n" + trained.rows().stream()
                .map(row -> java.util.Arrays.stream(row).mapToObj(Double::toString).collect(Collectors.joining(","))).collect(Collectors.joining("\n"));
        assertThat(server.put("/api/2.0/mlflow-artifacts/artifacts/0/" + runId + "/artifacts/data/training.csv",
                csv.getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
        ObjectNode dataset = JSON.createObjectNode().put("name", "cancer-data").put("digest", "ab".repeat(32)).put("source_type", "local")
                .put("source", "training.csv").put("artifact_uri", "mlflow-artifacts:/0/" + runId + "/artifacts/data/training.csv")
                .put("row_count", trained.rows().size());
        ArrayNode schema = dataset.putArray("schema");
        trained.featureNames().forEach(feature -> schema.addObject().put("name", feature).put("type", "DOUBLE"));
        dataset.putObject("profile");
        RunningServer.Response registered = server.post("/api/v1/datasets/versions", dataset.toString());
        assertThat(registered.status()).as(registered.body().toString()).isEqualTo(200);
        ObjectNode inputs = JSON.createObjectNode().put("run_id", runId);
        ObjectNode input = inputs.putArray("datasets").addObject();
        input.putObject("dataset").put("name", "cancer-data").put("digest", "ab".repeat(32)).put("source_type", "cairn-dataset")
                .put("source", "cairn-dataset:/cancer-data/1");
        input.putArray("tags").addObject().put("key", "mlflow.data.context").put("value", "training");
        assertThat(server.post(API + "/runs/log-inputs", inputs.toString()).status()).isEqualTo(200);
        server.deploy("cancer-api", "{\"model\": \"cancer\", \"version\": 1}");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void windowsAreComparedWithTheTrainingDataFoundThroughLineageAndStored() throws Exception {
        long start = System.currentTimeMillis() - 1;
        // Every third row of the training data: the same distribution.
        JsonNode answered = infer(IntStream.range(0, trained.rows().size()).filter(r -> r % 3 == 0).boxed().toList(), value -> value);
        // Labels for the first 50: the predicted label itself, so the real accuracy is exactly 1.
        ArrayNode labels = JSON.createArrayNode();
        JsonNode predictedLabels = StreamSupport.stream(answered.get("outputs").spliterator(), false)
                .filter(output -> output.get("name").asText().equals("label")).findFirst().orElseThrow().get("data");
        for (int i = 0; i < 50; i++) {
            labels.addObject().put("prediction_id", answered.at("/parameters/prediction_ids/" + i).asText()).put("label", predictedLabels.get(i).asText());
        }
        assertThat(server.post("/api/v1/deployments/cancer-api/labels", JSON.createObjectNode().set("labels", labels).toString()).status())
                .isEqualTo(200);
        long middle = System.currentTimeMillis() + 1;
        Thread.sleep(5);
        RunningServer.Response same = run("{\"from\": " + start + ", \"to\": " + middle + "}");
        assertThat(same.status()).as(same.body().toString()).isEqualTo(200);
        JsonNode first = same.body().get("result");
        assertThat(first.get("rows").asLong()).isEqualTo((trained.rows().size() + 2) / 3);
        assertThat(first.get("reference").asText()).isEqualTo("cancer-data@1");
        assertThat(first.get("columns").asInt()).isEqualTo(trained.featureNames().size());
        assertThat(first.get("dataset_drift").asBoolean()).isFalse();
        assertThat(first.get("drifted_columns").asInt()).as("a few p-values under 0.05 by chance at most").isLessThan(6);
        assertThat(first.get("integrity_violations").asInt()).isZero();
        JsonNode report = first.get("report");
        assertThat(report.at("/feature_drift/columns/0/method").asText()).as("569 reference rows: Kolmogorov-Smirnov").isEqualTo("ks");
        assertThat(report.at("/prediction_drift/columns")).extracting(column -> column.get("column").asText()).contains("output.label");
        assertThat(report.at("/prediction_drift/dataset_drift").asBoolean()).isFalse();
        assertThat(report.get("model_version").asInt()).isEqualTo(1);
        assertThat(report.at("/performance/labelled").asInt()).isEqualTo(50);
        assertThat(report.at("/performance/real/accuracy").asDouble()).isEqualTo(1.0);
        assertThat(report.at("/performance/estimated/accuracy").asDouble()).as("CBPE from the probabilities").isBetween(0.8, 1.0);

        // The same rows tripled and moved: every input drifts and leaves the training range, and so do the outputs.
        infer(IntStream.range(0, 150).boxed().toList(), value -> 3 * value + 2);
        long end = System.currentTimeMillis() + 1;
        RunningServer.Response shifted = run("{\"from\": " + middle + ", \"to\": " + end + "}");
        assertThat(shifted.status()).as(shifted.body().toString()).isEqualTo(200);
        JsonNode second = shifted.body().get("result");
        assertThat(second.get("rows").asLong()).isEqualTo(150);
        assertThat(second.get("dataset_drift").asBoolean()).isTrue();
        assertThat(second.get("drifted_columns").asInt()).isEqualTo(trained.featureNames().size());
        assertThat(second.get("integrity_violations").asInt()).isPositive();
        assertThat(second.at("/report/integrity/columns/0/out_of_range/violated").asBoolean()).isTrue();

        JsonNode listed = server.get("/api/v1/deployments/cancer-api/monitors/results").body().get("results");
        assertThat(listed).extracting(result -> result.get("id").asLong()).containsExactly(second.get("id").asLong(), first.get("id").asLong());
        assertThat(listed.get(0).has("report")).as("lists carry the summary only").isFalse();
        RunningServer.Response one = server.get("/api/v1/deployments/cancer-api/monitors/results/" + first.get("id").asLong());
        assertThat(one.body().at("/result/report/feature_drift/columns")).hasSize(trained.featureNames().size());

        // The latest window as Prometheus gauges, which pass promtool.
        String metrics = new String(server.raw(HttpRequest.newBuilder(server.uri("/metrics")).GET()).body(), StandardCharsets.UTF_8);
        assertThat(metrics).contains("cairn_monitor_inputs_drifted_share{deployment=\"cancer-api\"} 1.0",
                "cairn_monitor_dataset_drift{deployment=\"cancer-api\"} 1.0", "cairn_monitor_window_predictions{deployment=\"cancer-api\"} 150.0",
                "cairn_alerts_firing{deployment=\"cancer-api\"} 0.0");
        Promtool.assertLintFree(metrics);

        // The deployment's page lists both windows, the drifted one marked, and charts them.
        Document page = page("/deployments/cancer-api");
        assertThat(page.select("#monitors tbody tr")).hasSize(2);
        assertThat(page.select("#monitors tbody tr").get(0).hasClass("alert")).isTrue();
        assertThat(page.select("#monitors tbody tr").get(0).select("td").get(2).text()).isEqualTo("30 of 30");
        assertThat(page.select("div.chart[data-chart]")).hasSize(2);
        assertThat(page.select("script[src=/static/echarts.min.js]")).hasSize(1);
        // Drift per input over time: every input in each window, oldest first, drifted (1) in the second only.
        JsonNode grid = JSON.readTree(page.select("#column-drift").attr("data-chart"));
        assertThat(grid.get("kind").asText()).isEqualTo("grid");
        assertThat(grid.get("windows")).extracting(JsonNode::asLong).containsExactly(middle, end);
        assertThat(grid.get("columns")).extracting(JsonNode::asText).containsExactlyElementsOf(trained.featureNames());
        assertThat(grid.get("cells")).hasSize(2 * trained.featureNames().size());
        assertThat(StreamSupport.stream(grid.get("cells").spliterator(), false).filter(cell -> cell.get(0).asInt() == 1)
                .allMatch(cell -> cell.get(2).asInt() == 1 && cell.get(3).asText().equals("ks"))).isTrue();
    }

    @Test
    void fairnessByASensitiveInputAndPermutationImportanceAreAddedToTheStoredReportOnRequest() throws Exception {
        long start = System.currentTimeMillis() - 1;
        // The first input (mean radius, standardized) as a group of two values, 1 for the tumours larger than the mean and -1 for
        // the others: larger tumours are more often malignant, so the model selects the groups at different rates.
        List<Integer> rows = IntStream.range(0, trained.rows().size()).boxed().toList();
        JsonNode answered = infer(rows, (row, column, value) -> column == 0 ? (value > 0 ? 1 : -1) : value);
        JsonNode predictedLabels = output(answered, "label");
        ArrayNode labels = JSON.createArrayNode();
        // Enough labels (250, both classes) for importance to measure the drop of ROC AUC over them.
        for (int i = 0; i < 250; i++) {
            labels.addObject().put("prediction_id", answered.at("/parameters/prediction_ids/" + i).asText()).put("label", predictedLabels.get(i).asText());
        }
        assertThat(server.post("/api/v1/deployments/cancer-api/labels", JSON.createObjectNode().set("labels", labels).toString()).status())
                .isEqualTo(200);
        long end = System.currentTimeMillis() + 1;
        String window = "\"from\": " + start + ", \"to\": " + end;

        RunningServer.Response ran = run("{" + window + ", \"sensitive_column\": \"f00\", \"importance\": true}");
        assertThat(ran.status()).as(ran.body().toString()).isEqualTo(200);
        JsonNode report = ran.body().at("/result/report");
        JsonNode fairness = report.get("fairness");
        String positive = report.at("/performance/positive_class").asText();
        assertThat(fairness.get("column").asText()).isEqualTo("f00");
        assertThat(fairness.get("positive_class").asText()).isEqualTo(positive);
        // The selection rates counted again from the probabilities the endpoint answered.
        JsonNode probabilities = output(answered, "probability_" + positive);
        double[] selected = new double[2];
        double[] counts = new double[2];
        for (int i = 0; i < rows.size(); i++) {
            int group = trained.rows().get(rows.get(i))[0] > 0 ? 1 : 0;
            counts[group]++;
            selected[group] += probabilities.get(i).asDouble() > 0.5 ? 1 : 0;
        }
        JsonNode groups = fairness.get("groups");
        assertThat(groups).extracting(group -> group.get("group").asText()).containsExactly("-1.0", "1.0");
        assertThat(groups.get(0).get("count").asLong()).isEqualTo((long) counts[0]);
        assertThat(groups.get(0).get("selection_rate").asDouble()).isCloseTo(selected[0] / counts[0], within(1e-9));
        assertThat(groups.get(1).get("selection_rate").asDouble()).isCloseTo(selected[1] / counts[1], within(1e-9));
        double low = Math.min(selected[0] / counts[0], selected[1] / counts[1]);
        double high = Math.max(selected[0] / counts[0], selected[1] / counts[1]);
        assertThat(fairness.get("demographic_parity_difference").asDouble()).isCloseTo(high - low, within(1e-9));
        assertThat(fairness.get("demographic_parity_ratio").asDouble()).isCloseTo(low / high, within(1e-9));
        assertThat(low / high).as("the larger tumours are selected far more often").isLessThan(0.8);
        assertThat(fairness.get("flagged").asBoolean()).isTrue();
        // The labels are the predictions themselves: every group's true positive rate is 1 and false positive rate 0.
        assertThat(fairness.at("/equalized_odds/difference").asDouble()).isZero();

        JsonNode importance = report.get("importance");
        assertThat(importance.get("metric").asText()).as("labels name the classes").isEqualTo("roc_auc");
        assertThat(importance.get("rows").asInt()).isEqualTo(250);
        assertThat(importance.get("seed").asLong()).isEqualTo(42);
        assertThat(importance.get("baseline").asDouble()).as("the real AUC of the labelled rows")
                .isEqualTo(report.at("/performance/real/roc_auc").asDouble());
        assertThat(importance.get("features")).hasSize(trained.featureNames().size());
        List<Double> ranked = StreamSupport.stream(importance.get("features").spliterator(), false)
                .map(feature -> feature.get("importance").asDouble()).toList();
        assertThat(ranked).isSortedAccordingTo(Comparator.reverseOrder());
        RunningServer.Response stored = server.get("/api/v1/deployments/cancer-api/monitors/results/" + ran.body().at("/result/id").asLong());
        assertThat(stored.body().at("/result/report/fairness")).isEqualTo(fairness);
        assertThat(stored.body().at("/result/report/importance")).isEqualTo(importance);

        // Without the options the report has neither section.
        assertThat(run("{" + window + "}").body().at("/result/report").has("fairness")).isFalse();

        expect(run("{" + window + ", \"sensitive_column\": \"gender\"}"), 400, "Sensitive column 'gender' is not an input");
        expect(run("{" + window + ", \"sensitive_column\": \"f01\"}"), 400, "at most 100 groups");
        expect(run("{" + window + ", \"sensitive_column\": 3}"), 400, "sensitive_column");
        expect(run("{" + window + ", \"importance\": \"maybe\"}"), 400, "importance");
        assertThat(server.get("/api/v1/deployments/cancer-api/monitors/results").body().get("results")).as("refused runs store nothing")
                .hasSize(2);
    }

    @Test
    void anAlertFiresOnceWhileDriftLastsRequestsRetrainingReachesAFailingWebhookAndResolves() throws Exception {
        // A receiver that fails its first two deliveries: the channel must retry with backoff.
        List<JsonNode> delivered = new CopyOnWriteArrayList<>();
        AtomicInteger attempts = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = attempts.incrementAndGet() <= 2 ? 500 : 200;
            if (status == 200) {
                delivered.add(JSON.readTree(body));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        try {
            Path data = Files.createDirectories(folder.resolve("pipeline"));
            Files.writeString(data.resolve("flights.csv"), "date,delay\n2001-01-01,20\n2001-01-02,5\n");
            String spec = "name: retrain\nparams: {window_from: '', deployment: ''}\nsteps:\n  flights:\n    type: dataset\n"
                    + "    params: {name: 'flights-${params.deployment}', path: flights.csv}\n";
            assertThat(server.post("/api/v1/pipelines", JSON.createObjectNode().put("spec", spec).put("folder", data.toString()).toString())
                    .status()).isEqualTo(201);
            String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            RunningServer.Response rule = server.post("/api/v1/deployments/cancer-api/alert-rules", "{\"name\": \"drift\", \"condition\": "
                    + "\"dataset_drift\", \"severity\": \"critical\", \"webhook\": \"" + hook + "\", \"pipeline\": \"retrain\"}");
            assertThat(rule.status()).as(rule.body().toString()).isEqualTo(201);
            assertThat(server.get("/api/v1/deployments/cancer-api/alert-rules").body().at("/rules/0/pipeline").asText()).isEqualTo("retrain");

            long start = System.currentTimeMillis() - 1;
            infer(IntStream.range(0, 150).boxed().toList(), value -> 3 * value + 2);
            long shifted = System.currentTimeMillis() + 1;
            assertThat(run("{\"from\": " + start + ", \"to\": " + shifted + "}").status()).isEqualTo(200);
            JsonNode alerts = server.get("/api/v1/alerts?state=firing").body().get("alerts");
            assertThat(alerts).hasSize(1);
            JsonNode alert = alerts.get(0);
            assertThat(alert.get("severity").asText()).isEqualTo("critical");
            assertThat(alert.get("message").asText()).startsWith("dataset drift: 30 of 30 inputs drifted against cancer-data@1");
            long pipelineRun = alert.get("pipeline_run").asLong();
            JsonNode requested = server.get("/api/v1/pipelines/retrain/runs/" + pipelineRun).body().get("run");
            assertThat(requested.get("trigger").asText()).isEqualTo("EVENT");
            assertThat(requested.get("trigger_detail").asText()).startsWith("alert " + alert.get("id").asLong() + " (drift on cancer-api)");
            assertThat(requested.get("params")).as("the alert's window and deployment, the two the pipeline declares").hasSize(2);
            assertThat(requested.at("/params/deployment").asText()).isEqualTo("cancer-api");
            assertThat(Instant.parse(requested.at("/params/window_from").asText()).toEpochMilli()).isEqualTo(start);

            // The same drift in the next window keeps the alert firing: no second alert, no second delivery.
            assertThat(run("{\"from\": " + start + ", \"to\": " + shifted + "}").status()).isEqualTo(200);
            assertThat(server.get("/api/v1/alerts").body().get("alerts")).hasSize(1);

            long calm = System.currentTimeMillis() + 2;
            Thread.sleep(3);
            infer(IntStream.range(0, trained.rows().size()).filter(r -> r % 3 == 0).boxed().toList(), value -> value);
            long calmEnd = System.currentTimeMillis() + 1;
            // A run over chosen columns answers a question; it neither resolves nor raises the deployment's alerts.
            assertThat(run("{\"from\": " + calm + ", \"to\": " + calmEnd + ", \"columns\": [\"f00\"]}").status()).isEqualTo(200);
            assertThat(server.get("/api/v1/alerts?state=firing").body().get("alerts")).hasSize(1);
            assertThat(run("{\"from\": " + calm + ", \"to\": " + calmEnd + "}").status()).isEqualTo(200);
            JsonNode resolved = server.get("/api/v1/alerts").body().at("/alerts/0");
            assertThat(resolved.get("state").asText()).isEqualTo("resolved");
            assertThat(resolved.has("resolved_time")).isTrue();
            // Neither last window's drift run again nor a drift share of 1% raises an alert about the deployment now.
            assertThat(run("{\"from\": " + start + ", \"to\": " + shifted + "}").status()).isEqualTo(200);
            assertThat(run("{\"from\": " + calm + ", \"to\": " + calmEnd + ", \"drift_share\": 0.01}").status()).isEqualTo(200);
            assertThat(server.get("/api/v1/alerts").body().get("alerts")).hasSize(1);

            // Firing (after two failed attempts, 1 s and 2 s apart), then resolved: two deliveries, in order.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (delivered.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(delivered).extracting(body -> body.get("state").asText()).containsExactly("firing", "resolved");
            assertThat(attempts.get()).isEqualTo(4);
            assertThat(delivered.get(0).get("pipeline_run").asLong()).isEqualTo(pipelineRun);
            assertThat(delivered.get(0).at("/window/rows").asLong()).isEqualTo(150);

            RunningServer.Response acked = server.post("/api/v1/alerts/" + alert.get("id").asLong() + "/ack", "{}");
            assertThat(acked.body().at("/alert/acknowledged").asBoolean()).isTrue();
            Document page = page("/deployments/cancer-api");
            assertThat(page.select("#alerts tbody tr")).hasSize(1);
            assertThat(page.select("#alerts tbody tr td").eachText()).contains("drift", "critical", "resolved (ack)", "run " + pipelineRun);
            assertThat(page.select("#alerts a[href=/pipelines/runs/" + pipelineRun + "]")).hasSize(1);
            Document alertsPage = page("/alerts");
            assertThat(alertsPage.select("#alerts tbody tr td").eachText()).contains("cancer-api", "drift", "critical", "resolved (ack)",
                    "run " + pipelineRun);
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void alertRuleMistakesAreActionable4xx() {
        String rules = "/api/v1/deployments/cancer-api/alert-rules";
        expect(server.post(rules, "{\"name\": \"x\", \"condition\": \"sadness\"}"), 400, "dataset_drift, prediction_drift");
        expect(server.post(rules, "{\"name\": \"x\", \"condition\": \"drift_share\", \"threshold\": 2}"), 400, "between 0 and 1");
        expect(server.post(rules, "{\"name\": \"x\", \"condition\": \"integrity\", \"threshold\": -1}"), 400, ">= 0");
        expect(server.post(rules, "{\"name\": \"../x\", \"condition\": \"integrity\"}"), 400, "letters, digits");
        expect(server.post(rules, "{\"name\": \"x\", \"condition\": \"integrity\", \"severity\": \"doom\"}"), 400, "info, warning or critical");
        expect(server.post(rules, "{\"name\": \"x\", \"condition\": \"integrity\", \"webhook\": \"ftp://h/x\"}"), 400, "http or https");
        expect(server.post(rules, "{\"name\": \"x\", \"condition\": \"integrity\", \"webhook\": \"http://a b\"}"), 400, "does not parse");
        expect(server.post(rules, "{\"name\": \"x\", \"condition\": \"integrity\", \"pipeline\": \"nothing\"}"), 404, "nothing");
        expect(server.post("/api/v1/deployments/ghost/alert-rules", "{\"name\": \"x\", \"condition\": \"integrity\"}"), 404, "ghost");
        expect(server.send("DELETE", rules + "/x", ""), 404, "no alert rule named 'x'");
        expect(server.get("/api/v1/alerts?state=bogus"), 400, "firing or resolved");
        expect(server.post(rules, "{\"name\": \"x\", \"condition\": \"dataset_drift\", \"threshold\": 0.3}"), 400, "takes no threshold");
        expect(server.post(rules, "{\"name\": \"x\", \"condition\": \"integrity\", \"threshold\": 1.5}"), 400, "whole number");
        expect(server.post(rules, "{\"name\": \"x\", \"condition\": \"integrity\", \"webhook\": \"http://169.254.169.254/latest/\"}"), 400,
                "link-local");
        expect(server.post(rules, "{\"name\": \"x\", \"condition\": \"integrity\", \"pipeline\": \"a\\u0000b\"}"), 400, "control characters");
        expect(server.post("/api/v1/alerts/x/ack", "{}"), 400, "whole number");
        expect(server.post("/api/v1/alerts/99999/ack", "{}"), 404, "99999");
        assertThat(server.get(rules).body().get("rules")).as("nothing refused was stored").isEmpty();
    }

    @Test
    void kpisArePostedAloneOrInBatchesAndReadBackByNameAndDeployment() {
        assertThat(server.post("/api/v1/kpis", "{\"name\": \"conversion\", \"value\": 0.12, \"time\": 1000, \"deployment\": \"cancer-api\"}")
                .status()).isEqualTo(201);
        RunningServer.Response batch = server.post("/api/v1/kpis", "{\"kpis\": [{\"name\": \"conversion\", \"value\": 0.15, \"time\": 2000}, "
                + "{\"name\": \"revenue\", \"value\": 99.5}]}");
        assertThat(batch.status()).isEqualTo(201);
        assertThat(batch.body().get("recorded").asInt()).isEqualTo(2);
        JsonNode conversion = server.get("/api/v1/kpis?name=conversion").body().get("kpis");
        assertThat(conversion).extracting(kpi -> kpi.get("value").asDouble()).containsExactly(0.12, 0.15);
        assertThat(server.get("/api/v1/kpis?deployment=cancer-api").body().get("kpis")).hasSize(1);
        assertThat(server.get("/api/v1/kpis?name=revenue").body().at("/kpis/0/time").asLong()).isGreaterThan(1_000_000_000_000L);

        // The deployment's page charts the KPIs posted about it (not those about nothing), and has no windows yet.
        assertThat(page("/deployments/cancer-api").select("p.empty").text()).contains("./cairn monitor run cancer-api");
        server.post("/api/v1/kpis", "{\"name\": \"conversion\", \"value\": 0.2, \"deployment\": \"cancer-api\"}");
        Document page = page("/deployments/cancer-api");
        assertThat(page.select("div.chart[data-chart]")).hasSize(1);
        assertThat(page.select("div.chart[data-chart]").attr("data-chart")).contains("conversion").doesNotContain("revenue");
    }

    @Test
    void mistakesAreActionable4xxAndStoreNothing() throws Exception {
        expect(server.post("/api/v1/deployments/ghost/monitors/run", "{}"), 404, "ghost");
        expect(run("{\"from\": 10, \"to\": 5}"), 400, "before it starts");
        expect(run("{\"reference_dataset\": \"cancer-data\"}"), 400, "Name both");
        expect(run("{\"reference_dataset\": \"nothing\", \"reference_version\": 1}"), 404, "nothing");
        expect(run("{\"reference_dataset\": \"cancer-data\", \"reference_version\": 0}"), 400, "version");
        expect(run("{\"from\": 0, \"to\": 1000}"), 400, "no predictions");
        expect(run("{\"from\": " + Long.MIN_VALUE + ", \"to\": " + Long.MAX_VALUE + "}"), 400, "no predictions");
        expect(run("{\"drift_share\": \"lots\"}"), 400, "drift_share");
        expect(run("{\"columns\": [\"nope\"], \"from\": 0}"), 400, "no predictions");
        expect(run("{\"drift_share\": 7}"), 400, "drift share");
        expect(run("["), 400, "not valid JSON");
        expect(server.get("/api/v1/deployments/cancer-api/monitors/results/x"), 400, "whole number");
        expect(server.get("/api/v1/deployments/cancer-api/monitors/results/99999"), 404, "99999");
        expect(server.get("/api/v1/deployments/ghost/monitors/results"), 404, "ghost");
        expect(server.get("/api/v1/deployments/cancer-api/monitors/results?limit=0"), 400, "limit");
        assertThat(server.get("/api/v1/deployments/cancer-api/monitors/results").body().get("results")).isEmpty();

        // A version whose training run logged no dataset cannot find its reference by itself.
        server.registerPackage("cancer", trained.exportTribuoPackage(folder.resolve("tribuo"), 4).folder());
        server.deploy("plain", "{\"model\": \"cancer\", \"version\": 2}");
        expect(server.post("/api/v1/deployments/plain/monitors/run", "{}"), 400, "no training dataset in its lineage");

        expect(server.post("/api/v1/kpis", "{\"name\": \"x\", \"value\": \"NaN\"}"), 400, "finite number");
        expect(server.post("/api/v1/kpis", "{\"name\": \"x\"}"), 400, "value");
        expect(server.post("/api/v1/kpis", "{\"value\": 1}"), 400, "name");
        expect(server.post("/api/v1/kpis", "{\"name\": \"x\", \"value\": 1, \"time\": -5}"), 400, "end of year 9999");
        expect(server.post("/api/v1/kpis", "{\"name\": \"x\", \"value\": 1, \"time\": " + Long.MAX_VALUE + "}"), 400, "end of year 9999");
        expect(server.post("/api/v1/kpis", "{\"name\": \"a\\u0000b\", \"value\": 1}"), 400, "control characters");
        expect(server.post("/api/v1/kpis", "{\"kpis\": []}"), 400, "'kpis' is empty");
        expect(server.post("/api/v1/kpis", "{\"kpis\": [{\"name\": \"x\", \"value\": 1}], \"name\": \"y\", \"value\": 2}"), 400, "not both");
        expect(server.post("/api/v1/kpis", "{\"name\": \"x\", \"value\": 1, \"deployment\": \"ghost\"}"), 404, "ghost");
        ArrayNode many = JSON.createArrayNode();
        for (int i = 0; i <= 10_000; i++) {
            many.addObject().put("name", "x").put("value", i);
        }
        expect(server.post("/api/v1/kpis", JSON.createObjectNode().set("kpis", many).toString()), 400, "at most 10000");
        expect(server.post("/api/v1/kpis", "{\"kpis\": [{\"name\": \"x\", \"value\": 1}, {\"name\": \"x\", \"value\": \"Infinity\"}]}"), 400,
                "finite");
        assertThat(server.get("/api/v1/kpis?name=x").body().get("kpis")).as("a refused batch stores none of its values").isEmpty();
    }

    @Test
    void aMonitorScheduleIsStoredReadAndDeletedAndItsRunsStoreResults() throws Exception {
        infer(IntStream.range(0, 90).boxed().toList(), value -> value);
        String schedule = "/api/v1/deployments/cancer-api/monitors/schedule";
        expect(server.get(schedule), 404, "no monitor schedule");
        long before = System.currentTimeMillis();
        RunningServer.Response put = server.send("PUT", schedule, "{\"every\": \"5s\", \"window\": \"1h\", \"drift_share\": 0.5}");
        assertThat(put.status()).as(put.body().toString()).isEqualTo(200);
        JsonNode stored = server.get(schedule).body().get("schedule");
        assertThat(stored.get("every").asText()).isEqualTo("5s");
        assertThat(stored.get("window").asText()).isEqualTo("1h");
        assertThat(stored.get("window_seconds").asLong()).isEqualTo(3_600);
        assertThat(stored.get("columns")).isEmpty();
        assertThat(stored.get("next_run_time").asLong()).isBetween(before + 4_000, System.currentTimeMillis() + 5_000);

        // The scheduler fires within a poll (2 s) of the due time; the run covers the hour before it.
        JsonNode results = JSON.createArrayNode();
        for (long deadline = System.currentTimeMillis() + 30_000; results.isEmpty() && System.currentTimeMillis() < deadline; ) {
            Thread.sleep(250);
            results = server.get("/api/v1/deployments/cancer-api/monitors/results").body().get("results");
        }
        assertThat(results).as("a scheduled run stored its window").isNotEmpty();
        JsonNode first = results.get(results.size() - 1);
        assertThat(first.get("to").asLong() - first.get("from").asLong()).isEqualTo(3_600_000);
        assertThat(first.get("rows").asLong()).isEqualTo(90);
        assertThat(first.get("reference").asText()).isEqualTo("cancer-data@1");
        assertThat(page("/deployments/cancer-api").select("#monitor-schedule").text()).contains("Monitored every 5s over windows of 1h");

        // Replaced whole: a schedule without a window gets windows of its period. It is in the database, and outlives the server.
        server.send("PUT", schedule, "{\"every\": \"2h\"}");
        assertThat(server.get(schedule).body().at("/schedule/window").asText()).isEqualTo("2h");
        server.restart();
        JsonNode kept = server.get(schedule).body().get("schedule");
        assertThat(kept.get("every").asText()).isEqualTo("2h");
        assertThat(kept.get("next_run_time").asLong()).as("the first firing is two hours after it was set")
                .isGreaterThan(System.currentTimeMillis() + 7_000_000);
        assertThat(server.send("DELETE", schedule, "").status()).isEqualTo(200);
        expect(server.get(schedule), 404, "no monitor schedule");
        expect(server.send("DELETE", schedule, ""), 404, "no monitor schedule");
        assertThat(page("/deployments/cancer-api").select("#monitor-schedule").text()).contains("Not monitored on a schedule");

        expect(server.send("PUT", "/api/v1/deployments/ghost/monitors/schedule", "{\"every\": \"1h\"}"), 404, "ghost");
        expect(server.get("/api/v1/deployments/ghost/monitors/schedule"), 404, "ghost");
        expect(server.send("PUT", schedule, "{}"), 400, "every");
        expect(server.send("PUT", schedule, "{\"every\": \"soon\"}"), 400, "30m, 6h, 2d");
        expect(server.send("PUT", schedule, "{\"every\": 60}"), 400, "every");
        expect(server.send("PUT", schedule, "{\"every\": \"1s\"}"), 400, "every 5 seconds");
        expect(server.send("PUT", schedule, "{\"every\": \"400d\"}"), 400, "366 days");
        expect(server.send("PUT", schedule, "{\"every\": \"1h\", \"window\": \"PT-1H\"}"), 400, "window");
        expect(server.send("PUT", schedule, "{\"every\": \"1h\", \"reference_dataset\": \"cancer-data\"}"), 400, "Name both");
        expect(server.send("PUT", schedule, "{\"every\": \"1h\", \"drift_share\": 2}"), 400, "drift_share");
        expect(server.send("PUT", schedule, "{\"every\": \"1h\", \"reference_dataset\": \"cancer-data\", \"reference_version\": 4294967297}"), 400,
                "version from 1 to 2147483647");
        expect(server.send("PUT", schedule, "{\"every\": \"1h\", \"columns\": \"x\"}"), 400, "columns");
        expect(server.send("PUT", schedule, "["), 400, "not valid JSON");
        expect(server.get(schedule), 404, "no monitor schedule");

        // Deleting the deployment deletes its schedule: a new deployment of the name starts without one.
        server.send("PUT", schedule, "{\"every\": \"1h\"}");
        assertThat(server.send("DELETE", "/api/v1/deployments/cancer-api", "").status()).isEqualTo(200);
        expect(server.get(schedule), 404, "cancer-api");
        server.deploy("cancer-api", "{\"model\": \"cancer\", \"version\": 1}");
        expect(server.get(schedule), 404, "no monitor schedule");
    }

    private Document page(String path) {
        HttpResponse<String> response = server.raw(HttpRequest.newBuilder(server.uri(path)), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return Jsoup.parse(response.body());
    }

    @Test
    void aShadowsAnswersAreComparedWithTheServedOnesOnTheSameRequests() throws Exception {
        // Version 2 is the same package: on the very requests version 1 answered, it must agree everywhere.
        server.registerPackage("cancer", trained.exportPackage(folder.resolve("onnx-2"), 4).folder());
        server.deploy("cancer-shadowed", "{\"model\": \"cancer\", \"version\": 1, \"traffic\": {\"policy\": \"shadow\", \"version\": 2}}");
        long start = System.currentTimeMillis() - 1;
        ObjectNode request = JSON.createObjectNode();
        ObjectNode tensor = request.putArray("inputs").addObject().put("name", "rows").put("datatype", "FP64");
        tensor.putArray("shape").add(200).add(trained.featureNames().size());
        ArrayNode data = tensor.putArray("data");
        trained.rows().subList(0, 200).forEach(row -> java.util.Arrays.stream(row).forEach(data::add));
        assertThat(server.post("/v2/models/cancer-shadowed/infer", request.toString()).status()).isEqualTo(200);
        long end = System.currentTimeMillis() + 1;

        RunningServer.Response ran = server.post("/api/v1/deployments/cancer-shadowed/monitors/run", "{\"from\": " + start + ", \"to\": " + end + "}");
        assertThat(ran.status()).as(ran.body().toString()).isEqualTo(200);
        JsonNode versions = ran.body().at("/result/report/versions");
        assertThat(versions.at("/baseline/arm").asText()).isEqualTo("stable");
        assertThat(versions.at("/baseline/version").asInt()).isEqualTo(1);
        assertThat(versions.at("/candidate/arm").asText()).isEqualTo("shadow");
        assertThat(versions.at("/candidate/version").asInt()).isEqualTo(2);
        assertThat(versions.at("/paired/rows").asLong()).isEqualTo(200);
        assertThat(versions.at("/paired/agreement").asDouble()).isEqualTo(1.0);
        assertThat(versions.at("/paired/mean_absolute_difference")).isNotEmpty().allSatisfy(difference -> assertThat(difference.asDouble()).isZero());
        assertThat(versions.at("/output_drift/dataset_drift").asBoolean()).isFalse();
        assertThat(ran.body().at("/result/rows").asLong()).as("the shadow's answers are not part of the window").isEqualTo(200);
    }

    private RunningServer.Response run(String body) {
        return server.post("/api/v1/deployments/cancer-api/monitors/run", body);
    }

    /** Scores the given training rows, each value passed through {@code change}, in one OIP request. */
    private JsonNode infer(List<Integer> rows, DoubleUnaryOperator change) {
        return infer(rows, (row, column, value) -> change.applyAsDouble(value));
    }

    /** A value of a training row as sent: the row's index, the column's index and the value in the training data. */
    private interface SentValue {
        double of(int row, int column, double value);
    }

    /** Scores the given training rows, each value as {@code sent} makes it, in one OIP request. */
    private JsonNode infer(List<Integer> rows, SentValue sent) {
        ObjectNode request = JSON.createObjectNode();
        ObjectNode tensor = request.putArray("inputs").addObject().put("name", "rows").put("datatype", "FP64");
        int columns = trained.featureNames().size();
        tensor.putArray("shape").add(rows.size()).add(columns);
        ArrayNode data = tensor.putArray("data");
        for (int row : rows) {
            double[] values = trained.rows().get(row);
            for (int column = 0; column < values.length; column++) {
                data.add(sent.of(row, column, values[column]));
            }
        }
        RunningServer.Response answer = server.post("/v2/models/cancer-api/infer", request.toString());
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        return answer.body();
    }

    /** The data of one output of an OIP answer. */
    private static JsonNode output(JsonNode answered, String name) {
        return StreamSupport.stream(answered.get("outputs").spliterator(), false)
                .filter(output -> output.get("name").asText().equals(name)).findFirst().orElseThrow().get("data");
    }

    private static void expect(RunningServer.Response response, int status, String messagePart) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        assertThat(response.body().get("error_code").asText()).isNotBlank();
        assertThat(response.body().get("message").asText()).contains(messagePart).doesNotContain("/tmp", "Exception", "SELECT", "duckdb");
    }
}
