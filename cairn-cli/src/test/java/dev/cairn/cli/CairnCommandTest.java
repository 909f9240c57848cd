package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.store.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line against a real server on a free loopback port. */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class CairnCommandTest {
    @Parameter
    TestDatabase.Kind kind;

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private CliServer server;
    private String url;

    @BeforeEach
    void start() {
        server = CliServer.start(kind, home);
        url = server.url();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void createsAndListsExperiments() {
        CliServer.Result created = cairn("experiments", "create", "churn", "--tag", "team=growth", "--server", url);
        assertThat(created.exitCode()).isZero();
        String id = created.out().trim();
        assertThat(id).matches("\\d+");

        CliServer.Result listed = cairn("experiments", "list", "--server", url);
        assertThat(listed.exitCode()).isZero();
        assertThat(listed.out().lines().findFirst()).hasValueSatisfying(header -> assertThat(header).startsWith("ID").contains("NAME"));
        assertThat(listed.out()).containsPattern(id + "\\s+churn\\s+active").contains("Default");

        CliServer.Result filtered = cairn("experiments", "list", "--filter", "name = 'churn'", "--json", "--server", url);
        JsonNode json = parse(filtered.out());
        assertThat(json.get("experiments")).hasSize(1);
        assertThat(json.at("/experiments/0/tags/0/value").asText()).isEqualTo("growth");
    }

    @Test
    void searchesAndShowsRuns() throws Exception {
        String experimentId = cairn("experiments", "create", "search", "--server", url).out().trim();
        List<String> runIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String runId = parse(post("/api/2.0/mlflow/runs/create", "{\"experiment_id\": \"" + experimentId
                    + "\", \"run_name\": \"run-" + i + "\"}")).at("/run/info/run_id").asText();
            post("/api/2.0/mlflow/runs/log-batch", "{\"run_id\": \"" + runId + "\", \"metrics\": [{\"key\": \"rmse\", \"value\": " + i
                    + ", \"timestamp\": 1}], \"params\": [{\"key\": \"model\", \"value\": \"tree\"}]}");
            runIds.add(runId);
        }
        CliServer.Result listed = cairn("runs", "list", "--experiment", "search", "--filter", "metrics.rmse >= 1",
                "--order-by", "metrics.rmse DESC", "--server", url);
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        List<String> lines = listed.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith(runIds.get(2)).contains("run-2", "rmse=2.0", "model=tree");
        assertThat(lines.get(2)).startsWith(runIds.get(1));

        CliServer.Result shown = cairn("runs", "get", runIds.get(0), "--server", url);
        assertThat(shown.exitCode()).isZero();
        assertThat(shown.out()).contains("run-0", "Params:", "model", "Metrics (latest):", "rmse", "RUNNING");
        assertThat(parse(cairn("runs", "get", runIds.get(0), "--json", "--server", url).out()).at("/run/info/run_name").asText())
                .isEqualTo("run-0");
    }

    @Test
    void reportsErrorsOnOneLine() throws Exception {
        CliServer.Result missing = cairn("runs", "get", "no-such-run", "--server", url);
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err().trim()).isEqualTo("error: RESOURCE_DOES_NOT_EXIST: Run 'no-such-run' not found");

        CliServer.Result badFilter = cairn("runs", "list", "--experiment", "0", "--filter", "metrics.x <<< 1", "--server", url);
        assertThat(badFilter.exitCode()).isEqualTo(1);
        assertThat(badFilter.err()).startsWith("error: INVALID_PARAMETER_VALUE: Invalid filter");

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CliServer.Result unreachable = cairn("experiments", "list", "--server", "http://127.0.0.1:" + closedPort);
        assertThat(unreachable.exitCode()).isEqualTo(1);
        assertThat(unreachable.err().trim()).startsWith("error: cannot reach the Cairn server at http://127.0.0.1:" + closedPort)
                .doesNotContain("Exception").hasLineCount(1);

        for (String badUrl : new String[] {"not-a-url", "ftp://127.0.0.1:8080", "http://[bad"}) {
            CliServer.Result invalid = cairn("experiments", "list", "--server", badUrl);
            assertThat(invalid.exitCode()).as(badUrl).isEqualTo(1);
            assertThat(invalid.err().trim()).as(badUrl).startsWith("error: invalid server URL '" + badUrl + "'")
                    .doesNotContain("Exception").hasLineCount(1);
        }

        CliServer.Result usage = cairn("runs", "list", "--server", url);
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.err()).contains("Missing required option: '--experiment=ID_OR_NAME'");
    }

    @Test
    void printsItsVersionAndHelp() {
        CliServer.Result version = cairn("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out().trim()).as("the version the build declares in its pom").isEqualTo("cairn " + projectVersion());
        CliServer.Result help = cairn("runs", "list", "--help");
        assertThat(help.out()).contains("--filter", "--order-by", "--server", "--json");
    }

    private static CliServer.Result cairn(String... args) {
        return CliServer.cairnWithoutServer(args);
    }

    private String post(String path, String body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    /** The project's version as the root pom declares it (the first {@code <version>} after the parent's artifact id). */
    private static String projectVersion() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            try {
                if (Files.exists(pom) && Files.readString(pom).contains("<artifactId>cairn-parent</artifactId>\n  <version>")) {
                    java.util.regex.Matcher version = java.util.regex.Pattern
                            .compile("<artifactId>cairn-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(Files.readString(pom));
                    if (version.find()) {
                        return version.group(1);
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        throw new AssertionError("the root pom.xml was not found");
    }
}
