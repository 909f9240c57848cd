package dev.cairn.core.store;

import dev.cairn.core.deployment.Deployment;
import dev.cairn.core.deployment.DeploymentEvent;
import dev.cairn.core.deployment.DeploymentState;
import dev.cairn.core.deployment.DeploymentStore;
import dev.cairn.core.deployment.PredictionLabel;
import dev.cairn.core.deployment.PredictionSegment;
import dev.cairn.core.error.ErrorCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.cairn.core.store.TrackingStoreContractTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** The behaviour every {@link DeploymentStore} backend must have; runs on SQLite and PostgreSQL. */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class DeploymentStoreContractTest extends StoreContract {
    DeploymentStore deployments;

    @BeforeEach
    void open() {
        deployments = metadata.deployments();
    }

    @Test
    void aDeploymentStartsThenTakesTheStateItsHostReports() {
        Deployment created = deployments.create("fraud", "{\"model\":\"m\"}");
        assertThat(created.state()).isEqualTo(DeploymentState.STARTING);
        assertThat(created.revision()).isEqualTo(1);
        assertThat(created.serving()).isEqualTo("{}");

        assertThat(deployments.reportState("fraud", 1, DeploymentState.READY, "", "{\"arms\":[]}")).isTrue();
        Deployment ready = deployments.get("fraud");
        assertThat(ready.state()).isEqualTo(DeploymentState.READY);
        assertThat(ready.serving()).isEqualTo("{\"arms\":[]}");
        assertThat(ready.spec()).isEqualTo("{\"model\":\"m\"}");

        Deployment updated = deployments.updateSpec("fraud", "{\"model\":\"n\"}");
        assertThat(updated.revision()).isEqualTo(2);
        assertThat(updated.state()).isEqualTo(DeploymentState.STARTING);
        // A host still finishing revision 1 must not overwrite the state of revision 2.
        assertThat(deployments.reportState("fraud", 1, DeploymentState.FAILED, "late", "{}")).isFalse();
        assertThat(deployments.get("fraud").state()).isEqualTo(DeploymentState.STARTING);
        assertThat(deployments.reportState("fraud", 2, DeploymentState.FAILED, "cannot load", "{}")).isTrue();
        assertThat(deployments.get("fraud").stateMessage()).isEqualTo("cannot load");

        assertThat(deployments.events("fraud", 10)).extracting(DeploymentEvent::kind).containsExactly("updated", "created");
        assertThat(deployments.list()).extracting(Deployment::name).containsExactly("fraud");
    }

    @Test
    void namesAreUniqueAndChecked() {
        deployments.create("a", "{}");
        assertError(() -> deployments.create("a", "{}"), ErrorCode.RESOURCE_ALREADY_EXISTS, "");
        assertError(() -> deployments.create("../etc", "{}"), ErrorCode.INVALID_PARAMETER_VALUE, "");
        assertError(() -> deployments.create("", "{}"), ErrorCode.INVALID_PARAMETER_VALUE, "");
        assertError(() -> deployments.create("x".repeat(257), "{}"), ErrorCode.INVALID_PARAMETER_VALUE, "");
        assertError(() -> deployments.get("missing"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "");
        assertError(() -> deployments.updateSpec("missing", "{}"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "");
        assertError(() -> deployments.delete("missing"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "");
        assertThat(deployments.reportState("missing", 1, DeploymentState.READY, "", "{}")).isFalse();
    }

    @Test
    void segmentsAreFoundByTimeWindow() {
        deployments.create("d", "{}");
        deployments.addSegment(new PredictionSegment("d", "predictions/d/a.parquet", 10, 100, 200));
        deployments.addSegment(new PredictionSegment("d", "predictions/d/b.parquet", 5, 201, 300));
        deployments.addSegment(new PredictionSegment("d", "predictions/d/c.parquet", 7, 301, 400));
        assertThat(deployments.segments("d", 150, 250)).extracting(PredictionSegment::path)
                .containsExactly("predictions/d/a.parquet", "predictions/d/b.parquet");
        assertThat(deployments.segments("d", 401, 500)).isEmpty();
        assertThat(deployments.segments("d", 0, Long.MAX_VALUE)).hasSize(3).first().isEqualTo(
                new PredictionSegment("d", "predictions/d/a.parquet", 10, 100, 200));
    }

    @Test
    void labelsAreUpsertedAndReadInChunks() {
        deployments.create("d", "{}");
        List<PredictionLabel> labels = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1_200; i++) {
            labels.add(new PredictionLabel("p" + i, i % 2 == 0 ? "yes" : "no"));
            ids.add("p" + i);
        }
        assertThat(deployments.putLabels("d", labels)).isEqualTo(1_200);
        deployments.putLabels("d", List.of(new PredictionLabel("p0", "changed")));
        ids.add("unknown");
        Map<String, String> found = deployments.labels("d", ids);
        assertThat(found).hasSize(1_200).containsEntry("p0", "changed").containsEntry("p1", "no").doesNotContainKey("unknown");
        assertError(() -> new PredictionLabel("x".repeat(65), "a"), ErrorCode.INVALID_PARAMETER_VALUE, "");
    }

    @Test
    void deletingADeploymentDeletesItsEventsSegmentsAndLabels() {
        deployments.create("d", "{}");
        deployments.addEvent("d", "ready", "serving version 1");
        deployments.addSegment(new PredictionSegment("d", "predictions/d/a.parquet", 1, 1, 1));
        deployments.putLabels("d", List.of(new PredictionLabel("p", "1")));
        deployments.delete("d");
        assertError(() -> deployments.get("d"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "");
        deployments.create("d", "{}");
        assertThat(deployments.segments("d", 0, Long.MAX_VALUE)).isEmpty();
        assertThat(deployments.labels("d", List.of("p"))).isEmpty();
        assertThat(deployments.events("d", 10)).extracting(DeploymentEvent::kind).containsExactly("created");
    }
}
