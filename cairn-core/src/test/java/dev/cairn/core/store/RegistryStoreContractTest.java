package dev.cairn.core.store;

import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.registry.ModelAlias;
import dev.cairn.core.registry.ModelFile;
import dev.cairn.core.registry.ModelVersion;
import dev.cairn.core.registry.ModelVersionStatus;
import dev.cairn.core.registry.NewModelVersion;
import dev.cairn.core.registry.RegisteredModel;
import dev.cairn.core.registry.RegistrationOutcome;
import dev.cairn.core.registry.RegistrySearch;
import dev.cairn.core.registry.RegistryStore;
import dev.cairn.core.registry.Stage;
import dev.cairn.core.tracking.Page;
import dev.cairn.core.tracking.Tag;
import dev.cairn.core.tracking.search.OrderBy;
import dev.cairn.core.tracking.search.SearchFilter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.cairn.core.store.TrackingStoreContractTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** The behaviour every {@link RegistryStore} backend must have; runs on SQLite and PostgreSQL. */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class RegistryStoreContractTest extends StoreContract {
    RegistryStore registry;

    @BeforeEach
    void open() {
        registry = metadata.registry();
    }

    @Test
    void createsReadsRenamesAndDeletesModels() {
        RegisteredModel created = registry.createRegisteredModel("churn", "predicts churn", List.of(new Tag("team", "growth")));
        assertThat(created.tags()).containsExactly(new Tag("team", "growth"));
        assertThat(registry.getRegisteredModel("churn").description()).isEqualTo("predicts churn");
        assertError(() -> registry.createRegisteredModel("churn", "", List.of()), ErrorCode.RESOURCE_ALREADY_EXISTS, "churn");

        registry.createModelVersion(version("churn", "mlflow-artifacts:/1/a/artifacts/model"));
        registry.renameRegisteredModel("churn", "churn-v2");
        assertThat(registry.getModelVersion("churn-v2", 1).name()).isEqualTo("churn-v2");
        assertError(() -> registry.getRegisteredModel("churn"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "churn");

        registry.setRegisteredModelTag("churn-v2", new Tag("team", "risk"));
        assertThat(registry.getRegisteredModel("churn-v2").tags()).containsExactly(new Tag("team", "risk"));
        registry.deleteRegisteredModelTag("churn-v2", "team");
        assertThat(registry.getRegisteredModel("churn-v2").tags()).isEmpty();

        registry.deleteRegisteredModel("churn-v2");
        assertError(() -> registry.getModelVersion("churn-v2", 1), ErrorCode.RESOURCE_DOES_NOT_EXIST, "churn-v2");
    }

    @Test
    void numbersVersionsAndKeepsTheirLineage() {
        registry.createRegisteredModel("m", "", List.of());
        String runId = newRun();
        ModelVersion first = registry.createModelVersion(new NewModelVersion("m", "runs:/" + runId + "/model", Optional.of(runId), "first",
                "ann", List.of(new Tag("dataset.digest", "sha256:1234"))));
        assertThat(first.version()).isEqualTo(1);
        assertThat(first.status()).isEqualTo(ModelVersionStatus.PENDING_REGISTRATION);
        assertThat(first.runId()).hasValue(runId);
        assertThat(first.userId()).isEqualTo("ann");
        assertThat(first.tags()).containsExactly(new Tag("dataset.digest", "sha256:1234"));
        assertThat(registry.createModelVersion(version("m", "s2")).version()).isEqualTo(2);

        ModelVersion ready = registry.finishRegistration("m", 1, RegistrationOutcome.ready("scored 3 example rows")
                .withFiles(List.of(new ModelFile("model.onnx", 3, "a".repeat(64)))));
        assertThat(ready.status()).isEqualTo(ModelVersionStatus.READY);
        assertThat(ready.statusMessage()).isEqualTo("scored 3 example rows");
        assertThat(registry.files("m", 1)).containsExactly(new ModelFile("model.onnx", 3, "a".repeat(64)));
        assertThat(registry.files("m", 2)).as("a pending version has no manifest").isEmpty();
        assertThat(registry.pendingVersions()).extracting(ModelVersion::version).containsExactly(2);
        assertError(() -> registry.createModelVersion(version("missing", "s")), ErrorCode.RESOURCE_DOES_NOT_EXIST, "missing");
        assertError(() -> registry.getModelVersion("m", 9), ErrorCode.RESOURCE_DOES_NOT_EXIST, "9");
    }

    @Test
    void concurrentVersionCreationNeverRepeatsANumber() throws Exception {
        registry.createRegisteredModel("busy", "", List.of());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                futures.add(pool.submit(() -> registry.createModelVersion(version("busy", "s")).version()));
            }
            List<Integer> numbers = new ArrayList<>();
            for (Future<Integer> future : futures) {
                numbers.add(future.get());
            }
            assertThat(numbers).doesNotHaveDuplicates().hasSize(40).allMatch(number -> number >= 1 && number <= 40);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aliasesPointMoveAndAreValidated() {
        registry.createRegisteredModel("m", "", List.of());
        registry.createModelVersion(version("m", "s1"));
        registry.createModelVersion(version("m", "s2"));
        registry.setAlias("m", "champion", 1);
        registry.setAlias("m", "challenger", 2);
        assertThat(registry.getModelVersionByAlias("m", "champion").version()).isEqualTo(1);

        registry.setAlias("m", "champion", 2);
        assertThat(registry.getModelVersionByAlias("m", "champion").version()).isEqualTo(2);
        assertThat(registry.getModelVersion("m", 2).aliases()).containsExactly("challenger", "champion");
        assertThat(registry.getRegisteredModel("m").aliases()).containsExactly(new ModelAlias("challenger", 2), new ModelAlias("champion", 2));

        assertError(() -> registry.setAlias("m", "bad alias!", 1), ErrorCode.INVALID_PARAMETER_VALUE, "bad alias!");
        assertError(() -> registry.setAlias("m", "latest", 1), ErrorCode.INVALID_PARAMETER_VALUE, "reserved");
        assertError(() -> registry.setAlias("m", "ok", 7), ErrorCode.RESOURCE_DOES_NOT_EXIST, "7");
        registry.deleteAlias("m", "challenger");
        assertError(() -> registry.getModelVersionByAlias("m", "challenger"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "challenger");

        registry.deleteModelVersion("m", 2);
        assertError(() -> registry.getModelVersionByAlias("m", "champion"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "champion");
    }

    @Test
    void transitionsStagesAndReportsLatestVersions() {
        registry.createRegisteredModel("m", "", List.of());
        for (int i = 0; i < 3; i++) {
            registry.createModelVersion(version("m", "s" + i));
        }
        registry.transitionStage("m", 1, Stage.PRODUCTION, false);
        registry.transitionStage("m", 2, Stage.PRODUCTION, true);
        assertThat(registry.getModelVersion("m", 1).stage()).isEqualTo(Stage.ARCHIVED);
        assertThat(registry.getLatestVersions("m", List.of(Stage.PRODUCTION))).extracting(ModelVersion::version).containsExactly(2);
        assertThat(registry.getLatestVersions("m", List.of())).extracting(ModelVersion::version).containsExactlyInAnyOrder(3, 2, 1);
    }

    @Test
    void aVersionsRunMustExistAndNotBeDeletedAndARefusedVersionLeavesNoNumberBehind() {
        registry.createRegisteredModel("m", "", List.of());
        assertError(() -> registry.createModelVersion(new NewModelVersion("m", "s", Optional.of("0123456789abcdef0123456789abcdef"),
                "", "u", List.of())), ErrorCode.RESOURCE_DOES_NOT_EXIST, "must name an existing run");
        String deleted = newRun();
        metadata.tracking().deleteRun(deleted);
        assertError(() -> registry.createModelVersion(new NewModelVersion("m", "s", Optional.of(deleted), "", "u", List.of())),
                ErrorCode.INVALID_PARAMETER_VALUE, "is deleted");
        assertThat(registry.createModelVersion(new NewModelVersion("m", "s", Optional.of(newRun()), "", "u", List.of())).version())
                .isEqualTo(1);
    }

    @Test
    void searchesModelsAndVersions() {
        java.util.Map<String, String> runs = new java.util.HashMap<>();
        for (String name : List.of("fraud-a", "fraud-b", "churn")) {
            registry.createRegisteredModel(name, "", List.of(new Tag("domain", name.substring(0, 5))));
            runs.put(name, newRun());
            registry.createModelVersion(new NewModelVersion(name, "src/" + name, Optional.of(runs.get(name)), "", "u", List.of()));
        }
        Page<RegisteredModel> fraud = registry.searchRegisteredModels(new RegistrySearch(
                SearchFilter.parseRegisteredModelFilter("name LIKE 'fraud%'"), 10,
                List.of(OrderBy.parseRegisteredModelOrderBy("name DESC")), Optional.empty()));
        assertThat(fraud.items()).extracting(RegisteredModel::name).containsExactly("fraud-b", "fraud-a");
        Page<RegisteredModel> tagged = registry.searchRegisteredModels(new RegistrySearch(
                SearchFilter.parseRegisteredModelFilter("tags.domain = 'churn'"), 10, List.of(), Optional.empty()));
        assertThat(tagged.items()).extracting(RegisteredModel::name).containsExactly("churn");
        Page<ModelVersion> byRun = registry.searchModelVersions(new RegistrySearch(
                SearchFilter.parseModelVersionFilter("run_id = '" + runs.get("churn") + "'"), 10, List.of(), Optional.empty()));
        assertThat(byRun.items()).extracting(ModelVersion::name).containsExactly("churn");
        Page<ModelVersion> firstPage = registry.searchModelVersions(new RegistrySearch(
                SearchFilter.parseModelVersionFilter(""), 2, List.of(), Optional.empty()));
        assertThat(firstPage.items()).hasSize(2);
        assertThat(registry.searchModelVersions(new RegistrySearch(SearchFilter.parseModelVersionFilter(""), 2, List.of(),
                firstPage.nextPageToken())).items()).hasSize(1);
    }

    private static NewModelVersion version(String name, String source) {
        return new NewModelVersion(name, source, Optional.empty(), "", "tester", List.of());
    }

    private String newRun() {
        return metadata.tracking().createRun(new dev.cairn.core.tracking.NewRun("0", "u", Optional.empty(), 1, List.of())).info().runId();
    }
}
