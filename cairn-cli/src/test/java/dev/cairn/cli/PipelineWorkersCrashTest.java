package dev.cairn.cli;

import dev.cairn.core.artifact.ArtifactSources;
import dev.cairn.core.artifact.LocalArtifactStore;
import dev.cairn.core.pipeline.ConcurrencyPolicy;
import dev.cairn.core.pipeline.NewPipeline;
import dev.cairn.core.pipeline.PipelineRun;
import dev.cairn.core.pipeline.PipelineRunState;
import dev.cairn.core.pipeline.RunRequest;
import dev.cairn.core.pipeline.TriggerKind;
import dev.cairn.core.registry.ModelRegistrar;
import dev.cairn.core.store.MetadataStore;
import dev.cairn.core.store.TestDatabase;
import dev.cairn.core.tracking.Run;
import dev.cairn.core.tracking.RunSearch;
import dev.cairn.core.tracking.RunStatus;
import dev.cairn.core.tracking.Tag;
import dev.cairn.core.tracking.ViewType;
import dev.cairn.core.tracking.search.SearchFilter;
import dev.cairn.model.registry.SourceFilesValidator;
import dev.cairn.pipeline.run.PipelineTags;
import dev.cairn.pipeline.schedule.PipelineScheduler;
import dev.cairn.pipeline.schedule.SchedulerSettings;
import dev.cairn.pipeline.testing.StepJars;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two {@code cairn worker} processes on PostgreSQL; the one running a pipeline's slow step is
 * killed with {@code kill -9} in the middle of it. The other takes the run over once the dead
 * one's heartbeats stop, resumes it, and the pipeline succeeds with every step run to completion
 * exactly once.
 */
class PipelineWorkersCrashTest {
    /** Marks its start and end in a shared file, sleeping between; the file tells which process ran what. */
    private static final String MARKED = """
            package crash;

            import com.fasterxml.jackson.databind.JsonNode;
            import dev.cairn.pipeline.step.MetricsOutput;
            import dev.cairn.pipeline.step.Output;
            import dev.cairn.pipeline.step.ParamSpec;
            import dev.cairn.pipeline.step.Step;
            import dev.cairn.pipeline.step.StepContext;
            import java.io.IOException;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.nio.file.StandardOpenOption;
            import java.util.List;
            import java.util.Map;

            public class Marked implements Step {
                public String type() { return "marked"; }
                public String codeVersion() { return "1"; }
                public List<ParamSpec> params() { return List.of(); }
                public List<String> requiredInputs() { return List.of(); }
                public Map<String, Class<? extends Output>> outputs(JsonNode params) { return Map.of("result", MetricsOutput.class); }

                public Map<String, Output> run(StepContext context) {
                    JsonNode params = context.params();
                    String who = params.path("name").asText() + " " + ProcessHandle.current().pid();
                    Path marks = Path.of(params.path("marks").asText());
                    try {
                        mark(marks, "start " + who);
                        Thread.sleep(params.path("sleep_ms").asLong());
                        mark(marks, "done " + who);
                    } catch (IOException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return Map.of("result", new MetricsOutput(Map.of("value", 1.0)));
                }

                private static void mark(Path marks, String line) throws IOException {
                    Files.writeString(marks, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
            }
            """;

    @TempDir
    Path home;

    private final List<Process> workers = new ArrayList<>();

    @AfterEach
    void stopWorkers() {
        workers.forEach(Process::destroyForcibly);
    }

    @Test
    void aRunWhoseWorkerIsKilledMidStepIsFinishedByTheOtherWithNoStepDoneTwice() throws Exception {
        Path folder = Files.createDirectories(home.resolve("pipeline"));
        StepJars.write(folder.resolve("lib/steps.jar"), "crash.Marked", MARKED);
        Path marks = home.resolve("marks.txt");
        try (TestDatabase database = TestDatabase.postgres();
             MetadataStore metadata = MetadataStore.open(database.storeConfig())) {
            metadata.pipelines().create(new NewPipeline("crash", """
                    name: crash
                    steps:
                      prepare:
                        type: java
                        params: {jar: lib/steps.jar, class: crash.Marked, params: {name: prepare, sleep_ms: 0, marks: "%1$s"}}
                      slow:
                        type: java
                        inputs:
                          upstream: ${steps.prepare.outputs.result}
                        params: {jar: lib/steps.jar, class: crash.Marked, params: {name: slow, sleep_ms: 8000, marks: "%1$s"}}
                      after:
                        type: java
                        inputs:
                          upstream: ${steps.slow.outputs.result}
                        params: {jar: lib/steps.jar, class: crash.Marked, params: {name: after, sleep_ms: 0, marks: "%1$s"}}
                    """.formatted(marks), folder.toString(), ConcurrencyPolicy.QUEUE, false));
            Process first = startWorker(database, "first");
            Process second = startWorker(database, "second");

            LocalArtifactStore artifacts = new LocalArtifactStore(home.resolve("artifacts"));
            ModelRegistrar registrar = new ModelRegistrar(metadata.registry(), new SourceFilesValidator(artifacts, new ArtifactSources(metadata.tracking())));
            PipelineRun requested;
            // A scheduler that is never started only hands the run to db-scheduler, as a server with no pipeline threads does.
            try (PipelineScheduler client = PipelineScheduler.onStores(metadata, artifacts, registrar, Optional.empty(), home.resolve("unused"),
                    SchedulerSettings.defaults("test-client"))) {
                requested = client.request("crash", RunRequest.of(TriggerKind.API, "crash test"));
            }

            await("the slow step started", () -> lines(marks).stream().anyMatch(line -> line.startsWith("start slow ")));
            long victim = Long.parseLong(lines(marks).stream().filter(line -> line.startsWith("start slow ")).findFirst().orElseThrow()
                    .substring("start slow ".length()));
            Process killed = first.pid() == victim ? first : second;
            Process survivor = killed == first ? second : first;
            assertThat(killed.pid()).isEqualTo(victim);
            killed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

            await("the run is over", () -> metadata.pipelines().run(requested.id()).state().finished());
            PipelineRun finished = metadata.pipelines().run(requested.id());
            assertThat(finished.state()).as(finished.message()).isEqualTo(PipelineRunState.SUCCEEDED);
            assertThat(finished.worker()).hasValueSatisfying(worker -> assertThat(worker).endsWith("#" + survivor.pid()));

            List<String> done = lines(marks).stream().filter(line -> line.startsWith("done ")).toList();
            assertThat(done).as("each step ran to completion once").containsExactlyInAnyOrder(
                    "done prepare " + victim, "done slow " + survivor.pid(), "done after " + survivor.pid());
            assertThat(lines(marks)).contains("start slow " + victim, "start slow " + survivor.pid());

            String experiment = metadata.tracking().getExperimentByName("crash").experimentId();
            List<Run> slowRuns = metadata.tracking().searchRuns(new RunSearch(List.of(experiment),
                    SearchFilter.parseRunFilter("tags.`" + PipelineTags.STEP + "` = 'slow'"), ViewType.ACTIVE_ONLY, 100, List.of(),
                    Optional.empty())).items();
            assertThat(slowRuns).extracting(run -> run.info().status()).as("the dead worker's attempt is KILLED, the other FINISHED")
                    .containsExactlyInAnyOrder(RunStatus.KILLED, RunStatus.FINISHED);
            assertThat(slowRuns.stream().filter(run -> run.info().status() == RunStatus.FINISHED)
                    .map(run -> tag(run, PipelineTags.STATE))).containsExactly("RAN");
        }
    }

    private Process startWorker(TestDatabase database, String name) throws IOException, InterruptedException {
        Path classPath = home.resolve("classpath.args");
        Files.writeString(classPath, "-cp \"" + System.getProperty("java.class.path") + "\"\n");
        Path log = home.resolve("worker-" + name + ".log");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "@" + classPath,
                CairnCommand.class.getName(), "worker", "--home", home.toString(), "--db", database.jdbcUrl(), "--threads", "1",
                "--heartbeat", "1");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        workers.add(process);
        await("worker " + name + " is ready (see " + log + ")", () -> lines(log).stream().anyMatch(line -> line.startsWith("Cairn worker ")));
        return process;
    }

    private static String tag(Run run, String key) {
        return run.tags().stream().filter(tag -> tag.key().equals(key)).map(Tag::value).findFirst().orElse("");
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                StringBuilder logs = new StringBuilder();
                for (String name : List.of("first", "second")) {
                    logs.append("\n--- worker ").append(name).append(" ---\n").append(String.join("\n", lines(home.resolve("worker-" + name + ".log"))));
                }
                throw new AssertionError("timed out waiting for: " + what + logs);
            }
            Thread.sleep(100);
        }
    }
}
