package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.model.testing.BreastCancerModel;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cairn datasets profile}, run locally on the shared penguins data. */
class DatasetsCommandTest {
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
