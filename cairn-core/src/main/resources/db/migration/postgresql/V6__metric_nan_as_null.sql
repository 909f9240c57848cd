-- A latest metric that is NaN is stored as NULL, as SQLite stores NaN: searches then treat NaN
-- alike on every database (no comparison matches it, and it sorts after every number).
ALTER TABLE latest_metrics ALTER COLUMN metric_value DROP NOT NULL;
UPDATE latest_metrics SET metric_value = NULL WHERE metric_value = 'NaN';
