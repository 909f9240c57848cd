package dev.cairn.core.tracking;

import dev.cairn.core.error.CairnException;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A dataset as a run records it (MLflow's {@code Dataset}): a name, a digest of its content, where
 * it came from, and optionally its schema and profile as JSON text. Lengths follow MLflow's
 * limits, except the digest, which may be a full sha256 (64 hex digits).
 */
public record Dataset(String name, String digest, String sourceType, String source, Optional<String> schema, Optional<String> profile) {
    /** Longest dataset name. */
    public static final int MAX_NAME_LENGTH = 500;
    /** Longest digest: a sha256 in hex. */
    public static final int MAX_DIGEST_LENGTH = 64;
    /** Longest source type. */
    public static final int MAX_SOURCE_TYPE_LENGTH = 36;
    /** Longest source. */
    public static final int MAX_SOURCE_LENGTH = 65_535;
    /** Longest schema. */
    public static final int MAX_SCHEMA_LENGTH = 1_048_575;
    /** Longest profile. */
    public static final int MAX_PROFILE_LENGTH = 16_384;

    public Dataset {
        requireNonNull(schema, "schema is null");
        requireNonNull(profile, "profile is null");
        require("name", name, MAX_NAME_LENGTH);
        require("digest", digest, MAX_DIGEST_LENGTH);
        require("source_type", sourceType, MAX_SOURCE_TYPE_LENGTH);
        require("source", source, MAX_SOURCE_LENGTH);
        schema.ifPresent(text -> TrackingLimits.checkLength("dataset schema", text, MAX_SCHEMA_LENGTH));
        profile.ifPresent(text -> TrackingLimits.checkLength("dataset profile", text, MAX_PROFILE_LENGTH));
    }

    private static void require(String field, String value, int maxLength) {
        if (value == null || value.isEmpty()) {
            throw CairnException.invalidParameter("A dataset needs a non-empty '" + field + "'");
        }
        TrackingLimits.checkLength("dataset " + field, value, maxLength);
    }
}
