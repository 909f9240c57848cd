package dev.cairn.pipeline.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.artifact.LocalArtifactStore;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.registry.ModelVersion;
import dev.cairn.core.registry.ModelVersionStatus;
import dev.cairn.core.registry.NewModelVersion;
import dev.cairn.core.store.MetadataStore;
import dev.cairn.core.store.TestDatabase;
import dev.cairn.model.testing.BreastCancerModel;
import dev.cairn.pipeline.run.ExecutionSettings;
import dev.cairn.pipeline.run.PipelineExecutor;
import dev.cairn.pipeline.run.PipelineResult;
import dev.cairn.pipeline.run.StepState;
import dev.cairn.pipeline.spec.PipelineSpec;
import dev.cairn.pipeline.spec.PipelineSpecReader;
import dev.cairn.pipeline.step.ContentDigest;
import dev.cairn.pipeline.step.FileOutput;
import dev.cairn.pipeline.step.ModelVersionOutput;
import dev.cairn.pipeline.step.Output;
import dev.cairn.pipeline.step.ParamSpec;
import dev.cairn.pipeline.step.ParamType;
import dev.cairn.pipeline.step.Step;
import dev.cairn.pipeline.step.StepContext;
import dev.cairn.pipeline.step.StepTypes;
import dev.cairn.pipeline.store.InProcessPipelines;
import dev.cairn.pipeline.store.StoreDatasetRegistrar;
import dev.cairn.pipeline.store.StoreModelVersionDeployer;
import dev.cairn.pipeline.store.StoreModelVersionRegistrar;
import dev.cairn.pipeline.store.StorePipelineTracking;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
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
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code deploy} step moving aliases in a real registry on SQLite and PostgreSQL. */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class DeployStepTest {
    private static final String PIPELINE = """
            name: promote
            steps:
              package:
                type: package
                params: {rows: ROWS}
              register:
                type: register
                inputs:
                  model: ${steps.package.outputs.model}
                params: {name: cancer}
              deploy:
                type: deploy
                inputs:
                  model: ${steps.register.outputs.version}
                params: {alias: champion}
            """;
    private static final StepTypes TYPES = BuiltInSteps.types(List.of(new PackageStep()));

    private static BreastCancerModel trained;

    @Parameter
    TestDatabase.Kind kind;

    @TempDir
    Path folder;

    private TestDatabase database;
    private MetadataStore metadata;
    private LocalArtifactStore artifacts;

    @BeforeAll
    static void train() {
        trained = BreastCancerModel.train();
    }

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
    void movesTheAliasToEachNewVersionThroughThePromotion() {
        PipelineResult first = executor().run(spec(2), false);
        assertThat(first.steps()).allSatisfy(step -> assertThat(step.reason()).as(step.step()).isEmpty());
        ModelVersionOutput deployed = (ModelVersionOutput) first.step("deploy").outputs().get("version");
        assertThat(deployed).isEqualTo(first.step("register").outputs().get("version"));
        assertThat(metadata.registry().getModelVersionByAlias("cancer", "champion").version()).isEqualTo(deployed.version());

        assertThat(executor().run(spec(2), false).step("deploy").state()).isEqualTo(StepState.CACHED);

        // Another input example makes another package, so another version, and the alias follows it.
        PipelineResult second = executor().run(spec(3), false);
        assertThat(second.step("deploy").state()).isEqualTo(StepState.FINISHED);
        int newer = ((ModelVersionOutput) second.step("deploy").outputs().get("version")).version();
        assertThat(newer).isGreaterThan(deployed.version());
        assertThat(metadata.registry().getModelVersionByAlias("cancer", "champion").version()).isEqualTo(newer);
    }

    @Test
    void anAliasOnlyMovesToAReadyVersion() {
        metadata.registry().createRegisteredModel("cancer", "", List.of());
        ModelVersion pending = metadata.registry().createModelVersion(new NewModelVersion("cancer", "mlflow-artifacts:/nowhere",
                Optional.empty(), "", "", List.of()));
        assertThat(pending.status()).isEqualTo(ModelVersionStatus.PENDING_REGISTRATION);
        ModelVersionOutput version = new ModelVersionOutput("cancer", pending.version(), "0".repeat(64), folder);

        assertThatThrownBy(() -> deployer().setAlias(version, "champion")).isInstanceOf(CairnException.class)
                .hasMessageContaining("PENDING_REGISTRATION").satisfies(e -> assertThat(((CairnException) e).code())
                        .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
        assertThat(metadata.registry().getRegisteredModel("cancer").aliases()).isEmpty();
    }

    @Test
    void aDeploymentNeedsAProcessThatHostsThem() {
        PipelineResult result = executor().run(new PipelineSpecReader(TYPES).read(PIPELINE.replace("ROWS", "2")
                .replace("{alias: champion}", "{deployment: cancer-prod}"), folder), false);
        assertThat(result.step("deploy").state()).isEqualTo(StepState.FAILED);
        assertThat(result.step("deploy").reason()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("cancer-prod").contains("hosts no deployments"));
    }

    @Test
    void aDeployStepWithNothingToPointIsRefusedBeforeRunning() {
        assertThatThrownBy(() -> new PipelineSpecReader(TYPES).read(PIPELINE.replace("ROWS", "2")
                .replace("params: {alias: champion}", "params: {}"), folder))
                .isInstanceOf(CairnException.class).hasMessageContaining("line 15").hasMessageContaining("needs 'alias', 'deployment' or both");
        assertThatThrownBy(() -> new PipelineSpecReader(TYPES).read(PIPELINE.replace("ROWS", "2").replace("champion", "latest"), folder))
                .isInstanceOf(CairnException.class).hasMessageContaining("reserved");
    }

    private PipelineSpec spec(int exampleRows) {
        return new PipelineSpecReader(TYPES).read(PIPELINE.replace("ROWS", String.valueOf(exampleRows)), folder);
    }

    private StoreModelVersionDeployer deployer() {
        return new StoreModelVersionDeployer(metadata.registry(), Optional.empty());
    }

    private PipelineExecutor executor() {
        return new PipelineExecutor(TYPES, new StorePipelineTracking(metadata.tracking(), artifacts),
                new StoreDatasetRegistrar(metadata.datasets(), artifacts),
                new StoreModelVersionRegistrar(metadata.registry(), InProcessPipelines.registrar(metadata, artifacts), artifacts),
                deployer(), new ExecutionSettings(1, Duration.ofMillis(1), folder.resolve("work")), event -> { });
    }

    /** Writes the trained model's package with {@code rows} rows of input example: each count is another package. */
    private record PackageStep() implements Step {
        @Override
        public String type() {
            return "package";
        }

        @Override
        public String codeVersion() {
            return "test";
        }

        @Override
        public List<ParamSpec> params() {
            return List.of(ParamSpec.required("rows", ParamType.INTEGER));
        }

        @Override
        public List<String> requiredInputs() {
            return List.of();
        }

        @Override
        public Map<String, Class<? extends Output>> outputs(JsonNode params) {
            return Map.of("model", FileOutput.class);
        }

        @Override
        public Map<String, Output> run(StepContext context) {
            Path written = trained.exportPackage(context.workFolder().resolve("package"), context.integer("rows", 2)).folder();
            return Map.of("model", new FileOutput(written, ContentDigest.ofPath(written)));
        }
    }
}
