-- leverup schema: the candidate list's index carries the name.
--
-- The name filter (`name LIKE '%ann%'`) cannot use an index to find matches, so the list
-- walks `candidates_by_activity` in order and tests each row. Without the name in the
-- index each test is a lookup of the candidate's row: a name that matches few candidates
-- cost 100,000 lookups per keystroke (390 ms at 100,000 candidates). With it, the walk
-- reads the index alone (11 ms), and rows are fetched for the page only.
DROP INDEX candidates_by_activity;
CREATE INDEX candidates_by_activity ON candidates(last_activity_at, id, name);
