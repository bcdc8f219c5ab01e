-- leverup schema: indexes that serve every lookup at 100,000 candidates.
--
-- Numbered 0009: 0007 and 0008 are other changes made at the same time, applied before it.

-- Certificates are looked up by assessment (loading an assessment, `export badges`, the
-- results export's join). The only index on `assessment_id` was the partial one of live
-- certificates, which a lookup that also wants the revoked ones cannot use: each lookup
-- scanned the whole table, and `export badges` was quadratic. This one serves them all;
-- the partial unique index stays, as the one-live-certificate rule.
CREATE INDEX certificates_by_assessment ON certificates(assessment_id, issued_at DESC);

-- The candidate list pages by key (last activity, then id), both descending, so the next
-- or previous page is a range read from where the last one ended, at any position. A
-- row-value comparison can use an index only when every column sorts the same way; the
-- old index mixed `DESC` and `ASC`, so it is replaced.
DROP INDEX candidates_by_activity;
CREATE INDEX candidates_by_activity ON candidates(last_activity_at, id);
