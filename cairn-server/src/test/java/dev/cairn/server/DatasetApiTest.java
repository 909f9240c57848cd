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

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dataset registry over HTTP against a real server: registering by digest, listing,
 * reading a version with its profile, recording a split, and the errors bad input gets. The
 * store behind it is tested on every database by the store contract test.
 */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class DatasetApiTest {
    @Parameter
    TestDatabase.Kind kind;

    private static final String API = "/api/v1/datasets";

    @TempDir
    Path folder;

    private RunningServer server;

    @BeforeEach
    void start() {
        server = new RunningServer(kind, folder);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void registersListsReadsAndSplitsVersions() {
        RunningServer.Response first = server.post(API + "/versions", version("flights", "a", 100));
        assertThat(first.status()).as(first.body().toString()).isEqualTo(200);
        assertThat(first.body().get("created").asBoolean()).isTrue();
        assertThat(first.body().at("/dataset_version/version").asInt()).isEqualTo(1);
        assertThat(first.body().at("/dataset_version/profile/columns/0/mean").asDouble()).isEqualTo(12.5);
        assertThat(first.body().at("/dataset_version/profile/rowCount").asLong()).as("the profile as the CLI sends it (TableProfile)")
                .isEqualTo(100);

        RunningServer.Response again = server.post(API + "/versions", version("flights", "a", 100));
        assertThat(again.body().get("created").asBoolean()).isFalse();
        assertThat(again.body().at("/dataset_version/version").asInt()).isEqualTo(1);
        assertThat(server.post(API + "/versions", version("flights", "b", 90)).body().at("/dataset_version/version").asInt()).isEqualTo(2);

        JsonNode list = server.get(API).body().get("datasets");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("latest_version").asInt()).isEqualTo(2);
        assertThat(list.get(0).get("version_count").asInt()).isEqualTo(2);

        JsonNode versions = server.get(API + "/flights/versions").body().get("dataset_versions");
        assertThat(versions).extracting(v -> v.get("version").asInt()).containsExactly(2, 1);
        assertThat(versions.get(0).has("profile")).isFalse();
        assertThat(server.get(API + "/flights/versions?digest=" + "a".repeat(64)).body().get("dataset_versions"))
                .extracting(v -> v.get("version").asInt()).containsExactly(1);
        assertThat(server.get(API + "/flights/versions?digest=" + "c".repeat(64)).body().get("dataset_versions")).isEmpty();
        assertThat(server.get(API + "/flights/versions/latest").body().at("/dataset_version/digest").asText()).isEqualTo("b".repeat(64));
        JsonNode one = server.get(API + "/flights/versions/1").body().get("dataset_version");
        assertThat(one.at("/schema/1/name").asText()).isEqualTo("delay");
        assertThat(one.at("/schema/1/nullable").asBoolean()).isTrue();

        RunningServer.Response split = server.post(API + "/flights/versions/1/split", "{\"parts\": ["
                + "{\"name\": \"train\", \"definition\": \"date in January\", \"row_count\": 70},"
                + "{\"name\": \"test\", \"definition\": \"date in February\", \"row_count\": 30}]}");
        assertThat(split.status()).as(split.body().toString()).isEqualTo(200);
        assertThat(server.get(API + "/flights/versions/1").body().at("/dataset_version/split/1/row_count").asLong()).isEqualTo(30);
    }

    @Test
    void badInputGetsClearErrors() {
        assertError(server.get(API + "/nope/versions"), 404, "RESOURCE_DOES_NOT_EXIST", "Dataset 'nope' not found");
        assertError(server.get(API + "/nope/versions/1"), 404, "RESOURCE_DOES_NOT_EXIST", "nope");
        server.post(API + "/versions", version("flights", "a", 100));
        assertError(server.get(API + "/flights/versions/two"), 400, "INVALID_PARAMETER_VALUE", "a number or 'latest'");
        assertError(server.get(API + "/flights/versions/7"), 404, "RESOURCE_DOES_NOT_EXIST", "has no version 7");
        assertError(server.post(API + "/versions", version("flights", "A", 100)), 400, "INVALID_PARAMETER_VALUE", "sha256");
        assertError(server.post(API + "/versions", version("flights", "c", 100).replace("\"profile\": {", "\"profile\": [{")
                .replace("}]}}", "}]}]}")), 400, "INVALID_PARAMETER_VALUE", "'profile' must be an object");
        assertError(server.post(API + "/flights/versions/1/split", "{\"parts\": [{\"name\": \"train\", \"row_count\": 101}]}"),
                400, "INVALID_PARAMETER_VALUE", "more than the 100");
        assertThat(server.get(API + "/flights/versions").body().get("dataset_versions")).hasSize(1);

        List<String> bodies = List.of("", "null", "\"text\"", "{", "{}", "{\"name\": null}", "{\"schema\": 5}", "{\"parts\": [5]}",
                "{\"name\": \"" + "x".repeat(600) + "\"}", version("flights", "d", -1), version("flights", "d", 1).replace("\"schema\": [", "\"schema\": [{},"));
        for (String endpoint : List.of(API + "/versions", API + "/flights/versions/1/split")) {
            for (String body : bodies) {
                RunningServer.Response response = server.post(endpoint, body);
                assertThat(response.status()).as(endpoint + " with " + body).isBetween(400, 499);
                assertThat(response.body().has("error_code") && response.body().has("message")).as(endpoint + " with " + body).isTrue();
            }
        }
    }

    private static String version(String name, String hex, long rows) {
        return "{\"name\": \"" + name + "\", \"digest\": \"" + hex.repeat(64) + "\", \"source_type\": \"file\", "
                + "\"source\": \"/data/flights.parquet\", \"row_count\": " + rows + ", "
                + "\"schema\": [{\"name\": \"origin\", \"type\": \"VARCHAR\", \"nullable\": false}, {\"name\": \"delay\", \"type\": \"DOUBLE\"}], "
                + "\"profile\": {\"rowCount\": " + rows + ", \"columns\": [{\"name\": \"delay\", \"mean\": 12.5}]}}";
    }

    private static void assertError(RunningServer.Response response, int status, String code, String messagePart) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        assertThat(response.body().get("error_code").asText()).isEqualTo(code);
        assertThat(response.body().get("message").asText()).contains(messagePart);
    }
}
