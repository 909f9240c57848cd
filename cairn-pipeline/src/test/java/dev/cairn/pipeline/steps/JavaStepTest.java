package dev.cairn.pipeline.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.artifact.LocalArtifactStore;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.store.MetadataStore;
import dev.cairn.core.store.TestDatabase;
import dev.cairn.pipeline.run.ExecutionSettings;
import dev.cairn.pipeline.run.PipelineExecutor;
import dev.cairn.pipeline.run.PipelineResult;
import dev.cairn.pipeline.run.StepOutcome;
import dev.cairn.pipeline.run.StepState;
import dev.cairn.pipeline.spec.PipelineSpec;
import dev.cairn.pipeline.spec.PipelineSpecReader;
import dev.cairn.pipeline.step.MetricsOutput;
import dev.cairn.pipeline.step.Step;
import dev.cairn.pipeline.step.StepTypes;
import dev.cairn.pipeline.store.InProcessPipelines;
import dev.cairn.pipeline.testing.FunctionStep;
import dev.cairn.pipeline.testing.StepJars;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code java} step running a class compiled here into a jar, against real stores on SQLite and PostgreSQL. */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class JavaStepTest {
    private static final String PIPELINE = """
            name: scaling
            steps:
              source:
                type: seven
              scale:
                type: java
                inputs:
                  numbers: ${steps.source.outputs.result}
                params:
                  jar: lib/scaler.jar
                  class: acme.Scaler
                  params: {factor: 3}
              check:
                type: read-scaled
                inputs:
                  scaled: ${steps.scale.outputs.scaled}
            """;
    /** Multiplies each number of its {@code numbers} input by {@code factor}, then adds OFFSET. */
    private static final String SCALER = """
            package acme;

            import com.fasterxml.jackson.databind.JsonNode;
            import dev.cairn.pipeline.step.MetricsOutput;
            import dev.cairn.pipeline.step.Output;
            import dev.cairn.pipeline.step.ParamSpec;
            import dev.cairn.pipeline.step.Step;
            import dev.cairn.pipeline.step.StepContext;
            import java.util.List;
            import java.util.Map;
            import java.util.TreeMap;

            public class Scaler implements Step {
                public String type() { return "scaler"; }
                public String codeVersion() { return "1"; }
                public List<ParamSpec> params() { return List.of(); }
                public List<String> requiredInputs() { return List.of("numbers"); }
                public Map<String, Class<? extends Output>> outputs(JsonNode params) { return Map.of("scaled", MetricsOutput.class); }
                public Map<String, Output> run(StepContext context) {
                    double factor = context.params().path("factor").asDouble();
                    Map<String, Double> scaled = new TreeMap<>();
                    ((MetricsOutput) context.inputs().get("numbers")).values().forEach((k, v) -> scaled.put(k, v * factor + OFFSET));
                    context.log().println("scaled by " + factor);
                    return Map.of("scaled", new MetricsOutput(scaled));
                }
            }
            """;

    @Parameter
    TestDatabase.Kind kind;

    @TempDir
    Path folder;

    private TestDatabase database;
    private MetadataStore metadata;
    private LocalArtifactStore artifacts;

    @BeforeEach
    void open() {
        database = TestDatabase.create(kind, folder);
        metadata = MetadataStore.open(database.storeConfig());
        artifacts = new LocalArtifactStore(folder.resolve("artifacts"));
    }

    @AfterEach
    void close() {
        metadata.close();
        database.close();
    }

    @Test
    void runsTheUserStepAndRerunsItOnlyWhenTheJarChanges() {
        writeJar("acme.Scaler", SCALER.replace("OFFSET", "0"));
        PipelineSpec spec = new PipelineSpecReader(types()).read(PIPELINE, folder);

        PipelineResult first = executor().run(spec, false);
        assertThat(first.steps()).allSatisfy(step -> assertThat(step.reason()).as(step.step()).isEmpty());
        assertThat(first.step("scale").outputs().get("scaled")).isEqualTo(new MetricsOutput(Map.of("value", 21.0)));
        assertThat(value(first.step("check"))).as("read downstream").isEqualTo(21.0);

        PipelineResult unchanged = executor().run(spec, false);
        assertThat(unchanged.steps()).extracting(StepOutcome::state).containsOnly(StepState.CACHED);

        writeJar("acme.Scaler", SCALER.replace("OFFSET", "1"));
        PipelineResult changed = executor().run(spec, false);
        assertThat(changed.step("source").state()).isEqualTo(StepState.CACHED);
        assertThat(changed.step("scale").state()).isEqualTo(StepState.FINISHED);
        assertThat(changed.step("check").state()).isEqualTo(StepState.FINISHED);
        assertThat(value(changed.step("check"))).isEqualTo(22.0);
    }

    @Test
    void aMissingJarOrClassOrAClassThatIsNoStepIsRefusedBeforeRunning() {
        assertRefused(PIPELINE, "lib/scaler.jar does not exist");

        writeJar("acme.Scaler", SCALER.replace("OFFSET", "0"));
        assertRefused(PIPELINE.replace("acme.Scaler", "acme.Missing"), "class acme.Missing is not in");

        writeJar("acme.Scaler", "package acme; public class Scaler { }");
        assertRefused(PIPELINE, "does not implement dev.cairn.pipeline.step.Step");
    }

    private void assertRefused(String yaml, String message) {
        assertThatThrownBy(() -> new PipelineSpecReader(types()).read(yaml, folder)).isInstanceOf(CairnException.class)
                .hasMessageContaining("line 9").hasMessageContaining(message)
                .satisfies(e -> assertThat(((CairnException) e).code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
    }

    /** Compiles one class and jars it as {@code lib/scaler.jar} next to the pipeline. */
    private void writeJar(String className, String source) {
        StepJars.write(folder.resolve("lib").resolve("scaler.jar"), className, source);
    }

    private static double value(StepOutcome outcome) {
        return ((MetricsOutput) outcome.outputs().get("result")).values().get("value");
    }

    private static StepTypes types() {
        return BuiltInSteps.types(List.of(new FunctionStep("seven", context -> 7),
                new FunctionStep("read-scaled", context -> ((MetricsOutput) context.inputs().get("scaled")).values().get("value"))));
    }

    private PipelineExecutor executor() {
        return InProcessPipelines.executor(types(), metadata, artifacts, new ExecutionSettings(1, Duration.ofMillis(1), folder.resolve("work")),
                event -> { });
    }
}
