-- The manifest of a READY model version: every file as it was validated, by path inside the
-- version's source, with its size and sha256. The package a version serves is read from these
-- digests, so overwriting the run's artifacts later never changes a registered version.
CREATE TABLE model_version_files (
    model_id   BIGINT        NOT NULL,
    version    INTEGER       NOT NULL,
    file_path  VARCHAR(1024) NOT NULL,
    size_bytes BIGINT        NOT NULL,
    digest     VARCHAR(64)   NOT NULL,
    PRIMARY KEY (model_id, version, file_path),
    FOREIGN KEY (model_id, version) REFERENCES model_versions (model_id, version)
);
