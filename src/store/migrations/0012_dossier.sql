-- leverup schema: the candidate's dossier on the tutor's side (issue 9; DOMAIN.md D1, D8,
-- D10). One aggregate per candidate, changed through domain::dossier::command and committed
-- by Store::commit_dossier against `candidates.dossier_revision`. Rows inside it are keyed
-- by the candidate and a number (or a natural key), like the rows inside an assessment.

ALTER TABLE candidates ADD COLUMN dossier_revision INTEGER NOT NULL DEFAULT 0;

-- Registration details the candidate row lacks, the consent, and the request for an
-- assessment (requested_on without an assessor: the centre's queue).
CREATE TABLE candidate_profiles (
    candidate_id        TEXT PRIMARY KEY NOT NULL REFERENCES candidates(id),
    language            TEXT,
    goal                TEXT,
    consent_on          TEXT,
    consent_by          TEXT,
    requested_on        TEXT,
    requested_assessor  TEXT REFERENCES people(id),
    -- Looking ahead is Completed once the development plan is finished.
    plan_finished_on    TEXT,
    CHECK ((consent_on IS NULL) = (consent_by IS NULL)),
    CHECK (requested_assessor IS NULL OR requested_on IS NOT NULL)
) WITHOUT ROWID;

-- Detailed self-assessment: one LEVER 1–4 / N/A rating per indicator. Quick ratings stay in
-- self_assessments (mode 'quick').
CREATE TABLE self_ratings (
    candidate_id   TEXT NOT NULL REFERENCES candidates(id),
    competence_id  TEXT NOT NULL,
    indicator_id   TEXT NOT NULL,
    rating         TEXT NOT NULL CHECK (rating IN ('1', '2', '3', '4', 'n/a')),
    recorded_at    TEXT NOT NULL,
    PRIMARY KEY (candidate_id, competence_id, indicator_id)
) WITHOUT ROWID;

-- 360°: people who worked with the candidate, and their quick ratings.
CREATE TABLE referees (
    candidate_id  TEXT NOT NULL REFERENCES candidates(id),
    number        INTEGER NOT NULL,
    name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
    relation      TEXT NOT NULL,
    contact       TEXT NOT NULL DEFAULT '',
    rated_on      TEXT NOT NULL,
    PRIMARY KEY (candidate_id, number)
) WITHOUT ROWID;
CREATE TABLE referee_ratings (
    candidate_id   TEXT NOT NULL,
    number         INTEGER NOT NULL,
    competence_id  TEXT NOT NULL,
    rating         TEXT NOT NULL CHECK (rating IN ('1', '2', '3', '4', 'n/a')),
    PRIMARY KEY (candidate_id, number, competence_id),
    FOREIGN KEY (candidate_id, number) REFERENCES referees(candidate_id, number)
) WITHOUT ROWID;

-- STARRTT forms (DOMAIN.md 6.1), each about one or more competences.
CREATE TABLE starrtt_stories (
    candidate_id     TEXT NOT NULL REFERENCES candidates(id),
    number           INTEGER NOT NULL,
    title            TEXT NOT NULL CHECK (length(trim(title)) > 0),
    situation        TEXT NOT NULL DEFAULT '',
    task             TEXT NOT NULL DEFAULT '',
    activities       TEXT NOT NULL DEFAULT '',
    result           TEXT NOT NULL DEFAULT '',
    reflection       TEXT NOT NULL DEFAULT '',
    transfer         TEXT NOT NULL DEFAULT '',
    counter_example  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (candidate_id, number)
) WITHOUT ROWID;
CREATE TABLE story_competences (
    candidate_id   TEXT NOT NULL,
    number         INTEGER NOT NULL,
    competence_id  TEXT NOT NULL,
    PRIMARY KEY (candidate_id, number, competence_id),
    FOREIGN KEY (candidate_id, number) REFERENCES starrtt_stories(candidate_id, number)
) WITHOUT ROWID;

-- The evidence register: one row per item (it may support several competences), with the
-- file it points to (path, size, SHA-256; the file is not copied) and a witness. Items of
-- the earlier shape (one row per competence) become one item each, numbered in the order
-- they were added.
CREATE TABLE evidence_register (
    candidate_id  TEXT NOT NULL REFERENCES candidates(id),
    number        INTEGER NOT NULL,
    title         TEXT NOT NULL CHECK (length(trim(title)) > 0),
    kind          TEXT NOT NULL CHECK (length(trim(kind)) > 0),
    dated         TEXT,
    description   TEXT NOT NULL DEFAULT '',
    file_path     TEXT,
    file_size     INTEGER,
    file_sha256   TEXT,
    witness       TEXT,
    added_at      TEXT NOT NULL,
    CHECK ((file_path IS NULL) = (file_sha256 IS NULL)),
    PRIMARY KEY (candidate_id, number)
) WITHOUT ROWID;
CREATE TABLE evidence_competences (
    candidate_id   TEXT NOT NULL,
    number         INTEGER NOT NULL,
    competence_id  TEXT NOT NULL,
    PRIMARY KEY (candidate_id, number, competence_id),
    FOREIGN KEY (candidate_id, number) REFERENCES evidence_register(candidate_id, number)
) WITHOUT ROWID;
INSERT INTO evidence_register (candidate_id, number, title, kind, dated, description, added_at)
    SELECT candidate_id,
           row_number() OVER (PARTITION BY candidate_id ORDER BY added_at, id),
           title, kind, dated, description, added_at
    FROM evidence_items;
-- The same numbering (same partition and order), so each item keeps its competence.
INSERT INTO evidence_competences (candidate_id, number, competence_id)
    SELECT candidate_id,
           row_number() OVER (PARTITION BY candidate_id ORDER BY added_at, id),
           competence_id
    FROM evidence_items;
DROP TABLE evidence_items;

-- The personal development plan (D10).
CREATE TABLE development_goals (
    candidate_id   TEXT NOT NULL REFERENCES candidates(id),
    number         INTEGER NOT NULL,
    competence_id  TEXT,
    goal           TEXT NOT NULL CHECK (length(trim(goal)) > 0),
    actions        TEXT NOT NULL,
    review_on      TEXT NOT NULL,
    source         TEXT NOT NULL CHECK (source IN ('not-validated', 'advice', 'wish')),
    PRIMARY KEY (candidate_id, number)
) WITHOUT ROWID;
