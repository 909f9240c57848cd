package dev.cairn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

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
        infer(IntStream.range(0, trained.rows().size()).filter(r -> r % 3 == 0).boxed().toList(), value -> value);
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

        // The deployment's page lists both windows, the drifted one marked, and charts them.
        Document page = page("/deployments/cancer-api");
        assertThat(page.select("#monitors tbody tr")).hasSize(2);
        assertThat(page.select("#monitors tbody tr").get(0).hasClass("alert")).isTrue();
        assertThat(page.select("#monitors tbody tr").get(0).select("td").get(2).text()).isEqualTo("30 of 30");
        assertThat(page.select("div.chart[data-chart]")).hasSize(1);
        assertThat(page.select("script[src=/static/echarts.min.js]")).hasSize(1);
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
        expect(server.post("/api/v1/kpis", "{\"name\": \"x\", \"value\": 1, \"time\": -5}"), 400, "negative time");
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

    private Document page(String path) {
        HttpResponse<String> response = server.raw(HttpRequest.newBuilder(server.uri(path)), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return Jsoup.parse(response.body());
    }

    private RunningServer.Response run(String body) {
        return server.post("/api/v1/deployments/cancer-api/monitors/run", body);
    }

    /** Scores the given training rows, each value passed through {@code change}, in one OIP request. */
    private void infer(List<Integer> rows, DoubleUnaryOperator change) {
        ObjectNode request = JSON.createObjectNode();
        ObjectNode tensor = request.putArray("inputs").addObject().put("name", "rows").put("datatype", "FP64");
        int columns = trained.featureNames().size();
        tensor.putArray("shape").add(rows.size()).add(columns);
        ArrayNode data = tensor.putArray("data");
        for (int row : rows) {
            for (double value : trained.rows().get(row)) {
                data.add(change.applyAsDouble(value));
            }
        }
        RunningServer.Response answer = server.post("/v2/models/cancer-api/infer", request.toString());
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
    }

    private static void expect(RunningServer.Response response, int status, String messagePart) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        assertThat(response.body().get("error_code").asText()).isNotBlank();
        assertThat(response.body().get("message").asText()).contains(messagePart).doesNotContain("/tmp", "Exception", "SELECT", "duckdb");
    }
}
