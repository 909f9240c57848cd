package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.store.TestDatabase;
import dev.cairn.model.testing.BreastCancerModel;
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
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cairn datasets ...}: profiles computed locally, and the registry of a real server. */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class DatasetsCommandTest {
    @Parameter
    TestDatabase.Kind kind;

    @TempDir
    Path home;

    @TempDir
    Path work;

    @Test
    void registersTheSameContentOnceAndShowsVersionsWithTheirProfile() throws Exception {
        Path penguins = BreastCancerModel.exampleData().resolve("penguins.json");
        try (CliServer server = CliServer.start(kind, home)) {
            CliServer.Result first = server.cairn("datasets", "register", penguins.toString(), "--name", "penguins",
                    "--description", "Palmer penguins");
            assertThat(first.exitCode()).as(first.err()).isZero();
            assertThat(first.out()).contains("penguins version 1: registered (344 rows, sha256 ");
            // The bytes are kept in the artifact store, under the digest.
            String digest = first.out().replaceAll("(?s).*sha256 ([0-9a-f]{64}).*", "$1");
            HttpResponse<byte[]> stored = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url()
                    + "/api/2.0/mlflow-artifacts/artifacts/datasets/penguins/" + digest + "/penguins.json")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(stored.body()).isEqualTo(Files.readAllBytes(penguins));

            CliServer.Result again = server.cairn("datasets", "register", penguins.toString(), "--name", "penguins");
            assertThat(again.out()).contains("penguins version 1: already registered with the same content");

            Path fewer = work.resolve("penguins.json");
            ObjectMapper json = new ObjectMapper();
            JsonNode all = json.readTree(penguins.toFile());
            json.writeValue(fewer.toFile(), json.createArrayNode().addAll(java.util.stream.StreamSupport.stream(all.spliterator(), false)
                    .limit(100).toList()));
            CliServer.Result changed = server.cairn("datasets", "register", fewer.toString(), "--name", "penguins");
            assertThat(changed.out()).as(changed.err()).contains("penguins version 2: registered");

            CliServer.Result list = server.cairn("datasets", "list");
            assertThat(list.out()).containsPattern("penguins\\s+2\\s+2\\s+");

            CliServer.Result show = server.cairn("datasets", "show", "penguins", "--version", "1");
            assertThat(show.exitCode()).as(show.err()).isZero();
            assertThat(show.out()).contains("penguins version 1", "sha256:  " + digest, "about:   Palmer penguins")
                    .containsPattern("Species\\s+VARCHAR\\s+344\\s+0").containsPattern("(?m)^2\\s+").containsPattern("(?m)^1\\s+344");
            JsonNode shown = json.readTree(server.cairn("datasets", "show", "penguins", "--json").out());
            assertThat(shown.at("/dataset_version/version").asInt()).isEqualTo(2);
            assertThat(shown.at("/dataset_version/row_count").asLong()).isEqualTo(100);
            assertThat(shown.at("/dataset_version/schema/0/name").asText()).isEqualTo("Species");

            CliServer.Result missing = server.cairn("datasets", "show", "nope");
            assertThat(missing.exitCode()).isEqualTo(1);
            assertThat(missing.err()).contains("Dataset 'nope' not found");
            CliServer.Result badName = server.cairn("datasets", "register", penguins.toString(), "--name", "my/penguins");
            assertThat(badName.exitCode()).isEqualTo(1);
            assertThat(badName.err()).contains("A dataset name has letters, digits");
        }
    }

    @Test
    void registersTheRowsOfAJdbcQueryAsASnapshot() throws Exception {
        String url = "jdbc:h2:" + work.resolve("source").toAbsolutePath();
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE trips (id INT, fare DOUBLE, city VARCHAR(20))");
            statement.execute("INSERT INTO trips VALUES (1, 12.5, 'Oslo'), (2, NULL, 'Lima'), (3, 7.25, 'Oslo')");
        }
        try (CliServer server = CliServer.start(kind, home)) {
            String[] register = {"datasets", "register", "--jdbc", url, "--query", "SELECT * FROM trips ORDER BY id", "--name", "trips"};
            CliServer.Result first = server.cairn(register);
            assertThat(first.exitCode()).as(first.err()).isZero();
            assertThat(first.out()).contains("trips version 1: registered (3 rows");
            // The snapshot is byte-stable, so the same rows are the same version.
            assertThat(server.cairn(register).out()).contains("trips version 1: already registered with the same content");

            CliServer.Result show = server.cairn("datasets", "show", "trips");
            assertThat(show.out()).contains("source:  jdbc " + url + " :: SELECT * FROM trips ORDER BY id")
                    .containsPattern("FARE\\s+DOUBLE\\s+2\\s+1");

            CliServer.Result noQuery = server.cairn("datasets", "register", "--jdbc", url, "--name", "trips");
            assertThat(noQuery.exitCode()).isEqualTo(1);
            assertThat(noQuery.err()).contains("Give a FILE, or --jdbc URL with --query SQL");
            CliServer.Result badQuery = server.cairn("datasets", "register", "--jdbc", url, "--query", "SELECT * FROM nope", "--name", "x");
            assertThat(badQuery.exitCode()).isEqualTo(1);
            assertThat(badQuery.err()).contains("The JDBC source query failed").containsIgnoringCase("nope");
        }
    }

    @Test
    void profilePrintsSchemaDigestAndStatistics() throws Exception {
        Path penguins = BreastCancerModel.exampleData().resolve("penguins.json");
        CliServer.Result table = CliServer.cairnWithoutServer("datasets", "profile", penguins.toString());
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).contains("penguins.json: 344 rows, sha256 ").containsPattern("Species\\s+VARCHAR\\s+344\\s+0")
                .contains("Adelie=152");

        CliServer.Result asJson = CliServer.cairnWithoutServer("datasets", "profile", penguins.toString(), "--json");
        JsonNode json = new ObjectMapper().readTree(asJson.out());
        assertThat(json.path("sha256").asText()).hasSize(64);
        assertThat(json.at("/profile/rowCount").asLong()).isEqualTo(344);
        assertThat(json.at("/profile/columns/0/kind").asText()).isEqualTo("categorical");

        CliServer.Result missing = CliServer.cairnWithoutServer("datasets", "profile", "no-such-file.parquet");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("error: INVALID_PARAMETER_VALUE: File no-such-file.parquet does not exist");
    }
}
