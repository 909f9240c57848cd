package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.store.TestDatabase;
import dev.cairn.pipeline.testing.StepJars;
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
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cairn pipelines run} of the flights example, on a small slice of flights, against a real server. */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class PipelinesCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameter
    TestDatabase.Kind kind;

    @TempDir
    Path home;

    @TempDir
    Path examples;

    @Test
    void theFlightsPipelineRunsThenComesFromTheCacheThenRunsAgainWhenForced() throws Exception {
        Path pipeline = FlightsExampleSlice.copy(examples, "pipeline.yaml", 9000);
        String work = home.resolve("pipelines").toString();
        try (CliServer server = CliServer.start(kind, home)) {
            CliServer.Result first = server.cairn("pipelines", "run", pipeline.toString(), "--work", work);
            assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
            assertThat(first.out()).contains("source           started", "split            finished in ")
                    .contains("Pipeline flights finished in ").contains("register         finished in ").contains("score            finished in ")
                    .contains(": 8 ran, 0 cached, 0 failed, 0 cancelled (run ");

            CliServer.Result second = server.cairn("pipelines", "run", pipeline.toString(), "--work", work);
            assertThat(second.exitCode()).as(second.err()).isZero();
            assertThat(second.out()).contains("features         cached (outputs of run ").doesNotContain("started")
                    .contains(": 0 ran, 8 cached, 0 failed, 0 cancelled");

            CliServer.Result forced = server.cairn("pipelines", "run", pipeline.toString(), "--work", work, "--force");
            assertThat(forced.out()).contains(": 8 ran, 0 cached");
        }
    }

    @Test
    void aStoredPipelineRunsOnTheServersWorkersFollowedListedScheduledAndReplaced() throws Exception {
        Path pipeline = FlightsExampleSlice.copy(examples, "pipeline.yaml", 9000);
        try (CliServer server = CliServer.start(kind, home)) {
            CliServer.Result created = server.cairn("pipelines", "create", pipeline.toString());
            assertThat(created.out()).as(created.err()).contains("Pipeline flights created (concurrency queue)");

            CliServer.Result first = server.cairn("pipelines", "run", "flights", "--follow");
            assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
            assertThat(first.out()).contains("Run 1 of flights requested: QUEUED").contains("features         ran in ")
                    .contains("  | ").contains("Run 1 of flights SUCCEEDED");
            CliServer.Result second = server.cairn("pipelines", "run", "flights", "--follow");
            assertThat(second.out()).as(second.err()).contains("features         cached").doesNotContain(" ran in ")
                    .contains("Run 2 of flights SUCCEEDED");

            assertThat(server.cairn("pipelines", "runs", "flights").out()).contains("SUCCEEDED").contains("api: requested through the API");
            assertThat(server.cairn("pipelines", "logs", "flights", "1", "--step", "train").out()).isNotBlank();
            CliServer.Result cachedLog = server.cairn("pipelines", "logs", "flights", "2", "--step", "train");
            assertThat(cachedLog.exitCode()).isNotZero();
            assertThat(cachedLog.err()).contains("taken from the cache");

            CliServer.Result scheduled = server.cairn("pipelines", "schedule", "flights", "--cron", "0 2 * * *", "--timezone", "Europe/Paris");
            assertThat(scheduled.out()).as(scheduled.err()).contains("runs on '0 0 2 * * *' in Europe/Paris; next run 20");
            assertThat(server.cairn("pipelines", "list").out()).contains("flights").contains("0 0 2 * * * Europe/Paris");
            assertThat(server.cairn("pipelines", "schedule", "flights", "--off").out()).contains("has no schedule");

            CliServer.Result notFailed = server.cairn("pipelines", "resume", "flights", "1");
            assertThat(notFailed.exitCode()).isNotZero();
            assertThat(notFailed.err()).contains("only a failed or cancelled run can be resumed");
            assertThat(server.cairn("pipelines", "create", pipeline.toString()).err()).contains("already exists");
            assertThat(server.cairn("pipelines", "create", pipeline.toString(), "--replace", "--concurrency", "skip").out())
                    .contains("Pipeline flights replaced (concurrency skip)");
            assertThat(server.cairn("pipelines", "run", "no-such-pipeline").err()).contains("Pipeline 'no-such-pipeline' does not exist");
        }
    }

    @Test
    void aDeployStepMovesTheAliasAndPointsTheDeploymentThroughTheServer() throws Exception {
        Path pipeline = FlightsExampleSlice.copy(examples, "pipeline.yaml", 9000);
        String work = home.resolve("pipelines").toString();
        try (CliServer server = CliServer.start(kind, home)) {
            CliServer.Result first = server.cairn("pipelines", "run", pipeline.toString(), "--work", work);
            assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
            CliServer.Result deployed = server.cairn("deploy", "flights-api", "--model", "flights-delay", "--version", "1");
            assertThat(deployed.exitCode()).as(deployed.out() + deployed.err()).isZero();

            Files.writeString(pipeline, Files.readString(pipeline) + """

                      promote:
                        type: deploy
                        inputs:
                          model: ${steps.register.outputs.version}
                        params: {alias: champion, deployment: flights-api}
                    """, StandardOpenOption.TRUNCATE_EXISTING);
            // Forced, register makes version 2 of the same package, which the deploy step puts to use.
            CliServer.Result forced = server.cairn("pipelines", "run", pipeline.toString(), "--work", work, "--force");
            assertThat(forced.exitCode()).as(forced.out() + forced.err()).isZero();
            assertThat(forced.out()).contains("promote          finished in ").contains(": 9 ran, 0 cached");

            assertThat(server.cairn("models", "show", "flights-delay").out()).contains("champion=2");
            assertThat(JSON.readTree(server.cairn("deployments", "show", "flights-api", "--json").out()).at("/deployment/spec/version").asInt())
                    .isEqualTo(2);
        }
    }

    @Test
    void aFailingStepPrintsItsReasonCancelsTheRestAndExitsOneAndAResumeReusesWhatRan() throws Exception {
        Path pipeline = FlightsExampleSlice.copy(examples, "pipeline.yaml", 500);
        String work = home.resolve("pipelines").toString();
        try (CliServer server = CliServer.start(kind, home)) {
            CliServer.Result result = server.cairn("pipelines", "run", pipeline.toString(), "--work", work);
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.out()).contains("check            attempt 1 failed, retrying in 1.0 s: ")
                    .contains("check            failed: ").contains("row_count")
                    .contains("split            cancelled: step 'check' did not succeed")
                    .contains("Pipeline flights FAILED in ").contains(": 2 ran, 0 cached, 1 failed, 5 cancelled");

            Matcher failedRun = Pattern.compile("\\(run (\\w+)\\)").matcher(result.out());
            assertThat(failedRun.find()).isTrue();
            CliServer.Result resumed = server.cairn("pipelines", "run", pipeline.toString(), "--work", work, "--force",
                    "--resume", failedRun.group(1));
            assertThat(resumed.exitCode()).isEqualTo(1);
            assertThat(resumed.out()).contains("features         cached (outputs of run ").contains(": 0 ran, 2 cached, 1 failed, 5 cancelled");

            CliServer.Result unknown = server.cairn("pipelines", "run", pipeline.toString(), "--work", work, "--resume", "0123456789abcdef");
            assertThat(unknown.exitCode()).isEqualTo(1);
            assertThat(unknown.err()).contains("RESOURCE_DOES_NOT_EXIST: Cannot resume run '0123456789abcdef': there is no such run");
        }
    }

    @Test
    void aSpecErrorNamesItsLineBeforeAnythingRuns() throws Exception {
        Path pipeline = examples.resolve("broken.yaml");
        Files.writeString(pipeline, "name: broken\nsteps:\n  source:\n    type: dataset\n    params: {name: flights}\n");
        try (CliServer server = CliServer.start(kind, home)) {
            CliServer.Result result = server.cairn("pipelines", "run", pipeline.toString());
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err()).contains("line 5: step 'source' (dataset): give exactly one of 'path' (a file) and 'jdbc' (a query)");

            Path monthly = examples.resolve("monthly.yaml");
            Files.writeString(monthly, "name: monthly\nparams: {month: '2001-01'}\nsteps:\n  source:\n    type: dataset\n"
                    + "    params: {name: 'flights-${params.month}', path: 'flights-${params.month}.csv'}\n");
            CliServer.Result unknownParam = server.cairn("pipelines", "run", monthly.toString(), "--param", "year=2001");
            assertThat(unknownParam.exitCode()).isEqualTo(1);
            assertThat(unknownParam.err()).contains("line 2: the pipeline has no run parameter 'year'; its run parameters: month");
        }
    }

    @Test
    void ctrlCEndsTheRunningStepAndThePipelineRunKilledInsteadOfRunningForever() throws Exception {
        Path folder = Files.createDirectories(examples.resolve("slow"));
        StepJars.write(folder.resolve("lib/steps.jar"), "slow.Sleeper", """
                package slow;

                import com.fasterxml.jackson.databind.JsonNode;
                import dev.cairn.pipeline.step.MetricsOutput;
                import dev.cairn.pipeline.step.Output;
                import dev.cairn.pipeline.step.ParamSpec;
                import dev.cairn.pipeline.step.Step;
                import dev.cairn.pipeline.step.StepContext;
                import java.io.IOException;
                import java.nio.file.Files;
                import java.nio.file.Path;
                import java.util.List;
                import java.util.Map;

                public class Sleeper implements Step {
                    public String type() { return "sleeper"; }
                    public String codeVersion() { return "1"; }
                    public List<ParamSpec> params() { return List.of(); }
                    public List<String> requiredInputs() { return List.of(); }
                    public Map<String, Class<? extends Output>> outputs(JsonNode params) { return Map.of("result", MetricsOutput.class); }

                    public Map<String, Output> run(StepContext context) {
                        try {
                            Files.writeString(Path.of(context.params().path("started").asText()), "started");
                            Thread.sleep(600_000);
                        } catch (IOException | InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        return Map.of("result", new MetricsOutput(Map.of("value", 1.0)));
                    }
                }
                """);
        Path started = folder.resolve("started.txt");
        Path spec = folder.resolve("slow.yaml");
        Files.writeString(spec, """
                name: slow
                steps:
                  sleep:
                    type: java
                    cache: false
                    params: {jar: lib/steps.jar, class: slow.Sleeper, params: {started: "%s"}}
                """.formatted(started));
        try (CliServer server = CliServer.start(kind, home)) {
            Path classPath = home.resolve("classpath.args");
            Files.writeString(classPath, "-cp \"" + System.getProperty("java.class.path") + "\"\n");
            Path log = home.resolve("run.log");
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                    "@" + classPath, CairnCommand.class.getName(), "pipelines", "run", spec.toString(), "--server", server.url(),
                    "--work", home.resolve("pipelines").toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (!Files.exists(started) && process.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(started).as("the step started; log: %s", log).exists();
                // SIGTERM runs the same shutdown hooks as Ctrl-C's SIGINT.
                process.destroy();
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the process ended within its grace time").isTrue();
            } finally {
                process.destroyForcibly();
            }

            HttpClient http = HttpClient.newHttpClient();
            String experiment = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(server.url()
                    + "/api/2.0/mlflow/experiments/get-by-name?experiment_name=slow")).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .at("/experiment/experiment_id").asText();
            JsonNode runs = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/2.0/mlflow/runs/search"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"experiment_ids\": [\"" + experiment + "\"]}")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).get("runs");
            assertThat(runs).as("the pipeline's run and its step's").hasSize(2)
                    .extracting(run -> run.at("/info/run_name").asText() + "=" + run.at("/info/status").asText())
                    .containsExactlyInAnyOrder("slow=KILLED", "sleep=KILLED");
        }
    }
}
