package dev.cairn.dashboard.pipelines;

import dev.cairn.core.artifact.ArtifactEntry;
import dev.cairn.core.artifact.ArtifactPath;
import dev.cairn.core.artifact.ArtifactStore;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.tracking.RunInfo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Reads a step's log, the artifact {@code logs/<step>.log} of its step run, up to {@link StepLog#MAX_BYTES}. */
final class StepLogs {
    private final ArtifactStore artifacts;

    StepLogs(ArtifactStore artifacts) {
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
    }

    /** The step's log; empty when it has none (cached, still running) or its artifacts live outside this server. */
    Optional<StepLog> read(RunInfo stepRun, String step) {
        Optional<ArtifactPath> path = logPath(stepRun, step);
        Optional<ArtifactEntry> entry = path.flatMap(artifacts::stat).filter(found -> !found.directory());
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream content = artifacts.open(path.get())) {
            String text = new String(content.readNBytes(StepLog.MAX_BYTES), StandardCharsets.UTF_8);
            return Optional.of(new StepLog(text, entry.get().size().orElse(text.length())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log of step run " + stepRun.runId(), e);
        }
    }

    private static Optional<ArtifactPath> logPath(RunInfo stepRun, String step) {
        try {
            return Optional.of(ArtifactPath.ofProxiedUri(stepRun.artifactUri()).resolve("logs/" + step + ".log"));
        } catch (CairnException e) {
            return Optional.empty(); // artifacts logged to a location this server does not proxy
        }
    }
}
