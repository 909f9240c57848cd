-- Monitoring (issue 15): one row per monitored window of a deployment's prediction log, with its
-- summary figures in columns (what lists and charts read) and the whole report as JSON.
CREATE TABLE monitor_results (
    result_id        INTEGER PRIMARY KEY AUTOINCREMENT,
    deployment       VARCHAR(256)  NOT NULL,
    from_time        BIGINT        NOT NULL,
    to_time          BIGINT        NOT NULL,
    creation_time    BIGINT        NOT NULL,
    reference        VARCHAR(512)  NOT NULL,
    row_count        BIGINT        NOT NULL,
    column_count     INTEGER       NOT NULL,
    drifted_columns  INTEGER       NOT NULL,
    dataset_drift    BOOLEAN       NOT NULL,
    prediction_drift BOOLEAN       NOT NULL,
    integrity_issues INTEGER       NOT NULL,
    report           TEXT          NOT NULL
);
CREATE INDEX monitor_results_by_window ON monitor_results (deployment, to_time, result_id);

-- Business figures posted by applications, optionally tied to the deployment they are about.
CREATE TABLE kpi_values (
    kpi_id        INTEGER PRIMARY KEY AUTOINCREMENT,
    name          VARCHAR(256)     NOT NULL,
    value         DOUBLE PRECISION NOT NULL,
    time          BIGINT           NOT NULL,
    deployment    VARCHAR(256),
    creation_time BIGINT           NOT NULL
);
CREATE INDEX kpi_values_by_name ON kpi_values (name, time);
CREATE INDEX kpi_values_by_deployment ON kpi_values (deployment, time);

-- Alert rules, per deployment and name, and the alerts they raised. At most one alert of a rule
-- fires at a time: the partial unique index is the deduplication.
CREATE TABLE alert_rules (
    deployment    VARCHAR(256)     NOT NULL,
    name          VARCHAR(128)     NOT NULL,
    condition     VARCHAR(32)      NOT NULL,
    threshold     DOUBLE PRECISION NOT NULL,
    severity      VARCHAR(16)      NOT NULL,
    webhook       VARCHAR(2000),
    pipeline      VARCHAR(256),
    creation_time BIGINT           NOT NULL,
    PRIMARY KEY (deployment, name)
);

CREATE TABLE alerts (
    alert_id      INTEGER PRIMARY KEY AUTOINCREMENT,
    deployment    VARCHAR(256)  NOT NULL,
    rule_name     VARCHAR(128)  NOT NULL,
    severity      VARCHAR(16)   NOT NULL,
    firing        BOOLEAN       NOT NULL,
    acknowledged  BOOLEAN       NOT NULL,
    fired_time    BIGINT        NOT NULL,
    resolved_time BIGINT,
    result_id     BIGINT        NOT NULL,
    message       TEXT          NOT NULL,
    pipeline_run  BIGINT
);
CREATE UNIQUE INDEX alerts_one_firing ON alerts (deployment, rule_name) WHERE firing;
CREATE INDEX alerts_by_time ON alerts (fired_time, alert_id);
