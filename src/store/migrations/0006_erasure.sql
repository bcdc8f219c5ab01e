-- leverup schema: erasing a candidate (GDPR art. 17). Their records leave every table, and
-- the audit rows about them keep their place in the hash chain but lose their payload.
--
-- The chain covers a row's `payload_hash`, never its text (migration 5), so blanking `old`,
-- `new` and `reason` leaves every link verifiable; `erased` tells `db check` not to compare
-- a blank payload with its hash. The erasure itself is one more audit row.
ALTER TABLE audit_log ADD COLUMN erased INTEGER NOT NULL DEFAULT 0 CHECK (erased IN (0, 1));

-- The ids an erasure is taking out, filled and emptied inside its one transaction, as
-- `demo_removal` is for demo data. The database accepts a candidate, that candidate's
-- assessments, and only their certificates that were revoked first: an issued certificate
-- an employer may still check is never erased silently.
CREATE TABLE erasure (
    id  TEXT PRIMARY KEY NOT NULL
);

CREATE TRIGGER erasure_only_candidates BEFORE INSERT ON erasure
WHEN NOT (
       NEW.id IN (SELECT id FROM candidates)
    OR NEW.id IN (SELECT id FROM assessments WHERE candidate_id IN (SELECT id FROM erasure))
    OR NEW.id IN (SELECT cert.id FROM certificates cert
                  JOIN assessments a ON a.id = cert.assessment_id
                  WHERE a.candidate_id IN (SELECT id FROM erasure)
                    AND cert.revoked_at IS NOT NULL)
)
BEGIN SELECT RAISE(ABORT, 'only a candidate, their assessments and revoked certificates can be erased'); END;

-- Certificates taken out by an erasure, so that `verify --register` still reports a badge
-- issued from one as revoked. Nothing personal: the id and when it was revoked.
CREATE TABLE erased_certificates (
    id          TEXT PRIMARY KEY NOT NULL,
    revoked_at  TEXT NOT NULL
);

-- A chained row still never changes, except the one way an erasure changes it: the payload
-- blanked and the row marked, everything the chain covers left as it was.
DROP TRIGGER audit_log_no_update;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN OLD.hash IS NOT NULL AND NOT (
        OLD.entity_id IN (SELECT id FROM erasure)
    AND NEW.erased = 1 AND NEW.old IS NULL AND NEW.new IS NULL AND NEW.reason IS NULL
    AND NEW.id IS OLD.id AND NEW.at IS OLD.at AND NEW.actor IS OLD.actor
    AND NEW.entity IS OLD.entity AND NEW.entity_id IS OLD.entity_id
    AND NEW.action IS OLD.action AND NEW.seq IS OLD.seq
    AND NEW.payload_hash IS OLD.payload_hash AND NEW.content_digest IS OLD.content_digest
    AND NEW.hash IS OLD.hash
)
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;

DROP TRIGGER certificates_no_delete;
CREATE TRIGGER certificates_no_delete BEFORE DELETE ON certificates
WHEN OLD.id NOT IN (SELECT id FROM demo_removal)
 AND OLD.id NOT IN (SELECT id FROM erasure)
BEGIN SELECT RAISE(ABORT, 'certificates are never deleted, only revoked'); END;

DROP TRIGGER assessments_finalised_delete;
CREATE TRIGGER assessments_finalised_delete BEFORE DELETE ON assessments
WHEN OLD.finalised_at IS NOT NULL AND OLD.id NOT IN (SELECT id FROM demo_removal)
 AND OLD.id NOT IN (SELECT id FROM erasure)
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;

DROP TRIGGER portfolio_checks_finalised_delete;
CREATE TRIGGER portfolio_checks_finalised_delete BEFORE DELETE ON portfolio_checks
WHEN (SELECT finalised_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
  AND OLD.assessment_id NOT IN (SELECT id FROM demo_removal)
  AND OLD.assessment_id NOT IN (SELECT id FROM erasure)
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;

DROP TRIGGER interview_notes_finalised_delete;
CREATE TRIGGER interview_notes_finalised_delete BEFORE DELETE ON interview_notes
WHEN (SELECT finalised_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
  AND OLD.assessment_id NOT IN (SELECT id FROM demo_removal)
  AND OLD.assessment_id NOT IN (SELECT id FROM erasure)
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;

DROP TRIGGER interview_time_finalised_delete;
CREATE TRIGGER interview_time_finalised_delete BEFORE DELETE ON interview_time
WHEN (SELECT finalised_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
  AND OLD.assessment_id NOT IN (SELECT id FROM demo_removal)
  AND OLD.assessment_id NOT IN (SELECT id FROM erasure)
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;

DROP TRIGGER indicator_ratings_finalised_delete;
CREATE TRIGGER indicator_ratings_finalised_delete BEFORE DELETE ON indicator_ratings
WHEN (SELECT finalised_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
  AND OLD.assessment_id NOT IN (SELECT id FROM demo_removal)
  AND OLD.assessment_id NOT IN (SELECT id FROM erasure)
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;

DROP TRIGGER scores_finalised_delete;
CREATE TRIGGER scores_finalised_delete BEFORE DELETE ON scores
WHEN (SELECT finalised_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
  AND OLD.assessment_id NOT IN (SELECT id FROM demo_removal)
  AND OLD.assessment_id NOT IN (SELECT id FROM erasure)
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;

DROP TRIGGER decisions_finalised_delete;
CREATE TRIGGER decisions_finalised_delete BEFORE DELETE ON decisions
WHEN (SELECT finalised_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
  AND OLD.assessment_id NOT IN (SELECT id FROM demo_removal)
  AND OLD.assessment_id NOT IN (SELECT id FROM erasure)
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
