package dev.cairn.core.artifact;

import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * A file or directory in an artifact store. Files carry their size and the sha256 digest of
 * their content; directories carry neither.
 */
public record ArtifactEntry(ArtifactPath path, boolean directory, OptionalLong size, Optional<String> digest) {
    public ArtifactEntry {
        requireNonNull(path, "path is null");
        requireNonNull(size, "size is null");
        requireNonNull(digest, "digest is null");
        if (directory == (size.isPresent() || digest.isPresent())) {
            throw new IllegalArgumentException("a file has a size and a digest, a directory has neither");
        }
    }

    /** A file entry. */
    public static ArtifactEntry file(ArtifactPath path, long size, String digest) {
        return new ArtifactEntry(path, false, OptionalLong.of(size), Optional.of(digest));
    }

    /** A directory entry. */
    public static ArtifactEntry directory(ArtifactPath path) {
        return new ArtifactEntry(path, true, OptionalLong.empty(), Optional.empty());
    }
}
