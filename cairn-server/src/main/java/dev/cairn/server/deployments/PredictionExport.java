package dev.cairn.server.deployments;

import dev.cairn.core.artifact.ArtifactPath;
import dev.cairn.core.artifact.ArtifactStore;
import dev.cairn.core.deployment.DeploymentStore;
import dev.cairn.core.deployment.PredictionSegment;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.io.FolderTree;
import dev.cairn.serve.log.PredictionLog;
import dev.cairn.serve.log.PredictionSegments;
import dev.cairn.server.http.ContentDisposition;
import dev.cairn.server.http.RequestFields;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * {@code GET /api/v1/deployments/{name}/predictions?from=&to=&format=csv|parquet}: a window of the
 * prediction log with the labels attached so far. The log is flushed first, so every request
 * answered before the export is in it.
 */
public final class PredictionExport {
    /** The last millisecond of year 9999: timestamps past it do not fit the log's timestamp column. */
    public static final long LAST_MILLISECOND = 253_402_300_799_999L;

    private final DeploymentStore store;
    private final ArtifactStore artifacts;
    private final PredictionLog log;

    /** An export over the index, the segments' store and the log that writes them. */
    public PredictionExport(DeploymentStore store, ArtifactStore artifacts, PredictionLog log) {
        this.store = requireNonNull(store, "store is null");
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
        this.log = requireNonNull(log, "log is null");
    }

    /** Answers the export request with the file. */
    void respond(Context ctx) throws IOException {
        String name = ctx.pathParam("name");
        RequestFields query = RequestFields.fromQuery(ctx);
        long from = Math.max(0, query.optionalLong("from").orElse(0));
        long to = Math.min(LAST_MILLISECOND, query.optionalLong("to").orElse(LAST_MILLISECOND));
        if (to < from) {
            throw CairnException.invalidParameter("'to' (" + to + ") is before 'from' (" + from + "); both are epoch milliseconds");
        }
        String format = query.optionalString("format").orElse("csv");
        if (!format.equals("csv") && !format.equals("parquet")) {
            throw CairnException.invalidParameter("format is csv or parquet; got '" + format + "'");
        }
        Path folder = Files.createTempDirectory("cairn-export-");
        try {
            Path output = folder.resolve("predictions." + format);
            write(name, from, to, output);
            ctx.contentType(format.equals("csv") ? "text/csv" : "application/vnd.apache.parquet");
            ctx.header("Content-Disposition", ContentDisposition.attachment(name + "-predictions." + format));
            ctx.result(Files.readAllBytes(output));
        } finally {
            FolderTree.delete(folder);
        }
    }

    /**
     * Writes the deployment's predictions made in {@code [from, to]} (epoch milliseconds), with the
     * labels attached so far, to {@code output} ({@code .csv} or {@code .parquet}); a deployment
     * that does not exist is not found.
     */
    public void write(String name, long from, long to, Path output) throws IOException {
        store.get(name);
        log.flush();
        List<PredictionSegment> segments = store.segments(name, from, to);
        Path folder = Files.createTempDirectory("cairn-segments-");
        try {
            List<Path> files = new ArrayList<>();
            for (PredictionSegment segment : segments) {
                Path local = folder.resolve("segment-" + files.size() + ".parquet");
                try (InputStream in = artifacts.open(ArtifactPath.of(segment.path()))) {
                    Files.copy(in, local);
                }
                files.add(local);
            }
            Path labels = folder.resolve("labels.csv");
            writeLabels(store.labels(name, PredictionSegments.predictionIds(files, from, to + 1)), labels);
            PredictionSegments.export(files, from, to + 1, Optional.of(labels), output);
        } finally {
            FolderTree.delete(folder);
        }
    }

    private static void writeLabels(Map<String, String> labels, Path file) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("prediction_id,label\n");
            for (Map.Entry<String, String> label : labels.entrySet()) {
                out.write(label.getKey() + ",\"" + label.getValue().replace("\"", "\"\"") + "\"\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
