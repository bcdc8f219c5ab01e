-- leverup schema: the audit log stored compactly (issue 10), as migration 13 did for the
-- rows inside an assessment. At 100,000 candidates the log was the largest table: every
-- row carried three 64-character hex hashes, a 36-character UUID with its own index, an
-- ISO timestamp, the actor's UUID and the entity and action words.
--
-- `audit_rows` holds the same values, each one given back exactly:
--   * `seq`, the chain position, is the row's key (the table's rowid): no separate index,
--     and no index on `id`, which nothing looks rows up by;
--   * `id` as the 16 bytes of a UUID when it is one in its usual lower-case text, else the
--     text as given;
--   * `at` as unix milliseconds when that gives back the very same text, else the text;
--   * `actor`, `entity` and `action` as codes of `codes` (migration 13);
--   * `payload_hash`, `content_digest` and `hash` as their 32 bytes when they are
--     lower-case hex SHA-256, else the text as given.
-- The view `audit_log` reads it back as text, the same values as before, so the hash chain
-- and the seal signatures verify unchanged; its INSTEAD OF triggers write through it. The
-- integrity triggers move to `audit_rows`, with their names. A view has no rowid: the
-- chain position `seq` is the order of the log.

CREATE TABLE audit_rows (
    seq             INTEGER PRIMARY KEY,
    id              NOT NULL,  -- 16-byte UUID, or the text as given
    at              NOT NULL,  -- unix ms, or the text as given
    actor           INTEGER NOT NULL REFERENCES codes(code),
    entity          INTEGER NOT NULL REFERENCES codes(code),
    entity_id       TEXT NOT NULL,
    action          INTEGER NOT NULL REFERENCES codes(code),
    old             TEXT,
    new             TEXT,
    reason          TEXT,
    payload_hash,              -- 32 bytes, or the text as given
    content_digest,            -- 32 bytes, or the text as given
    hash,                      -- 32 bytes, or the text as given
    erased          INTEGER NOT NULL DEFAULT 0 CHECK (erased IN (0, 1))
);

INSERT OR IGNORE INTO codes (name)
    SELECT v FROM (SELECT actor AS v FROM audit_log
                   UNION SELECT entity FROM audit_log
                   UNION SELECT action FROM audit_log) ORDER BY v;

INSERT INTO audit_rows (seq, id, at, actor, entity, entity_id, action, old, new, reason,
                        payload_hash, content_digest, hash, erased)
    SELECT o.seq,
           CASE WHEN length(o.id) = 36 AND lower(substr(hex(unhex(replace(o.id, '-', ''))), 1, 8) || '-' || substr(hex(unhex(replace(o.id, '-', ''))), 9, 4) || '-' || substr(hex(unhex(replace(o.id, '-', ''))), 13, 4) || '-' || substr(hex(unhex(replace(o.id, '-', ''))), 17, 4) || '-' || substr(hex(unhex(replace(o.id, '-', ''))), 21, 12)) = o.id
           THEN unhex(replace(o.id, '-', '')) ELSE CAST(o.id AS TEXT) END,
           CASE WHEN strftime('%Y-%m-%dT%H:%M:%fZ', CAST(round((julianday(o.at) - 2440587.5) * 86400000.0) AS INTEGER) / 1000.0, 'unixepoch') = o.at
           THEN CAST(round((julianday(o.at) - 2440587.5) * 86400000.0) AS INTEGER) ELSE CAST(o.at AS TEXT) END,
           (SELECT code FROM codes WHERE name = o.actor),
           (SELECT code FROM codes WHERE name = o.entity),
           o.entity_id,
           (SELECT code FROM codes WHERE name = o.action),
           o.old,
           o.new,
           o.reason,
           CASE WHEN length(o.payload_hash) = 64 AND lower(hex(unhex(o.payload_hash))) = o.payload_hash THEN unhex(o.payload_hash) ELSE o.payload_hash END,
           CASE WHEN length(o.content_digest) = 64 AND lower(hex(unhex(o.content_digest))) = o.content_digest THEN unhex(o.content_digest) ELSE o.content_digest END,
           CASE WHEN length(o.hash) = 64 AND lower(hex(unhex(o.hash))) = o.hash THEN unhex(o.hash) ELSE o.hash END,
           o.erased
    FROM audit_log o ORDER BY o.seq;

-- Its indexes and triggers go with it.
DROP TABLE audit_log;

-- An aggregate's history (`audit_for`, the dossier's last change): in chain order, as the
-- index holds the rowid.
CREATE INDEX audit_by_entity ON audit_rows(entity_id);

CREATE VIEW audit_log (id, at, actor, entity, entity_id, action, old, new, reason,
                       seq, payload_hash, content_digest, hash, erased) AS
    SELECT CASE WHEN typeof(r.id) = 'blob'
                THEN lower(substr(hex(r.id), 1, 8) || '-' || substr(hex(r.id), 9, 4) || '-' || substr(hex(r.id), 13, 4) || '-' || substr(hex(r.id), 17, 4) || '-' || substr(hex(r.id), 21, 12))
                ELSE r.id END,
           CASE WHEN typeof(r.at) = 'integer' THEN strftime('%Y-%m-%dT%H:%M:%fZ', r.at / 1000.0, 'unixepoch') ELSE r.at END,
           c1.name,
           c2.name,
           r.entity_id,
           c3.name,
           r.old,
           r.new,
           r.reason,
           r.seq,
           CASE WHEN typeof(r.payload_hash) = 'blob' THEN lower(hex(r.payload_hash)) ELSE r.payload_hash END,
           CASE WHEN typeof(r.content_digest) = 'blob' THEN lower(hex(r.content_digest)) ELSE r.content_digest END,
           CASE WHEN typeof(r.hash) = 'blob' THEN lower(hex(r.hash)) ELSE r.hash END,
           r.erased
    FROM audit_rows r
    JOIN codes c1 ON c1.code = r.actor
    JOIN codes c2 ON c2.code = r.entity
    JOIN codes c3 ON c3.code = r.action;

CREATE TRIGGER audit_log_insert INSTEAD OF INSERT ON audit_log
BEGIN
    INSERT OR IGNORE INTO codes (name) VALUES (NEW.actor), (NEW.entity), (NEW.action);
    INSERT INTO audit_rows (seq, id, at, actor, entity, entity_id, action, old, new, reason,
                            payload_hash, content_digest, hash, erased) VALUES (
        NEW.seq,
        CASE WHEN length(NEW.id) = 36 AND lower(substr(hex(unhex(replace(NEW.id, '-', ''))), 1, 8) || '-' || substr(hex(unhex(replace(NEW.id, '-', ''))), 9, 4) || '-' || substr(hex(unhex(replace(NEW.id, '-', ''))), 13, 4) || '-' || substr(hex(unhex(replace(NEW.id, '-', ''))), 17, 4) || '-' || substr(hex(unhex(replace(NEW.id, '-', ''))), 21, 12)) = NEW.id
           THEN unhex(replace(NEW.id, '-', '')) ELSE CAST(NEW.id AS TEXT) END,
        CASE WHEN strftime('%Y-%m-%dT%H:%M:%fZ', CAST(round((julianday(NEW.at) - 2440587.5) * 86400000.0) AS INTEGER) / 1000.0, 'unixepoch') = NEW.at
           THEN CAST(round((julianday(NEW.at) - 2440587.5) * 86400000.0) AS INTEGER) ELSE CAST(NEW.at AS TEXT) END,
        (SELECT code FROM codes WHERE name = NEW.actor),
        (SELECT code FROM codes WHERE name = NEW.entity),
        NEW.entity_id,
        (SELECT code FROM codes WHERE name = NEW.action),
        NEW.old,
        NEW.new,
        NEW.reason,
        CASE WHEN length(NEW.payload_hash) = 64 AND lower(hex(unhex(NEW.payload_hash))) = NEW.payload_hash THEN unhex(NEW.payload_hash) ELSE NEW.payload_hash END,
        CASE WHEN length(NEW.content_digest) = 64 AND lower(hex(unhex(NEW.content_digest))) = NEW.content_digest THEN unhex(NEW.content_digest) ELSE NEW.content_digest END,
        CASE WHEN length(NEW.hash) = 64 AND lower(hex(unhex(NEW.hash))) = NEW.hash THEN unhex(NEW.hash) ELSE NEW.hash END,
        coalesce(NEW.erased, 0));
END;
CREATE TRIGGER audit_log_update INSTEAD OF UPDATE ON audit_log
BEGIN
    INSERT OR IGNORE INTO codes (name) VALUES (NEW.actor), (NEW.entity), (NEW.action);
    UPDATE audit_rows SET
        seq = NEW.seq,
        id = CASE WHEN length(NEW.id) = 36 AND lower(substr(hex(unhex(replace(NEW.id, '-', ''))), 1, 8) || '-' || substr(hex(unhex(replace(NEW.id, '-', ''))), 9, 4) || '-' || substr(hex(unhex(replace(NEW.id, '-', ''))), 13, 4) || '-' || substr(hex(unhex(replace(NEW.id, '-', ''))), 17, 4) || '-' || substr(hex(unhex(replace(NEW.id, '-', ''))), 21, 12)) = NEW.id
           THEN unhex(replace(NEW.id, '-', '')) ELSE CAST(NEW.id AS TEXT) END,
        at = CASE WHEN strftime('%Y-%m-%dT%H:%M:%fZ', CAST(round((julianday(NEW.at) - 2440587.5) * 86400000.0) AS INTEGER) / 1000.0, 'unixepoch') = NEW.at
           THEN CAST(round((julianday(NEW.at) - 2440587.5) * 86400000.0) AS INTEGER) ELSE CAST(NEW.at AS TEXT) END,
        actor = (SELECT code FROM codes WHERE name = NEW.actor),
        entity = (SELECT code FROM codes WHERE name = NEW.entity),
        entity_id = NEW.entity_id,
        action = (SELECT code FROM codes WHERE name = NEW.action),
        old = NEW.old,
        new = NEW.new,
        reason = NEW.reason,
        payload_hash = CASE WHEN length(NEW.payload_hash) = 64 AND lower(hex(unhex(NEW.payload_hash))) = NEW.payload_hash THEN unhex(NEW.payload_hash) ELSE NEW.payload_hash END,
        content_digest = CASE WHEN length(NEW.content_digest) = 64 AND lower(hex(unhex(NEW.content_digest))) = NEW.content_digest THEN unhex(NEW.content_digest) ELSE NEW.content_digest END,
        hash = CASE WHEN length(NEW.hash) = 64 AND lower(hex(unhex(NEW.hash))) = NEW.hash THEN unhex(NEW.hash) ELSE NEW.hash END,
        erased = NEW.erased
    WHERE seq IS OLD.seq;
END;
CREATE TRIGGER audit_log_delete INSTEAD OF DELETE ON audit_log
BEGIN
    DELETE FROM audit_rows WHERE seq IS OLD.seq;
END;

-- The rules of migrations 5 and 6, on the stored row (its values compare as stored).
-- A chained row still never changes, except the one way an erasure changes it.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_rows
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
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_rows
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
-- Every new row arrives with its link. (`seq` is the rowid: a row given none is numbered
-- after the last, and `db check` finds it has no place in the chain.)
CREATE TRIGGER audit_log_chained_insert BEFORE INSERT ON audit_rows
WHEN NEW.payload_hash IS NULL OR NEW.hash IS NULL
BEGIN SELECT RAISE(ABORT, 'audit rows are written through the hash chain'); END;
