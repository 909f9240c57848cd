package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.store.TestDatabase;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.CsvFrames;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.testing.BreastCancerModel;
import dev.cairn.model.testing.OnnxGraphs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * What a deployment answers equals what {@code cairn models predict} and {@code cairn score}
 * write for the same rows, over both protocols: for a scikit-learn-layout ONNX classifier
 * (Scaler, LinearClassifier, ZipMap) and for a two-class XGBoost model (xgboost flavor) trained by
 * {@code cairn train}.
 */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class ServingParityTest extends ServerCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void aSklearnOnnxClassifierAnswersOverHttpAsTheCliScoresIt() throws Exception {
        Path onnx = work.resolve("iris.onnx");
        OnnxGraphs.writeScaledLinearClassifier(onnx, new float[] {5.8f, 3.0f, 3.8f, 1.2f}, new float[] {1.2f, 2.3f, 0.57f, 1.3f},
                new float[][] {{-1.0f, 1.2f, -1.8f, -1.7f}, {0.5f, -1.3f, 0.3f, -0.6f}, {0.5f, 0.1f, 1.5f, 2.3f}},
                new float[] {-0.2f, 1.9f, -1.7f}, List.of("setosa", "versicolor", "virginica"), false);
        Path example = work.resolve("example.csv");
        Files.writeString(example, "sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3\n");
        assertThat(server.cairn("models", "import", "--name", "iris", "--file", onnx.toString(), "--input-example", example.toString())
                .exitCode()).isZero();
        List<String> lines = Files.readAllLines(BreastCancerModel.exampleData().resolve("iris.csv"));
        StringBuilder rows = new StringBuilder("sepal_length,sepal_width,petal_length,petal_width\n");
        for (String line : lines.subList(1, 41)) {
            rows.append(String.join(",", List.of(line.split(",")).subList(0, 4))).append('\n');
        }
        Path input = work.resolve("iris-rows.csv");
        Files.writeString(input, rows);
        assertServedEqualsScored("iris", "1", input);
    }

    @Test
    void anXgboostModelTrainedByCairnTrainAnswersOverHttpAsTheCliScoresIt() throws Exception {
        Path flights = BreastCancerModel.exampleData().resolve("flights-3m.parquet").toAbsolutePath();
        Path spec = work.resolve("train.yaml");
        Files.writeString(spec, """
                experiment: flights-serving
                seed: 7
                datasets:
                  flights:
                    file: %s
                transform:
                  name: features
                  sql: |
                    SELECT date, distance, origin, destination, CAST(delay > 15 AS INTEGER) AS late
                    FROM flights
                    WHERE day(date) <= 2 AND month(date) <= 2 AND origin IN ('ORD', 'ATL')
                split:
                  time:
                    column: date
                    parts:
                      train: {from: "2001-01-01", to: "2001-02-01"}
                      test: {from: "2001-02-01", to: "2001-03-01"}
                target: late
                positive_class: "1"
                features:
                  numeric: [distance]
                  one_hot: [origin, destination]
                  max_categories: 20
                models:
                  - algorithm: xgboost_classifier
                    params: {trees: 10, max_depth: 3}
                gate:
                  thresholds: {roc_auc: 0.0}
                register:
                  model: flights-delay
                """.formatted(flights));
        CliServer.Result trained = server.cairn("train", "--spec", spec.toString());
        assertThat(trained.exitCode()).as(trained.out() + trained.err()).isZero();
        JsonNode files = get("/api/v1/model-versions/files?name=flights-delay&version=1");
        assertThat(files.toString()).contains("model.ubj");
        String exampleDigest = null;
        for (JsonNode file : files.get("files")) {
            if (file.get("path").asText().endsWith(".csv")) {
                exampleDigest = file.get("digest").asText();
            }
        }
        Path input = work.resolve("flights-rows.csv");
        Files.write(input, http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/model-versions/files/content?name=flights-delay"
                + "&version=1&digest=" + exampleDigest)).build(), HttpResponse.BodyHandlers.ofByteArray()).body());
        assertServedEqualsScored("flights-delay", "1", input);
    }

    private void assertServedEqualsScored(String model, String version, Path input) throws Exception {
        Path scored = work.resolve(model + "-scored.csv");
        CliServer.Result predicted = server.cairn("models", "predict", model, "--version", version, "--input", input.toString(),
                "--output", scored.toString());
        assertThat(predicted.exitCode()).as(predicted.err()).isZero();
        Frame expected = CsvFrames.read(scored);
        Frame rows = CsvFrames.read(input);

        CliServer.Result deployed = server.cairn("deploy", model + "-live", "--model", model, "--version", version);
        assertThat(deployed.exitCode()).as(deployed.out() + deployed.err()).isZero();

        // cairn score --deployment writes the same predictions, as Parquet.
        Path parquet = work.resolve(model + "-scored.parquet");
        CliServer.Result batch = server.cairn("score", "--deployment", model + "-live", "--input", input.toString(), "--output", parquet.toString());
        assertThat(batch.exitCode()).as(batch.err()).isZero();
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
             ResultSet read = duckdb.createStatement().executeQuery("SELECT label FROM read_parquet('" + parquet + "')")) {
            for (int r = 0; r < expected.rowCount(); r++) {
                assertThat(read.next()).isTrue();
                assertThat(read.getString(1)).isEqualTo(expected.column("label").orElseThrow().text(r));
            }
            assertThat(read.next()).isFalse();
        }

        // OIP: one tensor per column, by name.
        ObjectNode request = JSON.createObjectNode();
        ArrayNode inputs = request.putArray("inputs");
        for (Column column : rows.columns()) {
            ObjectNode tensor = inputs.addObject().put("name", column.name());
            tensor.putArray("shape").add(rows.rowCount());
            ArrayNode data = tensor.putArray("data");
            if (column instanceof Column.Numbers numbers) {
                tensor.put("datatype", "FP64");
                for (double value : numbers.values()) {
                    data.add(value);
                }
            } else {
                tensor.put("datatype", "BYTES");
                for (int r = 0; r < rows.rowCount(); r++) {
                    data.add(column.text(r));
                }
            }
        }
        JsonNode oip = post("/v2/models/" + model + "-live/infer", request.toString());
        // MLflow's dataframe_records on /invocations.
        ArrayNode records = JSON.createArrayNode();
        for (int r = 0; r < rows.rowCount(); r++) {
            ObjectNode record = records.addObject();
            for (Column column : rows.columns()) {
                if (column instanceof Column.Numbers numbers) {
                    record.put(column.name(), numbers.values()[r]);
                } else {
                    record.put(column.name(), column.text(r));
                }
            }
        }
        JsonNode mlflow = post("/deployments/" + model + "-live/invocations", JSON.createObjectNode().set("dataframe_records", records).toString())
                .get("predictions");

        for (Column column : expected.columns()) {
            JsonNode oipData = null;
            for (JsonNode output : oip.get("outputs")) {
                if (output.get("name").asText().equals(column.name())) {
                    oipData = output.get("data");
                }
            }
            assertThat(oipData).as("OIP output " + column.name()).isNotNull().hasSize(expected.rowCount());
            for (int r = 0; r < expected.rowCount(); r++) {
                if (column instanceof Column.Numbers numbers) {
                    assertThat(oipData.get(r).asDouble()).isCloseTo(numbers.values()[r], within(1e-9));
                    assertThat(mlflow.get(r).get(column.name()).asDouble()).isCloseTo(numbers.values()[r], within(1e-9));
                } else {
                    assertThat(oipData.get(r).asText()).isEqualTo(column.text(r));
                    assertThat(mlflow.get(r).get(column.name()).asText()).isEqualTo(column.text(r));
                }
            }
        }
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private JsonNode post(String path, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
