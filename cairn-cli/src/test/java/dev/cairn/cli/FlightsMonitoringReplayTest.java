package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.store.TestDatabase;
import dev.cairn.train.spec.TrainSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
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
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Issue 15's flights case on a slice: the quickstart spec trained on January, deployed, and the
 * months February to June replayed one after the other through the inference endpoint, each
 * month's true labels attached and a monitor run over exactly that month's requests (30,000 sampled
 * flights, about 5,000 a month). What the data shows, measured: no input drifts at the default
 * thresholds in any month, the weekday mix moves away from January's, and CBPE follows the real
 * accuracy except in April and May, when fewer flights were late. An alert rule starts the
 * retraining pipeline with the window it fired on.
 */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class FlightsMonitoringReplayTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> MONTHS = List.of("February", "March", "April", "May", "June");
    private static final int BATCH = 500;

    @Parameter
    TestDatabase.Kind kind;

    @TempDir
    Path home;

    @TempDir
    Path examples;

    /** What the monitor said about one replayed month, and the accuracy the test recomputes itself. */
    private record Month(String name, long from, long to, String reference, int rows, List<String> drifted, Map<String, Double> statistics,
                         double estimated, double real, double recomputed) {
    }

    @Test
    void februaryToJuneReplayedMonthByMonthReportTheirDriftAndRealAccuracyBesideCbpeAndAnAlertRequestsTheRetraining() throws Exception {
        Path spec = FlightsExampleSlice.copy(examples, "quickstart.yaml", 30_000);
        // The quickstart trains on January's first week; a 1% sample leaves too few rows of it, so the whole of January, and the gate
        // is lowered: a model from 5,000 flights tests at a ROC AUC near 0.57, and what is under test here is the monitoring of it.
        Files.writeString(spec, Files.readString(spec).replace("train: {from: \"2001-01-01\", to: \"2001-01-08\"}",
                "train: {from: \"2001-01-01\", to: \"2001-02-01\"}").replace("test: {from: \"2001-02-01\", to: \"2001-02-05\"}",
                "test: {from: \"2001-02-01\", to: \"2001-02-08\"}").replace("roc_auc: 0.6}", "roc_auc: 0.5}"));
        assertThat(Files.readString(spec)).contains("to: \"2001-02-01\"}", "to: \"2001-02-08\"}", "roc_auc: 0.5}");
        try (CliServer server = CliServer.start(kind, home)) {
            CliServer.Result trained = server.cairn("train", "--spec", spec.toString());
            assertThat(trained.exitCode()).as(trained.out() + trained.err()).isZero();
            CliServer.Result deployed = server.cairn("deploy", "flights-api", "--model", "flights-delay", "--version", "1");
            assertThat(deployed.exitCode()).as(deployed.out() + deployed.err()).isZero();

            // A retraining stand-in that declares the window an alert offers it.
            String retrain = "name: retrain\nparams: {window_from: '', window_to: ''}\nsteps:\n  flights:\n    type: dataset\n"
                    + "    params: {name: flights, path: ../data/flights-3m.parquet}\n";
            post(server, "/api/v1/pipelines", JSON.createObjectNode().put("spec", retrain).put("folder", spec.getParent().toString()), 201);
            post(server, "/api/v1/deployments/flights-api/alert-rules", JSON.createObjectNode().put("name", "drift").put("condition", "drift_share")
                    .put("pipeline", "retrain"), 201);
            // Retrain on every monitored window whatever it shows (a share of 0): no month's inputs drift, so this rule's alert is
            // the one that shows the path from an alert to a retraining run.
            post(server, "/api/v1/deployments/flights-api/alert-rules", JSON.createObjectNode().put("name", "monthly").put("condition", "drift_share")
                    .put("threshold", 0.0).put("pipeline", "retrain"), 201);

            List<Month> months = new ArrayList<>();
            for (int m = 0; m < MONTHS.size(); m++) {
                months.add(replay(server, MONTHS.get(m), monthRows(spec, m + 2)));
                Thread.sleep(2);
            }
            StringBuilder table = new StringBuilder("month     rows  drifted  weekday (wasserstein)  origin (js)  destination (js)  CBPE accuracy  real accuracy\n");
            months.forEach(month -> table.append(String.format(Locale.ROOT, "%-9s %5d  %-7s  %21.3f  %11.3f  %16.3f  %13.3f  %13.3f%n", month.name(),
                    month.rows(), month.drifted().isEmpty() ? "none" : String.join(", ", month.drifted()), month.statistics().get("weekday"),
                    month.statistics().get("origin"), month.statistics().get("destination"), month.estimated(), month.real())));
            System.out.println(table);

            JsonNode stored = get(server, "/api/v1/deployments/flights-api/monitors/results").get("results");
            assertThat(stored).as("one stored result per month").hasSize(MONTHS.size());
            assertThat(stored).as("newest window first").extracting(result -> result.get("rows").asInt())
                    .containsExactly(months.get(4).rows(), months.get(3).rows(), months.get(2).rows(), months.get(1).rows(), months.get(0).rows());
            assertThat(months).allSatisfy(month -> {
                assertThat(month.rows()).isBetween(4_000, 5_500);
                assertThat(month.statistics()).containsOnlyKeys("hour", "weekday", "distance", "origin", "destination");
                // The reference lineage gives: the features table the training read, the sample's six months (see docs/benchmarks.md).
                assertThat(month.reference()).isEqualTo("flights-features@1");
                // Measured: at the default thresholds (0.1) no input of January's model drifts in any later month on this slice.
                assertThat(month.drifted()).as(month.name()).isEmpty();
                assertThat(month.real()).as("the server's real accuracy is the test's own count over the labels").isCloseTo(month.recomputed(),
                        within(1e-12));
            });
            // What does move is the calendar: from March on, the month's weekday mix is further from the half-year's than February's.
            assertThat(months.get(0).statistics().get("weekday")).isLessThan(0.03);
            assertThat(months.subList(1, 5)).allSatisfy(month -> assertThat(month.statistics().get("weekday")).isGreaterThan(0.05));
            // CBPE reads the accuracy off the probabilities, which move little: it tracks the real accuracy in February, March and
            // June (within 0.015 of 5,000 labels, a binomial standard error of 0.006), and misses April and May, when fewer flights
            // were late without the inputs showing it (a shift of the labels, which no estimate from inputs can see).
            for (int m : new int[] {0, 1, 4}) {
                assertThat(months.get(m).estimated()).as(months.get(m).name()).isCloseTo(months.get(m).real(), within(0.015));
            }
            for (int m : new int[] {2, 3}) {
                assertThat(months.get(m).real() - months.get(m).estimated()).as(months.get(m).name()).isGreaterThan(0.03);
            }

            JsonNode alerts = get(server, "/api/v1/alerts").get("alerts");
            assertThat(alerts).as("the drift rule never fires; the monthly one fires in February and stays firing").hasSize(1);
            JsonNode alert = alerts.get(0);
            assertThat(alert.get("rule").asText()).isEqualTo("monthly");
            assertThat(alert.get("state").asText()).isEqualTo("firing");
            JsonNode run = get(server, "/api/v1/pipelines/retrain/runs/" + alert.get("pipeline_run").asLong()).get("run");
            assertThat(run.get("trigger").asText()).isEqualTo("EVENT");
            assertThat(Instant.parse(run.at("/params/window_from").asText()).toEpochMilli()).isEqualTo(months.get(0).from());
            assertThat(Instant.parse(run.at("/params/window_to").asText()).toEpochMilli()).isEqualTo(months.get(0).to());
            // The server's workers run it.
            long deadline = System.nanoTime() + 30_000_000_000L;
            String state = run.get("state").asText();
            while (!state.equals("SUCCEEDED") && !state.equals("FAILED") && System.nanoTime() < deadline) {
                Thread.sleep(200);
                state = get(server, "/api/v1/pipelines/retrain/runs/" + alert.get("pipeline_run").asLong()).at("/run/state").asText();
            }
            assertThat(state).isEqualTo("SUCCEEDED");
        }
    }

    /**
     * Sends the month's rows through the endpoint, attaches their true labels and monitors
     * exactly the window of those requests.
     */
    private static Month replay(CliServer server, String name, List<Object[]> rows) throws Exception {
        long from = System.currentTimeMillis();
        List<String> predicted = new ArrayList<>();
        ArrayNode labels = JSON.createArrayNode();
        for (int start = 0; start < rows.size(); start += BATCH) {
            List<Object[]> batch = rows.subList(start, Math.min(rows.size(), start + BATCH));
            JsonNode answer = post(server, "/v2/models/flights-api/infer", body(batch), 200);
            JsonNode labelOutput = output(answer, "label");
            for (int i = 0; i < batch.size(); i++) {
                predicted.add(labelOutput.get(i).asText());
                labels.addObject().put("prediction_id", answer.at("/parameters/prediction_ids/" + i).asText()).put("label", batch.get(i)[5].toString());
            }
        }
        post(server, "/api/v1/deployments/flights-api/labels", JSON.createObjectNode().set("labels", labels), 200);
        long to = System.currentTimeMillis() + 1;
        JsonNode result = post(server, "/api/v1/deployments/flights-api/monitors/run", JSON.createObjectNode().put("from", from).put("to", to), 200)
                .get("result");
        JsonNode report = result.get("report");
        List<String> drifted = new ArrayList<>();
        Map<String, Double> statistics = new LinkedHashMap<>();
        report.at("/feature_drift/columns").forEach(column -> {
            statistics.put(column.get("column").asText(), column.get("statistic").asDouble());
            if (column.get("drift").asBoolean()) {
                drifted.add(column.get("column").asText());
            }
        });
        assertThat(report.at("/performance/labelled").asInt()).isEqualTo(rows.size());
        long correct = IntStream.range(0, rows.size()).filter(i -> predicted.get(i).equals(rows.get(i)[5].toString())).count();
        return new Month(name, from, to, result.get("reference").asText(), result.get("rows").asInt(), drifted, statistics, report.at("/performance/estimated/accuracy").asDouble(),
                report.at("/performance/real/accuracy").asDouble(), (double) correct / rows.size());
    }

    /** The month's flights of the sample with the spec's own feature SQL: hour, weekday, distance, origin, destination, late. */
    private static List<Object[]> monthRows(Path spec, int month) throws Exception {
        String features = TrainSpec.read(spec).transform().orElseThrow().sql().strip().replaceFirst(";$", "");
        List<Object[]> rows = new ArrayList<>();
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement()) {
            statement.execute("CREATE VIEW flights AS SELECT * FROM read_parquet('" + spec.resolveSibling("../data/flights-3m.parquet").normalize() + "')");
            try (ResultSet result = statement.executeQuery("SELECT hour, weekday, distance, origin, destination, late FROM (" + features
                    + ") WHERE month(date) = " + month + " ORDER BY date")) {
                while (result.next()) {
                    rows.add(new Object[] {result.getDouble(1), result.getDouble(2), result.getDouble(3), result.getString(4), result.getString(5),
                            result.getInt(6)});
                }
            }
        }
        return rows;
    }

    /** One inference request of the rows: a tensor of shape [rows] per input column. */
    private static ObjectNode body(List<Object[]> rows) {
        ObjectNode request = JSON.createObjectNode();
        ArrayNode inputs = request.putArray("inputs");
        String[] names = {"hour", "weekday", "distance", "origin", "destination"};
        for (int c = 0; c < names.length; c++) {
            ObjectNode tensor = inputs.addObject().put("name", names[c]).put("datatype", c < 3 ? "FP64" : "BYTES");
            tensor.putArray("shape").add(rows.size());
            ArrayNode data = tensor.putArray("data");
            for (Object[] row : rows) {
                if (c < 3) {
                    data.add((Double) row[c]);
                } else {
                    data.add((String) row[c]);
                }
            }
        }
        return request;
    }

    private static JsonNode output(JsonNode answer, String name) {
        for (JsonNode output : answer.get("outputs")) {
            if (output.get("name").asText().equals(name)) {
                return output.get("data");
            }
        }
        throw new AssertionError("no output " + name + " in " + answer);
    }

    private static JsonNode post(CliServer server, String path, JsonNode body, int status) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private static JsonNode get(CliServer server, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
