-- The datasets a run used (MLflow's runs/log-inputs). A model version's run leads here, so a
-- version's lineage reaches the exact data by digest. Logging the same dataset twice is a no-op.
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
