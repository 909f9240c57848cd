-- Deployments: a name bound to model versions with a traffic policy. The spec is the JSON the
-- serving module reads; state and the arms actually serving are written back by whoever hosts
-- the deployment, so a restarted server brings its deployments back as they were.
CREATE TABLE deployments (
    name              VARCHAR(256) PRIMARY KEY,
    spec              TEXT         NOT NULL,
    state             VARCHAR(16)  NOT NULL,
    state_message     TEXT         NOT NULL,
    serving           TEXT         NOT NULL,
    revision          BIGINT       NOT NULL,
    creation_time     BIGINT       NOT NULL,
    last_updated_time BIGINT       NOT NULL
);

-- What happened to a deployment and why: rollouts, failures to load, automatic rollbacks.
CREATE TABLE deployment_events (
    event_id   INTEGER PRIMARY KEY AUTOINCREMENT,
    deployment VARCHAR(256) NOT NULL REFERENCES deployments (name) ON DELETE CASCADE,
    event_time BIGINT       NOT NULL,
    kind       VARCHAR(32)  NOT NULL,
    message    TEXT         NOT NULL
);
CREATE INDEX deployment_events_by_time ON deployment_events (deployment, event_time);

-- The closed Parquet files of each deployment's prediction log.
CREATE TABLE prediction_segments (
    segment_id      INTEGER PRIMARY KEY AUTOINCREMENT,
    deployment      VARCHAR(256)  NOT NULL REFERENCES deployments (name) ON DELETE CASCADE,
    artifact_path   VARCHAR(1024) NOT NULL UNIQUE,
    row_count       BIGINT        NOT NULL,
    first_timestamp BIGINT        NOT NULL,
    last_timestamp  BIGINT        NOT NULL
);
CREATE INDEX prediction_segments_by_time ON prediction_segments (deployment, last_timestamp);

-- Ground truth attached to predictions after the fact, by prediction id.
CREATE TABLE prediction_labels (
    deployment    VARCHAR(256) NOT NULL REFERENCES deployments (name) ON DELETE CASCADE,
    prediction_id VARCHAR(64)  NOT NULL,
    label         TEXT         NOT NULL,
    label_time    BIGINT       NOT NULL,
    PRIMARY KEY (deployment, prediction_id)
);

-- Batch scoring jobs run by the server: a file in the artifact store scored by a model version
-- into a file in the artifact store. A job the server was running when it stopped runs again.
CREATE TABLE batch_jobs (
    job_id        INTEGER PRIMARY KEY AUTOINCREMENT,
    model         VARCHAR(256)  NOT NULL,
    version       INTEGER       NOT NULL,
    input_path    VARCHAR(1024) NOT NULL,
    output_path   VARCHAR(1024) NOT NULL,
    id_column     VARCHAR(256),
    state         VARCHAR(16)   NOT NULL,
    rows_scored   BIGINT        NOT NULL,
    message       TEXT          NOT NULL,
    creation_time BIGINT        NOT NULL,
    start_time    BIGINT,
    end_time      BIGINT
);
CREATE INDEX batch_jobs_by_state ON batch_jobs (state, job_id);
