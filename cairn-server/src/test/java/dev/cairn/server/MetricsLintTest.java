package dev.cairn.server;

import dev.cairn.core.store.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /metrics} passes {@code promtool check metrics} (see {@link Promtool}) without a warning.
 */
class MetricsLintTest {
    @TempDir
    Path folder;

    @Test
    void metricsPassPromtoolWithoutWarnings() throws Exception {
        String metrics;
        try (RunningServer server = new RunningServer(TestDatabase.Kind.SQLITE, folder)) {
            server.post("/api/2.0/mlflow/experiments/create", "{\"name\": \"lint\"}");
            server.post("/api/2.0/mlflow/experiments/create", "{}");
            server.get("/api/2.0/mlflow/no-such-route");
            assertThat(server.get("/health").status()).isEqualTo(200);
            metrics = new String(server.raw(java.net.http.HttpRequest.newBuilder(server.uri("/metrics")).GET()).body(), StandardCharsets.UTF_8);
        }
        assertThat(metrics).contains("http_server_requests_seconds_count", "jvm_memory_used_bytes");
        Promtool.assertLintFree(metrics);
    }
}
