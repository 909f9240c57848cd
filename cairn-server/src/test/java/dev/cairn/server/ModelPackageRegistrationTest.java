package dev.cairn.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.store.TestDatabase;
import dev.cairn.model.pkg.ModelPackage;
import dev.cairn.model.testing.BreastCancerModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Tribuo model exported to ONNX, logged to a run and registered over HTTP: registration loads
 * it with the ONNX runtime and scores its example before the version is READY; a corrupt or
 * mismatched package fails with the reason.
 */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class ModelPackageRegistrationTest {
    @Parameter
    TestDatabase.Kind kind;

    private static final String API = "/api/2.0/mlflow";
    private static BreastCancerModel trained;

    @TempDir
    Path folder;

    private RunningServer server;

    @BeforeAll
    static void train() {
        trained = BreastCancerModel.train();
    }

    @BeforeEach
    void start() {
        server = new RunningServer(kind, folder.resolve("server"));
        server.post(API + "/registered-models/create", "{\"name\": \"breast-cancer\"}");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aValidPackageIsLoadedScoredAndReady() throws Exception {
        ModelPackage modelPackage = trained.exportPackage(folder.resolve("pkg"), 4);
        JsonNode version = register(logPackage(modelPackage));
        assertThat(version.get("status").asText()).isEqualTo("READY");
        assertThat(version.get("status_message").asText()).isEqualTo("Loaded by the onnx runtime; scored 4 example rows");
    }

    @Test
    void aRegisteredVersionServesTheBytesItWasValidatedWithAfterTheRunsFilesAreOverwritten() throws Exception {
        ModelPackage modelPackage = trained.exportPackage(folder.resolve("pkg"), 4);
        String runId = logPackage(modelPackage);
        assertThat(register(runId).get("status").asText()).isEqualTo("READY");
        String modelPath = "/api/2.0/mlflow-artifacts/artifacts/0/" + runId + "/artifacts/model/model.onnx";
        assertThat(server.put(modelPath, new byte[] {'e', 'v', 'i', 'l'}).status()).isEqualTo(200);
        assertThat(server.put("/api/2.0/mlflow-artifacts/artifacts/0/" + runId + "/artifacts/model/extra.txt", new byte[] {1}).status())
                .isEqualTo(200);

        java.net.http.HttpResponse<byte[]> archive = server.raw(java.net.http.HttpRequest.newBuilder(
                server.uri("/api/v1/model-versions/package?name=breast-cancer&version=1")).GET());
        assertThat(archive.statusCode()).isEqualTo(200);
        java.util.Map<String, byte[]> entries = new java.util.TreeMap<>();
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(archive.body()))) {
            for (java.util.zip.ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        }
        assertThat(entries.keySet()).containsExactly("cairn-model.yaml", "input_example.csv", "model.onnx");
        assertThat(entries.get("model.onnx")).isEqualTo(Files.readAllBytes(modelPackage.file("model.onnx")));
    }

    @Test
    void aJavaPackageThatExitsTheJvmFailsRegistrationAndTheServerKeepsServing() throws Exception {
        ModelPackage exits = dev.cairn.model.testing.JavaScorerPackages.build(folder, "exits", "acme.Exits", """
                package acme;

                public class Exits implements dev.cairn.model.runtime.Predictor {
                    @Override
                    public void init(dev.cairn.model.runtime.ModelContext context) {
                        System.exit(1);
                    }

                    @Override
                    public dev.cairn.model.frame.Frame predict(dev.cairn.model.frame.Frame input) {
                        return input;
                    }
                }
                """);
        String runId = server.post(API + "/runs/create", "{\"experiment_id\": \"0\"}").body().at("/run/info/run_id").asText();
        try (java.util.stream.Stream<Path> files = Files.list(exits.folder())) {
            for (Path file : files.toList()) {
                assertThat(server.put("/api/2.0/mlflow-artifacts/artifacts/0/" + runId + "/artifacts/model/" + file.getFileName(),
                        Files.readAllBytes(file)).status()).isEqualTo(200);
            }
        }
        JsonNode version = register(runId);
        assertThat(version.get("status").asText()).isEqualTo("FAILED_REGISTRATION");
        assertThat(version.get("status_message").asText()).contains("ended the JVM (exit status 1)");
        assertThat(server.get("/health").status()).as("the server is still up").isEqualTo(200);
    }

    @Test
    void aCorruptModelFailsRegistrationWithTheReason() throws Exception {
        ModelPackage modelPackage = trained.exportPackage(folder.resolve("pkg"), 4);
        byte[] model = Files.readAllBytes(modelPackage.file("model.onnx"));
        Files.write(modelPackage.file("model.onnx"), Arrays.copyOf(model, model.length / 3));
        JsonNode version = register(logPackage(modelPackage));
        assertThat(version.get("status").asText()).isEqualTo("FAILED_REGISTRATION");
        assertThat(version.get("status_message").asText()).startsWith("Cannot load ONNX model model.onnx");
    }

    @Test
    void anExampleThatDoesNotMatchTheSignatureFailsRegistration() throws Exception {
        ModelPackage modelPackage = trained.exportPackage(folder.resolve("pkg"), 4);
        Path example = modelPackage.file("input_example.csv");
        Files.writeString(example, Files.readString(example).replaceFirst("\n[^,]*,", "\nfar,"));
        JsonNode version = register(logPackage(modelPackage));
        assertThat(version.get("status").asText()).isEqualTo("FAILED_REGISTRATION");
        assertThat(version.get("status_message").asText()).contains("expected double, got string 'far'");
    }

    /** Uploads the package's files to a new run's artifacts and returns the run's id. */
    private String logPackage(ModelPackage modelPackage) throws Exception {
        String runId = server.post(API + "/runs/create", "{\"experiment_id\": \"0\"}").body().at("/run/info/run_id").asText();
        for (String file : new String[] {"cairn-model.yaml", "model.onnx", "input_example.csv"}) {
            RunningServer.Response uploaded = server.put("/api/2.0/mlflow-artifacts/artifacts/0/" + runId + "/artifacts/model/" + file,
                    Files.readAllBytes(modelPackage.folder().resolve(file)));
            assertThat(uploaded.status()).isEqualTo(200);
        }
        return runId;
    }

    private JsonNode register(String runId) {
        return server.post(API + "/model-versions/create", "{\"name\": \"breast-cancer\", \"source\": \"runs:/" + runId
                + "/model\", \"run_id\": \"" + runId + "\"}").body().get("model_version");
    }
}
