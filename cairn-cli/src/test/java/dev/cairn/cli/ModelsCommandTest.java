package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.store.TestDatabase;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.CsvFrames;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.pkg.ModelPackage;
import dev.cairn.model.runtime.LoadedModel;
import dev.cairn.model.testing.BreastCancerModel;
import dev.cairn.model.testing.OnnxGraphs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code cairn models ...} against a real server: import, register, list, show, alias, download, predict. */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class ModelsCommandTest extends ServerCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void importedSklearnModelIsAliasedDownloadedAndScoresAFileLikeTheRuntime() throws Exception {
        Path onnx = work.resolve("iris.onnx");
        OnnxGraphs.writeScaledLinearClassifier(onnx, new float[] {5.8f, 3.0f, 3.8f, 1.2f}, new float[] {1.2f, 2.3f, 0.57f, 1.3f},
                new float[][] {{-1.0f, 1.2f, -1.8f, -1.7f}, {0.5f, -1.3f, 0.3f, -0.6f}, {0.5f, 0.1f, 1.5f, 2.3f}},
                new float[] {-0.2f, 1.9f, -1.7f}, List.of("setosa", "versicolor", "virginica"), false);
        Path example = work.resolve("example.csv");
        Files.writeString(example, "sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3\n");

        CliServer.Result imported = server.cairn("models", "import", "--name", "iris", "--file", onnx.toString(),
                "--input-example", example.toString(), "--description", "sklearn export");
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("iris version 1: READY").contains("scored 2 example rows");

        CliServer.Result second = server.cairn("models", "import", "--name", "iris", "--file", onnx.toString(), "--input-example", example.toString());
        assertThat(second.out()).contains("iris version 2: READY");

        CliServer.Result aliased = server.cairn("models", "alias", "iris", "champion", "--version", "1");
        assertThat(aliased.exitCode()).as(aliased.err()).isZero();
        CliServer.Result listed = server.cairn("models", "list");
        assertThat(listed.out()).containsPattern("iris\\s+2\\s+champion=1");
        CliServer.Result shown = server.cairn("models", "show", "iris");
        assertThat(shown.out()).contains("aliases:     champion=1").containsPattern("\\n2\\s+READY").containsPattern("\\n1\\s+READY");

        Path archive = work.resolve("iris.zip");
        CliServer.Result downloaded = server.cairn("models", "download", "iris", "--alias", "champion", "--output", archive.toString());
        assertThat(downloaded.out()).contains("iris version 1 -> ");
        assertThat(zipEntries(archive)).containsExactlyInAnyOrder("cairn-model.yaml", "model.onnx", "input_example.csv");
        HttpResponse<byte[]> byAlias = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.url() + "/api/v1/model-versions/package?name=iris&alias=champion")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(byAlias.statusCode()).isEqualTo(200);
        assertThat(byAlias.headers().firstValue("X-Cairn-Model-Version")).hasValue("1");
        Path aliasArchive = Files.write(work.resolve("by-alias.zip"), byAlias.body());
        assertThat(zipEntries(aliasArchive)).containsExactlyInAnyOrderElementsOf(zipEntries(archive));
        HttpResponse<String> unknown = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.url() + "/api/v1/model-versions/package?name=iris&version=9")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("error_code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");

        Path irisCsv = work.resolve("iris-rows.csv");
        StringBuilder rows = new StringBuilder("flower_id,sepal_length,sepal_width,petal_length,petal_width\n");
        List<String> lines = Files.readAllLines(BreastCancerModel.exampleData().resolve("iris.csv"));
        for (int i = 1; i < lines.size(); i++) {
            String[] fields = lines.get(i).split(",");
            rows.append("f").append(i).append(',').append(String.join(",", List.of(fields).subList(0, 4))).append('\n');
        }
        Files.writeString(irisCsv, rows);
        Path predictions = work.resolve("predictions.csv");
        CliServer.Result predicted = server.cairn("models", "predict", "iris", "--alias", "champion", "--input", irisCsv.toString(),
                "--output", predictions.toString(), "--id", "flower_id", "--batch-size", "64");
        assertThat(predicted.exitCode()).as(predicted.err()).isZero();
        assertThat(predicted.out()).contains("scored 150 rows with iris version 1");

        Frame written = CsvFrames.read(predictions);
        assertThat(written.columns()).extracting(Column::name)
                .containsExactly("flower_id", "label", "probability_setosa", "probability_versicolor", "probability_virginica");
        assertThat(written.rowCount()).isEqualTo(150);
        assertThat(written.columns().get(0).text(149)).isEqualTo("f150");
        Path unpacked = work.resolve("unpacked");
        ModelVersionRef.unzip(archive, unpacked);
        Frame input = CsvFrames.read(irisCsv);
        try (LoadedModel model = LoadedModel.load(ModelPackage.read(unpacked), 1)) {
            Frame direct = model.predict(new Frame(input.columns().subList(1, 5)));
            for (int r = 0; r < 150; r++) {
                assertThat(written.columns().get(1).text(r)).isEqualTo(direct.columns().get(0).text(r));
                assertThat(((Column.Numbers) written.columns().get(4)).values()[r])
                        .isCloseTo(((Column.Numbers) direct.columns().get(3)).values()[r], within(1e-6));
            }
        }

        Path parquet = work.resolve("iris.parquet");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duck.createStatement()) {
            statement.execute("COPY (SELECT * EXCLUDE (flower_id) FROM read_csv_auto('" + irisCsv + "')) TO '" + parquet + "' (FORMAT PARQUET)");
        }
        Path fromParquet = work.resolve("from-parquet.csv");
        CliServer.Result parquetRun = server.cairn("models", "predict", "iris", "--version", "2", "--input", parquet.toString(),
                "--output", fromParquet.toString());
        assertThat(parquetRun.exitCode()).as(parquetRun.err()).isZero();
        Frame parquetOut = CsvFrames.read(fromParquet);
        assertThat(parquetOut.columns().get(0).name()).isEqualTo("label");
        for (int r = 0; r < 150; r++) {
            assertThat(parquetOut.columns().get(0).text(r)).isEqualTo(written.columns().get(1).text(r));
        }
    }

    @Test
    void predictReportsSignatureProblemsAndWritesNoOutput() throws Exception {
        Path onnx = work.resolve("linear.onnx");
        OnnxGraphs.writeLinearRegressor(onnx, new float[] {1, 2}, 0);
        Path example = work.resolve("example.csv");
        Files.writeString(example, "a,b\n1,2\n");
        assertThat(server.cairn("models", "import", "--name", "lin", "--file", onnx.toString(), "--input-example", example.toString()).exitCode()).isZero();

        Path bad = work.resolve("bad.csv");
        Files.writeString(bad, "a,c\nx,2\n");
        Path output = work.resolve("out.csv");
        CliServer.Result failed = server.cairn("models", "predict", "lin", "--input", bad.toString(), "--output", output.toString());
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err()).contains("error: INVALID_PARAMETER_VALUE")
                .contains("column `a`: expected double, got string 'x'")
                .contains("missing column `b` (double)")
                .contains("unexpected column `c`");
        assertThat(output).doesNotExist();
        try (var leftovers = Files.list(work)) {
            assertThat(leftovers.map(path -> path.getFileName().toString())).noneMatch(name -> name.startsWith(".cairn-predict-"));
        }
    }

    @Test
    void registerFromARunAndFailedRegistrationsExplainThemselves() throws Exception {
        BreastCancerModel trained = BreastCancerModel.train();
        ModelPackage exported = trained.exportPackage(work.resolve("bc"), 3);
        JsonNode run = JSON.readTree(post("/api/2.0/mlflow/runs/create", "{\"experiment_id\": \"0\"}")).path("run");
        String runId = run.at("/info/run_id").asText();
        String root = run.at("/info/artifact_uri").asText().replaceFirst("^mlflow-artifacts:/+", "");
        for (String file : List.of("cairn-model.yaml", "model.onnx", "input_example.csv")) {
            put("/api/2.0/mlflow-artifacts/artifacts/" + root + "/model/" + file, exported.file(file));
        }
        post("/api/2.0/mlflow/runs/log-inputs", "{\"run_id\": \"" + runId + "\", \"datasets\": [{\"tags\": [{\"key\": "
                + "\"mlflow.data.context\", \"value\": \"train\"}], \"dataset\": {\"name\": \"breast_cancer\", \"digest\": "
                + "\"9f86d081884c7d659a2feaa0c55ad015\", \"source_type\": \"local\", \"source\": \"breast_cancer.csv\"}}]}");
        CliServer.Result registered = server.cairn("models", "register", "--name", "breast-cancer", "--run", runId, "--path", "model");
        assertThat(registered.exitCode()).as(registered.err()).isZero();
        assertThat(registered.out()).contains("breast-cancer version 1: READY");
        assertThat(server.cairn("models", "show", "breast-cancer").out()).contains(runId)
                .as("the version's lineage: the run's dataset by digest").contains("breast_cancer@9f86d081884c(train)")
                .as("the registrant: the operating system's user of this process, asked of the OS, not of the JVM property the CLI reads")
                .contains(ProcessHandle.current().info().user().orElseThrow());

        Files.writeString(exported.file("input_example.csv"), "f00,f01\n1,2\n");
        put("/api/2.0/mlflow-artifacts/artifacts/" + root + "/broken/cairn-model.yaml", exported.file("cairn-model.yaml"));
        put("/api/2.0/mlflow-artifacts/artifacts/" + root + "/broken/model.onnx", exported.file("model.onnx"));
        put("/api/2.0/mlflow-artifacts/artifacts/" + root + "/broken/input_example.csv", exported.file("input_example.csv"));
        CliServer.Result failed = server.cairn("models", "register", "--name", "breast-cancer", "--run", runId, "--path", "broken");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.out()).contains("breast-cancer version 2: FAILED_REGISTRATION").contains("missing column `f02`");

        Path corrupt = work.resolve("corrupt.onnx");
        Files.writeString(corrupt, "not onnx");
        CliServer.Result rejected = server.cairn("models", "import", "--name", "x", "--file", corrupt.toString());
        assertThat(rejected.exitCode()).isEqualTo(1);
        assertThat(rejected.err()).contains("Cannot load corrupt.onnx as an ONNX model");
        assertThat(server.cairn("models", "list").out()).doesNotContain("\nx ");

        CliServer.Result noAlias = server.cairn("models", "download", "breast-cancer", "--alias", "champion", "--output", work.resolve("z.zip").toString());
        assertThat(noAlias.exitCode()).isEqualTo(1);
        assertThat(noAlias.err()).contains("error: ").contains("champion");
    }

    private String post(String path, String body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private void put(String path, Path file) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .PUT(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static List<String> zipEntries(Path archive) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(archive); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                names.add(entry.getName());
            }
        }
        return names;
    }
}
