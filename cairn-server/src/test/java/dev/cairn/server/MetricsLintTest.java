package dev.cairn.server;

import dev.cairn.core.store.TestDatabase;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /metrics} passes {@code promtool check metrics} (Prometheus's own linter, from Debian's
 * {@code prometheus} package, which {@code .ci/run} installs) without a warning. Without promtool
 * the test is skipped, except under {@code CI=true}.
 */
class MetricsLintTest {
    @TempDir
    Path folder;

    @Test
    void metricsPassPromtoolWithoutWarnings() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        if (!Files.isExecutable(promtool)) {
            String message = "promtool is not installed (Debian package prometheus)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(message + "; CI=true requires it");
            }
            Assumptions.abort(message);
        }
        String metrics;
        try (RunningServer server = new RunningServer(TestDatabase.Kind.SQLITE, folder)) {
            server.post("/api/2.0/mlflow/experiments/create", "{\"name\": \"lint\"}");
            server.post("/api/2.0/mlflow/experiments/create", "{}");
            server.get("/api/2.0/mlflow/no-such-route");
            assertThat(server.get("/health").status()).isEqualTo(200);
            metrics = new String(server.raw(java.net.http.HttpRequest.newBuilder(server.uri("/metrics")).GET()).body(), StandardCharsets.UTF_8);
        }
        assertThat(metrics).contains("http_server_requests_seconds_count", "jvm_memory_used_bytes");
        Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        check.getOutputStream().write(metrics.getBytes(StandardCharsets.UTF_8));
        check.getOutputStream().close();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(output).as("promtool's findings").isEmpty();
        assertThat(check.exitValue()).isZero();
    }
}
