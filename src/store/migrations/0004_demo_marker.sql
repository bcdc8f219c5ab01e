-- leverup schema, version 4: demo data is marked, kept apart from real data, and can be
-- taken out again.
--
-- The marker sits on the centre: every demo record hangs off a demo centre (its candidates,
-- their portfolios, assessments and certificates; its staff through person_roles), so the
-- centre alone says what is demo. A centre is demo from its creation and never changes
-- sides, so no real record can be made removable after the fact.
ALTER TABLE centres ADD COLUMN demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1));

CREATE TRIGGER centres_demo_fixed BEFORE UPDATE OF demo ON centres
WHEN NEW.demo IS NOT OLD.demo
BEGIN SELECT RAISE(ABORT, 'a centre cannot change between demo and real'); END;

-- A candidate cannot move between a demo and a real centre: it would carry demo history
-- into real data, or make a real candidate removable.
CREATE TRIGGER candidates_demo_fixed BEFORE UPDATE OF centre_id ON candidates
WHEN (SELECT demo FROM centres WHERE id = NEW.centre_id)
  IS NOT (SELECT demo FROM centres WHERE id = OLD.centre_id)
BEGIN SELECT RAISE(ABORT, 'a candidate cannot move between a demo and a real centre'); END;

-- The ids a demo removal is taking out, filled and emptied inside its one transaction.
-- The append-only and finalised-record triggers below let exactly these ids go; nothing
-- else may be deleted. An id is accepted only if it really is a demo record (checked here,
-- by the database, not by the caller).
CREATE TABLE demo_removal (
    id  TEXT PRIMARY KEY NOT NULL
);

CREATE TRIGGER demo_removal_only_demo BEFORE INSERT ON demo_removal
WHEN NOT (
       NEW.id IN (SELECT id FROM centres WHERE demo = 1)
    OR NEW.id IN (SELECT c.id FROM candidates c JOIN centres ce ON ce.id = c.centre_id
                  WHERE ce.demo = 1)
    OR NEW.id IN (SELECT a.id FROM assessments a JOIN candidates c ON c.id = a.candidate_id
                  JOIN centres ce ON ce.id = c.centre_id WHERE ce.demo = 1)
    OR NEW.id IN (SELECT cert.id FROM certificates cert
                  JOIN assessments a ON a.id = cert.assessment_id
                  JOIN candidates c ON c.id = a.candidate_id
                  JOIN centres ce ON ce.id = c.centre_id WHERE ce.demo = 1)
    -- A person is demo when every role they hold is at a demo centre.
    OR (NEW.id IN (SELECT r.person_id FROM person_roles r JOIN centres ce ON ce.id = r.centre_id
                   WHERE ce.demo = 1)
        AND NEW.id NOT IN (SELECT r.person_id FROM person_roles r
                           JOIN centres ce ON ce.id = r.centre_id WHERE ce.demo = 0))
)
BEGIN SELECT RAISE(ABORT, 'only demo records can be removed'); END;

-- The audit log stays append-only for demo records too: its rows are a hash chain (migration
-- 5), and the history of a removed demo record (invented people, invented events) stays as
-- what happened in this file, with the removal itself recorded.

DROP TRIGGER certificates_no_delete;
CREATE TRIGGER certificates_no_delete BEFORE DELETE ON certificates
WHEN OLD.id NOT IN (SELECT id FROM demo_removal)
BEGIN SELECT RAISE(ABORT, 'certificates are never deleted, only revoked'); END;

DROP TRIGGER assessments_finalised_delete;
CREATE TRIGGER assessments_finalised_delete BEFORE DELETE ON assessments
WHEN OLD.finalised_at IS NOT NULL AND OLD.id NOT IN (SELECT id FROM demo_removal)
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;

DROP TRIGGER portfolio_checks_finalised_delete;
CREATE TRIGGER portfolio_checks_finalised_delete BEFORE DELETE ON portfolio_checks
WHEN (SELECT finalised_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
  AND OLD.assessment_id NOT IN (SELECT id FROM demo_removal)
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;

DROP TRIGGER interview_notes_finalised_delete;
CREATE TRIGGER interview_notes_finalised_delete BEFORE DELETE ON interview_notes
WHEN (SELECT finalised_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
  AND OLD.assessment_id NOT IN (SELECT id FROM demo_removal)
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;

DROP TRIGGER interview_time_finalised_delete;
CREATE TRIGGER interview_time_finalised_delete BEFORE DELETE ON interview_time
WHEN (SELECT finalised_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
  AND OLD.assessment_id NOT IN (SELECT id FROM demo_removal)
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;

DROP TRIGGER indicator_ratings_finalised_delete;
CREATE TRIGGER indicator_ratings_finalised_delete BEFORE DELETE ON indicator_ratings
WHEN (SELECT finalised_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
  AND OLD.assessment_id NOT IN (SELECT id FROM demo_removal)
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;

DROP TRIGGER scores_finalised_delete;
CREATE TRIGGER scores_finalised_delete BEFORE DELETE ON scores
WHEN (SELECT finalised_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
  AND OLD.assessment_id NOT IN (SELECT id FROM demo_removal)
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;

DROP TRIGGER decisions_finalised_delete;
CREATE TRIGGER decisions_finalised_delete BEFORE DELETE ON decisions
WHEN (SELECT finalised_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
  AND OLD.assessment_id NOT IN (SELECT id FROM demo_removal)
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
