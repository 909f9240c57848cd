package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.store.TestDatabase;
import dev.cairn.model.pkg.ModelPackage;
import dev.cairn.model.testing.BreastCancerModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cairn deploy} and {@code cairn deployments ...} against a real server: deploy and wait,
 * list and show, canary, promotion, shadow and A/B traffic, labels for predictions served over
 * HTTP, the prediction export, delete; and how bad input and failed rollouts are reported.
 */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class DeployCommandTest extends ServerCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static BreastCancerModel trained;

    @BeforeAll
    static void train() {
        trained = BreastCancerModel.train();
    }

    @Test
    void deployShiftsTrafficAndExportsLabelledPredictions() throws Exception {
        register(trained.exportPackage(work.resolve("onnx"), 4));
        register(trained.exportTribuoPackage(work.resolve("tribuo"), 4));
        String endpoint = server.url() + "/v2/models/cancer-api/infer";

        CliServer.Result created = server.cairn("deploy", "cancer-api", "--model", "cancer", "--version", "1");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("cancer-api: created deployment at revision 1")
                .contains("cancer-api ready: stable=v1 (100%) at " + endpoint);
        CliServer.Result redeployed = server.cairn("deploy", "cancer-api", "--model", "cancer", "--version", "1", "--threads", "2",
                "--max-batch-size", "16");
        assertThat(redeployed.exitCode()).as(redeployed.err()).isZero();
        assertThat(redeployed.out()).contains("cancer-api: updated deployment to revision 2").contains("cancer-api ready: stable=v1 (100%)");

        assertThat(server.cairn("deployments", "list").out()).containsPattern("cancer-api\\s+ready\\s+single\\s+stable=v1 \\(100%\\)\\s+2");
        CliServer.Result shown = server.cairn("deployments", "show", "cancer-api");
        assertThat(shown.exitCode()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("state:     ready (revision 2)").contains("endpoint:  " + endpoint)
                .contains("model:     cancer, stable version 1").contains("\"threads\":2").contains("\"max_batch_size\":16")
                .containsPattern("stable\\s+cancer\\s+1\\s+100").contains("Spec changed; rolling out revision 2");
        JsonNode shownJson = JSON.readTree(server.cairn("deployments", "show", "cancer-api", "--json").out());
        assertThat(shownJson.at("/deployment/spec/settings/threads").asInt()).isEqualTo(2);

        CliServer.Result canary = server.cairn("deployments", "traffic", "cancer-api", "--canary-version", "2", "--percent", "25",
                "--rollback-error-rate", "0.5", "--rollback-min-requests", "1000");
        assertThat(canary.exitCode()).as(canary.err()).isZero();
        assertThat(canary.out()).contains("cancer-api ready: stable=v1 (75%), canary=v2 (25%)");
        assertThat(JSON.readTree(server.cairn("deployments", "show", "cancer-api", "--json").out()).at("/deployment/spec/traffic/rollback/max_error_rate")
                .asDouble()).isEqualTo(0.5);
        CliServer.Result promoted = server.cairn("deployments", "traffic", "cancer-api", "--promote");
        assertThat(promoted.exitCode()).as(promoted.err()).isZero();
        assertThat(promoted.out()).contains("cancer-api ready: stable=v2 (100%)");
        CliServer.Result again = server.cairn("deployments", "traffic", "cancer-api", "--promote");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("has no canary to promote");

        CliServer.Result shadow = server.cairn("deployments", "traffic", "cancer-api", "--shadow-version", "1");
        assertThat(shadow.exitCode()).as(shadow.err()).isZero();
        assertThat(shadow.out()).contains("cancer-api ready: stable=v2 (100%), shadow=v1");
        CliServer.Result ab = server.cairn("deployments", "traffic", "cancer-api", "--ab", "a=1:50,b=2:50", "--sticky-key", "X-User");
        assertThat(ab.exitCode()).as(ab.err()).isZero();
        assertThat(ab.out()).contains("cancer-api ready: a=v1 (50%), b=v2 (50%)");
        assertThat(server.cairn("deployments", "list").out()).containsPattern("cancer-api\\s+ready\\s+ab\\s+a=v1 \\(50%\\), b=v2 \\(50%\\)");
        CliServer.Result back = server.cairn("deploy", "cancer-api", "--model", "cancer", "--version", "1");
        assertThat(back.out()).contains("cancer-api ready: stable=v1 (100%)");

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(oneRowRequest(i))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            ids.add(JSON.readTree(answer.body()).at("/parameters/prediction_ids/0").asText());
        }
        Path labels = work.resolve("labels.csv");
        StringBuilder csv = new StringBuilder("prediction_id,label\n");
        for (int i = 0; i < ids.size(); i++) {
            csv.append(ids.get(i)).append(',').append(i % 2 == 0 ? "benign" : "malignant").append('\n');
        }
        Files.writeString(labels, csv);
        CliServer.Result labelled = server.cairn("deployments", "labels", "cancer-api", "--file", labels.toString());
        assertThat(labelled.exitCode()).as(labelled.err()).isZero();
        assertThat(labelled.out()).contains("cancer-api: 5 labels written");
        Path jsonLabels = work.resolve("labels.json");
        Files.writeString(jsonLabels, "{\"labels\": [{\"prediction_id\": \"" + ids.get(4) + "\", \"label\": \"benign\"}]}");
        assertThat(server.cairn("deployments", "labels", "cancer-api", "--file", jsonLabels.toString()).out())
                .contains("cancer-api: 1 labels written");

        Path export = work.resolve("predictions.csv");
        CliServer.Result exported = server.cairn("deployments", "predictions", "cancer-api", "--output", export.toString(),
                "--from", "2000-01-01T00:00:00Z", "--to", Long.toString(System.currentTimeMillis() + 60_000));
        assertThat(exported.exitCode()).as(exported.err()).isZero();
        assertThat(exported.out()).contains("cancer-api: 5 predictions -> " + export);
        List<String> lines = Files.readAllLines(export);
        assertThat(lines.get(0)).startsWith("prediction_id,").endsWith(",label");
        assertThat(lines).hasSize(6);
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith(ids.get(0) + ",").endsWith(",benign"))
                .anySatisfy(line -> assertThat(line).startsWith(ids.get(1) + ",").endsWith(",malignant"))
                .anySatisfy(line -> assertThat(line).startsWith(ids.get(4) + ",").endsWith(",benign"));
        Path parquet = work.resolve("predictions.parquet");
        CliServer.Result parquetExport = server.cairn("deployments", "predictions", "cancer-api", "-o", parquet.toString());
        assertThat(parquetExport.exitCode()).as(parquetExport.err()).isZero();
        assertThat(parquetExport.out()).contains("bytes -> " + parquet);
        assertThat(new String(Files.readAllBytes(parquet), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");
        try (Stream<Path> files = Files.list(work)) {
            assertThat(files.map(path -> path.getFileName().toString())).noneMatch(name -> name.startsWith(".cairn-export-"));
        }

        CliServer.Result deleted = server.cairn("deployments", "delete", "cancer-api");
        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        assertThat(deleted.out()).contains("cancer-api: deleted");
        assertThat(server.cairn("deployments", "list").out()).doesNotContain("cancer-api");
        CliServer.Result gone = server.cairn("deployments", "show", "cancer-api");
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.err()).contains("error: RESOURCE_DOES_NOT_EXIST");
    }

    @Test
    void badInputAndFailedRolloutsAreReportedAndExitNonZero() throws Exception {
        CliServer.Result ghost = server.cairn("deploy", "x", "--model", "ghost", "--version", "1");
        assertThat(ghost.exitCode()).isEqualTo(1);
        assertThat(ghost.err()).startsWith("error: RESOURCE_DOES_NOT_EXIST: ").contains("ghost");
        assertThat(server.cairn("deployments", "list").out().lines()).hasSize(1);

        CliServer.Result noArms = server.cairn("deployments", "traffic", "x", "--ab", "a=1");
        assertThat(noArms.exitCode()).isEqualTo(2);
        assertThat(noArms.err()).contains("--ab").contains("'a=1' is not ARM=VERSION:WEIGHT");
        CliServer.Result oneArm = server.cairn("deployments", "traffic", "x", "--ab", "a=1:100");
        assertThat(oneArm.exitCode()).isEqualTo(2);
        assertThat(oneArm.err()).contains("at least two arms");
        CliServer.Result badWeight = server.cairn("deployments", "traffic", "x", "--ab", "a=1:50,b=two:50");
        assertThat(badWeight.exitCode()).isEqualTo(2);
        assertThat(badWeight.err()).contains("'b=two:50'");
        CliServer.Result twoPolicies = server.cairn("deployments", "traffic", "x", "--single", "--promote");
        assertThat(twoPolicies.exitCode()).isEqualTo(1);
        assertThat(twoPolicies.err()).contains("Give one of --single, a canary, a shadow, --ab or --promote");
        CliServer.Result noPercent = server.cairn("deploy", "x", "--model", "cancer", "--version", "1", "--canary-version", "2");
        assertThat(noPercent.exitCode()).isEqualTo(1);
        assertThat(noPercent.err()).contains("A canary needs --percent");
        CliServer.Result noVersion = server.cairn("deploy", "x", "--model", "cancer");
        assertThat(noVersion.exitCode()).isEqualTo(1);
        assertThat(noVersion.err()).contains("--version V or --alias A");
        CliServer.Result badTime = server.cairn("deployments", "predictions", "x", "-o", work.resolve("p.csv").toString(), "--from", "yesterday");
        assertThat(badTime.exitCode()).isEqualTo(2);
        assertThat(badTime.err()).contains("expected ISO-8601");

        // Version 2's model file is damaged in the store after registration: the rollout fails and version 1 keeps serving.
        register(trained.exportPackage(work.resolve("onnx"), 4));
        ModelPackage tribuo = trained.exportTribuoPackage(work.resolve("tribuo"), 4);
        register(tribuo);
        assertThat(server.cairn("deploy", "live", "--model", "cancer", "--version", "1").exitCode()).isZero();
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(tribuo.file("model.tribuo"))));
        try (Stream<Path> blobs = Files.walk(home.resolve("artifacts"))) {
            Path blob = blobs.filter(path -> path.getFileName().toString().equals(digest)).findFirst().orElseThrow();
            Files.writeString(blob, "damaged");
        }
        CliServer.Result failed = server.cairn("deploy", "live", "--model", "cancer", "--version", "2");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.out()).contains("live: updated deployment to revision 2").doesNotContain("live ready");
        assertThat(failed.err()).startsWith("error: live failed: Revision 2 failed").contains("keeps serving");

        CliServer.Result noWait = server.cairn("deploy", "live", "--model", "cancer", "--version", "1", "--no-wait");
        assertThat(noWait.exitCode()).as(noWait.err()).isZero();
        assertThat(noWait.out()).contains("live: updated deployment to revision 3").contains("rolling out in the background");
    }

    @Test
    void monitorAndAlertsCommandsWatchTheDeploymentsPredictions() throws Exception {
        String runId = register(trained.exportPackage(work.resolve("onnx"), 4));
        assertThat(server.cairn("deploy", "cancer-api", "--model", "cancer", "--version", "1").exitCode()).isZero();
        Path training = work.resolve("training.csv");
        Files.writeString(training, String.join(",", trained.featureNames()) + "\n" + trained.rows().stream()
                .map(row -> Arrays.stream(row).mapToObj(Double::toString).collect(Collectors.joining(","))).collect(Collectors.joining("\n")));
        assertThat(server.cairn("datasets", "register", training.toString(), "--name", "cancer-data").exitCode()).isZero();
        // The version's lineage names its training data, as `cairn train` logs it: the monitor finds its reference there.
        send("POST", "/api/2.0/mlflow/runs/log-inputs", "{\"run_id\": \"" + runId + "\", \"datasets\": [{\"dataset\": {\"name\": "
                + "\"cancer-data\", \"digest\": \"d\", \"source_type\": \"cairn-dataset\", \"source\": \"cairn-dataset:/cancer-data/1\"}, "
                + "\"tags\": [{\"key\": \"mlflow.data.context\", \"value\": \"training\"}]}]}");
        CliServer.Result rule = server.cairn("alerts", "rule", "cancer-api", "drift", "--when", "dataset_drift", "--severity", "critical");
        assertThat(rule.exitCode()).as(rule.err()).isZero();
        assertThat(rule.out()).contains("Rule drift on cancer-api: dataset_drift (threshold 0.0, critical)");
        assertThat(server.cairn("alerts", "rules", "cancer-api").out()).contains("drift").contains("dataset_drift");

        // 100 training rows, tripled and moved: every input drifts.
        ObjectNode request = JSON.createObjectNode();
        ObjectNode tensor = request.putArray("inputs").addObject().put("name", "rows").put("datatype", "FP64");
        tensor.putArray("shape").add(100).add(trained.featureNames().size());
        ArrayNode data = tensor.putArray("data");
        trained.rows().subList(0, 100).forEach(row -> Arrays.stream(row).forEach(value -> data.add(3 * value + 2)));
        assertThat(send("POST", "/v2/models/cancer-api/infer", request.toString())).contains("outputs");

        CliServer.Result run = server.cairn("monitor", "run", "cancer-api", "--last", "1h");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("100 predictions against cancer-data@1 (result 1)").contains("inputs: 30 of 30 drifted (share 1.00), drift")
                .contains("integrity: ").containsPattern("performance \\(positive class \\w+\\): estimated from the probabilities \\(CBPE\\) "
                        + "accuracy \\d\\.\\d{3}, precision .*; no labels yet");
        CliServer.Result report = server.cairn("monitor", "report", "cancer-api");
        assertThat(report.out()).contains("30 of 30").contains("cancer-data@1");
        assertThat(server.cairn("monitor", "report", "cancer-api", "--id", "1").out()).contains("inputs: 30 of 30 drifted");
        // A named reference is stored as its own result and leaves the deployment's alerts to its own monitor.
        assertThat(server.cairn("monitor", "run", "cancer-api", "--last", "1h", "--reference", "cancer-data@1").out())
                .contains("100 predictions against cancer-data@1 (result 2)");
        CliServer.Result alerts = server.cairn("alerts", "list", "--state", "firing");
        assertThat(alerts.out()).contains("cancer-api").contains("critical").contains("firing").contains("dataset drift: 30 of 30 inputs drifted");
        assertThat(server.cairn("alerts", "ack", "1").out()).contains("Alert 1 (drift on cancer-api, firing) acknowledged");
        CliServer.Result explained = server.cairn("monitor", "run", "cancer-api", "--last", "1h", "--importance");
        assertThat(explained.exitCode()).as(explained.err()).isZero();
        assertThat(explained.out()).containsPattern("importance \\(mean_absolute_probability_change over 100 rows, 5 shuffles each\\): "
                + "f\\d\\d \\d\\.\\d{3}, ");
        CliServer.Result unknownGroup = server.cairn("monitor", "run", "cancer-api", "--last", "1h", "--sensitive", "gender");
        assertThat(unknownGroup.exitCode()).isEqualTo(1);
        assertThat(unknownGroup.err()).contains("Sensitive column 'gender' is not an input");

        // The windows as a page to open in a browser, with the KPIs posted over their time.
        send("POST", "/api/v1/kpis", "{\"name\": \"conversion <b>\", \"value\": 0.12, \"deployment\": \"cancer-api\", \"time\": "
                + (System.currentTimeMillis() - 600_000) + "}");
        Path page = work.resolve("report.html");
        CliServer.Result html = server.cairn("monitor", "report", "cancer-api", "--html", page.toString());
        assertThat(html.exitCode()).as(html.err()).isZero();
        assertThat(html.out()).as("the two runs above and the one with importance").contains("cancer-api: 3 windows -> " + page);
        assertThat(Files.readString(page)).contains("Monitoring report: cancer-api").contains(trained.featureNames().get(0))
                .contains("Drift per column over time").contains("estimated (CBPE) beside real").contains("conversion &lt;b&gt;")
                .doesNotContain("<script");
        CliServer.Result one = server.cairn("monitor", "report", "cancer-api", "--id", "2", "--html", page.toString());
        assertThat(one.out()).contains("cancer-api: 1 window -> " + page);
        CliServer.Result unwritable = server.cairn("monitor", "report", "cancer-api", "--html", work.resolve("nowhere/report.html").toString());
        assertThat(unwritable.exitCode()).isEqualTo(1);
        assertThat(unwritable.err().trim()).contains("Cannot write the report to").contains("does not exist").hasLineCount(1);

        CliServer.Result scheduled = server.cairn("monitor", "schedule", "cancer-api", "--every", "1h", "--window", "1d");
        assertThat(scheduled.exitCode()).as(scheduled.err()).isZero();
        assertThat(scheduled.out()).contains("cancer-api is monitored every 1h over the last 1d against its training data").contains("next run: ");
        assertThat(server.cairn("monitor", "schedule", "cancer-api").out()).contains("every 1h over the last 1d");
        assertThat(server.cairn("monitor", "schedule", "cancer-api", "--every", "1s").err()).contains("every 5 seconds");
        assertThat(server.cairn("monitor", "schedule", "cancer-api", "--every", "1h", "--off").err()).contains("not both");
        assertThat(server.cairn("monitor", "schedule", "cancer-api", "--off").out()).contains("cancer-api is no longer monitored on a schedule");
        CliServer.Result unscheduled = server.cairn("monitor", "schedule", "cancer-api");
        assertThat(unscheduled.exitCode()).isEqualTo(1);
        assertThat(unscheduled.err()).contains("no monitor schedule");

        CliServer.Result badReference = server.cairn("monitor", "run", "cancer-api", "--reference", "cancer-data");
        assertThat(badReference.exitCode()).isEqualTo(1);
        assertThat(badReference.err()).contains("DATASET@VERSION");
        assertThat(server.cairn("monitor", "run", "cancer-api", "--last", "5x").err()).contains("30m, 6h, 2d");
        assertThat(server.cairn("alerts", "rule", "cancer-api", "x", "--when", "sadness").err()).contains("Unknown alert condition");
    }

    /** Registers a package as the next version of model {@code cancer}, logged by a new run, whose id it returns. */
    private String register(ModelPackage modelPackage) throws Exception {
        if (!send("GET", "/api/2.0/mlflow/registered-models/get?name=cancer", "").contains("\"cancer\"")) {
            send("POST", "/api/2.0/mlflow/registered-models/create", "{\"name\": \"cancer\"}");
        }
        JsonNode run = JSON.readTree(send("POST", "/api/2.0/mlflow/runs/create", "{\"experiment_id\": \"0\"}")).path("run");
        String runId = run.at("/info/run_id").asText();
        String root = run.at("/info/artifact_uri").asText().replaceFirst("^mlflow-artifacts:/+", "");
        try (Stream<Path> files = Files.list(modelPackage.folder())) {
            for (Path file : files.toList()) {
                HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/2.0/mlflow-artifacts/artifacts/"
                        + root + "/model/" + file.getFileName())).PUT(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            }
        }
        JsonNode version = JSON.readTree(send("POST", "/api/2.0/mlflow/model-versions/create",
                "{\"name\": \"cancer\", \"source\": \"runs:/" + runId + "/model\", \"run_id\": \"" + runId + "\"}")).path("model_version");
        assertThat(version.path("status").asText()).as(version.toString()).isEqualTo("READY");
        return runId;
    }

    private String send(String method, String path, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    /** An OIP request of one row of the training data as a [1, C] tensor. */
    private static String oneRowRequest(int row) {
        ObjectNode request = JSON.createObjectNode();
        ObjectNode tensor = request.putArray("inputs").addObject().put("name", "row").put("datatype", "FP64");
        tensor.putArray("shape").add(1).add(trained.featureNames().size());
        ArrayNode data = tensor.putArray("data");
        for (double value : trained.rows().get(row)) {
            data.add(value);
        }
        return request.toString();
    }
}
