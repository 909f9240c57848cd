package dev.cairn.server;

import dev.cairn.core.store.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.RunsPage;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MLflow's own Java client (2.17.2), unchanged, against a Cairn server. */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class MlflowJavaClientTest {
    @Parameter
    TestDatabase.Kind kind;

    @TempDir
    Path folder;

    private RunningServer server;
    private MlflowClient client;

    @BeforeEach
    void start() {
        server = new RunningServer(kind, folder);
        client = new MlflowClient(server.baseUrl());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void tracksAnExperimentTheWayMlflowCodeDoes() {
        String experimentId = client.createExperiment("mlflow-java");
        assertThat(client.getExperimentByName("mlflow-java")).hasValueSatisfying(
                experiment -> assertThat(experiment.getExperimentId()).isEqualTo(experimentId));
        client.setExperimentTag(experimentId, "team", "fraud");

        Service.RunInfo info = client.createRun(experimentId);
        String runId = info.getRunId();
        client.logParam(runId, "alpha", "0.5");
        client.setTag(runId, "mlflow.source.git.commit", "deadbeef");
        for (int step = 0; step < 5; step++) {
            client.logMetric(runId, "rmse", 1.0 / (step + 1), 1000L + step, step);
        }
        client.logBatch(runId,
                List.of(Service.Metric.newBuilder().setKey("mae").setValue(0.25).setTimestamp(5).setStep(0).build()),
                List.of(Service.Param.newBuilder().setKey("l1_ratio").setValue("0.1").build()),
                List.of(Service.RunTag.newBuilder().setKey("stage").setValue("dev").build()));
        client.setTerminated(runId, Service.RunStatus.FINISHED, 2000L);

        Service.Run run = client.getRun(runId);
        assertThat(run.getInfo().getStatus()).isEqualTo(Service.RunStatus.FINISHED);
        assertThat(run.getInfo().getEndTime()).isEqualTo(2000L);
        assertThat(run.getData().getParamsList()).extracting(Service.Param::getKey).containsExactly("alpha", "l1_ratio");
        assertThat(run.getData().getMetricsList()).filteredOn(metric -> metric.getKey().equals("rmse"))
                .singleElement().satisfies(metric -> assertThat(metric.getValue()).isEqualTo(0.2));
        assertThat(client.getMetricHistory(runId, "rmse")).hasSize(5);

        String other = client.createRun(experimentId).getRunId();
        client.logMetric(other, "rmse", 3.0);
        RunsPage page = client.searchRuns(List.of(experimentId), "metrics.rmse < 1", Service.ViewType.ACTIVE_ONLY, 10,
                List.of("metrics.rmse ASC"));
        assertThat(page.getItems()).extracting(Service.Run::getInfo).extracting(Service.RunInfo::getRunId).containsExactly(runId);
        assertThat(client.searchExperiments("name = 'mlflow-java'").getItems()).hasSize(1);

        client.deleteRun(other);
        assertThat(client.searchRuns(List.of(experimentId), "")).extracting(Service.RunInfo::getRunId).containsExactly(runId);
        client.restoreRun(other);
    }

    @Test
    void reportsMlflowErrorsToTheClient() {
        String runId = client.createRun().getRunId();
        client.logParam(runId, "alpha", "0.5");
        assertThatThrownBy(() -> client.logParam(runId, "alpha", "0.7"))
                .isInstanceOf(MlflowClientException.class)
                .hasMessageContaining("INVALID_PARAMETER_VALUE");
        assertThatThrownBy(() -> client.getRun("does-not-exist"))
                .isInstanceOf(MlflowClientException.class)
                .hasMessageContaining("RESOURCE_DOES_NOT_EXIST");
    }
}
