-- The whole schema at version 6, the version at which SQLite became the embedded database. It
-- holds the same tables, columns and keys as PostgreSQL's V1 to V6, in SQLite's terms:
-- INTEGER PRIMARY KEY AUTOINCREMENT for identities (ids are never reused), BLOB for bytes,
-- INTEGER 0/1 for booleans. SQLite does not enforce VARCHAR lengths; the stores check limits.

CREATE TABLE experiments (
    experiment_id     INTEGER PRIMARY KEY AUTOINCREMENT,
    name              VARCHAR(500)  NOT NULL,
    artifact_location VARCHAR(2000) NOT NULL,
    lifecycle_stage   VARCHAR(16)   NOT NULL,
    creation_time     BIGINT        NOT NULL,
    last_update_time  BIGINT        NOT NULL,
    CONSTRAINT experiments_name_unique UNIQUE (name)
);

CREATE TABLE experiment_tags (
    experiment_id BIGINT        NOT NULL REFERENCES experiments (experiment_id),
    tag_key       VARCHAR(250)  NOT NULL,
    tag_value     VARCHAR(8000) NOT NULL,
    PRIMARY KEY (experiment_id, tag_key)
);

CREATE TABLE runs (
    run_uuid                VARCHAR(32)   NOT NULL PRIMARY KEY,
    experiment_id           BIGINT        NOT NULL REFERENCES experiments (experiment_id),
    run_name                VARCHAR(250)  NOT NULL,
    user_id                 VARCHAR(256)  NOT NULL,
    status                  VARCHAR(16)   NOT NULL,
    start_time              BIGINT        NOT NULL,
    end_time                BIGINT,
    artifact_uri            VARCHAR(2000) NOT NULL,
    lifecycle_stage         VARCHAR(16)   NOT NULL,
    deleted_time            BIGINT,
    deleted_with_experiment BOOLEAN DEFAULT FALSE NOT NULL
);
CREATE INDEX runs_experiment_start ON runs (experiment_id, start_time);

CREATE TABLE params (
    run_uuid    VARCHAR(32)   NOT NULL REFERENCES runs (run_uuid),
    param_key   VARCHAR(250)  NOT NULL,
    param_value VARCHAR(6000) NOT NULL,
    PRIMARY KEY (run_uuid, param_key)
);

CREATE TABLE run_tags (
    run_uuid  VARCHAR(32)   NOT NULL REFERENCES runs (run_uuid),
    tag_key   VARCHAR(250)  NOT NULL,
    tag_value VARCHAR(8000) NOT NULL,
    PRIMARY KEY (run_uuid, tag_key)
);

-- Every logged point, in chunks of big-endian (value double, timestamp long, step long) triples:
-- one row per metric key per logged batch.
CREATE TABLE metric_chunks (
    run_uuid    VARCHAR(32)  NOT NULL REFERENCES runs (run_uuid),
    metric_key  VARCHAR(250) NOT NULL,
    point_count INTEGER      NOT NULL,
    points      BLOB         NOT NULL
);
CREATE INDEX metric_chunks_run_key ON metric_chunks (run_uuid, metric_key);

-- The latest point of each metric of each run; NULL stands for NaN.
CREATE TABLE latest_metrics (
    run_uuid         VARCHAR(32)      NOT NULL REFERENCES runs (run_uuid),
    metric_key       VARCHAR(250)     NOT NULL,
    metric_value     DOUBLE PRECISION,
    metric_timestamp BIGINT           NOT NULL,
    step             BIGINT           NOT NULL,
    PRIMARY KEY (run_uuid, metric_key)
);
CREATE INDEX latest_metrics_key_value ON latest_metrics (metric_key, metric_value);

CREATE TABLE run_inputs (
    run_uuid       VARCHAR(32)      NOT NULL REFERENCES runs (run_uuid),
    dataset_name   VARCHAR(500)     NOT NULL,
    digest         VARCHAR(64)      NOT NULL,
    source_type    VARCHAR(36)      NOT NULL,
    source         VARCHAR(65535)   NOT NULL,
    dataset_schema VARCHAR(1048575),
    profile        VARCHAR(16384),
    input_tags     VARCHAR(100000)  NOT NULL,
    PRIMARY KEY (run_uuid, dataset_name, digest)
);

CREATE TABLE registered_models (
    model_id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name              VARCHAR(256)  NOT NULL,
    description       VARCHAR(5000) NOT NULL,
    creation_time     BIGINT        NOT NULL,
    last_updated_time BIGINT        NOT NULL,
    CONSTRAINT registered_models_name_unique UNIQUE (name)
);

CREATE TABLE registered_model_tags (
    model_id  BIGINT        NOT NULL REFERENCES registered_models (model_id),
    tag_key   VARCHAR(250)  NOT NULL,
    tag_value VARCHAR(8000) NOT NULL,
    PRIMARY KEY (model_id, tag_key)
);

CREATE TABLE model_versions (
    model_id          BIGINT        NOT NULL REFERENCES registered_models (model_id),
    version           INTEGER       NOT NULL,
    creation_time     BIGINT        NOT NULL,
    last_updated_time BIGINT        NOT NULL,
    description       VARCHAR(5000) NOT NULL,
    user_id           VARCHAR(256)  NOT NULL,
    source            VARCHAR(2000) NOT NULL,
    run_id            VARCHAR(32),
    status            VARCHAR(32)   NOT NULL,
    status_message    VARCHAR(5000) NOT NULL,
    stage             VARCHAR(16)   NOT NULL,
    PRIMARY KEY (model_id, version)
);
CREATE INDEX model_versions_run ON model_versions (run_id);

CREATE TABLE model_version_tags (
    model_id  BIGINT        NOT NULL,
    version   INTEGER       NOT NULL,
    tag_key   VARCHAR(250)  NOT NULL,
    tag_value VARCHAR(8000) NOT NULL,
    PRIMARY KEY (model_id, version, tag_key),
    FOREIGN KEY (model_id, version) REFERENCES model_versions (model_id, version)
);

CREATE TABLE model_aliases (
    model_id BIGINT       NOT NULL,
    alias    VARCHAR(255) NOT NULL,
    version  INTEGER      NOT NULL,
    PRIMARY KEY (model_id, alias),
    FOREIGN KEY (model_id, version) REFERENCES model_versions (model_id, version)
);

CREATE TABLE datasets (
    dataset_id        INTEGER PRIMARY KEY AUTOINCREMENT,
    name              VARCHAR(500) NOT NULL,
    creation_time     BIGINT       NOT NULL,
    last_updated_time BIGINT       NOT NULL,
    CONSTRAINT datasets_name_unique UNIQUE (name)
);

CREATE TABLE dataset_versions (
    dataset_id    BIGINT           NOT NULL REFERENCES datasets (dataset_id),
    version       INTEGER          NOT NULL,
    digest        VARCHAR(64)      NOT NULL,
    creation_time BIGINT           NOT NULL,
    source_type   VARCHAR(36)      NOT NULL,
    source        VARCHAR(65535)   NOT NULL,
    description   VARCHAR(5000)    NOT NULL,
    artifact_uri  VARCHAR(2000)    NOT NULL,
    row_count     BIGINT           NOT NULL,
    profile       VARCHAR(1048576) NOT NULL,
    PRIMARY KEY (dataset_id, version),
    CONSTRAINT dataset_versions_digest_unique UNIQUE (dataset_id, digest)
);

CREATE TABLE dataset_columns (
    dataset_id  BIGINT       NOT NULL,
    version     INTEGER      NOT NULL,
    position    INTEGER      NOT NULL,
    column_name VARCHAR(500) NOT NULL,
    column_type VARCHAR(500) NOT NULL,
    nullable    BOOLEAN      NOT NULL,
    PRIMARY KEY (dataset_id, version, position),
    FOREIGN KEY (dataset_id, version) REFERENCES dataset_versions (dataset_id, version)
);

CREATE TABLE dataset_split_parts (
    dataset_id BIGINT        NOT NULL,
    version    INTEGER       NOT NULL,
    position   INTEGER       NOT NULL,
    part_name  VARCHAR(64)   NOT NULL,
    definition VARCHAR(2000) NOT NULL,
    row_count  BIGINT        NOT NULL,
    PRIMARY KEY (dataset_id, version, position),
    CONSTRAINT dataset_split_parts_name_unique UNIQUE (dataset_id, version, part_name),
    FOREIGN KEY (dataset_id, version) REFERENCES dataset_versions (dataset_id, version)
);
