package dev.cairn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.cli.CairnCommand;
import dev.cairn.train.spec.TrainSpec;

import java.io.PrintWriter;
import java.io.StringWriter;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Issue 15's flights case on the whole example: {@code examples/flights/quickstart.yaml} trained
 * (January's first week of the 3 million flights) and deployed, then a seeded sample of each month
 * from February to June sent through the inference endpoint, its true labels attached, and the
 * deployment's monitor run over exactly that month's requests, under a drift alert rule at the
 * default share (0.5). Prints two lines per month: against the reference lineage gives (the
 * features table the training read, all six months) with the alert state after it, and against
 * the rows the model trained on (January's first week, registered as a dataset and named): rows,
 * drifted inputs, each input's statistic, CBPE and real accuracy.
 *
 * <p>Usage: {@code MonitorReplayBenchmark [rows per month=50000] [--db URL]}.
 */
public final class MonitorReplayBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path SPEC = Path.of("examples/flights/quickstart.yaml");
    private static final String[] INPUTS = {"hour", "weekday", "distance", "origin", "destination"};
    private static final int BATCH = 1_000;

    private MonitorReplayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchServer.Arguments arguments = BenchServer.Arguments.parse(args);
        int perMonth = Integer.parseInt(arguments.at(0, "50000"));
        Path home = Files.createTempDirectory("cairn-monitor-replay-");
        try (BenchServer server = new BenchServer(home, arguments.databaseUrl())) {
            String url = server.baseUrl();
            long start = System.nanoTime();
            cairn("train", "--spec", SPEC.toString(), "--server", url, "--cache", home.resolve("client").toString());
            cairn("deploy", "flights-api", "--model", "flights-delay", "--version", "1", "--server", url, "--cache", home.resolve("client").toString());
            System.out.printf(Locale.ROOT, "trained and deployed in %.1f s on %s%n", (System.nanoTime() - start) / 1e9, server.databaseName());
            post(url, "/api/v1/deployments/flights-api/alert-rules", JSON.createObjectNode().put("name", "drift").put("condition", "drift_share"));
            // The lineage names the features table the training read, all six months of it; the rows it trained on are January's first week.
            Path trainPart = home.resolve("train-part.parquet");
            writeTrainPart(trainPart);
            cairn("datasets", "register", trainPart.toString(), "--name", "flights-train-part", "--server", url, "--cache", home.resolve("client").toString());

            String[] months = {"February", "March", "April", "May", "June"};
            System.out.println("| month vs reference | rows | drifted inputs | hour | weekday | distance | origin | destination | CBPE accuracy | real accuracy | alert firing |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
            for (int m = 0; m < months.length; m++) {
                long monthStart = System.nanoTime();
                List<Object[]> rows = monthRows(m + 2, perMonth);
                long from = System.currentTimeMillis();
                for (int first = 0; first < rows.size(); first += BATCH) {
                    List<Object[]> batch = rows.subList(first, Math.min(rows.size(), first + BATCH));
                    JsonNode answer = post(url, "/v2/models/flights-api/infer", body(batch));
                    ArrayNode labels = JSON.createArrayNode();
                    for (int i = 0; i < batch.size(); i++) {
                        labels.addObject().put("prediction_id", answer.at("/parameters/prediction_ids/" + i).asText()).put("label", batch.get(i)[5].toString());
                    }
                    post(url, "/api/v1/deployments/flights-api/labels", JSON.createObjectNode().set("labels", labels));
                }
                long to = System.currentTimeMillis() + 1;
                JsonNode result = post(url, "/api/v1/deployments/flights-api/monitors/run", JSON.createObjectNode().put("from", from).put("to", to))
                        .get("result");
                int firing = get(url, "/api/v1/alerts?state=firing").get("alerts").size();
                JsonNode january = post(url, "/api/v1/deployments/flights-api/monitors/run", JSON.createObjectNode().put("from", from).put("to", to)
                        .put("reference_dataset", "flights-train-part").put("reference_version", 1)).get("result");
                System.out.println(line(months[m] + " vs " + result.get("reference").asText(), result, firing == 0 ? "no" : "yes"));
                System.out.println(line(months[m] + " vs " + january.get("reference").asText(), january, "-") + String.format(Locale.ROOT,
                        "   (%.1f s)", (System.nanoTime() - monthStart) / 1e9));
            }
        }
    }

    /** One table line of a monitor result: drifted inputs, each input's test and statistic, CBPE and real accuracy. */
    private static String line(String label, JsonNode result, String alert) {
        JsonNode report = result.get("report");
        List<String> drifted = new ArrayList<>();
        StringBuilder statistics = new StringBuilder();
        for (String input : INPUTS) {
            for (JsonNode column : report.at("/feature_drift/columns")) {
                if (column.get("column").asText().equals(input)) {
                    statistics.append(String.format(Locale.ROOT, " %s %.3f |", column.get("method").asText(), column.get("statistic").asDouble()));
                    if (column.get("drift").asBoolean()) {
                        drifted.add(input);
                    }
                }
            }
        }
        return String.format(Locale.ROOT, "| %s | %,d | %s |%s %.3f | %.3f | %s |", label, result.get("rows").asInt(),
                drifted.isEmpty() ? "none" : String.join(", ", drifted), statistics, report.at("/performance/estimated/accuracy").asDouble(),
                report.at("/performance/real/accuracy").asDouble(), alert);
    }

    /** The rows the model trained on: the spec's features over its split's {@code train} range, as Parquet. */
    private static void writeTrainPart(Path output) throws Exception {
        TrainSpec spec = TrainSpec.read(SPEC);
        String features = spec.transform().orElseThrow().sql().strip().replaceFirst(";$", "");
        Path file = SPEC.getParent().resolve(spec.datasets().get("flights").file().orElseThrow()).normalize();
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement()) {
            statement.execute("CREATE VIEW flights AS SELECT * FROM read_parquet('" + file + "')");
            statement.execute("COPY (SELECT hour, weekday, distance, origin, destination, late FROM (" + features
                    + ") WHERE date >= TIMESTAMP '2001-01-01' AND date < TIMESTAMP '2001-01-08') TO '" + output + "' (FORMAT PARQUET)");
        }
    }

    /** A seeded sample of the month's flights with the spec's own feature SQL: the five inputs, then {@code late}. */
    private static List<Object[]> monthRows(int month, int count) throws Exception {
        TrainSpec spec = TrainSpec.read(SPEC);
        String features = spec.transform().orElseThrow().sql().strip().replaceFirst(";$", "");
        Path file = SPEC.getParent().resolve(spec.datasets().get("flights").file().orElseThrow()).normalize();
        List<Object[]> rows = new ArrayList<>();
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement()) {
            statement.execute("CREATE VIEW flights AS SELECT * FROM read_parquet('" + file + "')");
            try (ResultSet result = statement.executeQuery("SELECT hour, weekday, distance, origin, destination, late FROM (SELECT * FROM (" + features
                    + ") WHERE month(date) = " + month + ") USING SAMPLE reservoir(" + count + " ROWS) REPEATABLE (7)")) {
                while (result.next()) {
                    rows.add(new Object[] {result.getDouble(1), result.getDouble(2), result.getDouble(3), result.getString(4), result.getString(5),
                            result.getInt(6)});
                }
            }
        }
        return rows;
    }

    private static ObjectNode body(List<Object[]> rows) {
        ObjectNode request = JSON.createObjectNode();
        ArrayNode inputs = request.putArray("inputs");
        for (int c = 0; c < INPUTS.length; c++) {
            ObjectNode tensor = inputs.addObject().put("name", INPUTS[c]).put("datatype", c < 3 ? "FP64" : "BYTES");
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

    private static void cairn(String... command) {
        StringWriter out = new StringWriter();
        int exit = CairnCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(out)).execute(command);
        if (exit != 0) {
            throw new IllegalStateException("cairn " + String.join(" ", command) + " exited " + exit + ":\n" + out);
        }
    }

    private static JsonNode post(String url, String path, JsonNode body) throws Exception {
        return answer(HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString()), path);
    }

    private static JsonNode get(String url, String path) throws Exception {
        return answer(HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).build(), HttpResponse.BodyHandlers.ofString()), path);
    }

    private static JsonNode answer(HttpResponse<String> response, String path) throws Exception {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
