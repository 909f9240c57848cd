package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.store.TestDatabase;
import dev.cairn.model.pkg.ModelPackage;
import dev.cairn.model.testing.BreastCancerModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The prediction log across a {@code kill -9}: segments closed before the kill are all there,
 * whole, after a restart; only the open segment (at most its row limit) may be lost. After a
 * clean stop nothing is lost.
 */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class PredictionLogCrashTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SEGMENT_ROWS = 500;
    private static final List<String> LOG_OPTIONS = List.of("--prediction-log-segment-rows", Integer.toString(SEGMENT_ROWS),
            "--prediction-log-segment-seconds", "3600");

    @Parameter
    TestDatabase.Kind kind;

    @TempDir
    Path home;

    private TestDatabase database;
    private ServerProcesses servers;

    @BeforeEach
    void createDatabase() {
        database = TestDatabase.create(kind, home);
        servers = new ServerProcesses(home, database);
    }

    @AfterEach
    void cleanUp() {
        servers.close();
        database.close();
    }

    @Test
    void killNineLosesAtMostTheOpenSegmentAndACleanStopLosesNothing() throws Exception {
        int port = ServerProcesses.freePort();
        Process server = servers.start(port, LOG_OPTIONS);
        BreastCancerModel trained = BreastCancerModel.train();
        try {
            servers.register(port, "cancer", trained.exportPackage(home.resolve("pkg"), 4));
        } catch (java.io.IOException e) {
            throw new AssertionError(Files.readString(servers.logOf(port)), e);
        }
        HttpResponse<String> created = servers.post(port, "/api/v1/deployments", "{\"name\": \"d\", \"model\": \"cancer\", \"version\": 1}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        awaitReady(port);

        String body = ServerProcesses.oneRowRequest(trained);
        List<String> sent = new ArrayList<>();
        int requests = 2 * SEGMENT_ROWS + SEGMENT_ROWS / 2;
        for (int i = 0; i < requests; i++) {
            sent.add(predictionId(servers.post(port, "/v2/models/d/infer", body)));
        }
        // Two segments close by rows; the third stays open until the kill.
        awaitRecordsWritten(port, 2 * SEGMENT_ROWS);
        server.destroyForcibly().waitFor();
        assertThat(server.exitValue()).isEqualTo(137);

        int restarted = ServerProcesses.freePort();
        server = servers.start(restarted, LOG_OPTIONS);
        List<String> logged = exportedIds(restarted);
        assertThat(logged).hasSize(2 * SEGMENT_ROWS);
        // The export orders by time, then id: requests answered in the same millisecond may swap places.
        assertThat(logged).containsExactlyInAnyOrderElementsOf(sent.subList(0, 2 * SEGMENT_ROWS));

        // After a clean stop (SIGTERM) every answered prediction is in the log.
        awaitReady(restarted);
        List<String> more = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            more.add(predictionId(servers.post(restarted, "/v2/models/d/infer", body)));
        }
        server.destroy();
        server.waitFor();
        int third = ServerProcesses.freePort();
        servers.start(third, LOG_OPTIONS);
        Set<String> afterStop = new HashSet<>(exportedIds(third));
        assertThat(afterStop).containsAll(more).hasSize(2 * SEGMENT_ROWS + more.size());
    }

    private void awaitReady(int port) throws Exception {
        for (int attempt = 0; attempt < 300; attempt++) {
            JsonNode deployment = JSON.readTree(servers.get(port, "/api/v1/deployments/d").body()).get("deployment");
            if (deployment.get("state").asText().equals("ready") && servers.get(port, "/v2/models/d/ready").statusCode() == 200) {
                return;
            }
            ServerProcesses.sleep(100);
        }
        throw new AssertionError("deployment d never became ready");
    }

    private void awaitRecordsWritten(int port, int records) throws Exception {
        Pattern written = Pattern.compile("cairn_prediction_log_records_total\\{deployment=\"d\".*} ([0-9.E]+)");
        for (int attempt = 0; attempt < 300; attempt++) {
            Matcher matcher = written.matcher(servers.get(port, "/metrics").body());
            if (matcher.find() && Double.parseDouble(matcher.group(1)) >= records) {
                return;
            }
            ServerProcesses.sleep(50);
        }
        throw new AssertionError("the log never wrote " + records + " records");
    }

    private List<String> exportedIds(int port) throws Exception {
        HttpResponse<String> export = servers.get(port, "/api/v1/deployments/d/predictions?format=csv");
        assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
        return export.body().lines().skip(1).map(line -> line.substring(0, line.indexOf(','))).toList();
    }

    private static String predictionId(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).at("/parameters/prediction_ids/0").asText();
    }
}
