package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.model.testing.BreastCancerModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cairn datasets ...}: profiles computed locally, and the registry of a real server. */
class DatasetsCommandTest {
    @TempDir
    Path home;

    @TempDir
    Path work;

    @Test
    void registersTheSameContentOnceAndShowsVersionsWithTheirProfile() throws Exception {
        Path penguins = BreastCancerModel.sharedDatasets().resolve("penguins.json");
        try (CliServer server = CliServer.start(home)) {
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
    void profilePrintsSchemaDigestAndStatistics() throws Exception {
        Path penguins = BreastCancerModel.sharedDatasets().resolve("penguins.json");
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
