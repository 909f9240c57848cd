package dev.cairn.cli;

import dev.cairn.core.deployment.DeploymentState;
import dev.cairn.core.deployment.PredictionSegment;
import dev.cairn.core.monitor.MonitorResult;
import dev.cairn.core.registry.ModelVersion;
import dev.cairn.core.registry.ModelVersionStatus;
import dev.cairn.core.store.MetadataStore;
import dev.cairn.core.store.StoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cairn quickstart --exit} on a fresh data folder: every stage runs on the example flights
 * data, and the folder it leaves holds a READY model version, a ready deployment of it and the
 * logged predictions of every answered request.
 */
class QuickstartCommandTest {
    @TempDir
    Path home;

    @Test
    void registersTrainsDeploysServesAndLeavesItAllInTheStore() {
        long start = System.nanoTime();
        CliServer.Result result = CliServer.cairnWithoutServer("quickstart", "--exit", "--port", "0", "--home", home.toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(seconds).as("the quickstart's time").isLessThan(100);
        assertThat(result.out()).contains("Cairn quickstart: data in " + home.toAbsolutePath().normalize())
                .containsPattern("server +Cairn listening on http://127\\.0\\.0\\.1:\\d+")
                .containsPattern("data +flights version 1: 3,000,000 rows")
                .contains("Dataset flights: unchanged, version 1", "Registered flights-delay version 1 (READY), alias champion")
                .containsPattern("deploy +flights-delay ready: stable=v1 \\(100%\\)")
                .containsPattern("model +flights-delay version 1, test ROC AUC 0\\.\\d{4}")
                .containsPattern("pipeline +train-flights-delay stored: the training as a pipeline of \\d+ steps, on the server's workers at "
                        + "'0 0 2 \\* \\* \\*' UTC \\(next 20")
                .containsPattern("monitor +2,000 predictions against the training data flights[^@]*@\\d+: \\d+ of \\d+ inputs drifted")
                .contains("./cairn pipelines run train-flights-delay --follow", "./cairn monitor report flights-delay --id 1",
                        "./cairn monitor report flights-delay --html report.html", "./cairn monitor schedule flights-delay --every 1h")
                .containsPattern("Dashboard: http://127\\.0\\.0\\.1:\\d+/\n")
                .contains("./cairn deployments show flights-delay --server http://127.0.0.1:", "server stopped, prediction log flushed");
        Matcher requests = Pattern.compile("requests +(\\d[\\d,]*) sent, (\\d[\\d,]*) ok, (\\d[\\d,]*) failed").matcher(result.out());
        assertThat(requests.find()).as(result.out()).isTrue();
        assertThat(count(requests.group(1))).isEqualTo(2000);
        long answered = count(requests.group(2));
        assertThat(answered).as("every request answered").isEqualTo(2000);

        try (MetadataStore metadata = MetadataStore.open(StoreConfig.embedded(home))) {
            ModelVersion version = metadata.registry().getModelVersion("flights-delay", 1);
            assertThat(version.status()).isEqualTo(ModelVersionStatus.READY);
            assertThat(version.aliases()).contains("champion");
            assertThat(metadata.deployments().get("flights-delay").state()).isEqualTo(DeploymentState.READY);
            // The clean stop wrote the open prediction-log segment: every answered request is logged.
            List<PredictionSegment> segments = metadata.deployments().segments("flights-delay", 0, Long.MAX_VALUE);
            assertThat(segments.stream().mapToLong(PredictionSegment::rows).sum()).isGreaterThanOrEqualTo(answered);
            // The monitor stage compared every answered request with the training data, and stored what it found.
            List<MonitorResult> monitored = metadata.monitors().results("flights-delay", Long.MIN_VALUE, Long.MAX_VALUE, 10);
            assertThat(monitored).hasSize(1);
            assertThat(monitored.get(0).window().rows()).isEqualTo(answered);
            assertThat(monitored.get(0).window().columns()).isPositive();
        }
        assertThat(Files.exists(StoreConfig.embeddedFile(home))).isTrue();
    }

    @Test
    void aFailedStageIsNamedInOneLineAndStopsTheServer() throws Exception {
        int port = ServerProcesses.freePort();
        CliServer.Result result = CliServer.cairnWithoutServer("quickstart", "--exit", "--port", Integer.toString(port), "--home", home.toString(),
                "--spec", home.resolve("missing.yaml").toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("error: quickstart failed at stage 'data' after ").contains("missing.yaml");
        assertThat(result.err().lines()).hasSize(1);
        try (ServerSocket released = new ServerSocket(port)) {
            assertThat(released.getLocalPort()).as("the server let its port go").isEqualTo(port);
        }
    }

    private static long count(String number) {
        return Long.parseLong(number.replace(",", ""));
    }
}
