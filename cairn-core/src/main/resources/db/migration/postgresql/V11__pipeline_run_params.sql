-- The values of a pipeline's declared run parameters a run was requested with, as a JSON object of
-- texts ({"window_from": "2026-02-01"}); the pipeline's defaults fill the others when it runs.
ALTER TABLE pipeline_runs ADD COLUMN run_params TEXT NOT NULL DEFAULT '{}';
