package dev.cairn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.store.TestDatabase;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.pkg.ModelPackage;
import dev.cairn.model.runtime.LoadedModel;
import dev.cairn.model.testing.BreastCancerModel;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Deployments over real HTTP: a registered ONNX version deployed and scored through the Open
 * Inference Protocol and MLflow's {@code /invocations}, answers equal to the model's own; traffic
 * policies; swaps under load; a version that cannot load; labels and the prediction log export.
 */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class DeploymentApiTest {
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
        assertThat(register(trained.exportPackage(folder.resolve("onnx"), 4)).get("status").asText()).isEqualTo("READY");
        assertThat(register(trained.exportTribuoPackage(folder.resolve("tribuo"), 4)).get("status").asText()).isEqualTo("READY");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aDeployedVersionAnswersBothProtocolsAsTheModelItselfDoes() throws Exception {
        deploy("cancer-api", "{\"model\": \"cancer\", \"version\": 1}");
        List<String> features = trained.featureNames();
        List<double[]> rows = trained.rows().subList(0, 5);
        Frame expected;
        try (LoadedModel model = LoadedModel.load(ModelPackage.read(folder.resolve("onnx")), 1)) {
            List<Column> columns = new ArrayList<>();
            for (int c = 0; c < features.size(); c++) {
                double[] values = new double[rows.size()];
                for (int r = 0; r < rows.size(); r++) {
                    values[r] = rows.get(r)[c];
                }
                columns.add(Column.Numbers.ofDoubles(features.get(c), values));
            }
            expected = model.predict(new Frame(columns));
        }
        Column.Strings labels = (Column.Strings) expected.column("label").orElseThrow();

        // One tensor per input column, by name.
        ObjectNode perColumn = JSON.createObjectNode().put("id", "req-1");
        ArrayNode inputs = perColumn.putArray("inputs");
        for (int c = 0; c < features.size(); c++) {
            ObjectNode tensor = inputs.addObject().put("name", features.get(c)).put("datatype", "FP64");
            tensor.putArray("shape").add(rows.size());
            ArrayNode data = tensor.putArray("data");
            for (double[] row : rows) {
                data.add(row[c]);
            }
        }
        RunningServer.Response oip = server.post("/v2/models/cancer-api/infer", perColumn.toString());
        assertThat(oip.status()).as(oip.body().toString()).isEqualTo(200);
        assertThat(oip.body().get("id").asText()).isEqualTo("req-1");
        assertThat(oip.body().get("model_name").asText()).isEqualTo("cancer-api");
        assertThat(oip.body().get("model_version").asText()).isEqualTo("1");
        assertThat(oip.body().at("/parameters/prediction_ids")).hasSize(rows.size());
        assertOutputs(oip.body(), expected);

        // One [N, C] tensor in signature order, nested data, FP32 as a notebook would send it.
        ObjectNode matrix = JSON.createObjectNode();
        ObjectNode tensor = matrix.putArray("inputs").addObject().put("name", "input-0").put("datatype", "FP32");
        tensor.putArray("shape").add(rows.size()).add(features.size());
        ArrayNode data = tensor.putArray("data");
        for (double[] row : rows) {
            ArrayNode values = data.addArray();
            for (double value : row) {
                values.add((float) value);
            }
        }
        RunningServer.Response twoD = server.post("/v2/models/cancer-api/versions/1/infer", matrix.toString());
        assertThat(twoD.status()).as(twoD.body().toString()).isEqualTo(200);
        JsonNode twoDLabels = output(twoD.body(), "label").get("data");
        for (int r = 0; r < rows.size(); r++) {
            assertThat(twoDLabels.get(r).asText()).isEqualTo(labels.values()[r]);
        }

        // MLflow's dataframe_split on /invocations.
        ObjectNode split = JSON.createObjectNode();
        ObjectNode frame = split.putObject("dataframe_split");
        features.forEach(frame.putArray("columns")::add);
        ArrayNode splitData = frame.putArray("data");
        for (double[] row : rows) {
            ArrayNode values = splitData.addArray();
            for (double value : row) {
                values.add(value);
            }
        }
        HttpResponse<String> invocation = postRaw("/deployments/cancer-api/invocations", "application/json", split.toString());
        assertThat(invocation.statusCode()).as(invocation.body()).isEqualTo(200);
        assertThat(invocation.headers().firstValue("X-Cairn-Model-Version")).hasValue("1");
        assertThat(invocation.headers().firstValue("X-Cairn-Prediction-Ids").orElseThrow().split(",")).hasSize(rows.size());
        JsonNode predictions = JSON.readTree(invocation.body()).get("predictions");
        for (int r = 0; r < rows.size(); r++) {
            assertThat(predictions.get(r).get("label").asText()).isEqualTo(labels.values()[r]);
            for (Column column : expected.columns()) {
                if (column instanceof Column.Numbers numbers) {
                    assertThat(predictions.get(r).get(column.name()).asDouble()).isCloseTo(numbers.values()[r], within(1e-9));
                }
            }
        }

        // CSV on /invocations.
        StringBuilder csv = new StringBuilder(String.join(",", features)).append('\n');
        for (double[] row : rows) {
            csv.append(String.join(",", java.util.Arrays.stream(row).mapToObj(Double::toString).toList())).append('\n');
        }
        HttpResponse<String> csvAnswer = postRaw("/deployments/cancer-api/invocations", "text/csv", csv.toString());
        assertThat(csvAnswer.statusCode()).as(csvAnswer.body()).isEqualTo(200);
        assertThat(JSON.readTree(csvAnswer.body()).get("predictions").get(0).get("label").asText()).isEqualTo(labels.values()[0]);

        // Metadata and readiness.
        RunningServer.Response metadata = server.get("/v2/models/cancer-api");
        assertThat(metadata.body().get("versions")).extracting(JsonNode::asText).containsExactly("1");
        assertThat(metadata.body().get("inputs")).hasSize(features.size());
        assertThat(server.get("/v2/models/cancer-api/ready").status()).isEqualTo(200);
        assertThat(server.get("/v2/health/ready").status()).isEqualTo(200);
        assertThat(server.get("/v2").body().get("name").asText()).isEqualTo("cairn");
    }

    @Test
    void badRequestsGetAnActionable4xxInBothErrorShapes() throws Exception {
        deploy("cancer-api", "{\"model\": \"cancer\", \"version\": 1}");
        String feature = trained.featureNames().get(0);
        Map<String, Integer> cases = new HashMap<>();
        cases.put("{\"inputs\": [{\"name\": \"" + feature + "\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [1.0]}]}", 400);
        cases.put("{\"inputs\": [{\"name\": \"x\", \"shape\": [2, 3], \"datatype\": \"FP64\", \"data\": [1, 2]}]}", 400);
        cases.put("{\"inputs\": [{\"name\": \"" + feature + "\", \"shape\": [1], \"datatype\": \"FP99\", \"data\": [1.0]}]}", 400);
        cases.put("{\"inputs\": [{\"name\": \"" + feature + "\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [\"a\"]}]}", 400);
        cases.put("{\"inputs\": ", 400);
        cases.put("[]", 400);
        for (Map.Entry<String, Integer> bad : cases.entrySet()) {
            RunningServer.Response response = server.post("/v2/models/cancer-api/infer", bad.getKey());
            assertThat(response.status()).as(bad.getKey()).isEqualTo(bad.getValue());
            assertThat(response.body().get("error").asText()).as(bad.getKey()).isNotBlank().doesNotContain("Exception");
            assertThat(response.body().get("error_code").asText()).isIn("INVALID_PARAMETER_VALUE", "BAD_REQUEST");
        }
        RunningServer.Response unknown = server.post("/v2/models/nope/infer", "{}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("error").asText()).contains("No deployment named 'nope'");
        assertThat(server.post("/v2/models/cancer-api/versions/7/infer", "{}").status()).isEqualTo(404);
        assertThat(server.get("/v2/models/cancer-api/versions/x").status()).isEqualTo(400);
        RunningServer.Response tooLarge = server.postDeclaring("/v2/models/cancer-api/infer", 5 << 20, "{\"pad\": \"");
        assertThat(tooLarge.status()).isEqualTo(413);
        HttpResponse<String> xml = postRaw("/deployments/cancer-api/invocations", "application/xml", "<a/>");
        assertThat(xml.statusCode()).isBetween(400, 499);
        HttpResponse<String> records = postRaw("/deployments/cancer-api/invocations", "application/json", "{\"dataframe_records\": [{\"a\": 1}]}");
        assertThat(records.statusCode()).isEqualTo(400);
        assertThat(records.body()).contains("missing column");
        // The deployments API refuses bad specs before storing anything.
        assertThat(server.post("/api/v1/deployments", "{\"name\": \"x\", \"model\": \"ghost\", \"version\": 1}").status()).isEqualTo(404);
        assertThat(server.post("/api/v1/deployments", "{\"name\": \"x\", \"model\": \"cancer\", \"version\": 1, \"traffic\": {\"policy\": \"canary\"}}")
                .status()).isEqualTo(400);
        assertThat(server.post("/api/v1/deployments", "{\"name\": \"../x\", \"model\": \"cancer\", \"version\": 1}").status()).isEqualTo(400);
        assertThat(server.post("/api/v1/deployments", "{\"name\": \"cancer-api\", \"model\": \"cancer\", \"version\": 1}").status()).isEqualTo(400);
        assertThat(server.get("/api/v1/deployments").body().get("deployments")).hasSize(1);

        // What a hostile probe found once: each is a clear 4xx in JSON, without Java's or Jackson's names.
        HttpResponse<String> deep = postRaw("/deployments/cancer-api/invocations", "application/json", "[".repeat(1_001));
        assertThat(deep.statusCode()).isEqualTo(400);
        assertThat(postRaw("/deployments/cancer-api/invocations", ";;;", "{}").statusCode()).isEqualTo(400);
        RunningServer.Response trailing = server.post("/v2/models/cancer-api/infer", oneRowRequest() + " 5");
        assertThat(trailing.status()).isEqualTo(400);
        assertThat(trailing.body().get("message").asText()).doesNotContain("`").doesNotContain("jackson").doesNotContain("Source");
        RunningServer.Response nan = server.post("/api/2.0/mlflow/experiments/create", "{\"name\": NaX}");
        assertThat(nan.body().get("message").asText()).startsWith("The request body is not valid JSON").doesNotContain("`");
        HttpResponse<byte[]> badPath = server.raw(HttpRequest.newBuilder(server.uri("/api/v1/deployments/%ff"))
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(badPath.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badPath.body()).get("error_code").asText()).isEqualTo("BAD_REQUEST");
        HttpResponse<byte[]> jettyOip = server.raw(HttpRequest.newBuilder(server.uri("/v2/models/a%00b/infer"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(jettyOip.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(jettyOip.body()).get("error").asText()).isNotBlank();
        for (String change : List.of("{\"version\": null}", "{\"settings\": {\"threads\": 1.7}}",
                "{\"traffic\": {\"policy\": \"ab\", \"arms\": [{\"name\": \"a\", \"version\": 1, \"weight\": 1e308}, "
                        + "{\"name\": \"b\", \"version\": 2, \"weight\": 1e308}]}}",
                "{\"traffic\": {\"policy\": \"ab\", \"sticky_key\": \"\", \"arms\": [{\"name\": \"a\", \"version\": 1}, {\"name\": \"b\", \"version\": 2}]}}")) {
            RunningServer.Response refused = server.send("PATCH", "/api/v1/deployments/cancer-api", change);
            assertThat(refused.status()).as(change).isEqualTo(400);
        }
        assertThat(server.get("/api/v1/deployments/cancer-api").body().at("/deployment/revision").asInt()).as("nothing was changed").isEqualTo(1);
    }

    @Test
    void aCanaryTakesItsShareAndAStickySplitKeepsEachKeyOnOneArm() {
        deploy("canary", "{\"model\": \"cancer\", \"version\": 1, \"traffic\": {\"policy\": \"canary\", \"version\": 2, \"percent\": 20}}");
        String body = oneRowRequest();
        int canary = 0;
        int requests = 10_000;
        for (int i = 0; i < requests; i++) {
            RunningServer.Response response = server.post("/v2/models/canary/infer", body);
            assertThat(response.status()).isEqualTo(200);
            if (response.body().at("/parameters/arm").asText().equals("canary")) {
                assertThat(response.body().get("model_version").asText()).isEqualTo("2");
                canary++;
            }
        }
        assertThat(100.0 * canary / requests).isCloseTo(20.0, within(2.0));

        deploy("ab", "{\"model\": \"cancer\", \"traffic\": {\"policy\": \"ab\", \"sticky_key\": \"X-User\", "
                + "\"arms\": [{\"name\": \"a\", \"version\": 1, \"weight\": 1}, {\"name\": \"b\", \"version\": 2, \"weight\": 1}]}}");
        Map<String, Set<String>> armsByUser = new HashMap<>();
        for (int i = 0; i < 400; i++) {
            String user = "user-" + (i % 40);
            RunningServer.Response response = server.send(HttpRequest.newBuilder(server.uri("/v2/models/ab/infer"))
                    .header("X-User", user).POST(HttpRequest.BodyPublishers.ofString(body)));
            armsByUser.computeIfAbsent(user, k -> new HashSet<>()).add(response.body().at("/parameters/arm").asText());
        }
        assertThat(armsByUser.values()).allSatisfy(arms -> assertThat(arms).hasSize(1));
        assertThat(armsByUser.values().stream().flatMap(Set::stream).distinct()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void shadowAnswersAreLoggedNeverReturnedAndLabelsJoinTheExport() throws Exception {
        deploy("shadowed", "{\"model\": \"cancer\", \"version\": 1, \"traffic\": {\"policy\": \"shadow\", \"version\": 2}}");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            RunningServer.Response response = server.post("/v2/models/shadowed/infer", oneRowRequest());
            assertThat(response.body().at("/parameters/arm").asText()).isEqualTo("stable");
            assertThat(response.body().get("model_version").asText()).isEqualTo("1");
            ids.add(response.body().at("/parameters/prediction_ids/0").asText());
        }
        RunningServer.Response labelled = server.post("/api/v1/deployments/shadowed/labels",
                "{\"labels\": [{\"prediction_id\": \"" + ids.get(0) + "\", \"label\": \"1\"}, {\"prediction_id\": \"" + ids.get(1) + "\", \"label\": 0}]}");
        assertThat(labelled.body().get("labels_written").asInt()).isEqualTo(2);
        HttpResponse<String> csvLabels = postRaw("/api/v1/deployments/shadowed/labels", "text/csv",
                "prediction_id,label\n" + ids.get(2) + ",0\n");
        assertThat(csvLabels.statusCode()).as(csvLabels.body()).isEqualTo(200);

        // The shadow scores in the background: wait until the export holds both arms' rows.
        List<String> lines = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            lines = exportLines("shadowed");
            if (lines.size() == 1 + 2 * ids.size()) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(lines).hasSize(1 + 2 * ids.size());
        assertThat(lines.get(0)).isEqualTo("prediction_id,deployment,model,model_version,arm,ts,latency_us,inputs,outputs,label");
        Map<String, List<String>> armsById = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String id = line.substring(0, line.indexOf(','));
            armsById.computeIfAbsent(id, k -> new ArrayList<>()).add(line.contains(",shadow,") ? "shadow" : "stable");
            if (id.equals(ids.get(0))) {
                assertThat(line).endsWith(",1");
            } else if (id.equals(ids.get(2))) {
                assertThat(line).endsWith(",0");
            }
        }
        assertThat(armsById.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(armsById.values()).allSatisfy(arms -> assertThat(arms).containsExactlyInAnyOrder("stable", "shadow"));
    }

    @Test
    void everyOneOfAHundredThousandRequestsIsInThePredictionLogWithItsInputsAndOutputs() throws Exception {
        deploy("logged", "{\"model\": \"cancer\", \"version\": 1}");
        int requests = 100_000;
        int clients = 8;
        List<double[]> rows = trained.rows();
        String firstFeature = trained.featureNames().get(0);
        Map<String, String> labelById = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, Double> firstFeatureById = new java.util.concurrent.ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<Integer>> sent = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            int client = t;
            sent.add(pool.submit(() -> {
                int ok = 0;
                for (int i = client; i < requests; i += clients) {
                    double[] row = rows.get(i % rows.size());
                    RunningServer.Response response = server.post("/v2/models/logged/infer", oneRowRequest(row));
                    assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
                    String id = response.body().at("/parameters/prediction_ids/0").asText();
                    labelById.put(id, output(response.body(), "label").get("data").get(0).asText());
                    firstFeatureById.put(id, row[0]);
                    ok++;
                }
                return ok;
            }));
        }
        int answered = 0;
        for (Future<Integer> count : sent) {
            answered += count.get();
        }
        pool.shutdown();
        assertThat(answered).isEqualTo(requests);
        assertThat(labelById).hasSize(requests);

        HttpResponse<byte[]> export = server.raw(HttpRequest.newBuilder(server.uri("/api/v1/deployments/logged/predictions?format=parquet")).GET());
        assertThat(export.statusCode()).isEqualTo(200);
        Path parquet = folder.resolve("logged.parquet");
        Files.write(parquet, export.body());
        int found = 0;
        int unanswered = 0;
        try (java.sql.Connection duckdb = java.sql.DriverManager.getConnection("jdbc:duckdb:");
             java.sql.ResultSet logged = duckdb.createStatement().executeQuery("SELECT prediction_id, arm, model_version, "
                     + "json_extract_string(outputs, '$.label'), CAST(json_extract(inputs, '$.\"" + firstFeature + "\"') AS DOUBLE) "
                     + "FROM read_parquet('" + parquet + "')")) {
            while (logged.next()) {
                String id = logged.getString(1);
                assertThat(logged.getString(2)).isEqualTo("stable");
                assertThat(logged.getInt(3)).isEqualTo(1);
                if (!labelById.containsKey(id)) {
                    // A request the client sent again after its connection dropped was scored twice; only the second answer arrived.
                    unanswered++;
                    continue;
                }
                assertThat(logged.getString(4)).isEqualTo(labelById.remove(id));
                assertThat(logged.getDouble(5)).isEqualTo(firstFeatureById.get(id));
                found++;
            }
        }
        assertThat(found).isEqualTo(requests);
        assertThat(unanswered).as("predictions logged whose answer never reached the client").isLessThanOrEqualTo(20);
        assertThat(labelById).as("answered but not logged").isEmpty();
    }

    @Test
    void swapsAndRollbackUnderLoadFailNoRequestAndABrokenVersionLeavesTheOldOneServing() throws Exception {
        // Micro-batching on: swaps must also never fail a request waiting in a batch.
        deploy("live", "{\"model\": \"cancer\", \"version\": 1, \"settings\": {\"max_wait_ms\": 2, \"max_batch_size\": 16}}");
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<List<String>>> failures = new ArrayList<>();
        String body = oneRowRequest();
        for (int t = 0; t < 8; t++) {
            failures.add(clients.submit(() -> {
                List<String> failed = new ArrayList<>();
                while (running.get()) {
                    RunningServer.Response response = server.post("/v2/models/live/infer", body);
                    if (response.status() != 200) {
                        failed.add(response.status() + " " + response.body());
                    }
                    answered.incrementAndGet();
                }
                return failed;
            }));
        }
        try {
            for (int round = 0; round < 3; round++) {
                patchAndAwait("live", "{\"version\": 2}", 2);
                patchAndAwait("live", "{\"version\": 1}", 1);
            }
            // A canary that breaks its rule is rolled back while the load goes on: a p99 under 1 µs is impossible.
            patch("live", "{\"traffic\": {\"policy\": \"canary\", \"version\": 2, \"percent\": 50, "
                    + "\"rollback\": {\"max_p99_ms\": 0.001, \"window_seconds\": 5, \"min_requests\": 20}}}");
            awaitEvent("live", "rollback");
            JsonNode after = awaitReady("live");
            assertThat(after.at("/spec/traffic/policy").asText()).isEqualTo("single");
            assertThat(after.at("/serving/arms/0/version").asInt()).isEqualTo(1);
        } finally {
            running.set(false);
            clients.shutdown();
        }
        for (Future<List<String>> failed : failures) {
            assertThat(failed.get()).isEmpty();
        }
        assertThat(answered.get()).isGreaterThan(100);

        // Version 3's model file is damaged in the store after registration: it fails, version 1 keeps serving.
        register(trained.exportTribuoPackage(folder.resolve("tribuo-2"), 3));
        String digest = server.metadata().registry().files("cancer", 3).stream().filter(f -> f.path().equals("model.tribuo"))
                .findFirst().orElseThrow().digest();
        try (Stream<Path> blobs = Files.walk(folder.resolve("server").resolve("artifacts"))) {
            Path blob = blobs.filter(path -> path.getFileName().toString().equals(digest)).findFirst().orElseThrow();
            Files.write(blob, "damaged".getBytes(StandardCharsets.UTF_8));
        }
        patch("live", "{\"version\": 3}");
        JsonNode failed = awaitState("live", "failed");
        assertThat(failed.get("state_message").asText()).contains("Revision").contains("does not match its registered digest")
                .contains("keeps serving");
        RunningServer.Response stillServing = server.post("/v2/models/live/infer", body);
        assertThat(stillServing.status()).isEqualTo(200);
        assertThat(stillServing.body().get("model_version").asText()).isEqualTo("1");
    }

    @Test
    void aBatchJobScoresALoggedFileInsideTheServer() throws Exception {
        List<String> features = trained.featureNames();
        StringBuilder csv = new StringBuilder("row_id,").append(String.join(",", features)).append('\n');
        List<double[]> rows = trained.rows();
        for (int r = 0; r < rows.size(); r++) {
            csv.append("r").append(r);
            for (double value : rows.get(r)) {
                csv.append(',').append(value);
            }
            csv.append('\n');
        }
        String runId = server.post(API + "/runs/create", "{\"experiment_id\": \"0\"}").body().at("/run/info/run_id").asText();
        assertThat(server.put("/api/2.0/mlflow-artifacts/artifacts/0/" + runId + "/artifacts/data/rows.csv",
                csv.toString().getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);

        RunningServer.Response created = server.post("/api/v1/batch-jobs", "{\"model\": \"cancer\", \"version\": 1, \"input\": \"runs:/"
                + runId + "/data/rows.csv\", \"id_column\": \"row_id\", \"output_format\": \"csv\"}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        long id = created.body().at("/batch_job/id").asLong();
        JsonNode job = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            job = server.get("/api/v1/batch-jobs/" + id).body().get("batch_job");
            if (!job.get("state").asText().matches("queued|running")) {
                break;
            }
            sleep();
        }
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
        assertThat(job.get("rows_scored").asLong()).isEqualTo(rows.size());
        HttpResponse<String> output = new StringResponse(server.raw(HttpRequest.newBuilder(server.uri("/api/v1/batch-jobs/" + id + "/output")).GET()));
        assertThat(output.statusCode()).isEqualTo(200);
        List<String> lines = output.body().lines().toList();
        assertThat(lines.get(0)).startsWith("row_id,label,probability_");
        assertThat(lines).hasSize(rows.size() + 1);
        try (LoadedModel model = LoadedModel.load(ModelPackage.read(folder.resolve("onnx")), 1)) {
            List<Column> columns = new ArrayList<>();
            for (int c = 0; c < features.size(); c++) {
                double[] values = new double[rows.size()];
                for (int r = 0; r < rows.size(); r++) {
                    values[r] = rows.get(r)[c];
                }
                columns.add(Column.Numbers.ofDoubles(features.get(c), values));
            }
            Column labels = model.predict(new Frame(columns)).column("label").orElseThrow();
            for (int r = 0; r < rows.size(); r++) {
                assertThat(lines.get(r + 1)).startsWith("r" + r + "," + labels.text(r) + ",");
            }
        }
        assertThat(server.get("/api/v1/batch-jobs").body().get("batch_jobs")).hasSize(1);

        // Bad jobs are refused before anything is queued; a job whose input does not fit the model fails with the reason.
        assertThat(server.post("/api/v1/batch-jobs", "{\"model\": \"ghost\", \"version\": 1, \"input\": \"runs:/" + runId
                + "/data/rows.csv\"}").status()).isEqualTo(404);
        assertThat(server.post("/api/v1/batch-jobs", "{\"model\": \"cancer\", \"version\": 1, \"input\": \"runs:/" + runId
                + "/data/none.csv\"}").status()).isEqualTo(404);
        assertThat(server.post("/api/v1/batch-jobs", "{\"model\": \"cancer\", \"input\": \"/etc/passwd\"}").status()).isEqualTo(400);
        assertThat(server.get("/api/v1/batch-jobs/abc").status()).isEqualTo(400);
        assertThat(server.get("/api/v1/batch-jobs/424242").status()).isEqualTo(404);
        RunningServer.Response unfit = server.post("/api/v1/batch-jobs", "{\"model\": \"cancer\", \"version\": 1, \"input\": \"runs:/" + runId
                + "/data/rows.csv\"}");
        long unfitId = unfit.body().at("/batch_job/id").asLong();
        JsonNode failed = null;
        deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            failed = server.get("/api/v1/batch-jobs/" + unfitId).body().get("batch_job");
            if (!failed.get("state").asText().matches("queued|running")) {
                break;
            }
            sleep();
        }
        assertThat(failed.get("state").asText()).isEqualTo("failed");
        assertThat(failed.get("message").asText()).contains("unexpected column `row_id`");
        assertThat(server.get("/api/v1/batch-jobs/" + unfitId + "/output").status()).isEqualTo(400);
    }

    @Test
    void aRestartedServerBringsItsDeploymentsBack() throws Exception {
        deploy("kept", "{\"model\": \"cancer\", \"version\": 2}");
        server.restart();
        awaitReady("kept");
        assertThat(server.post("/v2/models/kept/infer", oneRowRequest()).body().get("model_version").asText()).isEqualTo("2");
        server.post(API + "/registered-models/alias", "{\"name\": \"cancer\", \"alias\": \"champion\", \"version\": \"1\"}");
        patch("kept", "{\"alias\": \"champion\"}");
        awaitServingVersion("kept", 1);
        // The alias moves: the deployment follows it.
        server.post(API + "/registered-models/alias", "{\"name\": \"cancer\", \"alias\": \"champion\", \"version\": \"2\"}");
        awaitServingVersion("kept", 2);
        assertThat(server.send("DELETE", "/api/v1/deployments/kept", "").status()).isEqualTo(200);
        assertThat(server.get("/api/v1/deployments/kept").status()).isEqualTo(404);
    }

    private String oneRowRequest() {
        return oneRowRequest(trained.rows().get(0));
    }

    private static String oneRowRequest(double[] row) {
        return RunningServer.oneRowRequest(row);
    }

    private List<String> exportLines(String name) throws Exception {
        HttpResponse<byte[]> export = server.raw(HttpRequest.newBuilder(server.uri("/api/v1/deployments/" + name + "/predictions?format=csv")).GET());
        assertThat(export.statusCode()).as(new String(export.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return new String(export.body(), StandardCharsets.UTF_8).lines().toList();
    }

    private void deploy(String name, String spec) {
        ObjectNode body;
        try {
            body = (ObjectNode) JSON.readTree(spec);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
        body.put("name", name);
        RunningServer.Response created = server.post("/api/v1/deployments", body.toString());
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        awaitReady(name);
    }

    private void patch(String name, String change) {
        RunningServer.Response patched = server.send("PATCH", "/api/v1/deployments/" + name, change);
        assertThat(patched.status()).as(patched.body().toString()).isEqualTo(200);
    }

    private void patchAndAwait(String name, String change, int version) {
        patch(name, change);
        awaitServingVersion(name, version);
    }

    private JsonNode awaitReady(String name) {
        return awaitState(name, "ready");
    }

    private JsonNode awaitState(String name, String state) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode deployment = null;
        while (System.nanoTime() < deadline) {
            deployment = server.get("/api/v1/deployments/" + name).body().get("deployment");
            // Ready in the store is not enough after a restart: this server must have loaded it too.
            if (deployment != null && deployment.get("state").asText().equals(state)
                    && (!state.equals("ready") || server.get("/v2/models/" + name + "/ready").status() == 200)) {
                return deployment;
            }
            sleep();
        }
        throw new AssertionError("deployment " + name + " never became " + state + ": " + deployment);
    }

    private void awaitServingVersion(String name, int version) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode deployment = null;
        while (System.nanoTime() < deadline) {
            deployment = server.get("/api/v1/deployments/" + name).body().get("deployment");
            if (deployment.get("state").asText().equals("ready") && deployment.at("/serving/arms/0/version").asInt() == version) {
                return;
            }
            sleep();
        }
        throw new AssertionError("deployment " + name + " never served version " + version + ": " + deployment);
    }

    private void awaitEvent(String name, String kind) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode event : server.get("/api/v1/deployments/" + name).body().at("/deployment/events")) {
                if (event.get("kind").asText().equals(kind)) {
                    return;
                }
            }
            sleep();
        }
        throw new AssertionError("deployment " + name + " never had a " + kind + " event");
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> postRaw(String path, String contentType, String body) throws Exception {
        HttpResponse<byte[]> response = server.raw(HttpRequest.newBuilder(server.uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        return new StringResponse(response);
    }

    private static JsonNode output(JsonNode response, String name) {
        for (JsonNode output : response.get("outputs")) {
            if (output.get("name").asText().equals(name)) {
                return output;
            }
        }
        throw new AssertionError("no output " + name + " in " + response);
    }

    private static void assertOutputs(JsonNode response, Frame expected) {
        for (Column column : expected.columns()) {
            JsonNode data = output(response, column.name()).get("data");
            for (int r = 0; r < expected.rowCount(); r++) {
                if (column instanceof Column.Numbers numbers) {
                    assertThat(data.get(r).asDouble()).isCloseTo(numbers.values()[r], within(1e-9));
                } else {
                    assertThat(data.get(r).asText()).isEqualTo(column.text(r));
                }
            }
        }
    }

    private JsonNode register(ModelPackage modelPackage) throws Exception {
        return server.registerPackage("cancer", modelPackage.folder());
    }

    /** A byte response read as text, keeping its status and headers. */
    private record StringResponse(HttpResponse<byte[]> bytes) implements HttpResponse<String> {
        @Override
        public int statusCode() {
            return bytes.statusCode();
        }

        @Override
        public HttpRequest request() {
            return bytes.request();
        }

        @Override
        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return bytes.headers();
        }

        @Override
        public String body() {
            return new String(bytes.body(), StandardCharsets.UTF_8);
        }

        @Override
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return bytes.sslSession();
        }

        @Override
        public java.net.URI uri() {
            return bytes.uri();
        }

        @Override
        public java.net.http.HttpClient.Version version() {
            return bytes.version();
        }
    }
}
