-- leverup schema, version 3: every assessment carries a revision, bumped by each committed
-- change, so a write made against an older revision (another instance, another assessor)
-- is refused instead of overwriting what is there.
ALTER TABLE assessments ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
