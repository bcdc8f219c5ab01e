-- leverup schema, version 2: rules enforced by the database itself, so that no code path
-- (this binary, a script, a future version) can change a finalised assessment in place or
-- rewrite history. Corrections create a new assessment with a reason (DESIGN.md §4).

-- The audit log is append-only.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;

-- A finalised assessment itself: no update, no delete (finalising is the NULL -> set update).
CREATE TRIGGER assessments_finalised_update BEFORE UPDATE ON assessments
WHEN OLD.finalised_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
CREATE TRIGGER assessments_finalised_delete BEFORE DELETE ON assessments
WHEN OLD.finalised_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;

CREATE TRIGGER portfolio_checks_finalised_insert BEFORE INSERT ON portfolio_checks
WHEN (SELECT finalised_at FROM assessments WHERE id = NEW.assessment_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
CREATE TRIGGER portfolio_checks_finalised_update BEFORE UPDATE ON portfolio_checks
WHEN (SELECT finalised_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
  OR (SELECT finalised_at FROM assessments WHERE id = NEW.assessment_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
CREATE TRIGGER portfolio_checks_finalised_delete BEFORE DELETE ON portfolio_checks
WHEN (SELECT finalised_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;

CREATE TRIGGER interview_notes_finalised_insert BEFORE INSERT ON interview_notes
WHEN (SELECT finalised_at FROM assessments WHERE id = NEW.assessment_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
CREATE TRIGGER interview_notes_finalised_update BEFORE UPDATE ON interview_notes
WHEN (SELECT finalised_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
  OR (SELECT finalised_at FROM assessments WHERE id = NEW.assessment_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
CREATE TRIGGER interview_notes_finalised_delete BEFORE DELETE ON interview_notes
WHEN (SELECT finalised_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;

CREATE TRIGGER interview_time_finalised_insert BEFORE INSERT ON interview_time
WHEN (SELECT finalised_at FROM assessments WHERE id = NEW.assessment_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
CREATE TRIGGER interview_time_finalised_update BEFORE UPDATE ON interview_time
WHEN (SELECT finalised_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
  OR (SELECT finalised_at FROM assessments WHERE id = NEW.assessment_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
CREATE TRIGGER interview_time_finalised_delete BEFORE DELETE ON interview_time
WHEN (SELECT finalised_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;

CREATE TRIGGER indicator_ratings_finalised_insert BEFORE INSERT ON indicator_ratings
WHEN (SELECT finalised_at FROM assessments WHERE id = NEW.assessment_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
CREATE TRIGGER indicator_ratings_finalised_update BEFORE UPDATE ON indicator_ratings
WHEN (SELECT finalised_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
  OR (SELECT finalised_at FROM assessments WHERE id = NEW.assessment_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
CREATE TRIGGER indicator_ratings_finalised_delete BEFORE DELETE ON indicator_ratings
WHEN (SELECT finalised_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;

CREATE TRIGGER scores_finalised_insert BEFORE INSERT ON scores
WHEN (SELECT finalised_at FROM assessments WHERE id = NEW.assessment_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
CREATE TRIGGER scores_finalised_update BEFORE UPDATE ON scores
WHEN (SELECT finalised_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
  OR (SELECT finalised_at FROM assessments WHERE id = NEW.assessment_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
CREATE TRIGGER scores_finalised_delete BEFORE DELETE ON scores
WHEN (SELECT finalised_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;

CREATE TRIGGER decisions_finalised_insert BEFORE INSERT ON decisions
WHEN (SELECT finalised_at FROM assessments WHERE id = NEW.assessment_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
CREATE TRIGGER decisions_finalised_update BEFORE UPDATE ON decisions
WHEN (SELECT finalised_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
  OR (SELECT finalised_at FROM assessments WHERE id = NEW.assessment_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
CREATE TRIGGER decisions_finalised_delete BEFORE DELETE ON decisions
WHEN (SELECT finalised_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;

-- Certificates: only for a finalised assessment; never deleted; revoked once, and revoking
-- is the only change allowed.
CREATE TRIGGER certificates_need_finalised BEFORE INSERT ON certificates
WHEN (SELECT finalised_at FROM assessments WHERE id = NEW.assessment_id) IS NULL
BEGIN SELECT RAISE(ABORT, 'certificate needs a finalised assessment'); END;
CREATE TRIGGER certificates_no_delete BEFORE DELETE ON certificates
BEGIN SELECT RAISE(ABORT, 'certificates are never deleted, only revoked'); END;
CREATE TRIGGER certificates_revoke_only BEFORE UPDATE ON certificates
WHEN OLD.revoked_at IS NOT NULL
  OR NEW.id IS NOT OLD.id
  OR NEW.assessment_id IS NOT OLD.assessment_id
  OR NEW.issued_at IS NOT OLD.issued_at
BEGIN SELECT RAISE(ABORT, 'certificate can only be revoked, once'); END;
