-- Pipelines stored on the server, with their schedule and concurrency policy.
CREATE TABLE pipelines (
    name             VARCHAR(128) PRIMARY KEY,
    spec             TEXT         NOT NULL,
    folder           TEXT         NOT NULL,
    concurrency      VARCHAR(16)  NOT NULL,
    schedule_cron    VARCHAR(256),
    schedule_zone    VARCHAR(64),
    watch            BOOLEAN      NOT NULL,
    watched_digest   VARCHAR(128),
    creation_time    BIGINT       NOT NULL,
    last_update_time BIGINT       NOT NULL
);

-- Requested runs of stored pipelines, from the request to the end: the queue the workers claim from.
CREATE TABLE pipeline_runs (
    run_id           INTEGER PRIMARY KEY AUTOINCREMENT,
    pipeline         VARCHAR(128)  NOT NULL REFERENCES pipelines (name) ON DELETE CASCADE,
    state            VARCHAR(16)   NOT NULL,
    trigger_kind     VARCHAR(16)   NOT NULL,
    trigger_detail   VARCHAR(1000) NOT NULL,
    forced           BOOLEAN       NOT NULL,
    resume_of        BIGINT,
    tracking_run_id  VARCHAR(32),
    worker           VARCHAR(256),
    cancel_requested BOOLEAN       NOT NULL,
    message          TEXT          NOT NULL,
    request_time     BIGINT        NOT NULL,
    start_time       BIGINT,
    end_time         BIGINT
);
CREATE INDEX pipeline_runs_by_pipeline ON pipeline_runs (pipeline, run_id);
CREATE INDEX pipeline_runs_by_state ON pipeline_runs (state, run_id);

-- db-scheduler's table (its PostgreSQL layout, with times as epoch milliseconds as everywhere in
-- Cairn, which also makes it work on SQLite): one row per scheduled task instance, claimed by one
-- worker at a time, with the heartbeat that tells a dead worker's task from a slow one.
CREATE TABLE scheduled_tasks (
    task_name            VARCHAR(100) NOT NULL,
    task_instance        VARCHAR(200) NOT NULL,
    task_data            BLOB,
    execution_time       BIGINT       NOT NULL,
    picked               BOOLEAN      NOT NULL,
    picked_by            VARCHAR(200),
    last_success         BIGINT,
    last_failure         BIGINT,
    consecutive_failures INTEGER,
    last_heartbeat       BIGINT,
    version              BIGINT       NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX scheduled_tasks_by_time ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_by_heartbeat ON scheduled_tasks (last_heartbeat);
CREATE INDEX scheduled_tasks_by_priority ON scheduled_tasks (priority DESC, execution_time ASC);
