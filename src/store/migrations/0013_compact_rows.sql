-- leverup schema: the rows inside an assessment or a candidate's portfolio, stored compactly
-- (issue 10). At 100,000 candidates most of the file was the same few strings repeated on
-- every row: the parent's 36-character UUID, a competence id, a criterion or indicator id,
-- a verdict or rating word, and a 24-character ISO timestamp.
--
-- Each of these tables becomes `<name>_rows`, holding
--   * the parent as a small integer key (`assessment_keys`, `candidate_keys`: the UUID stays
--     on the parent and everywhere a record leaves the database; the key never does);
--   * ids and words as codes of `codes`, a lookup table in the file itself, so that the
--     file stays readable with `sqlite3` alone. The closed vocabularies (verdicts, ratings,
--     levels, complexity, decisions, modes) have the fixed codes seeded here, so a CHECK on
--     the code still refuses a word the schema does not know;
--   * timestamps as unix milliseconds when that gives back the very same text, else the
--     text as given (so nothing is ever rounded or reformatted).
-- A view with the old name and columns reads it back as text, the same values as before;
-- its INSTEAD OF triggers write through it, so older SQL (and `sqlite3` users) keeps
-- working. The seals on signed-off assessments are computed from these views, so they
-- verify unchanged. The integrity triggers move to the `_rows` tables, with their names.
--
-- A view cannot take an UPSERT: the store updates, then inserts if nothing was there.

CREATE TABLE codes (
    code  INTEGER PRIMARY KEY,
    name  TEXT NOT NULL UNIQUE
);
-- The closed vocabularies, in a fixed order that the CHECKs below name. Ids of the model
-- (competences, criteria, indicators) get the next codes as they are first written.
INSERT INTO codes (code, name) VALUES
    (1, 'met'),
    (2, 'partly-met'),
    (3, 'not-met'),
    (4, 'not-shown'),
    (5, 'basic'),
    (6, 'accomplished'),
    (7, 'expert'),
    (8, 'not-applicable'),
    (9, 'not_validated'),
    (10, 'not_assessable'),
    (11, 'pending'),
    (12, 'validated'),
    (13, 'low'),
    (14, 'mid-low'),
    (15, 'mid-high'),
    (16, 'high'),
    (17, 'quick'),
    (18, 'detailed'),
    (19, '1'),
    (20, '2'),
    (21, '3'),
    (22, '4'),
    (23, 'n/a');

-- The integer key of every assessment and candidate, given when the row is inserted (or
-- when a row inside it is, first: the demo loader writes children before their parent,
-- under deferred foreign keys) and taken away with it. The key must name a real record.
-- An INTEGER PRIMARY KEY, so VACUUM (erasure runs it) never renumbers it.
CREATE TABLE assessment_keys (
    key  INTEGER PRIMARY KEY,
    id   TEXT NOT NULL UNIQUE REFERENCES assessments(id)
);
INSERT INTO assessment_keys (id) SELECT id FROM assessments ORDER BY rowid;
CREATE TRIGGER assessments_key AFTER INSERT ON assessments
BEGIN INSERT OR IGNORE INTO assessment_keys (id) VALUES (NEW.id); END;
CREATE TRIGGER assessments_key_gone AFTER DELETE ON assessments
BEGIN DELETE FROM assessment_keys WHERE id = OLD.id; END;

CREATE TABLE candidate_keys (
    key  INTEGER PRIMARY KEY,
    id   TEXT NOT NULL UNIQUE REFERENCES candidates(id)
);
INSERT INTO candidate_keys (id) SELECT id FROM candidates ORDER BY rowid;
CREATE TRIGGER candidates_key AFTER INSERT ON candidates
BEGIN INSERT OR IGNORE INTO candidate_keys (id) VALUES (NEW.id); END;
CREATE TRIGGER candidates_key_gone AFTER DELETE ON candidates
BEGIN DELETE FROM candidate_keys WHERE id = OLD.id; END;

-- portfolio_checks ----------------------------------------------------------------------
CREATE TABLE portfolio_checks_rows (
    assessment INTEGER NOT NULL REFERENCES assessment_keys(key),
    competence INTEGER NOT NULL REFERENCES codes(code),
    criterion INTEGER NOT NULL REFERENCES codes(code),
    verdict INTEGER NOT NULL CHECK (verdict IN (1, 2, 3)),  -- met partly-met not-met
    note TEXT NOT NULL DEFAULT '',
    updated_at NOT NULL,  -- unix ms, or the text as given
    PRIMARY KEY (assessment, competence, criterion)
) WITHOUT ROWID;
INSERT OR IGNORE INTO codes (name)
    SELECT v FROM (SELECT competence_id AS v FROM portfolio_checks
                   UNION SELECT criterion_id FROM portfolio_checks) ORDER BY v;
INSERT INTO portfolio_checks_rows (assessment, competence, criterion, verdict, note, updated_at)
    SELECT (SELECT key FROM assessment_keys WHERE id = o.assessment_id),
           (SELECT code FROM codes WHERE name = o.competence_id),
           (SELECT code FROM codes WHERE name = o.criterion_id),
           CASE WHEN o.verdict IS NULL THEN NULL ELSE coalesce((SELECT code FROM codes WHERE name = o.verdict), -1) END,
           o.note,
           CASE WHEN strftime('%Y-%m-%dT%H:%M:%fZ', CAST(round((julianday(o.updated_at) - 2440587.5) * 86400000.0) AS INTEGER) / 1000.0, 'unixepoch') = o.updated_at
           THEN CAST(round((julianday(o.updated_at) - 2440587.5) * 86400000.0) AS INTEGER) ELSE CAST(o.updated_at AS TEXT) END
    FROM portfolio_checks o;

-- interview_notes -----------------------------------------------------------------------
CREATE TABLE interview_notes_rows (
    assessment INTEGER NOT NULL REFERENCES assessment_keys(key),
    competence INTEGER NOT NULL REFERENCES codes(code),
    question_index INTEGER NOT NULL CHECK (question_index >= 0),
    text TEXT NOT NULL,
    updated_at NOT NULL,  -- unix ms, or the text as given
    PRIMARY KEY (assessment, competence, question_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO codes (name)
    SELECT v FROM (SELECT competence_id AS v FROM interview_notes) ORDER BY v;
INSERT INTO interview_notes_rows (assessment, competence, question_index, text, updated_at)
    SELECT (SELECT key FROM assessment_keys WHERE id = o.assessment_id),
           (SELECT code FROM codes WHERE name = o.competence_id),
           o.question_index,
           o.text,
           CASE WHEN strftime('%Y-%m-%dT%H:%M:%fZ', CAST(round((julianday(o.updated_at) - 2440587.5) * 86400000.0) AS INTEGER) / 1000.0, 'unixepoch') = o.updated_at
           THEN CAST(round((julianday(o.updated_at) - 2440587.5) * 86400000.0) AS INTEGER) ELSE CAST(o.updated_at AS TEXT) END
    FROM interview_notes o;

-- interview_time ------------------------------------------------------------------------
CREATE TABLE interview_time_rows (
    assessment INTEGER NOT NULL REFERENCES assessment_keys(key),
    competence INTEGER NOT NULL REFERENCES codes(code),
    seconds INTEGER NOT NULL DEFAULT 0 CHECK (seconds >= 0),
    interruptions INTEGER NOT NULL DEFAULT 0 CHECK (interruptions >= 0),
    PRIMARY KEY (assessment, competence)
) WITHOUT ROWID;
INSERT OR IGNORE INTO codes (name)
    SELECT v FROM (SELECT competence_id AS v FROM interview_time) ORDER BY v;
INSERT INTO interview_time_rows (assessment, competence, seconds, interruptions)
    SELECT (SELECT key FROM assessment_keys WHERE id = o.assessment_id),
           (SELECT code FROM codes WHERE name = o.competence_id),
           o.seconds,
           o.interruptions
    FROM interview_time o;

-- indicator_ratings ---------------------------------------------------------------------
CREATE TABLE indicator_ratings_rows (
    assessment INTEGER NOT NULL REFERENCES assessment_keys(key),
    competence INTEGER NOT NULL REFERENCES codes(code),
    indicator INTEGER NOT NULL REFERENCES codes(code),
    rating INTEGER NOT NULL CHECK (rating IN (4, 5, 6, 7, 8)),  -- not-shown basic accomplished expert not-applicable
    note TEXT NOT NULL DEFAULT '',
    updated_at NOT NULL,  -- unix ms, or the text as given
    PRIMARY KEY (assessment, competence, indicator)
) WITHOUT ROWID;
INSERT OR IGNORE INTO codes (name)
    SELECT v FROM (SELECT competence_id AS v FROM indicator_ratings
                   UNION SELECT indicator_id FROM indicator_ratings) ORDER BY v;
INSERT INTO indicator_ratings_rows (assessment, competence, indicator, rating, note, updated_at)
    SELECT (SELECT key FROM assessment_keys WHERE id = o.assessment_id),
           (SELECT code FROM codes WHERE name = o.competence_id),
           (SELECT code FROM codes WHERE name = o.indicator_id),
           CASE WHEN o.rating IS NULL THEN NULL ELSE coalesce((SELECT code FROM codes WHERE name = o.rating), -1) END,
           o.note,
           CASE WHEN strftime('%Y-%m-%dT%H:%M:%fZ', CAST(round((julianday(o.updated_at) - 2440587.5) * 86400000.0) AS INTEGER) / 1000.0, 'unixepoch') = o.updated_at
           THEN CAST(round((julianday(o.updated_at) - 2440587.5) * 86400000.0) AS INTEGER) ELSE CAST(o.updated_at AS TEXT) END
    FROM indicator_ratings o;

-- scores --------------------------------------------------------------------------------
CREATE TABLE scores_rows (
    assessment INTEGER NOT NULL REFERENCES assessment_keys(key),
    competence INTEGER NOT NULL REFERENCES codes(code),
    suggested INTEGER CHECK (suggested IN (5, 6, 7, 9, 10)),  -- basic accomplished expert not_validated not_assessable
    outcome_level INTEGER CHECK (outcome_level IN (5, 6, 7, 9, 10)),  -- basic accomplished expert not_validated not_assessable
    overridden INTEGER NOT NULL DEFAULT 0 CHECK (overridden IN (0, 1)),
    justification TEXT NOT NULL DEFAULT '',
    context INTEGER CHECK (context IN (13, 14, 15, 16)),  -- low mid-low mid-high high
    task INTEGER CHECK (task IN (13, 14, 15, 16)),  -- low mid-low mid-high high
    autonomy INTEGER CHECK (autonomy IN (13, 14, 15, 16)),  -- low mid-low mid-high high
    updated_at NOT NULL,  -- unix ms, or the text as given
    -- D4: an override needs a written justification.
    CHECK (overridden = 0 OR length(trim(justification)) > 0),
    PRIMARY KEY (assessment, competence)
) WITHOUT ROWID;
INSERT OR IGNORE INTO codes (name)
    SELECT v FROM (SELECT competence_id AS v FROM scores) ORDER BY v;
INSERT INTO scores_rows (assessment, competence, suggested, outcome_level, overridden, justification, context, task, autonomy, updated_at)
    SELECT (SELECT key FROM assessment_keys WHERE id = o.assessment_id),
           (SELECT code FROM codes WHERE name = o.competence_id),
           CASE WHEN o.suggested IS NULL THEN NULL ELSE coalesce((SELECT code FROM codes WHERE name = o.suggested), -1) END,
           CASE WHEN o.outcome_level IS NULL THEN NULL ELSE coalesce((SELECT code FROM codes WHERE name = o.outcome_level), -1) END,
           o.overridden,
           o.justification,
           CASE WHEN o.context IS NULL THEN NULL ELSE coalesce((SELECT code FROM codes WHERE name = o.context), -1) END,
           CASE WHEN o.task IS NULL THEN NULL ELSE coalesce((SELECT code FROM codes WHERE name = o.task), -1) END,
           CASE WHEN o.autonomy IS NULL THEN NULL ELSE coalesce((SELECT code FROM codes WHERE name = o.autonomy), -1) END,
           CASE WHEN strftime('%Y-%m-%dT%H:%M:%fZ', CAST(round((julianday(o.updated_at) - 2440587.5) * 86400000.0) AS INTEGER) / 1000.0, 'unixepoch') = o.updated_at
           THEN CAST(round((julianday(o.updated_at) - 2440587.5) * 86400000.0) AS INTEGER) ELSE CAST(o.updated_at AS TEXT) END
    FROM scores o;

-- decisions -----------------------------------------------------------------------------
CREATE TABLE decisions_rows (
    assessment INTEGER NOT NULL REFERENCES assessment_keys(key),
    competence INTEGER NOT NULL REFERENCES codes(code),
    decision INTEGER NOT NULL CHECK (decision IN (11, 12, 9, 10)),  -- pending validated not_validated not_assessable
    reasons TEXT NOT NULL DEFAULT '',
    advice TEXT NOT NULL DEFAULT '',
    updated_at NOT NULL,  -- unix ms, or the text as given
    PRIMARY KEY (assessment, competence)
) WITHOUT ROWID;
INSERT OR IGNORE INTO codes (name)
    SELECT v FROM (SELECT competence_id AS v FROM decisions) ORDER BY v;
INSERT INTO decisions_rows (assessment, competence, decision, reasons, advice, updated_at)
    SELECT (SELECT key FROM assessment_keys WHERE id = o.assessment_id),
           (SELECT code FROM codes WHERE name = o.competence_id),
           CASE WHEN o.decision IS NULL THEN NULL ELSE coalesce((SELECT code FROM codes WHERE name = o.decision), -1) END,
           o.reasons,
           o.advice,
           CASE WHEN strftime('%Y-%m-%dT%H:%M:%fZ', CAST(round((julianday(o.updated_at) - 2440587.5) * 86400000.0) AS INTEGER) / 1000.0, 'unixepoch') = o.updated_at
           THEN CAST(round((julianday(o.updated_at) - 2440587.5) * 86400000.0) AS INTEGER) ELSE CAST(o.updated_at AS TEXT) END
    FROM decisions o;

-- self_assessments ----------------------------------------------------------------------
CREATE TABLE self_assessments_rows (
    candidate INTEGER NOT NULL REFERENCES candidate_keys(key),
    competence INTEGER NOT NULL REFERENCES codes(code),
    mode INTEGER NOT NULL CHECK (mode IN (17, 18)),  -- quick detailed
    rating INTEGER NOT NULL REFERENCES codes(code),
    recorded_at NOT NULL,  -- unix ms, or the text as given
    PRIMARY KEY (candidate, competence, mode)
) WITHOUT ROWID;
INSERT OR IGNORE INTO codes (name)
    SELECT v FROM (SELECT competence_id AS v FROM self_assessments
                   UNION SELECT rating FROM self_assessments) ORDER BY v;
INSERT INTO self_assessments_rows (candidate, competence, mode, rating, recorded_at)
    SELECT (SELECT key FROM candidate_keys WHERE id = o.candidate_id),
           (SELECT code FROM codes WHERE name = o.competence_id),
           CASE WHEN o.mode IS NULL THEN NULL ELSE coalesce((SELECT code FROM codes WHERE name = o.mode), -1) END,
           (SELECT code FROM codes WHERE name = o.rating),
           CASE WHEN strftime('%Y-%m-%dT%H:%M:%fZ', CAST(round((julianday(o.recorded_at) - 2440587.5) * 86400000.0) AS INTEGER) / 1000.0, 'unixepoch') = o.recorded_at
           THEN CAST(round((julianday(o.recorded_at) - 2440587.5) * 86400000.0) AS INTEGER) ELSE CAST(o.recorded_at AS TEXT) END
    FROM self_assessments o;

-- claimed_competences -------------------------------------------------------------------
CREATE TABLE claimed_competences_rows (
    candidate INTEGER NOT NULL REFERENCES candidate_keys(key),
    competence INTEGER NOT NULL REFERENCES codes(code),
    claimed_at NOT NULL,  -- unix ms, or the text as given
    PRIMARY KEY (candidate, competence)
) WITHOUT ROWID;
INSERT OR IGNORE INTO codes (name)
    SELECT v FROM (SELECT competence_id AS v FROM claimed_competences) ORDER BY v;
INSERT INTO claimed_competences_rows (candidate, competence, claimed_at)
    SELECT (SELECT key FROM candidate_keys WHERE id = o.candidate_id),
           (SELECT code FROM codes WHERE name = o.competence_id),
           CASE WHEN strftime('%Y-%m-%dT%H:%M:%fZ', CAST(round((julianday(o.claimed_at) - 2440587.5) * 86400000.0) AS INTEGER) / 1000.0, 'unixepoch') = o.claimed_at
           THEN CAST(round((julianday(o.claimed_at) - 2440587.5) * 86400000.0) AS INTEGER) ELSE CAST(o.claimed_at AS TEXT) END
    FROM claimed_competences o;

-- evidence_register ---------------------------------------------------------------------
CREATE TABLE evidence_register_rows (
    candidate INTEGER NOT NULL REFERENCES candidate_keys(key),
    number INTEGER NOT NULL,
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    kind TEXT NOT NULL CHECK (length(trim(kind)) > 0),
    dated TEXT,
    description TEXT NOT NULL DEFAULT '',
    file_path TEXT,
    file_size INTEGER,
    file_sha256 TEXT,
    witness TEXT,
    added_at NOT NULL,  -- unix ms, or the text as given
    CHECK ((file_path IS NULL) = (file_sha256 IS NULL)),
    PRIMARY KEY (candidate, number)
) WITHOUT ROWID;
INSERT INTO evidence_register_rows (candidate, number, title, kind, dated, description, file_path, file_size, file_sha256, witness, added_at)
    SELECT (SELECT key FROM candidate_keys WHERE id = o.candidate_id),
           o.number,
           o.title,
           o.kind,
           o.dated,
           o.description,
           o.file_path,
           o.file_size,
           o.file_sha256,
           o.witness,
           CASE WHEN strftime('%Y-%m-%dT%H:%M:%fZ', CAST(round((julianday(o.added_at) - 2440587.5) * 86400000.0) AS INTEGER) / 1000.0, 'unixepoch') = o.added_at
           THEN CAST(round((julianday(o.added_at) - 2440587.5) * 86400000.0) AS INTEGER) ELSE CAST(o.added_at AS TEXT) END
    FROM evidence_register o;

-- evidence_competences ------------------------------------------------------------------
CREATE TABLE evidence_competences_rows (
    candidate INTEGER NOT NULL REFERENCES candidate_keys(key),
    number INTEGER NOT NULL,
    competence INTEGER NOT NULL REFERENCES codes(code),
    FOREIGN KEY (candidate, number) REFERENCES evidence_register_rows(candidate, number),
    PRIMARY KEY (candidate, number, competence)
) WITHOUT ROWID;
INSERT OR IGNORE INTO codes (name)
    SELECT v FROM (SELECT competence_id AS v FROM evidence_competences) ORDER BY v;
INSERT INTO evidence_competences_rows (candidate, number, competence)
    SELECT (SELECT key FROM candidate_keys WHERE id = o.candidate_id),
           o.number,
           (SELECT code FROM codes WHERE name = o.competence_id)
    FROM evidence_competences o;

-- The old tables, children first (the evidence register's tags name its items).
DROP TABLE evidence_competences;
DROP TABLE evidence_register;
DROP TABLE claimed_competences;
DROP TABLE self_assessments;
DROP TABLE decisions;
DROP TABLE scores;
DROP TABLE indicator_ratings;
DROP TABLE interview_time;
DROP TABLE interview_notes;
DROP TABLE portfolio_checks;

-- portfolio_checks: the view that reads and writes it by the old names and values
CREATE VIEW portfolio_checks (assessment_id, competence_id, criterion_id, verdict, note, updated_at) AS
    SELECT k.id,
           c1.name,
           c2.name,
           c3.name,
           r.note,
           CASE WHEN typeof(r.updated_at) = 'integer' THEN strftime('%Y-%m-%dT%H:%M:%fZ', r.updated_at / 1000.0, 'unixepoch') ELSE r.updated_at END
    FROM portfolio_checks_rows r
    JOIN assessment_keys k ON k.key = r.assessment
    JOIN codes c1 ON c1.code = r.competence
    JOIN codes c2 ON c2.code = r.criterion
    JOIN codes c3 ON c3.code = r.verdict;
CREATE TRIGGER portfolio_checks_insert INSTEAD OF INSERT ON portfolio_checks
BEGIN
    INSERT OR IGNORE INTO assessment_keys (id) VALUES (NEW.assessment_id);
    INSERT OR IGNORE INTO codes (name) VALUES (NEW.competence_id), (NEW.criterion_id);
    INSERT INTO portfolio_checks_rows (assessment, competence, criterion, verdict, note, updated_at) VALUES (
        (SELECT key FROM assessment_keys WHERE id = NEW.assessment_id),
        (SELECT code FROM codes WHERE name = NEW.competence_id),
        (SELECT code FROM codes WHERE name = NEW.criterion_id),
        CASE WHEN NEW.verdict IS NULL THEN NULL ELSE coalesce((SELECT code FROM codes WHERE name = NEW.verdict), -1) END,
        coalesce(NEW.note, ''),
        CASE WHEN strftime('%Y-%m-%dT%H:%M:%fZ', CAST(round((julianday(NEW.updated_at) - 2440587.5) * 86400000.0) AS INTEGER) / 1000.0, 'unixepoch') = NEW.updated_at
           THEN CAST(round((julianday(NEW.updated_at) - 2440587.5) * 86400000.0) AS INTEGER) ELSE CAST(NEW.updated_at AS TEXT) END);
END;
CREATE TRIGGER portfolio_checks_update INSTEAD OF UPDATE ON portfolio_checks
BEGIN
    INSERT OR IGNORE INTO assessment_keys (id) VALUES (NEW.assessment_id);
    INSERT OR IGNORE INTO codes (name) VALUES (NEW.competence_id), (NEW.criterion_id);
    UPDATE portfolio_checks_rows SET
        assessment = (SELECT key FROM assessment_keys WHERE id = NEW.assessment_id),
        competence = (SELECT code FROM codes WHERE name = NEW.competence_id),
        criterion = (SELECT code FROM codes WHERE name = NEW.criterion_id),
        verdict = CASE WHEN NEW.verdict IS NULL THEN NULL ELSE coalesce((SELECT code FROM codes WHERE name = NEW.verdict), -1) END,
        note = NEW.note,
        updated_at = CASE WHEN strftime('%Y-%m-%dT%H:%M:%fZ', CAST(round((julianday(NEW.updated_at) - 2440587.5) * 86400000.0) AS INTEGER) / 1000.0, 'unixepoch') = NEW.updated_at
           THEN CAST(round((julianday(NEW.updated_at) - 2440587.5) * 86400000.0) AS INTEGER) ELSE CAST(NEW.updated_at AS TEXT) END
    WHERE assessment = (SELECT key FROM assessment_keys WHERE id = OLD.assessment_id) AND competence = (SELECT code FROM codes WHERE name = OLD.competence_id) AND criterion = (SELECT code FROM codes WHERE name = OLD.criterion_id);
END;
CREATE TRIGGER portfolio_checks_delete INSTEAD OF DELETE ON portfolio_checks
BEGIN
    DELETE FROM portfolio_checks_rows WHERE assessment = (SELECT key FROM assessment_keys WHERE id = OLD.assessment_id) AND competence = (SELECT code FROM codes WHERE name = OLD.competence_id) AND criterion = (SELECT code FROM codes WHERE name = OLD.criterion_id);
END;
CREATE TRIGGER portfolio_checks_finalised_insert BEFORE INSERT ON portfolio_checks_rows
WHEN (SELECT a.finalised_at FROM assessments a JOIN assessment_keys k ON k.id = a.id
      WHERE k.key = NEW.assessment) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
CREATE TRIGGER portfolio_checks_finalised_update BEFORE UPDATE ON portfolio_checks_rows
WHEN (SELECT a.finalised_at FROM assessments a JOIN assessment_keys k ON k.id = a.id
      WHERE k.key = OLD.assessment) IS NOT NULL
  OR (SELECT a.finalised_at FROM assessments a JOIN assessment_keys k ON k.id = a.id
      WHERE k.key = NEW.assessment) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
CREATE TRIGGER portfolio_checks_finalised_delete BEFORE DELETE ON portfolio_checks_rows
WHEN (SELECT a.finalised_at FROM assessments a JOIN assessment_keys k ON k.id = a.id
      WHERE k.key = OLD.assessment) IS NOT NULL
  AND (SELECT id FROM assessment_keys WHERE key = OLD.assessment) NOT IN (SELECT id FROM demo_removal)
  AND (SELECT id FROM assessment_keys WHERE key = OLD.assessment) NOT IN (SELECT id FROM erasure)
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;

-- interview_notes: the view that reads and writes it by the old names and values
CREATE VIEW interview_notes (assessment_id, competence_id, question_index, text, updated_at) AS
    SELECT k.id,
           c1.name,
           r.question_index,
           r.text,
           CASE WHEN typeof(r.updated_at) = 'integer' THEN strftime('%Y-%m-%dT%H:%M:%fZ', r.updated_at / 1000.0, 'unixepoch') ELSE r.updated_at END
    FROM interview_notes_rows r
    JOIN assessment_keys k ON k.key = r.assessment
    JOIN codes c1 ON c1.code = r.competence;
CREATE TRIGGER interview_notes_insert INSTEAD OF INSERT ON interview_notes
BEGIN
    INSERT OR IGNORE INTO assessment_keys (id) VALUES (NEW.assessment_id);
    INSERT OR IGNORE INTO codes (name) VALUES (NEW.competence_id);
    INSERT INTO interview_notes_rows (assessment, competence, question_index, text, updated_at) VALUES (
        (SELECT key FROM assessment_keys WHERE id = NEW.assessment_id),
        (SELECT code FROM codes WHERE name = NEW.competence_id),
        NEW.question_index,
        NEW.text,
        CASE WHEN strftime('%Y-%m-%dT%H:%M:%fZ', CAST(round((julianday(NEW.updated_at) - 2440587.5) * 86400000.0) AS INTEGER) / 1000.0, 'unixepoch') = NEW.updated_at
           THEN CAST(round((julianday(NEW.updated_at) - 2440587.5) * 86400000.0) AS INTEGER) ELSE CAST(NEW.updated_at AS TEXT) END);
END;
CREATE TRIGGER interview_notes_update INSTEAD OF UPDATE ON interview_notes
BEGIN
    INSERT OR IGNORE INTO assessment_keys (id) VALUES (NEW.assessment_id);
    INSERT OR IGNORE INTO codes (name) VALUES (NEW.competence_id);
    UPDATE interview_notes_rows SET
        assessment = (SELECT key FROM assessment_keys WHERE id = NEW.assessment_id),
        competence = (SELECT code FROM codes WHERE name = NEW.competence_id),
        question_index = NEW.question_index,
        text = NEW.text,
        updated_at = CASE WHEN strftime('%Y-%m-%dT%H:%M:%fZ', CAST(round((julianday(NEW.updated_at) - 2440587.5) * 86400000.0) AS INTEGER) / 1000.0, 'unixepoch') = NEW.updated_at
           THEN CAST(round((julianday(NEW.updated_at) - 2440587.5) * 86400000.0) AS INTEGER) ELSE CAST(NEW.updated_at AS TEXT) END
    WHERE assessment = (SELECT key FROM assessment_keys WHERE id = OLD.assessment_id) AND competence = (SELECT code FROM codes WHERE name = OLD.competence_id) AND question_index = OLD.question_index;
END;
CREATE TRIGGER interview_notes_delete INSTEAD OF DELETE ON interview_notes
BEGIN
    DELETE FROM interview_notes_rows WHERE assessment = (SELECT key FROM assessment_keys WHERE id = OLD.assessment_id) AND competence = (SELECT code FROM codes WHERE name = OLD.competence_id) AND question_index = OLD.question_index;
END;
CREATE TRIGGER interview_notes_finalised_insert BEFORE INSERT ON interview_notes_rows
WHEN (SELECT a.finalised_at FROM assessments a JOIN assessment_keys k ON k.id = a.id
      WHERE k.key = NEW.assessment) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
CREATE TRIGGER interview_notes_finalised_update BEFORE UPDATE ON interview_notes_rows
WHEN (SELECT a.finalised_at FROM assessments a JOIN assessment_keys k ON k.id = a.id
      WHERE k.key = OLD.assessment) IS NOT NULL
  OR (SELECT a.finalised_at FROM assessments a JOIN assessment_keys k ON k.id = a.id
      WHERE k.key = NEW.assessment) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
CREATE TRIGGER interview_notes_finalised_delete BEFORE DELETE ON interview_notes_rows
WHEN (SELECT a.finalised_at FROM assessments a JOIN assessment_keys k ON k.id = a.id
      WHERE k.key = OLD.assessment) IS NOT NULL
  AND (SELECT id FROM assessment_keys WHERE key = OLD.assessment) NOT IN (SELECT id FROM demo_removal)
  AND (SELECT id FROM assessment_keys WHERE key = OLD.assessment) NOT IN (SELECT id FROM erasure)
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;

-- interview_time: the view that reads and writes it by the old names and values
CREATE VIEW interview_time (assessment_id, competence_id, seconds, interruptions) AS
    SELECT k.id,
           c1.name,
           r.seconds,
           r.interruptions
    FROM interview_time_rows r
    JOIN assessment_keys k ON k.key = r.assessment
    JOIN codes c1 ON c1.code = r.competence;
CREATE TRIGGER interview_time_insert INSTEAD OF INSERT ON interview_time
BEGIN
    INSERT OR IGNORE INTO assessment_keys (id) VALUES (NEW.assessment_id);
    INSERT OR IGNORE INTO codes (name) VALUES (NEW.competence_id);
    INSERT INTO interview_time_rows (assessment, competence, seconds, interruptions) VALUES (
        (SELECT key FROM assessment_keys WHERE id = NEW.assessment_id),
        (SELECT code FROM codes WHERE name = NEW.competence_id),
        coalesce(NEW.seconds, 0),
        coalesce(NEW.interruptions, 0));
END;
CREATE TRIGGER interview_time_update INSTEAD OF UPDATE ON interview_time
BEGIN
    INSERT OR IGNORE INTO assessment_keys (id) VALUES (NEW.assessment_id);
    INSERT OR IGNORE INTO codes (name) VALUES (NEW.competence_id);
    UPDATE interview_time_rows SET
        assessment = (SELECT key FROM assessment_keys WHERE id = NEW.assessment_id),
        competence = (SELECT code FROM codes WHERE name = NEW.competence_id),
        seconds = NEW.seconds,
        interruptions = NEW.interruptions
    WHERE assessment = (SELECT key FROM assessment_keys WHERE id = OLD.assessment_id) AND competence = (SELECT code FROM codes WHERE name = OLD.competence_id);
END;
CREATE TRIGGER interview_time_delete INSTEAD OF DELETE ON interview_time
BEGIN
    DELETE FROM interview_time_rows WHERE assessment = (SELECT key FROM assessment_keys WHERE id = OLD.assessment_id) AND competence = (SELECT code FROM codes WHERE name = OLD.competence_id);
END;
CREATE TRIGGER interview_time_finalised_insert BEFORE INSERT ON interview_time_rows
WHEN (SELECT a.finalised_at FROM assessments a JOIN assessment_keys k ON k.id = a.id
      WHERE k.key = NEW.assessment) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
CREATE TRIGGER interview_time_finalised_update BEFORE UPDATE ON interview_time_rows
WHEN (SELECT a.finalised_at FROM assessments a JOIN assessment_keys k ON k.id = a.id
      WHERE k.key = OLD.assessment) IS NOT NULL
  OR (SELECT a.finalised_at FROM assessments a JOIN assessment_keys k ON k.id = a.id
      WHERE k.key = NEW.assessment) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
CREATE TRIGGER interview_time_finalised_delete BEFORE DELETE ON interview_time_rows
WHEN (SELECT a.finalised_at FROM assessments a JOIN assessment_keys k ON k.id = a.id
      WHERE k.key = OLD.assessment) IS NOT NULL
  AND (SELECT id FROM assessment_keys WHERE key = OLD.assessment) NOT IN (SELECT id FROM demo_removal)
  AND (SELECT id FROM assessment_keys WHERE key = OLD.assessment) NOT IN (SELECT id FROM erasure)
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;

-- indicator_ratings: the view that reads and writes it by the old names and values
CREATE VIEW indicator_ratings (assessment_id, competence_id, indicator_id, rating, note, updated_at) AS
    SELECT k.id,
           c1.name,
           c2.name,
           c3.name,
           r.note,
           CASE WHEN typeof(r.updated_at) = 'integer' THEN strftime('%Y-%m-%dT%H:%M:%fZ', r.updated_at / 1000.0, 'unixepoch') ELSE r.updated_at END
    FROM indicator_ratings_rows r
    JOIN assessment_keys k ON k.key = r.assessment
    JOIN codes c1 ON c1.code = r.competence
    JOIN codes c2 ON c2.code = r.indicator
    JOIN codes c3 ON c3.code = r.rating;
CREATE TRIGGER indicator_ratings_insert INSTEAD OF INSERT ON indicator_ratings
BEGIN
    INSERT OR IGNORE INTO assessment_keys (id) VALUES (NEW.assessment_id);
    INSERT OR IGNORE INTO codes (name) VALUES (NEW.competence_id), (NEW.indicator_id);
    INSERT INTO indicator_ratings_rows (assessment, competence, indicator, rating, note, updated_at) VALUES (
        (SELECT key FROM assessment_keys WHERE id = NEW.assessment_id),
        (SELECT code FROM codes WHERE name = NEW.competence_id),
        (SELECT code FROM codes WHERE name = NEW.indicator_id),
        CASE WHEN NEW.rating IS NULL THEN NULL ELSE coalesce((SELECT code FROM codes WHERE name = NEW.rating), -1) END,
        coalesce(NEW.note, ''),
        CASE WHEN strftime('%Y-%m-%dT%H:%M:%fZ', CAST(round((julianday(NEW.updated_at) - 2440587.5) * 86400000.0) AS INTEGER) / 1000.0, 'unixepoch') = NEW.updated_at
           THEN CAST(round((julianday(NEW.updated_at) - 2440587.5) * 86400000.0) AS INTEGER) ELSE CAST(NEW.updated_at AS TEXT) END);
END;
CREATE TRIGGER indicator_ratings_update INSTEAD OF UPDATE ON indicator_ratings
BEGIN
    INSERT OR IGNORE INTO assessment_keys (id) VALUES (NEW.assessment_id);
    INSERT OR IGNORE INTO codes (name) VALUES (NEW.competence_id), (NEW.indicator_id);
    UPDATE indicator_ratings_rows SET
        assessment = (SELECT key FROM assessment_keys WHERE id = NEW.assessment_id),
        competence = (SELECT code FROM codes WHERE name = NEW.competence_id),
        indicator = (SELECT code FROM codes WHERE name = NEW.indicator_id),
        rating = CASE WHEN NEW.rating IS NULL THEN NULL ELSE coalesce((SELECT code FROM codes WHERE name = NEW.rating), -1) END,
        note = NEW.note,
        updated_at = CASE WHEN strftime('%Y-%m-%dT%H:%M:%fZ', CAST(round((julianday(NEW.updated_at) - 2440587.5) * 86400000.0) AS INTEGER) / 1000.0, 'unixepoch') = NEW.updated_at
           THEN CAST(round((julianday(NEW.updated_at) - 2440587.5) * 86400000.0) AS INTEGER) ELSE CAST(NEW.updated_at AS TEXT) END
    WHERE assessment = (SELECT key FROM assessment_keys WHERE id = OLD.assessment_id) AND competence = (SELECT code FROM codes WHERE name = OLD.competence_id) AND indicator = (SELECT code FROM codes WHERE name = OLD.indicator_id);
END;
CREATE TRIGGER indicator_ratings_delete INSTEAD OF DELETE ON indicator_ratings
BEGIN
    DELETE FROM indicator_ratings_rows WHERE assessment = (SELECT key FROM assessment_keys WHERE id = OLD.assessment_id) AND competence = (SELECT code FROM codes WHERE name = OLD.competence_id) AND indicator = (SELECT code FROM codes WHERE name = OLD.indicator_id);
END;
CREATE TRIGGER indicator_ratings_finalised_insert BEFORE INSERT ON indicator_ratings_rows
WHEN (SELECT a.finalised_at FROM assessments a JOIN assessment_keys k ON k.id = a.id
      WHERE k.key = NEW.assessment) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
CREATE TRIGGER indicator_ratings_finalised_update BEFORE UPDATE ON indicator_ratings_rows
WHEN (SELECT a.finalised_at FROM assessments a JOIN assessment_keys k ON k.id = a.id
      WHERE k.key = OLD.assessment) IS NOT NULL
  OR (SELECT a.finalised_at FROM assessments a JOIN assessment_keys k ON k.id = a.id
      WHERE k.key = NEW.assessment) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
CREATE TRIGGER indicator_ratings_finalised_delete BEFORE DELETE ON indicator_ratings_rows
WHEN (SELECT a.finalised_at FROM assessments a JOIN assessment_keys k ON k.id = a.id
      WHERE k.key = OLD.assessment) IS NOT NULL
  AND (SELECT id FROM assessment_keys WHERE key = OLD.assessment) NOT IN (SELECT id FROM demo_removal)
  AND (SELECT id FROM assessment_keys WHERE key = OLD.assessment) NOT IN (SELECT id FROM erasure)
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;

-- scores: the view that reads and writes it by the old names and values
CREATE VIEW scores (assessment_id, competence_id, suggested, outcome_level, overridden, justification, context, task, autonomy, updated_at) AS
    SELECT k.id,
           c1.name,
           c2.name,
           c3.name,
           r.overridden,
           r.justification,
           c6.name,
           c7.name,
           c8.name,
           CASE WHEN typeof(r.updated_at) = 'integer' THEN strftime('%Y-%m-%dT%H:%M:%fZ', r.updated_at / 1000.0, 'unixepoch') ELSE r.updated_at END
    FROM scores_rows r
    JOIN assessment_keys k ON k.key = r.assessment
    JOIN codes c1 ON c1.code = r.competence
    LEFT JOIN codes c2 ON c2.code = r.suggested
    LEFT JOIN codes c3 ON c3.code = r.outcome_level
    LEFT JOIN codes c6 ON c6.code = r.context
    LEFT JOIN codes c7 ON c7.code = r.task
    LEFT JOIN codes c8 ON c8.code = r.autonomy;
CREATE TRIGGER scores_insert INSTEAD OF INSERT ON scores
BEGIN
    INSERT OR IGNORE INTO assessment_keys (id) VALUES (NEW.assessment_id);
    INSERT OR IGNORE INTO codes (name) VALUES (NEW.competence_id);
    INSERT INTO scores_rows (assessment, competence, suggested, outcome_level, overridden, justification, context, task, autonomy, updated_at) VALUES (
        (SELECT key FROM assessment_keys WHERE id = NEW.assessment_id),
        (SELECT code FROM codes WHERE name = NEW.competence_id),
        CASE WHEN NEW.suggested IS NULL THEN NULL ELSE coalesce((SELECT code FROM codes WHERE name = NEW.suggested), -1) END,
        CASE WHEN NEW.outcome_level IS NULL THEN NULL ELSE coalesce((SELECT code FROM codes WHERE name = NEW.outcome_level), -1) END,
        coalesce(NEW.overridden, 0),
        coalesce(NEW.justification, ''),
        CASE WHEN NEW.context IS NULL THEN NULL ELSE coalesce((SELECT code FROM codes WHERE name = NEW.context), -1) END,
        CASE WHEN NEW.task IS NULL THEN NULL ELSE coalesce((SELECT code FROM codes WHERE name = NEW.task), -1) END,
        CASE WHEN NEW.autonomy IS NULL THEN NULL ELSE coalesce((SELECT code FROM codes WHERE name = NEW.autonomy), -1) END,
        CASE WHEN strftime('%Y-%m-%dT%H:%M:%fZ', CAST(round((julianday(NEW.updated_at) - 2440587.5) * 86400000.0) AS INTEGER) / 1000.0, 'unixepoch') = NEW.updated_at
           THEN CAST(round((julianday(NEW.updated_at) - 2440587.5) * 86400000.0) AS INTEGER) ELSE CAST(NEW.updated_at AS TEXT) END);
END;
CREATE TRIGGER scores_update INSTEAD OF UPDATE ON scores
BEGIN
    INSERT OR IGNORE INTO assessment_keys (id) VALUES (NEW.assessment_id);
    INSERT OR IGNORE INTO codes (name) VALUES (NEW.competence_id);
    UPDATE scores_rows SET
        assessment = (SELECT key FROM assessment_keys WHERE id = NEW.assessment_id),
        competence = (SELECT code FROM codes WHERE name = NEW.competence_id),
        suggested = CASE WHEN NEW.suggested IS NULL THEN NULL ELSE coalesce((SELECT code FROM codes WHERE name = NEW.suggested), -1) END,
        outcome_level = CASE WHEN NEW.outcome_level IS NULL THEN NULL ELSE coalesce((SELECT code FROM codes WHERE name = NEW.outcome_level), -1) END,
        overridden = NEW.overridden,
        justification = NEW.justification,
        context = CASE WHEN NEW.context IS NULL THEN NULL ELSE coalesce((SELECT code FROM codes WHERE name = NEW.context), -1) END,
        task = CASE WHEN NEW.task IS NULL THEN NULL ELSE coalesce((SELECT code FROM codes WHERE name = NEW.task), -1) END,
        autonomy = CASE WHEN NEW.autonomy IS NULL THEN NULL ELSE coalesce((SELECT code FROM codes WHERE name = NEW.autonomy), -1) END,
        updated_at = CASE WHEN strftime('%Y-%m-%dT%H:%M:%fZ', CAST(round((julianday(NEW.updated_at) - 2440587.5) * 86400000.0) AS INTEGER) / 1000.0, 'unixepoch') = NEW.updated_at
           THEN CAST(round((julianday(NEW.updated_at) - 2440587.5) * 86400000.0) AS INTEGER) ELSE CAST(NEW.updated_at AS TEXT) END
    WHERE assessment = (SELECT key FROM assessment_keys WHERE id = OLD.assessment_id) AND competence = (SELECT code FROM codes WHERE name = OLD.competence_id);
END;
CREATE TRIGGER scores_delete INSTEAD OF DELETE ON scores
BEGIN
    DELETE FROM scores_rows WHERE assessment = (SELECT key FROM assessment_keys WHERE id = OLD.assessment_id) AND competence = (SELECT code FROM codes WHERE name = OLD.competence_id);
END;
CREATE TRIGGER scores_finalised_insert BEFORE INSERT ON scores_rows
WHEN (SELECT a.finalised_at FROM assessments a JOIN assessment_keys k ON k.id = a.id
      WHERE k.key = NEW.assessment) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
CREATE TRIGGER scores_finalised_update BEFORE UPDATE ON scores_rows
WHEN (SELECT a.finalised_at FROM assessments a JOIN assessment_keys k ON k.id = a.id
      WHERE k.key = OLD.assessment) IS NOT NULL
  OR (SELECT a.finalised_at FROM assessments a JOIN assessment_keys k ON k.id = a.id
      WHERE k.key = NEW.assessment) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
CREATE TRIGGER scores_finalised_delete BEFORE DELETE ON scores_rows
WHEN (SELECT a.finalised_at FROM assessments a JOIN assessment_keys k ON k.id = a.id
      WHERE k.key = OLD.assessment) IS NOT NULL
  AND (SELECT id FROM assessment_keys WHERE key = OLD.assessment) NOT IN (SELECT id FROM demo_removal)
  AND (SELECT id FROM assessment_keys WHERE key = OLD.assessment) NOT IN (SELECT id FROM erasure)
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;

-- decisions: the view that reads and writes it by the old names and values
CREATE VIEW decisions (assessment_id, competence_id, decision, reasons, advice, updated_at) AS
    SELECT k.id,
           c1.name,
           c2.name,
           r.reasons,
           r.advice,
           CASE WHEN typeof(r.updated_at) = 'integer' THEN strftime('%Y-%m-%dT%H:%M:%fZ', r.updated_at / 1000.0, 'unixepoch') ELSE r.updated_at END
    FROM decisions_rows r
    JOIN assessment_keys k ON k.key = r.assessment
    JOIN codes c1 ON c1.code = r.competence
    JOIN codes c2 ON c2.code = r.decision;
CREATE TRIGGER decisions_insert INSTEAD OF INSERT ON decisions
BEGIN
    INSERT OR IGNORE INTO assessment_keys (id) VALUES (NEW.assessment_id);
    INSERT OR IGNORE INTO codes (name) VALUES (NEW.competence_id);
    INSERT INTO decisions_rows (assessment, competence, decision, reasons, advice, updated_at) VALUES (
        (SELECT key FROM assessment_keys WHERE id = NEW.assessment_id),
        (SELECT code FROM codes WHERE name = NEW.competence_id),
        CASE WHEN NEW.decision IS NULL THEN NULL ELSE coalesce((SELECT code FROM codes WHERE name = NEW.decision), -1) END,
        coalesce(NEW.reasons, ''),
        coalesce(NEW.advice, ''),
        CASE WHEN strftime('%Y-%m-%dT%H:%M:%fZ', CAST(round((julianday(NEW.updated_at) - 2440587.5) * 86400000.0) AS INTEGER) / 1000.0, 'unixepoch') = NEW.updated_at
           THEN CAST(round((julianday(NEW.updated_at) - 2440587.5) * 86400000.0) AS INTEGER) ELSE CAST(NEW.updated_at AS TEXT) END);
END;
CREATE TRIGGER decisions_update INSTEAD OF UPDATE ON decisions
BEGIN
    INSERT OR IGNORE INTO assessment_keys (id) VALUES (NEW.assessment_id);
    INSERT OR IGNORE INTO codes (name) VALUES (NEW.competence_id);
    UPDATE decisions_rows SET
        assessment = (SELECT key FROM assessment_keys WHERE id = NEW.assessment_id),
        competence = (SELECT code FROM codes WHERE name = NEW.competence_id),
        decision = CASE WHEN NEW.decision IS NULL THEN NULL ELSE coalesce((SELECT code FROM codes WHERE name = NEW.decision), -1) END,
        reasons = NEW.reasons,
        advice = NEW.advice,
        updated_at = CASE WHEN strftime('%Y-%m-%dT%H:%M:%fZ', CAST(round((julianday(NEW.updated_at) - 2440587.5) * 86400000.0) AS INTEGER) / 1000.0, 'unixepoch') = NEW.updated_at
           THEN CAST(round((julianday(NEW.updated_at) - 2440587.5) * 86400000.0) AS INTEGER) ELSE CAST(NEW.updated_at AS TEXT) END
    WHERE assessment = (SELECT key FROM assessment_keys WHERE id = OLD.assessment_id) AND competence = (SELECT code FROM codes WHERE name = OLD.competence_id);
END;
CREATE TRIGGER decisions_delete INSTEAD OF DELETE ON decisions
BEGIN
    DELETE FROM decisions_rows WHERE assessment = (SELECT key FROM assessment_keys WHERE id = OLD.assessment_id) AND competence = (SELECT code FROM codes WHERE name = OLD.competence_id);
END;
CREATE TRIGGER decisions_finalised_insert BEFORE INSERT ON decisions_rows
WHEN (SELECT a.finalised_at FROM assessments a JOIN assessment_keys k ON k.id = a.id
      WHERE k.key = NEW.assessment) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
CREATE TRIGGER decisions_finalised_update BEFORE UPDATE ON decisions_rows
WHEN (SELECT a.finalised_at FROM assessments a JOIN assessment_keys k ON k.id = a.id
      WHERE k.key = OLD.assessment) IS NOT NULL
  OR (SELECT a.finalised_at FROM assessments a JOIN assessment_keys k ON k.id = a.id
      WHERE k.key = NEW.assessment) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;
CREATE TRIGGER decisions_finalised_delete BEFORE DELETE ON decisions_rows
WHEN (SELECT a.finalised_at FROM assessments a JOIN assessment_keys k ON k.id = a.id
      WHERE k.key = OLD.assessment) IS NOT NULL
  AND (SELECT id FROM assessment_keys WHERE key = OLD.assessment) NOT IN (SELECT id FROM demo_removal)
  AND (SELECT id FROM assessment_keys WHERE key = OLD.assessment) NOT IN (SELECT id FROM erasure)
BEGIN SELECT RAISE(ABORT, 'assessment is finalised'); END;

-- self_assessments: the view that reads and writes it by the old names and values
CREATE VIEW self_assessments (candidate_id, competence_id, mode, rating, recorded_at) AS
    SELECT k.id,
           c1.name,
           c2.name,
           c3.name,
           CASE WHEN typeof(r.recorded_at) = 'integer' THEN strftime('%Y-%m-%dT%H:%M:%fZ', r.recorded_at / 1000.0, 'unixepoch') ELSE r.recorded_at END
    FROM self_assessments_rows r
    JOIN candidate_keys k ON k.key = r.candidate
    JOIN codes c1 ON c1.code = r.competence
    JOIN codes c2 ON c2.code = r.mode
    JOIN codes c3 ON c3.code = r.rating;
CREATE TRIGGER self_assessments_insert INSTEAD OF INSERT ON self_assessments
BEGIN
    INSERT OR IGNORE INTO candidate_keys (id) VALUES (NEW.candidate_id);
    INSERT OR IGNORE INTO codes (name) VALUES (NEW.competence_id), (NEW.rating);
    INSERT INTO self_assessments_rows (candidate, competence, mode, rating, recorded_at) VALUES (
        (SELECT key FROM candidate_keys WHERE id = NEW.candidate_id),
        (SELECT code FROM codes WHERE name = NEW.competence_id),
        CASE WHEN NEW.mode IS NULL THEN NULL ELSE coalesce((SELECT code FROM codes WHERE name = NEW.mode), -1) END,
        (SELECT code FROM codes WHERE name = NEW.rating),
        CASE WHEN strftime('%Y-%m-%dT%H:%M:%fZ', CAST(round((julianday(NEW.recorded_at) - 2440587.5) * 86400000.0) AS INTEGER) / 1000.0, 'unixepoch') = NEW.recorded_at
           THEN CAST(round((julianday(NEW.recorded_at) - 2440587.5) * 86400000.0) AS INTEGER) ELSE CAST(NEW.recorded_at AS TEXT) END);
END;
CREATE TRIGGER self_assessments_update INSTEAD OF UPDATE ON self_assessments
BEGIN
    INSERT OR IGNORE INTO candidate_keys (id) VALUES (NEW.candidate_id);
    INSERT OR IGNORE INTO codes (name) VALUES (NEW.competence_id), (NEW.rating);
    UPDATE self_assessments_rows SET
        candidate = (SELECT key FROM candidate_keys WHERE id = NEW.candidate_id),
        competence = (SELECT code FROM codes WHERE name = NEW.competence_id),
        mode = CASE WHEN NEW.mode IS NULL THEN NULL ELSE coalesce((SELECT code FROM codes WHERE name = NEW.mode), -1) END,
        rating = (SELECT code FROM codes WHERE name = NEW.rating),
        recorded_at = CASE WHEN strftime('%Y-%m-%dT%H:%M:%fZ', CAST(round((julianday(NEW.recorded_at) - 2440587.5) * 86400000.0) AS INTEGER) / 1000.0, 'unixepoch') = NEW.recorded_at
           THEN CAST(round((julianday(NEW.recorded_at) - 2440587.5) * 86400000.0) AS INTEGER) ELSE CAST(NEW.recorded_at AS TEXT) END
    WHERE candidate = (SELECT key FROM candidate_keys WHERE id = OLD.candidate_id) AND competence = (SELECT code FROM codes WHERE name = OLD.competence_id) AND mode = CASE WHEN OLD.mode IS NULL THEN NULL ELSE coalesce((SELECT code FROM codes WHERE name = OLD.mode), -1) END;
END;
CREATE TRIGGER self_assessments_delete INSTEAD OF DELETE ON self_assessments
BEGIN
    DELETE FROM self_assessments_rows WHERE candidate = (SELECT key FROM candidate_keys WHERE id = OLD.candidate_id) AND competence = (SELECT code FROM codes WHERE name = OLD.competence_id) AND mode = CASE WHEN OLD.mode IS NULL THEN NULL ELSE coalesce((SELECT code FROM codes WHERE name = OLD.mode), -1) END;
END;

-- claimed_competences: the view that reads and writes it by the old names and values
CREATE VIEW claimed_competences (candidate_id, competence_id, claimed_at) AS
    SELECT k.id,
           c1.name,
           CASE WHEN typeof(r.claimed_at) = 'integer' THEN strftime('%Y-%m-%dT%H:%M:%fZ', r.claimed_at / 1000.0, 'unixepoch') ELSE r.claimed_at END
    FROM claimed_competences_rows r
    JOIN candidate_keys k ON k.key = r.candidate
    JOIN codes c1 ON c1.code = r.competence;
CREATE TRIGGER claimed_competences_insert INSTEAD OF INSERT ON claimed_competences
BEGIN
    INSERT OR IGNORE INTO candidate_keys (id) VALUES (NEW.candidate_id);
    INSERT OR IGNORE INTO codes (name) VALUES (NEW.competence_id);
    INSERT INTO claimed_competences_rows (candidate, competence, claimed_at) VALUES (
        (SELECT key FROM candidate_keys WHERE id = NEW.candidate_id),
        (SELECT code FROM codes WHERE name = NEW.competence_id),
        CASE WHEN strftime('%Y-%m-%dT%H:%M:%fZ', CAST(round((julianday(NEW.claimed_at) - 2440587.5) * 86400000.0) AS INTEGER) / 1000.0, 'unixepoch') = NEW.claimed_at
           THEN CAST(round((julianday(NEW.claimed_at) - 2440587.5) * 86400000.0) AS INTEGER) ELSE CAST(NEW.claimed_at AS TEXT) END);
END;
CREATE TRIGGER claimed_competences_update INSTEAD OF UPDATE ON claimed_competences
BEGIN
    INSERT OR IGNORE INTO candidate_keys (id) VALUES (NEW.candidate_id);
    INSERT OR IGNORE INTO codes (name) VALUES (NEW.competence_id);
    UPDATE claimed_competences_rows SET
        candidate = (SELECT key FROM candidate_keys WHERE id = NEW.candidate_id),
        competence = (SELECT code FROM codes WHERE name = NEW.competence_id),
        claimed_at = CASE WHEN strftime('%Y-%m-%dT%H:%M:%fZ', CAST(round((julianday(NEW.claimed_at) - 2440587.5) * 86400000.0) AS INTEGER) / 1000.0, 'unixepoch') = NEW.claimed_at
           THEN CAST(round((julianday(NEW.claimed_at) - 2440587.5) * 86400000.0) AS INTEGER) ELSE CAST(NEW.claimed_at AS TEXT) END
    WHERE candidate = (SELECT key FROM candidate_keys WHERE id = OLD.candidate_id) AND competence = (SELECT code FROM codes WHERE name = OLD.competence_id);
END;
CREATE TRIGGER claimed_competences_delete INSTEAD OF DELETE ON claimed_competences
BEGIN
    DELETE FROM claimed_competences_rows WHERE candidate = (SELECT key FROM candidate_keys WHERE id = OLD.candidate_id) AND competence = (SELECT code FROM codes WHERE name = OLD.competence_id);
END;

-- evidence_register: the view that reads and writes it by the old names and values
CREATE VIEW evidence_register (candidate_id, number, title, kind, dated, description, file_path, file_size, file_sha256, witness, added_at) AS
    SELECT k.id,
           r.number,
           r.title,
           r.kind,
           r.dated,
           r.description,
           r.file_path,
           r.file_size,
           r.file_sha256,
           r.witness,
           CASE WHEN typeof(r.added_at) = 'integer' THEN strftime('%Y-%m-%dT%H:%M:%fZ', r.added_at / 1000.0, 'unixepoch') ELSE r.added_at END
    FROM evidence_register_rows r
    JOIN candidate_keys k ON k.key = r.candidate;
CREATE TRIGGER evidence_register_insert INSTEAD OF INSERT ON evidence_register
BEGIN
    INSERT OR IGNORE INTO candidate_keys (id) VALUES (NEW.candidate_id);
    INSERT INTO evidence_register_rows (candidate, number, title, kind, dated, description, file_path, file_size, file_sha256, witness, added_at) VALUES (
        (SELECT key FROM candidate_keys WHERE id = NEW.candidate_id),
        NEW.number,
        NEW.title,
        NEW.kind,
        NEW.dated,
        coalesce(NEW.description, ''),
        NEW.file_path,
        NEW.file_size,
        NEW.file_sha256,
        NEW.witness,
        CASE WHEN strftime('%Y-%m-%dT%H:%M:%fZ', CAST(round((julianday(NEW.added_at) - 2440587.5) * 86400000.0) AS INTEGER) / 1000.0, 'unixepoch') = NEW.added_at
           THEN CAST(round((julianday(NEW.added_at) - 2440587.5) * 86400000.0) AS INTEGER) ELSE CAST(NEW.added_at AS TEXT) END);
END;
CREATE TRIGGER evidence_register_update INSTEAD OF UPDATE ON evidence_register
BEGIN
    INSERT OR IGNORE INTO candidate_keys (id) VALUES (NEW.candidate_id);
    UPDATE evidence_register_rows SET
        candidate = (SELECT key FROM candidate_keys WHERE id = NEW.candidate_id),
        number = NEW.number,
        title = NEW.title,
        kind = NEW.kind,
        dated = NEW.dated,
        description = NEW.description,
        file_path = NEW.file_path,
        file_size = NEW.file_size,
        file_sha256 = NEW.file_sha256,
        witness = NEW.witness,
        added_at = CASE WHEN strftime('%Y-%m-%dT%H:%M:%fZ', CAST(round((julianday(NEW.added_at) - 2440587.5) * 86400000.0) AS INTEGER) / 1000.0, 'unixepoch') = NEW.added_at
           THEN CAST(round((julianday(NEW.added_at) - 2440587.5) * 86400000.0) AS INTEGER) ELSE CAST(NEW.added_at AS TEXT) END
    WHERE candidate = (SELECT key FROM candidate_keys WHERE id = OLD.candidate_id) AND number = OLD.number;
END;
CREATE TRIGGER evidence_register_delete INSTEAD OF DELETE ON evidence_register
BEGIN
    DELETE FROM evidence_register_rows WHERE candidate = (SELECT key FROM candidate_keys WHERE id = OLD.candidate_id) AND number = OLD.number;
END;

-- evidence_competences: the view that reads and writes it by the old names and values
CREATE VIEW evidence_competences (candidate_id, number, competence_id) AS
    SELECT k.id,
           r.number,
           c2.name
    FROM evidence_competences_rows r
    JOIN candidate_keys k ON k.key = r.candidate
    JOIN codes c2 ON c2.code = r.competence;
CREATE TRIGGER evidence_competences_insert INSTEAD OF INSERT ON evidence_competences
BEGIN
    INSERT OR IGNORE INTO candidate_keys (id) VALUES (NEW.candidate_id);
    INSERT OR IGNORE INTO codes (name) VALUES (NEW.competence_id);
    INSERT INTO evidence_competences_rows (candidate, number, competence) VALUES (
        (SELECT key FROM candidate_keys WHERE id = NEW.candidate_id),
        NEW.number,
        (SELECT code FROM codes WHERE name = NEW.competence_id));
END;
CREATE TRIGGER evidence_competences_update INSTEAD OF UPDATE ON evidence_competences
BEGIN
    INSERT OR IGNORE INTO candidate_keys (id) VALUES (NEW.candidate_id);
    INSERT OR IGNORE INTO codes (name) VALUES (NEW.competence_id);
    UPDATE evidence_competences_rows SET
        candidate = (SELECT key FROM candidate_keys WHERE id = NEW.candidate_id),
        number = NEW.number,
        competence = (SELECT code FROM codes WHERE name = NEW.competence_id)
    WHERE candidate = (SELECT key FROM candidate_keys WHERE id = OLD.candidate_id) AND number = OLD.number AND competence = (SELECT code FROM codes WHERE name = OLD.competence_id);
END;
CREATE TRIGGER evidence_competences_delete INSTEAD OF DELETE ON evidence_competences
BEGIN
    DELETE FROM evidence_competences_rows WHERE candidate = (SELECT key FROM candidate_keys WHERE id = OLD.candidate_id) AND number = OLD.number AND competence = (SELECT code FROM codes WHERE name = OLD.competence_id);
END;
