-- leverup schema: the rows inside an aggregate are keyed by their natural key (DESIGN.md
-- §4), not by a UUID of their own.
--
-- Each of these tables had a random text UUID `id` that nothing outside the database ever
-- names, its index, and a second unique index on the natural key: three copies of the
-- parent's 36-character id per row, and index pages filled half by random inserts. As
-- WITHOUT ROWID tables whose primary key is the natural key, the table is the index: the
-- rows of one assessment or candidate sit together, in key order, once. Evidence keeps its
-- id (an item has no natural key), behind the candidate's.
--
-- Values are copied unchanged, so the seals on signed-off assessments (which cover these
-- columns, never the dropped ids) and the audit chain verify as before. The integrity
-- triggers of migrations 2, 4 and 6 go with the old tables and are created again, the
-- same.


CREATE TABLE portfolio_checks_keyed (
    assessment_id  TEXT NOT NULL REFERENCES assessments(id),
    competence_id  TEXT NOT NULL,
    criterion_id   TEXT NOT NULL,
    verdict        TEXT NOT NULL CHECK (verdict IN ('met', 'partly-met', 'not-met')),
    note           TEXT NOT NULL DEFAULT '',
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (assessment_id, competence_id, criterion_id)
) WITHOUT ROWID;
INSERT INTO portfolio_checks_keyed (assessment_id, competence_id, criterion_id, verdict, note, updated_at)
    SELECT assessment_id, competence_id, criterion_id, verdict, note, updated_at FROM portfolio_checks ORDER BY assessment_id, competence_id, criterion_id;
DROP TABLE portfolio_checks;
ALTER TABLE portfolio_checks_keyed RENAME TO portfolio_checks;

CREATE TRIGGER portfolio_checks_finalised_insert BEFORE INSERT ON portfolio_checks
WHEN (SELECT finalised_at FROM assessments WHERE id = NEW.assessment_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
CREATE TRIGGER portfolio_checks_finalised_update BEFORE UPDATE ON portfolio_checks
WHEN (SELECT finalised_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
  OR (SELECT finalised_at FROM assessments WHERE id = NEW.assessment_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
CREATE TRIGGER portfolio_checks_finalised_delete BEFORE DELETE ON portfolio_checks
WHEN (SELECT finalised_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
  AND OLD.assessment_id NOT IN (SELECT id FROM demo_removal)
  AND OLD.assessment_id NOT IN (SELECT id FROM erasure)
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;

CREATE TABLE interview_notes_keyed (
    assessment_id   TEXT NOT NULL REFERENCES assessments(id),
    competence_id   TEXT NOT NULL,
    question_index  INTEGER NOT NULL CHECK (question_index >= 0),
    text            TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (assessment_id, competence_id, question_index)
) WITHOUT ROWID;
INSERT INTO interview_notes_keyed (assessment_id, competence_id, question_index, text, updated_at)
    SELECT assessment_id, competence_id, question_index, text, updated_at FROM interview_notes ORDER BY assessment_id, competence_id, question_index;
DROP TABLE interview_notes;
ALTER TABLE interview_notes_keyed RENAME TO interview_notes;

CREATE TRIGGER interview_notes_finalised_insert BEFORE INSERT ON interview_notes
WHEN (SELECT finalised_at FROM assessments WHERE id = NEW.assessment_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
CREATE TRIGGER interview_notes_finalised_update BEFORE UPDATE ON interview_notes
WHEN (SELECT finalised_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
  OR (SELECT finalised_at FROM assessments WHERE id = NEW.assessment_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
CREATE TRIGGER interview_notes_finalised_delete BEFORE DELETE ON interview_notes
WHEN (SELECT finalised_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
  AND OLD.assessment_id NOT IN (SELECT id FROM demo_removal)
  AND OLD.assessment_id NOT IN (SELECT id FROM erasure)
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;

CREATE TABLE interview_time_keyed (
    assessment_id  TEXT NOT NULL REFERENCES assessments(id),
    competence_id  TEXT NOT NULL,
    seconds        INTEGER NOT NULL DEFAULT 0 CHECK (seconds >= 0),
    interruptions  INTEGER NOT NULL DEFAULT 0 CHECK (interruptions >= 0),
    PRIMARY KEY (assessment_id, competence_id)
) WITHOUT ROWID;
INSERT INTO interview_time_keyed (assessment_id, competence_id, seconds, interruptions)
    SELECT assessment_id, competence_id, seconds, interruptions FROM interview_time ORDER BY assessment_id, competence_id;
DROP TABLE interview_time;
ALTER TABLE interview_time_keyed RENAME TO interview_time;

CREATE TRIGGER interview_time_finalised_insert BEFORE INSERT ON interview_time
WHEN (SELECT finalised_at FROM assessments WHERE id = NEW.assessment_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
CREATE TRIGGER interview_time_finalised_update BEFORE UPDATE ON interview_time
WHEN (SELECT finalised_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
  OR (SELECT finalised_at FROM assessments WHERE id = NEW.assessment_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
CREATE TRIGGER interview_time_finalised_delete BEFORE DELETE ON interview_time
WHEN (SELECT finalised_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
  AND OLD.assessment_id NOT IN (SELECT id FROM demo_removal)
  AND OLD.assessment_id NOT IN (SELECT id FROM erasure)
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;

CREATE TABLE indicator_ratings_keyed (
    assessment_id  TEXT NOT NULL REFERENCES assessments(id),
    competence_id  TEXT NOT NULL,
    indicator_id   TEXT NOT NULL,
    rating         TEXT NOT NULL CHECK (rating IN ('not-shown', 'basic', 'accomplished',
                       'expert', 'not-applicable')),
    note           TEXT NOT NULL DEFAULT '',
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (assessment_id, competence_id, indicator_id)
) WITHOUT ROWID;
INSERT INTO indicator_ratings_keyed (assessment_id, competence_id, indicator_id, rating, note, updated_at)
    SELECT assessment_id, competence_id, indicator_id, rating, note, updated_at FROM indicator_ratings ORDER BY assessment_id, competence_id, indicator_id;
DROP TABLE indicator_ratings;
ALTER TABLE indicator_ratings_keyed RENAME TO indicator_ratings;

CREATE TRIGGER indicator_ratings_finalised_insert BEFORE INSERT ON indicator_ratings
WHEN (SELECT finalised_at FROM assessments WHERE id = NEW.assessment_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
CREATE TRIGGER indicator_ratings_finalised_update BEFORE UPDATE ON indicator_ratings
WHEN (SELECT finalised_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
  OR (SELECT finalised_at FROM assessments WHERE id = NEW.assessment_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
CREATE TRIGGER indicator_ratings_finalised_delete BEFORE DELETE ON indicator_ratings
WHEN (SELECT finalised_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
  AND OLD.assessment_id NOT IN (SELECT id FROM demo_removal)
  AND OLD.assessment_id NOT IN (SELECT id FROM erasure)
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;

CREATE TABLE scores_keyed (
    assessment_id  TEXT NOT NULL REFERENCES assessments(id),
    competence_id  TEXT NOT NULL,
    suggested      TEXT CHECK (suggested IN ('basic', 'accomplished', 'expert',
                       'not_validated', 'not_assessable')),
    outcome_level  TEXT CHECK (outcome_level IN ('basic', 'accomplished', 'expert',
                       'not_validated', 'not_assessable')),
    overridden     INTEGER NOT NULL DEFAULT 0 CHECK (overridden IN (0, 1)),
    justification  TEXT NOT NULL DEFAULT '',
    context        TEXT CHECK (context IN ('low', 'mid-low', 'mid-high', 'high')),
    task           TEXT CHECK (task IN ('low', 'mid-low', 'mid-high', 'high')),
    autonomy       TEXT CHECK (autonomy IN ('low', 'mid-low', 'mid-high', 'high')),
    updated_at     TEXT NOT NULL,
    CHECK (overridden = 0 OR length(trim(justification)) > 0),
    PRIMARY KEY (assessment_id, competence_id)
) WITHOUT ROWID;
INSERT INTO scores_keyed (assessment_id, competence_id, suggested, outcome_level, overridden, justification, context, task, autonomy, updated_at)
    SELECT assessment_id, competence_id, suggested, outcome_level, overridden, justification, context, task, autonomy, updated_at FROM scores ORDER BY assessment_id, competence_id;
DROP TABLE scores;
ALTER TABLE scores_keyed RENAME TO scores;

CREATE TRIGGER scores_finalised_insert BEFORE INSERT ON scores
WHEN (SELECT finalised_at FROM assessments WHERE id = NEW.assessment_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
CREATE TRIGGER scores_finalised_update BEFORE UPDATE ON scores
WHEN (SELECT finalised_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
  OR (SELECT finalised_at FROM assessments WHERE id = NEW.assessment_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
CREATE TRIGGER scores_finalised_delete BEFORE DELETE ON scores
WHEN (SELECT finalised_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
  AND OLD.assessment_id NOT IN (SELECT id FROM demo_removal)
  AND OLD.assessment_id NOT IN (SELECT id FROM erasure)
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;

CREATE TABLE decisions_keyed (
    assessment_id  TEXT NOT NULL REFERENCES assessments(id),
    competence_id  TEXT NOT NULL,
    decision       TEXT NOT NULL CHECK (decision IN ('pending', 'validated', 'not_validated',
                       'not_assessable')),
    reasons        TEXT NOT NULL DEFAULT '',
    advice         TEXT NOT NULL DEFAULT '',
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (assessment_id, competence_id)
) WITHOUT ROWID;
INSERT INTO decisions_keyed (assessment_id, competence_id, decision, reasons, advice, updated_at)
    SELECT assessment_id, competence_id, decision, reasons, advice, updated_at FROM decisions ORDER BY assessment_id, competence_id;
DROP TABLE decisions;
ALTER TABLE decisions_keyed RENAME TO decisions;

CREATE TRIGGER decisions_finalised_insert BEFORE INSERT ON decisions
WHEN (SELECT finalised_at FROM assessments WHERE id = NEW.assessment_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
CREATE TRIGGER decisions_finalised_update BEFORE UPDATE ON decisions
WHEN (SELECT finalised_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
  OR (SELECT finalised_at FROM assessments WHERE id = NEW.assessment_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
CREATE TRIGGER decisions_finalised_delete BEFORE DELETE ON decisions
WHEN (SELECT finalised_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
  AND OLD.assessment_id NOT IN (SELECT id FROM demo_removal)
  AND OLD.assessment_id NOT IN (SELECT id FROM erasure)
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;

CREATE TABLE self_assessments_keyed (
    candidate_id   TEXT NOT NULL REFERENCES candidates(id),
    competence_id  TEXT NOT NULL,
    mode           TEXT NOT NULL CHECK (mode IN ('quick', 'detailed')),
    rating         TEXT NOT NULL,
    recorded_at    TEXT NOT NULL,
    PRIMARY KEY (candidate_id, competence_id, mode)
) WITHOUT ROWID;
INSERT INTO self_assessments_keyed (candidate_id, competence_id, mode, rating, recorded_at)
    SELECT candidate_id, competence_id, mode, rating, recorded_at FROM self_assessments ORDER BY candidate_id, competence_id, mode;
DROP TABLE self_assessments;
ALTER TABLE self_assessments_keyed RENAME TO self_assessments;

CREATE TABLE claimed_competences_keyed (
    candidate_id   TEXT NOT NULL REFERENCES candidates(id),
    competence_id  TEXT NOT NULL,
    claimed_at     TEXT NOT NULL,
    PRIMARY KEY (candidate_id, competence_id)
) WITHOUT ROWID;
INSERT INTO claimed_competences_keyed (candidate_id, competence_id, claimed_at)
    SELECT candidate_id, competence_id, claimed_at FROM claimed_competences ORDER BY candidate_id, competence_id;
DROP TABLE claimed_competences;
ALTER TABLE claimed_competences_keyed RENAME TO claimed_competences;

CREATE TABLE evidence_items_keyed (
    candidate_id   TEXT NOT NULL REFERENCES candidates(id),
    id             TEXT NOT NULL,
    competence_id  TEXT NOT NULL,
    title          TEXT NOT NULL CHECK (length(trim(title)) > 0),
    kind           TEXT NOT NULL,
    dated          TEXT,
    description    TEXT NOT NULL DEFAULT '',
    added_at       TEXT NOT NULL,
    PRIMARY KEY (candidate_id, id)
) WITHOUT ROWID;
INSERT INTO evidence_items_keyed (candidate_id, id, competence_id, title, kind, dated, description, added_at)
    SELECT candidate_id, id, competence_id, title, kind, dated, description, added_at FROM evidence_items ORDER BY candidate_id, id;
DROP TABLE evidence_items;
ALTER TABLE evidence_items_keyed RENAME TO evidence_items;
