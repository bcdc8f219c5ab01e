-- leverup schema, version 1: people, candidates, portfolios, assessments, certificates, audit.
-- Every record has a stable text UUID so databases of several centres can be merged later.
-- Timestamps are ISO 8601 UTC text (sortable); codes are the domain enums' stable codes.

-- Marks the file as a leverup database ('LVUP'), so a foreign SQLite file is recognised.
PRAGMA application_id = 1280726352;

CREATE TABLE centres (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    created_at  TEXT NOT NULL
);

CREATE TABLE people (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    email       TEXT,
    created_at  TEXT NOT NULL
);

CREATE TABLE person_roles (
    id          TEXT PRIMARY KEY NOT NULL,
    person_id   TEXT NOT NULL REFERENCES people(id),
    centre_id   TEXT NOT NULL REFERENCES centres(id),
    role        TEXT NOT NULL CHECK (role IN ('assessor', 'tutor', 'admin')),
    UNIQUE (person_id, centre_id, role)
);
CREATE INDEX person_roles_by_centre ON person_roles(centre_id, role);

CREATE TABLE candidates (
    id                TEXT PRIMARY KEY NOT NULL,
    name              TEXT NOT NULL CHECK (length(trim(name)) > 0),
    email             TEXT,
    centre_id         TEXT NOT NULL REFERENCES centres(id),
    tutor_id          TEXT REFERENCES people(id),
    state             TEXT NOT NULL CHECK (state IN ('awareness', 'identification',
                          'documentation', 'assessment', 'certification', 'looking-ahead')),
    -- Set when the candidate stopped (D1): an outcome, never an error.
    exit_outcome      TEXT,
    created_at        TEXT NOT NULL,
    last_activity_at  TEXT NOT NULL
);
-- The candidate list is ordered by last activity and paged; these keep it fast at 100k rows.
CREATE INDEX candidates_by_activity ON candidates(last_activity_at DESC, id);
CREATE INDEX candidates_by_name ON candidates(name COLLATE NOCASE);
CREATE INDEX candidates_by_state ON candidates(state, last_activity_at DESC);
CREATE INDEX candidates_by_centre ON candidates(centre_id, last_activity_at DESC);
CREATE INDEX candidates_by_tutor ON candidates(tutor_id);

CREATE TABLE self_assessments (
    id             TEXT PRIMARY KEY NOT NULL,
    candidate_id   TEXT NOT NULL REFERENCES candidates(id),
    competence_id  TEXT NOT NULL,
    mode           TEXT NOT NULL CHECK (mode IN ('quick', 'detailed')),
    rating         TEXT NOT NULL,
    recorded_at    TEXT NOT NULL,
    UNIQUE (candidate_id, competence_id, mode)
);

CREATE TABLE claimed_competences (
    id             TEXT PRIMARY KEY NOT NULL,
    candidate_id   TEXT NOT NULL REFERENCES candidates(id),
    competence_id  TEXT NOT NULL,
    claimed_at     TEXT NOT NULL,
    UNIQUE (candidate_id, competence_id)
);

CREATE TABLE evidence_items (
    id             TEXT PRIMARY KEY NOT NULL,
    candidate_id   TEXT NOT NULL REFERENCES candidates(id),
    competence_id  TEXT NOT NULL,
    title          TEXT NOT NULL CHECK (length(trim(title)) > 0),
    kind           TEXT NOT NULL,
    dated          TEXT,
    description    TEXT NOT NULL DEFAULT '',
    added_at       TEXT NOT NULL
);
CREATE INDEX evidence_by_candidate ON evidence_items(candidate_id, competence_id);

CREATE TABLE assessments (
    id                 TEXT PRIMARY KEY NOT NULL,
    candidate_id       TEXT NOT NULL REFERENCES candidates(id),
    assessor_id        TEXT NOT NULL REFERENCES people(id),
    model_id           TEXT NOT NULL,
    model_version      TEXT NOT NULL,
    started_at         TEXT NOT NULL,
    finalised_at       TEXT,
    status             TEXT NOT NULL DEFAULT 'in_progress'
                           CHECK (status IN ('in_progress', 'finalised')),
    interview_seconds  INTEGER NOT NULL DEFAULT 0 CHECK (interview_seconds >= 0),
    CHECK ((status = 'finalised') = (finalised_at IS NOT NULL))
);
CREATE INDEX assessments_by_candidate ON assessments(candidate_id, started_at DESC);

CREATE TABLE portfolio_checks (
    id             TEXT PRIMARY KEY NOT NULL,
    assessment_id  TEXT NOT NULL REFERENCES assessments(id),
    competence_id  TEXT NOT NULL,
    criterion_id   TEXT NOT NULL,
    verdict        TEXT NOT NULL CHECK (verdict IN ('met', 'partly-met', 'not-met')),
    note           TEXT NOT NULL DEFAULT '',
    updated_at     TEXT NOT NULL,
    UNIQUE (assessment_id, competence_id, criterion_id)
);

CREATE TABLE interview_notes (
    id              TEXT PRIMARY KEY NOT NULL,
    assessment_id   TEXT NOT NULL REFERENCES assessments(id),
    competence_id   TEXT NOT NULL,
    question_index  INTEGER NOT NULL CHECK (question_index >= 0),
    text            TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (assessment_id, competence_id, question_index)
);

CREATE TABLE interview_time (
    id             TEXT PRIMARY KEY NOT NULL,
    assessment_id  TEXT NOT NULL REFERENCES assessments(id),
    competence_id  TEXT NOT NULL,
    seconds        INTEGER NOT NULL DEFAULT 0 CHECK (seconds >= 0),
    interruptions  INTEGER NOT NULL DEFAULT 0 CHECK (interruptions >= 0),
    UNIQUE (assessment_id, competence_id)
);

CREATE TABLE indicator_ratings (
    id             TEXT PRIMARY KEY NOT NULL,
    assessment_id  TEXT NOT NULL REFERENCES assessments(id),
    competence_id  TEXT NOT NULL,
    indicator_id   TEXT NOT NULL,
    rating         TEXT NOT NULL CHECK (rating IN ('not-shown', 'basic', 'accomplished',
                       'expert', 'not-applicable')),
    note           TEXT NOT NULL DEFAULT '',
    updated_at     TEXT NOT NULL,
    UNIQUE (assessment_id, competence_id, indicator_id)
);

CREATE TABLE scores (
    id             TEXT PRIMARY KEY NOT NULL,
    assessment_id  TEXT NOT NULL REFERENCES assessments(id),
    competence_id  TEXT NOT NULL,
    -- The tool's suggestion; NULL while the row only carries complexity given before
    -- every indicator is rated.
    suggested      TEXT CHECK (suggested IN ('basic', 'accomplished', 'expert',
                       'not_validated', 'not_assessable')),
    -- The assessor's final outcome: a level, or not_validated / not_assessable.
    outcome_level  TEXT CHECK (outcome_level IN ('basic', 'accomplished', 'expert',
                       'not_validated', 'not_assessable')),
    overridden     INTEGER NOT NULL DEFAULT 0 CHECK (overridden IN (0, 1)),
    justification  TEXT NOT NULL DEFAULT '',
    context        TEXT CHECK (context IN ('low', 'mid-low', 'mid-high', 'high')),
    task           TEXT CHECK (task IN ('low', 'mid-low', 'mid-high', 'high')),
    autonomy       TEXT CHECK (autonomy IN ('low', 'mid-low', 'mid-high', 'high')),
    updated_at     TEXT NOT NULL,
    -- D4: an override needs a written justification.
    CHECK (overridden = 0 OR length(trim(justification)) > 0),
    UNIQUE (assessment_id, competence_id)
);

CREATE TABLE decisions (
    id             TEXT PRIMARY KEY NOT NULL,
    assessment_id  TEXT NOT NULL REFERENCES assessments(id),
    competence_id  TEXT NOT NULL,
    decision       TEXT NOT NULL CHECK (decision IN ('pending', 'validated', 'not_validated',
                       'not_assessable')),
    reasons        TEXT NOT NULL DEFAULT '',
    advice         TEXT NOT NULL DEFAULT '',
    updated_at     TEXT NOT NULL,
    UNIQUE (assessment_id, competence_id)
);

CREATE TABLE certificates (
    id             TEXT PRIMARY KEY NOT NULL,
    assessment_id  TEXT NOT NULL REFERENCES assessments(id),
    issued_at      TEXT NOT NULL,
    revoked_at     TEXT,
    revoke_reason  TEXT,
    CHECK (revoked_at IS NULL OR length(trim(revoke_reason)) > 0)
);
-- At most one live certificate per assessment; a revoked one may be replaced.
CREATE UNIQUE INDEX certificates_live ON certificates(assessment_id) WHERE revoked_at IS NULL;
CREATE INDEX certificates_by_issued ON certificates(issued_at DESC);

CREATE TABLE audit_log (
    id         TEXT PRIMARY KEY NOT NULL,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    action     TEXT NOT NULL,
    old        TEXT,
    new        TEXT,
    reason     TEXT
);
CREATE INDEX audit_by_entity ON audit_log(entity_id, at);

-- The TUI's resume point and similar small settings; not domain facts, so not audited.
CREATE TABLE app_state (
    key    TEXT PRIMARY KEY NOT NULL,
    value  TEXT NOT NULL
);
