package dev.cairn.core.artifact;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Files kept by content: each file's bytes are stored once under their sha256 digest, and paths
 * (MLflow-style, such as {@code <experiment>/<run>/artifacts/model.onnx}) point at digests.
 * Writes are atomic: a reader sees a path either absent or with its whole content, never half.
 */
public interface ArtifactStore {
    /**
     * Streams content into the store under a path, replacing what the path held. The content is
     * never held in memory whole.
     */
    ArtifactEntry put(ArtifactPath path, InputStream content);

    /** Opens a file's content; the caller closes the stream. Not found is an error. */
    InputStream open(ArtifactPath path);

    /**
     * Opens content by its sha256 digest, whatever path points at it now; the caller closes the
     * stream. Registered model versions read their files this way, from the manifest recorded
     * when they were validated. Content that is not in the store is an error.
     */
    InputStream openContent(String digest);

    /** The entry at a path (file or directory), if one exists. */
    Optional<ArtifactEntry> stat(ArtifactPath path);

    /** The direct children of a directory, sorted by name; empty if the directory does not exist. */
    List<ArtifactEntry> list(ArtifactPath directory);
}
