package dev.cairn.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.store.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.mlflow.api.proto.ModelRegistry;
import org.mlflow.tracking.MlflowClient;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** MLflow's model registry API over HTTP, with registration checks; runs on each database. */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class MlflowRegistryApiTest {
    private static final String API = "/api/2.0/mlflow";

    @TempDir
    Path folder;

    RunningServer server;

    @Parameter
    TestDatabase.Kind kind;

    @BeforeEach
    void start() {
        server = new RunningServer(kind, folder);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void registersVersionsWhoseFilesExistAndFailsThoseWhoseFilesDoNot() {
        String runId = loggedModelRun();
        assertThat(server.post(API + "/registered-models/create", "{\"name\": \"churn\", \"description\": \"d\"}").status()).isEqualTo(200);

        JsonNode ready = server.post(API + "/model-versions/create", "{\"name\": \"churn\", \"source\": \"runs:/" + runId
                + "/model\", \"run_id\": \"" + runId + "\"}").body().get("model_version");
        assertThat(ready.get("version").asText()).isEqualTo("1");
        assertThat(ready.get("status").asText()).isEqualTo("READY");
        assertThat(ready.get("status_message").asText()).contains("not a Cairn model package");
        assertThat(ready.get("run_id").asText()).isEqualTo(runId);

        JsonNode viaArtifactUri = server.post(API + "/model-versions/create", "{\"name\": \"churn\", \"source\": "
                + "\"mlflow-artifacts:/0/" + runId + "/artifacts/model\"}").body().get("model_version");
        assertThat(viaArtifactUri.get("status").asText()).isEqualTo("READY");

        JsonNode failed = server.post(API + "/model-versions/create", "{\"name\": \"churn\", \"source\": \"runs:/" + runId
                + "/no-such-model\"}").body().get("model_version");
        assertThat(failed.get("version").asText()).isEqualTo("3");
        assertThat(failed.get("status").asText()).isEqualTo("FAILED_REGISTRATION");
        assertThat(failed.get("status_message").asText()).contains("No files at source");
        // Aliases move through the promotion, which only points them at READY versions.
        assertError(server.post(API + "/registered-models/alias", "{\"name\": \"churn\", \"alias\": \"champion\", \"version\": \"3\"}"),
                400, "INVALID_PARAMETER_VALUE", "FAILED_REGISTRATION");

        JsonNode elsewhere = server.post(API + "/model-versions/create", "{\"name\": \"churn\", \"source\": \"s3://bucket/model\"}")
                .body().get("model_version");
        assertThat(elsewhere.get("status").asText()).isEqualTo("FAILED_REGISTRATION");
        assertThat(elsewhere.get("status_message").asText()).contains("does not serve");
    }

    @Test
    void managesAliasesStagesTagsAndSearch() {
        String runId = loggedModelRun();
        server.post(API + "/registered-models/create", "{\"name\": \"fraud\", \"tags\": [{\"key\": \"team\", \"value\": \"risk\"}]}");
        for (int i = 0; i < 2; i++) {
            server.post(API + "/model-versions/create", "{\"name\": \"fraud\", \"source\": \"runs:/" + runId + "/model\"}");
        }
        assertThat(server.post(API + "/registered-models/alias", "{\"name\": \"fraud\", \"alias\": \"champion\", \"version\": \"1\"}").status()).isEqualTo(200);
        assertThat(server.get(API + "/registered-models/alias?name=fraud&alias=champion").body().at("/model_version/version").asText()).isEqualTo("1");
        server.post(API + "/registered-models/alias", "{\"name\": \"fraud\", \"alias\": \"champion\", \"version\": \"2\"}");
        JsonNode model = server.get(API + "/registered-models/get?name=fraud").body().get("registered_model");
        assertThat(model.at("/aliases/0/alias").asText()).isEqualTo("champion");
        assertThat(model.at("/aliases/0/version").asText()).isEqualTo("2");
        assertThat(model.at("/tags/0/value").asText()).isEqualTo("risk");
        assertThat(server.send("DELETE", API + "/registered-models/alias", "{\"name\": \"fraud\", \"alias\": \"champion\"}").status()).isEqualTo(200);
        assertThat(server.get(API + "/registered-models/alias?name=fraud&alias=champion").status()).isEqualTo(404);

        JsonNode staged = server.post(API + "/model-versions/transition-stage", "{\"name\": \"fraud\", \"version\": \"2\", "
                + "\"stage\": \"production\", \"archive_existing_versions\": true}").body().get("model_version");
        assertThat(staged.get("current_stage").asText()).isEqualTo("Production");
        assertThat(server.post(API + "/registered-models/get-latest-versions", "{\"name\": \"fraud\", \"stages\": [\"Production\"]}")
                .body().at("/model_versions/0/version").asText()).isEqualTo("2");

        assertThat(server.post(API + "/model-versions/set-tag", "{\"name\": \"fraud\", \"version\": \"2\", \"key\": \"validated\", \"value\": \"yes\"}").status()).isEqualTo(200);
        assertThat(server.send("PATCH", API + "/model-versions/update", "{\"name\": \"fraud\", \"version\": \"2\", \"description\": \"better\"}")
                .body().at("/model_version/description").asText()).isEqualTo("better");
        assertThat(server.get(API + "/model-versions/search?filter=" + encode("name='fraud'")).body().get("model_versions")).hasSize(2);
        assertThat(server.get(API + "/registered-models/search?filter=" + encode("name LIKE 'fr%'")).body().get("registered_models")).hasSize(1);
        assertThat(server.get(API + "/model-versions/get-download-uri?name=fraud&version=2").body().get("artifact_uri").asText())
                .isEqualTo("runs:/" + runId + "/model");

        assertThat(server.post(API + "/registered-models/rename", "{\"name\": \"fraud\", \"new_name\": \"fraud-v2\"}").status()).isEqualTo(200);
        assertThat(server.send("DELETE", API + "/model-versions/delete", "{\"name\": \"fraud-v2\", \"version\": \"1\"}").status()).isEqualTo(200);
        assertThat(server.get(API + "/model-versions/get?name=fraud-v2&version=1").status()).isEqualTo(404);
        assertThat(server.send("DELETE", API + "/registered-models/delete", "{\"name\": \"fraud-v2\"}").status()).isEqualTo(200);
        assertThat(server.get(API + "/registered-models/get?name=fraud-v2").body().get("error_code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
    }

    @Test
    void rejectsBadRegistryInput() {
        server.post(API + "/registered-models/create", "{\"name\": \"m\"}");
        assertError(server.post(API + "/registered-models/create", "{\"name\": \"m\"}"), 400, "RESOURCE_ALREADY_EXISTS", "already exists");
        assertError(server.post(API + "/registered-models/create", "{}"), 400, "INVALID_PARAMETER_VALUE", "name");
        assertError(server.post(API + "/model-versions/create", "{\"name\": \"nope\", \"source\": \"x\"}"), 404, "RESOURCE_DOES_NOT_EXIST", "'nope'");
        assertError(server.post(API + "/model-versions/create", "{\"name\": \"m\"}"), 400, "INVALID_PARAMETER_VALUE", "source");
        assertError(server.get(API + "/model-versions/get?name=m&version=abc"), 400, "INVALID_PARAMETER_VALUE", "'version'");
        assertError(server.get(API + "/model-versions/get?name=m&version=5"), 404, "RESOURCE_DOES_NOT_EXIST", "5");
        assertError(server.post(API + "/registered-models/alias", "{\"name\": \"m\", \"alias\": \"no spaces\", \"version\": \"1\"}"), 400, "INVALID_PARAMETER_VALUE", "no spaces");
        assertError(server.post(API + "/model-versions/transition-stage", "{\"name\": \"m\", \"version\": \"1\", \"stage\": \"Live\"}"), 400, "INVALID_PARAMETER_VALUE", "Live");
        assertError(server.get(API + "/registered-models/search?filter=" + encode("metrics.x > 1")), 400, "INVALID_PARAMETER_VALUE", "metrics");
    }

    @Test
    void mlflowJavaClientReadsTheRegistry() {
        String runId = loggedModelRun();
        server.post(API + "/registered-models/create", "{\"name\": \"iris\"}");
        server.post(API + "/model-versions/create", "{\"name\": \"iris\", \"source\": \"runs:/" + runId + "/model\", \"run_id\": \"" + runId + "\"}");
        try (MlflowClient client = new MlflowClient(server.baseUrl())) {
            ModelRegistry.RegisteredModel model = client.getRegisteredModel("iris");
            assertThat(model.getName()).isEqualTo("iris");
            ModelRegistry.ModelVersion version = client.getModelVersion("iris", "1");
            assertThat(version.getStatus()).isEqualTo(ModelRegistry.ModelVersionStatus.READY);
            assertThat(version.getRunId()).isEqualTo(runId);
            assertThat(client.getLatestVersions("iris")).extracting(ModelRegistry.ModelVersion::getVersion).containsExactly("1");
            assertThat(client.searchModelVersions("name = 'iris'").getItems()).hasSize(1);
            assertThat(client.getModelVersionDownloadUri("iris", "1")).isEqualTo("runs:/" + runId + "/model");
        }
    }

    /** A run with a model folder logged through the artifact proxy. */
    private String loggedModelRun() {
        String runId = server.post(API + "/runs/create", "{\"experiment_id\": \"0\"}").body().at("/run/info/run_id").asText();
        String root = "/api/2.0/mlflow-artifacts/artifacts/0/" + runId + "/artifacts/model/";
        assertThat(server.put(root + "model.onnx", "bytes".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
        assertThat(server.put(root + "MLmodel", "flavors: {}\n".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
        return runId;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static void assertError(RunningServer.Response response, int status, String code, String messagePart) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        assertThat(response.errorCode()).isEqualTo(code);
        assertThat(response.body().get("message").asText()).as("the message names what was wrong").contains(messagePart);
    }
}
