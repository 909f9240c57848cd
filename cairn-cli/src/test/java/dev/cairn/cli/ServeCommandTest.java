package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.store.TestDatabase;
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
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cairn serve} as operators run it beside {@code cairn server}: a separate process on the
 * same stores that serves the named deployment over OIP and MLflow's root {@code /invocations},
 * follows changes made through the server, and writes its predictions into the shared log.
 */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class ServeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameter
    TestDatabase.Kind kind;

    @TempDir
    Path home;

    private TestDatabase database;
    private ServerProcesses processes;

    @BeforeEach
    void createDatabase() {
        database = TestDatabase.create(kind, home);
        processes = new ServerProcesses(home, database);
    }

    @AfterEach
    void cleanUp() {
        processes.close();
        database.close();
    }

    @Test
    void aReplicaServesTheDeploymentFollowsItsChangesAndLogsToTheSharedLog() throws Exception {
        int serverPort = ServerProcesses.freePort();
        processes.start(serverPort, List.of());
        BreastCancerModel trained = BreastCancerModel.train();
        processes.register(serverPort, "cancer", trained.exportPackage(home.resolve("pkg"), 4));
        HttpResponse<String> created = processes.post(serverPort, "/api/v1/deployments", "{\"name\": \"d\", \"model\": \"cancer\", \"version\": 1}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        processes.post(serverPort, "/api/v1/deployments", "{\"name\": \"other\", \"model\": \"cancer\", \"version\": 1}");

        int replicaPort = ServerProcesses.freePort();
        processes.launch("serve", replicaPort, List.of("--deployment", "d"));
        awaitReady(replicaPort);

        HttpResponse<String> oip = processes.post(replicaPort, "/v2/models/d/infer", ServerProcesses.oneRowRequest(trained));
        assertThat(oip.statusCode()).as(oip.body()).isEqualTo(200);
        String id = JSON.readTree(oip.body()).at("/parameters/prediction_ids/0").asText();

        StringBuilder split = new StringBuilder("{\"dataframe_split\": {\"columns\": [");
        List<String> features = trained.featureNames();
        for (int i = 0; i < features.size(); i++) {
            split.append(i == 0 ? "" : ", ").append('"').append(features.get(i)).append('"');
        }
        split.append("], \"data\": [[");
        double[] row = trained.rows().get(0);
        for (int i = 0; i < row.length; i++) {
            split.append(i == 0 ? "" : ", ").append(row[i]);
        }
        split.append("]]}}");
        HttpResponse<String> invocation = processes.post(replicaPort, "/invocations", split.toString());
        assertThat(invocation.statusCode()).as(invocation.body()).isEqualTo(200);
        assertThat(JSON.readTree(invocation.body()).at("/predictions/0/label").asText())
                .isEqualTo(JSON.readTree(oip.body()).at("/outputs/0/data/0").asText());
        assertThat(processes.get(replicaPort, "/ping").statusCode()).isEqualTo(200);
        // Only the named deployment is served here.
        assertThat(processes.post(replicaPort, "/v2/models/other/infer", ServerProcesses.oneRowRequest(trained)).statusCode()).isEqualTo(404);

        // A change made through the server reaches the replica.
        processes.register(serverPort, "cancer-2", trained.exportTribuoPackage(home.resolve("pkg-2"), 4));
        HttpResponse<String> patched = processes.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serverPort
                + "/api/v1/deployments/d")).method("PATCH", HttpRequest.BodyPublishers.ofString("{\"model\": \"cancer-2\", \"version\": 1}")).build());
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        String answeredBy = "";
        for (int attempt = 0; attempt < 200 && !answeredBy.equals("cancer-2"); attempt++) {
            ServerProcesses.sleep(100);
            answeredBy = JSON.readTree(processes.post(replicaPort, "/v2/models/d/infer", ServerProcesses.oneRowRequest(trained)).body())
                    .at("/parameters/model").asText();
        }
        assertThat(answeredBy).isEqualTo("cancer-2");

        // The replica's predictions land in the shared log once it stops cleanly.
        processes.stopAll();
        int restarted = ServerProcesses.freePort();
        processes.start(restarted, List.of());
        HttpResponse<String> export = processes.get(restarted, "/api/v1/deployments/d/predictions?format=csv");
        assertThat(export.body()).contains(id);
    }

    private void awaitReady(int port) throws Exception {
        for (int attempt = 0; attempt < 300; attempt++) {
            if (processes.get(port, "/v2/models/d/ready").statusCode() == 200) {
                return;
            }
            ServerProcesses.sleep(100);
        }
        JsonNode last = JSON.readTree(processes.get(port, "/v2/models/d/ready").body());
        throw new AssertionError("the replica never served d: " + last);
    }
}
