package dev.cairn.server;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prometheus's own linter ({@code promtool check metrics}, Debian's {@code prometheus} package,
 * which {@code .ci/run} installs) over a {@code /metrics} text. Without promtool the calling test
 * is skipped, except under {@code CI=true}, where it fails.
 */
final class Promtool {
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    private Promtool() {
    }

    /** Asserts that promtool finds nothing to say about {@code metrics}. */
    static void assertLintFree(String metrics) throws IOException, InterruptedException {
        if (!Files.isExecutable(PROMTOOL)) {
            String message = "promtool is not installed (Debian package prometheus)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(message + "; CI=true requires it");
            }
            Assumptions.abort(message);
        }
        Process check = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
        check.getOutputStream().write(metrics.getBytes(StandardCharsets.UTF_8));
        check.getOutputStream().close();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(output).as("promtool's findings").isEmpty();
        assertThat(check.exitValue()).isZero();
    }
}
