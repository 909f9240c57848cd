package dev.cairn.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.store.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/v1/pipelines} over real HTTP: a stored pipeline of built-in steps runs, then comes
 * from the cache; schedules, replacing and deleting; the skip policy; failures and resume; and bad
 * input from a hostile client always answered with a JSON 4xx that leaks no server path.
 */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class PipelineApiTest {
    private static final String API = "/api/v1/pipelines";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DELAYS = """
            name: delays
            steps:
              flights:
                type: dataset
                params: {name: flights, path: flights.csv}
              late:
                type: sql
                inputs:
                  flights: ${steps.flights.outputs.dataset}
                params:
                  sql: SELECT date, delay FROM flights WHERE delay > 15 ORDER BY date
            """;

    @Parameter
    TestDatabase.Kind kind;

    @TempDir
    Path folder;

    private Path data;
    private RunningServer server;

    @BeforeEach
    void start() throws Exception {
        server = new RunningServer(kind, folder.resolve("server"));
        data = Files.createDirectories(folder.resolve("data"));
        Files.writeString(data.resolve("flights.csv"), "date,delay\n2024-01-03,5\n2024-01-20,30\n2024-02-14,45\n");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aStoredPipelineRunsThenComesFromTheCache() {
        RunningServer.Response created = server.post(API, create(DELAYS, data));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        JsonNode pipeline = created.body().get("pipeline");
        assertThat(pipeline.get("name").asText()).isEqualTo("delays");
        assertThat(pipeline.get("concurrency").asText()).isEqualTo("queue");
        assertThat(pipeline.get("watch").asBoolean()).isFalse();
        assertThat(pipeline.get("folder").asText()).isEqualTo(data.toString());
        assertThat(pipeline.get("spec").asText()).isEqualTo(DELAYS);
        assertThat(server.post(API, create(DELAYS, data)).errorCode()).isEqualTo("RESOURCE_ALREADY_EXISTS");

        assertThat(server.get(API).body().get("pipelines")).extracting(node -> node.get("name").asText()).containsExactly("delays");
        assertThat(server.get(API + "/delays").body().at("/pipeline/spec").asText()).isEqualTo(DELAYS);

        JsonNode first = finished("delays", requestRun("delays", "{}"));
        assertThat(first.get("state").asText()).as(first.toString()).isEqualTo("SUCCEEDED");
        assertThat(first.get("trigger").asText()).isEqualTo("API");
        assertThat(first.has("tracking_run_id")).isTrue();
        assertThat(first.get("steps")).extracting(step -> step.get("step").asText() + "=" + step.get("state").asText())
                .containsExactlyInAnyOrder("flights=RAN", "late=RAN");

        JsonNode second = finished("delays", requestRun("delays", "{\"reason\": \"again\"}"));
        assertThat(second.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(second.get("trigger_detail").asText()).isEqualTo("again");
        assertThat(second.get("steps")).extracting(step -> step.get("state").asText()).containsOnly("CACHED").hasSize(2);
        assertThat(server.get(API + "/delays/runs/" + second.get("id").asLong() + "/logs?step=late").errorCode())
                .as("a cached step's log is on the run that did the work").isEqualTo("RESOURCE_DOES_NOT_EXIST");

        JsonNode forced = finished("delays", requestRun("delays", "{\"force\": true}"));
        assertThat(forced.get("steps")).extracting(step -> step.get("state").asText()).containsOnly("RAN");

        HttpResponse<String> log = server.raw(HttpRequest.newBuilder(server.uri(API + "/delays/runs/" + first.get("id").asLong()
                + "/logs?step=late")).GET(), HttpResponse.BodyHandlers.ofString());
        assertThat(log.statusCode()).as(log.body()).isEqualTo(200);
        assertThat(log.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertError(server.get(API + "/delays/runs/" + first.get("id").asLong() + "/logs?step=nope"), 404, "RESOURCE_DOES_NOT_EXIST",
                "has no step 'nope'");
        assertError(server.get(API + "/delays/runs/" + first.get("id").asLong() + "/logs"), 400, "INVALID_PARAMETER_VALUE", "'step'");

        assertThat(server.get(API + "/delays/runs").body().get("runs")).hasSize(3);
        assertThat(server.get(API + "/delays/runs?max_results=1").body().get("runs")).hasSize(1);
        assertError(server.get(API + "/delays/runs?max_results=0"), 400, "INVALID_PARAMETER_VALUE", "between 1 and 1000");
    }

    @Test
    void runParametersGoIntoTheStepsAndAreKeptWithTheRun() {
        String spec = DELAYS.replace("name: delays\n", "name: delays\nparams:\n  min_delay: 15\n").replace("delay > 15", "delay > ${params.min_delay}");
        assertThat(server.post(API, create(spec, data)).status()).isEqualTo(201);
        JsonNode byDefault = finished("delays", requestRun("delays", "{}"));
        assertThat(byDefault.get("state").asText()).as(byDefault.toString()).isEqualTo("SUCCEEDED");
        assertThat(byDefault.get("params")).isEmpty();

        JsonNode lower = finished("delays", requestRun("delays", "{\"params\": {\"min_delay\": 1}}"));
        assertThat(lower.get("state").asText()).as(lower.toString()).isEqualTo("SUCCEEDED");
        assertThat(lower.at("/params/min_delay").asText()).isEqualTo("1");
        assertThat(lower.get("steps")).as("a new value is a new cache key for the step that uses it")
                .extracting(step -> step.get("step").asText() + "=" + step.get("state").asText())
                .containsExactlyInAnyOrder("flights=CACHED", "late=RAN");

        assertError(server.post(API + "/delays/runs", "{\"params\": {\"min_delay\": \"soon\"}}"), 400, "INVALID_PARAMETER_VALUE",
                "run parameter 'min_delay' is a number, not 'soon'");
        assertError(server.post(API + "/delays/runs", "{\"params\": {\"max_delay\": 1}}"), 400, "INVALID_PARAMETER_VALUE",
                "the pipeline has no run parameter 'max_delay'; its run parameters: min_delay");
        assertThat(server.get(API + "/delays/runs").body().get("runs")).as("a refused request stores no run").hasSize(2);
    }

    @Test
    void unknownPipelinesAndRunsAreNotFound() {
        server.post(API, create(DELAYS, data));
        server.post(API, create(DELAYS.replace("name: delays", "name: other"), data));
        long otherRun = requestRun("other", "{}");
        finished("other", otherRun);

        assertError(server.get(API + "/nope"), 404, "RESOURCE_DOES_NOT_EXIST", "nope");
        assertError(server.post(API + "/nope/runs", "{}"), 404, "RESOURCE_DOES_NOT_EXIST", "nope");
        assertError(server.get(API + "/nope/runs"), 404, "RESOURCE_DOES_NOT_EXIST", "nope");
        assertError(server.get(API + "/delays/runs/424242"), 404, "RESOURCE_DOES_NOT_EXIST", "424242");
        assertError(server.get(API + "/delays/runs/" + otherRun), 404, "RESOURCE_DOES_NOT_EXIST", "has no run " + otherRun);
        assertError(server.post(API + "/delays/runs/" + otherRun + "/cancel", ""), 404, "RESOURCE_DOES_NOT_EXIST", "has no run");
        assertError(server.post(API + "/delays/runs/" + otherRun + "/resume", ""), 404, "RESOURCE_DOES_NOT_EXIST", "has no run");
        assertError(server.get(API + "/delays/runs/" + otherRun + "/logs?step=late"), 404, "RESOURCE_DOES_NOT_EXIST", "has no run");
        assertError(server.send("DELETE", API + "/nope", ""), 404, "RESOURCE_DOES_NOT_EXIST", "nope");
        assertError(server.send("PUT", API + "/nope/schedule", "{\"cron\": \"0 2 * * *\"}"), 404, "RESOURCE_DOES_NOT_EXIST", "nope");
        assertError(server.send("PUT", API + "/nope", create(DELAYS.replace("name: delays", "name: nope"), data)), 404,
                "RESOURCE_DOES_NOT_EXIST", "nope");
    }

    @Test
    void aScheduleIsSetShownAndRemoved() {
        server.post(API, create(DELAYS, data));
        RunningServer.Response scheduled = server.send("PUT", API + "/delays/schedule", "{\"cron\": \"0 2 * * *\", \"timezone\": \"Europe/Paris\"}");
        assertThat(scheduled.status()).as(scheduled.body().toString()).isEqualTo(200);
        JsonNode pipeline = server.get(API + "/delays").body().get("pipeline");
        assertThat(pipeline.at("/schedule/cron").asText()).isEqualTo("0 0 2 * * *");
        assertThat(pipeline.at("/schedule/timezone").asText()).isEqualTo("Europe/Paris");
        assertThat(pipeline.get("next_run_time").asLong()).isGreaterThan(System.currentTimeMillis());
        assertThat(server.get(API).body().at("/pipelines/0/schedule/cron").asText()).isEqualTo("0 0 2 * * *");

        assertError(server.send("PUT", API + "/delays/schedule", "{\"cron\": \"every day\"}"), 400, "INVALID_PARAMETER_VALUE",
                "such as '0 2 * * *'");
        assertError(server.send("PUT", API + "/delays/schedule", "{\"cron\": \"0 2 * * *\", \"timezone\": \"Mars/Olympus\"}"), 400,
                "INVALID_PARAMETER_VALUE", "Unknown time zone 'Mars/Olympus'");
        assertError(server.send("PUT", API + "/delays/schedule", "{}"), 400, "INVALID_PARAMETER_VALUE", "cron");
        assertError(server.send("PUT", API + "/delays/schedule", "{\"cron\": \"0 0 2 * * * 2030\"}"), 400, "INVALID_PARAMETER_VALUE",
                "such as '0 2 * * *'");
        assertError(server.send("PUT", API + "/delays/schedule", "{\"cron\": \"" + "1 ".repeat(2_500) + "\"}"), 400,
                "INVALID_PARAMETER_VALUE", "such as '0 2 * * *'");
        assertError(server.send("PUT", API + "/delays/schedule", "{\"cron\": 5}"), 400, "INVALID_PARAMETER_VALUE", "'cron' must be a string");
        assertThat(server.get(API + "/delays").body().at("/pipeline/schedule/timezone").asText()).as("a refused schedule changes nothing")
                .isEqualTo("Europe/Paris");

        RunningServer.Response removed = server.send("DELETE", API + "/delays/schedule", "");
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.body().get("pipeline").has("schedule")).isFalse();
        assertThat(server.get(API + "/delays").body().get("pipeline").has("next_run_time")).isFalse();
    }

    @Test
    void aPipelineIsReplacedAndDeleted() {
        server.post(API, create(DELAYS, data));
        String replaced = DELAYS.replace("delay > 15", "delay > 40");
        ObjectNode body = JSON.createObjectNode().put("spec", replaced).put("folder", data.toString()).put("concurrency", "skip");
        RunningServer.Response updated = server.send("PUT", API + "/delays", body.toString());
        assertThat(updated.status()).as(updated.body().toString()).isEqualTo(200);
        assertThat(updated.body().at("/pipeline/spec").asText()).isEqualTo(replaced);
        assertThat(updated.body().at("/pipeline/concurrency").asText()).isEqualTo("skip");
        assertError(server.send("PUT", API + "/delays", create(DELAYS.replace("name: delays", "name: other"), data)), 400,
                "INVALID_PARAMETER_VALUE", "names pipeline 'other' but the request is for 'delays'");

        finished("delays", requestRun("delays", "{}"));
        assertThat(server.send("DELETE", API + "/delays", "").status()).isEqualTo(200);
        assertError(server.get(API + "/delays"), 404, "RESOURCE_DOES_NOT_EXIST", "delays");
        assertThat(server.get(API).body().get("pipelines")).isEmpty();
    }

    @Test
    void whileARunRunsASkipPolicySkipsAndDeleteIsRefused() {
        // A query long enough to be seen running.
        ObjectNode slow = JSON.createObjectNode().put("spec", DELAYS.replace("SELECT date, delay FROM flights WHERE delay > 15 ORDER BY date",
                "SELECT sum(hash(range)) AS n FROM range(1500000000)")).put("folder", data.toString()).put("concurrency", "skip");
        server.post(API, slow.toString());
        server.send("PUT", API + "/delays/schedule", "{\"cron\": \"0 2 * * *\"}");
        long run = requestRun("delays", "{}");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!server.get(API + "/delays/runs/" + run).body().at("/run/state").asText().equals("RUNNING") && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        RunningServer.Response skipped = server.post(API + "/delays/runs", "{}");
        assertThat(skipped.status()).as(skipped.body().toString()).isEqualTo(201);
        assertThat(skipped.body().at("/run/state").asText()).isEqualTo("SKIPPED");
        assertError(server.send("DELETE", API + "/delays", ""), 400, "INVALID_STATE", "has a queued or running run");
        assertThat(server.get(API + "/delays").body().at("/pipeline/schedule/cron").asText()).as("a refused delete keeps the schedule")
                .isEqualTo("0 0 2 * * *");

        finished("delays", run);
        assertThat(server.send("DELETE", API + "/delays", "").status()).isEqualTo(200);
        server.post(API, create(DELAYS, data));
        assertThat(server.get(API + "/delays").body().get("pipeline").has("schedule")).as("a new pipeline of the same name starts bare")
                .isFalse();
    }

    @Test
    void specErrorsNameTheLine() {
        RunningServer.Response unclosed = server.post(API, create("name: broken\nsteps:\n  a: [unclosed\n", data));
        assertError(unclosed, 400, "INVALID_PARAMETER_VALUE", "line 3: not valid YAML: while parsing a flow sequence");
        assertThat(unclosed.body().get("message").asText()).as("the parser's echo of the text is left out").doesNotContain("\n", "reader");
        assertError(server.post(API, create("name: x\nsteps:\n  a: {type: sql\n  b: 1\n", data)), 400, "INVALID_PARAMETER_VALUE",
                "not valid YAML");
        assertError(server.post(API, create(DELAYS.replace("type: sql", "type: teleport"), data)), 400, "INVALID_PARAMETER_VALUE",
                "teleport");
        assertError(server.post(API, create(DELAYS.replace("type: sql", "type: teleport"), data)), 400, "INVALID_PARAMETER_VALUE",
                "line 7");
        assertError(server.post(API, "{\"folder\": \"" + data + "\"}"), 400, "INVALID_PARAMETER_VALUE", "'spec'");
        assertError(server.post(API, create("", data)), 400, "INVALID_PARAMETER_VALUE", "'spec'");
        assertThat(server.get(API).body().get("pipelines")).isEmpty();
    }

    @Test
    void aFailedRunNamesItsStepAndOnlyAFailedRunResumes() {
        server.post(API, create(DELAYS.replace("SELECT date, delay FROM flights", "SELECT nothing FROM nowhere"), data));
        JsonNode failed = finished("delays", requestRun("delays", "{}"));
        assertThat(failed.get("state").asText()).isEqualTo("FAILED");
        assertThat(failed.get("message").asText()).contains("step 'late' failed").doesNotContain(folder.toString());
        assertThat(failed.get("steps")).extracting(step -> step.get("step").asText() + "=" + step.get("state").asText())
                .contains("flights=RAN", "late=FAILED");
        assertThat(failed.get("steps")).filteredOn(step -> step.get("step").asText().equals("late"))
                .allSatisfy(step -> assertThat(step.get("error").asText()).contains("nowhere"));

        server.send("PUT", API + "/delays", create(DELAYS, data));
        RunningServer.Response resume = server.post(API + "/delays/runs/" + failed.get("id").asLong() + "/resume", "");
        assertThat(resume.status()).as(resume.body().toString()).isEqualTo(201);
        JsonNode resumed = finished("delays", resume.body().at("/run/id").asLong());
        assertThat(resumed.get("state").asText()).as(resumed.toString()).isEqualTo("SUCCEEDED");
        assertThat(resumed.get("trigger").asText()).isEqualTo("RESUME");
        assertThat(resumed.get("resume_of").asLong()).isEqualTo(failed.get("id").asLong());

        assertError(server.post(API + "/delays/runs/" + resumed.get("id").asLong() + "/resume", ""), 400, "INVALID_STATE",
                "only a failed or cancelled run can be resumed");
    }

    /** Inputs a hostile client sends: every answer is a JSON 4xx, none names a server path. */
    @Test
    void hostileInputIsRefusedWithoutLeaks() {
        String serverFolder = folder.resolve("server").toString();
        List<RunningServer.Response> answers = new ArrayList<>();
        answers.add(expect(server.post(API, "not json"), 400));
        answers.add(expect(server.post(API, "[1, 2]"), 400));
        answers.add(expect(server.post(API, "{\"spec\": 5}"), 400));
        answers.add(expect(server.post(API, "{\"spec\": {\"name\": \"x\"}}"), 400));
        answers.add(expect(server.post(API, withField(create(DELAYS, data), "watch", "\"maybe\"")), 400));
        answers.add(expect(server.post(API, withField(create(DELAYS, data), "concurrency", "\"sometimes\"")), 400));
        answers.add(expect(server.post(API, withField(create(DELAYS, data), "name", "\"../etc\"")), 400));
        answers.add(expect(server.post(API, withField(create(DELAYS, data), "name", "\"" + "n".repeat(10_000) + "\"")), 400));
        answers.add(expect(server.post(API, withField(create(DELAYS, data), "name", "\"caf\u00e9\"")), 400));
        answers.add(expect(server.post(API, withField(create(DELAYS, data), "folder", "\"relative/data\"")), 400));
        answers.add(expect(server.post(API, withField(create(DELAYS, data), "folder", "\"" + folder.resolve("missing") + "\"")), 400));
        answers.add(expect(server.post(API, withField(create(DELAYS, data), "folder", "\"" + data.resolve("flights.csv") + "\"")), 400));
        answers.add(expect(server.post(API, withField(create(DELAYS, data), "folder", "\"a\\u0000b\"")), 400));
        answers.add(expect(server.post(API, create(DELAYS + "#" + "x".repeat(300 * 1024) + "\n", data)), 400));
        answers.add(expect(server.postDeclaring(API, 20 << 20, "{\"spec\": \""), 413));
        // No folder: the spec resolves against the server's own folder, which an error must not reveal.
        answers.add(expect(server.post(API, JSON.createObjectNode().put("spec", DELAYS.replace("name: delays", "name: ../up")).toString()), 400));
        answers.add(expect(server.post(API, JSON.createObjectNode().put("spec", "name: x\nsteps: {}\n").toString()), 400));
        answers.add(expect(server.post(API, JSON.createObjectNode().put("spec", "- a\n- b\n").toString()), 400));
        answers.add(expect(server.post(API, JSON.createObjectNode().put("spec", "name: [\n").toString()), 400));
        answers.add(expect(server.post(API, JSON.createObjectNode().put("spec", "steps:\n  a: {type: dataset, params: {name: a, path: ../../x.csv}}\n")
                .toString()), 400));
        String jarOutside = "name: user\nsteps:\n  a: {type: java, params: {jar: ../../lib/user.jar, class: acme.Step}}\n";
        RunningServer.Response missingJar = expect(server.post(API, JSON.createObjectNode().put("spec", jarOutside).toString()), 400);
        assertThat(missingJar.body().get("message").asText()).as("the path as the spec wrote it").contains("../../lib/user.jar");
        answers.add(missingJar);
        answers.add(expect(server.post(API, JSON.createObjectNode().put("spec", jarOutside.replace("../../lib/", "")).toString()), 400));

        assertThat(server.post(API, create(DELAYS, data)).status()).isEqualTo(201);
        answers.add(expect(server.post(API + "/delays/runs", "{\"force\": {}}"), 400));
        answers.add(expect(server.post(API + "/delays/runs", "{\"reason\": 7}"), 400));
        answers.add(expect(server.post(API + "/delays/runs", "nope"), 400));
        answers.add(expect(server.post(API + "/delays/runs", "{\"params\": []}"), 400));
        answers.add(expect(server.post(API + "/delays/runs", "{\"params\": {\"x\": {\"y\": 1}}}"), 400));
        answers.add(expect(server.post(API + "/delays/runs", "{\"params\": {\"x\": \"1\"}}"), 400));
        answers.add(expect(server.post(API + "/delays/runs", "{\"params\": {\"x\": \"" + "v".repeat(5_000) + "\"}}"), 400));
        for (String id : List.of("-1", "99999999999999999999", "1e3", "..%2F..", "%2e%2e", "abc", "0x10")) {
            answers.add(expect(server.get(API + "/delays/runs/" + id), 400));
        }
        answers.add(expect(server.get(API + "/delays/runs/0"), 404));
        answers.add(expect(server.get(API + "/delays/runs?max_results=many"), 400));
        answers.add(expect(server.get(API + "/..%2F..%2Fetc"), 404));
        answers.add(expect(server.get(API + "/" + "n".repeat(5_000)), 404));
        answers.add(expect(server.send("PUT", API + "/delays", "{\"spec\": 5}"), 400));
        answers.add(expect(server.send("PUT", API + "/delays/schedule", "{\"cron\": \"0 2 * * *\", \"timezone\": \"../../etc/passwd\"}"), 400));
        answers.add(expect(server.send("PUT", API + "/delays/schedule", "{\"cron\": \"0 2 * * *\", \"timezone\": [1]}"), 400));
        answers.add(expect(server.send("PUT", API + "/delays/schedule", "{\"cron\": \"" + "1 ".repeat(2_500) + "\"}"), 400));
        answers.add(expect(server.send("PUT", API + "/delays/schedule", "{\"cron\": \"" + "1".repeat(5_000) + "\"}"), 400));
        answers.add(expect(server.send("PUT", API + "/delays/schedule", "{\"cron\": \"0 0 2 * * * 2030\"}"), 400));
        answers.add(expect(server.send("PUT", API + "/delays/schedule", "{\"cron\": \"0 2 * * *\", \"timezone\": \"" + "Z".repeat(5_000) + "\"}"), 400));
        answers.add(expect(server.send("PUT", API + "/delays/schedule", "{\"cron\": \"0 2 * * *\", \"timezone\": \"GMT+99\"}"), 400));
        answers.add(expect(server.send("PUT", API + "/delays/schedule", "{\"cron\": \"61 2 * * *\"}"), 400));
        assertError(server.send("PUT", API + "/delays/schedule", "{\"cron\": \"0 0 30 2 *\"}"), 400, "INVALID_PARAMETER_VALUE",
                "'0 0 0 30 2 *' never fires");
        assertError(server.send("PUT", API + "/delays/schedule", "{\"cron\": \"-\"}"), 400, "INVALID_PARAMETER_VALUE", "never fires");
        answers.add(expect(server.send("PUT", API + "/delays/schedule", "nope"), 400));
        answers.add(expect(server.send("PUT", API + "/delays", "{\"spec\": \"name: delays\\nsteps: [\"}"), 400));
        answers.add(expect(server.post(API + "/delays/runs?force=maybe", ""), 400));
        answers.add(expect(server.get(API + "/delays/runs/1/logs?step=" + "s".repeat(3_000)), 404));
        answers.add(expect(server.get(API + "/delays/runs/1/logs?step=..%2F..%2Fetc"), 404));
        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.body().get("message").asText()).as(answer.body().toString())
                    .doesNotContain(serverFolder).doesNotContain("Exception").doesNotContain(".java").doesNotContain("SQL");
            assertThat(answer.body().get("message").asText().length()).as(answer.body().toString()).isLessThan(2_000);
        });
    }

    private RunningServer.Response expect(RunningServer.Response response, int status) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        assertThat(response.body().has("error_code")).as(response.body().toString()).isTrue();
        return response;
    }

    private static String create(String spec, Path folder) {
        return JSON.createObjectNode().put("spec", spec).put("folder", folder.toString()).toString();
    }

    private static String withField(String body, String name, String rawJson) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(body);
            node.set(name, JSON.readTree(rawJson));
            return node.toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private long requestRun(String pipeline, String body) {
        RunningServer.Response requested = server.post(API + "/" + pipeline + "/runs", body);
        assertThat(requested.status()).as(requested.body().toString()).isEqualTo(201);
        assertThat(requested.body().at("/run/state").asText()).isEqualTo("QUEUED");
        return requested.body().at("/run/id").asLong();
    }

    /** Polls a run until it is over; returns it as GET shows it, with its steps. */
    private JsonNode finished(String pipeline, long id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            RunningServer.Response run = server.get(API + "/" + pipeline + "/runs/" + id);
            assertThat(run.status()).as(run.body().toString()).isEqualTo(200);
            String state = run.body().at("/run/state").asText();
            if (!state.equals("QUEUED") && !state.equals("RUNNING")) {
                return run.body().get("run");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("run " + id + " of " + pipeline + " did not finish in 60 s");
    }

    private static void assertError(RunningServer.Response response, int status, String code, String messagePart) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        assertThat(response.errorCode()).as(response.body().toString()).isEqualTo(code);
        assertThat(response.body().get("message").asText()).contains(messagePart);
    }
}
