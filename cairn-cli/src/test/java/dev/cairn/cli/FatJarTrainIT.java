package dev.cairn.cli;

import dev.cairn.model.testing.BreastCancerModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cairn train} through the fat jar, as users run it: a dependency that only the test class
 * path had (Tribuo's SGD once was) passes every in-JVM test and fails here. Runs after
 * {@code package}, under {@code mvn verify}.
 */
class FatJarTrainIT {
    @TempDir
    Path work;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopServer() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void theFatJarTrainsTunesAndRegistersAgainstAServerItRuns() throws Exception {
        Path jar = Path.of("target", "cairn.jar").toAbsolutePath();
        assertThat(jar).exists();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process server = start(work.resolve("server.log"), "-jar", jar.toString(), "server", "--port", Integer.toString(port),
                "--home", work.resolve("home").toString());
        String url = "http://127.0.0.1:" + port;
        awaitHealthy(url, server);

        Path spec = work.resolve("train.yaml");
        Files.writeString(spec, """
                experiment: fat-jar
                seed: 3
                datasets:
                  flights:
                    file: %s
                transform:
                  name: features
                  sql: |
                    SELECT date, CAST(hour(date) AS INTEGER) AS hour, distance, origin, CAST(delay > 15 AS INTEGER) AS late
                    FROM flights WHERE day(date) <= 2 AND month(date) <= 2 AND origin IN ('ORD', 'ATL')
                split:
                  time:
                    column: date
                    parts:
                      train: {from: "2001-01-01", to: "2001-02-01"}
                      test: {from: "2001-02-01", to: "2001-03-01"}
                target: late
                positive_class: "1"
                features:
                  numeric: [distance]
                  one_hot: [hour, origin]
                models:
                  - algorithm: logistic_regression
                    params: {epochs: 1}
                  - algorithm: xgboost_classifier
                    params: {trees: 10, max_depth: 3}
                tuning:
                  metric: roc_auc
                gate:
                  thresholds: {roc_auc: 0.4}
                register:
                  model: fat-jar-model
                  alias: champion
                """.formatted(BreastCancerModel.exampleData().resolve("flights-3m.parquet").toAbsolutePath()));
        Path trainLog = work.resolve("train.log");
        Process train = start(trainLog, "-jar", jar.toString(), "train", "--spec", spec.toString(), "--server", url);
        assertThat(train.waitFor(5, TimeUnit.MINUTES)).as("cairn train finished").isTrue();
        String output = Files.readString(trainLog);
        assertThat(train.exitValue()).as(output).isZero();
        assertThat(output).contains("logistic_regression", "xgboost_classifier", "Quality gate passed",
                "Registered fat-jar-model version 1 (READY), alias champion");
    }

    private Process start(Path log, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(process);
        return process;
    }

    private static void awaitHealthy(String url, Process server) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url + "/health")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
            assertThat(server.isAlive()).as("the server process is alive").isTrue();
        }
        throw new AssertionError("the server did not become healthy in 60 s");
    }
}
