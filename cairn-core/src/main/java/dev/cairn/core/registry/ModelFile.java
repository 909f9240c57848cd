package dev.cairn.core.registry;

import static java.util.Objects.requireNonNull;

/**
 * One file of a registered version, as it was validated: its path inside the version's source,
 * its size and the sha256 of its bytes. The manifest of these is what the version serves, so
 * that overwriting the run's artifacts later never changes a registered version.
 *
 * @param path the file's path relative to the source ({@code model.onnx}, {@code code/app.jar});
 *     the file's own name when the source is a single file
 * @param size the number of bytes
 * @param digest the sha256 of the bytes, in lower-case hex
 */
public record ModelFile(String path, long size, String digest) {
    public ModelFile {
        requireNonNull(path, "path is null");
        requireNonNull(digest, "digest is null");
        if (path.isEmpty()) {
            throw new IllegalArgumentException("a model file needs a path");
        }
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
        if (!digest.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("digest must be a sha256 in hex, not '" + digest + "'");
        }
    }
}
