-- Marks the runs that were deleted because their experiment was, so that restoring the
-- experiment restores exactly those. Matching on deletion time was ambiguous within a millisecond.
ALTER TABLE runs ADD COLUMN deleted_with_experiment BOOLEAN DEFAULT FALSE NOT NULL;
