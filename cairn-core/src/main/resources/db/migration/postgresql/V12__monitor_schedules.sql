-- Scheduled monitors (issue 15): at most one schedule a deployment. Its runs are db-scheduler task
-- instances in scheduled_tasks; this row is what they read each time they fire.
CREATE TABLE monitor_schedules (
    deployment        VARCHAR(256)     NOT NULL PRIMARY KEY,
    every_millis      BIGINT           NOT NULL,
    window_millis     BIGINT           NOT NULL,
    reference_dataset VARCHAR(256),
    reference_version BIGINT,
    columns           TEXT             NOT NULL,
    drift_share       DOUBLE PRECISION NOT NULL,
    creation_time     BIGINT           NOT NULL
);
