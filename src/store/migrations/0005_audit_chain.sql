-- leverup schema: the audit log becomes a hash chain, so that a row changed, deleted or
-- slipped in with raw SQL (triggers dropped first) is found by `leverup db check`.
--
-- Each row's `hash` is SHA-256(previous row's hash ‖ the row's columns), where the row's
-- payload (old, new, reason) enters only through `payload_hash`: a later GDPR erasure can
-- blank the payload text and the chain still verifies. `content_digest` seals a finalised
-- assessment's content on its finalise row. `seq` numbers the chain without gaps, and
-- `audit_head` remembers the last link, so even the newest row cannot vanish unseen.
-- Rows already present are chained by the migration's Rust step (store/chain.rs).

-- Recreated below: the chaining step must fill the new columns of existing rows.
DROP TRIGGER audit_log_no_update;

ALTER TABLE audit_log ADD COLUMN seq INTEGER;
ALTER TABLE audit_log ADD COLUMN payload_hash TEXT;
ALTER TABLE audit_log ADD COLUMN content_digest TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
CREATE UNIQUE INDEX audit_by_seq ON audit_log(seq);

CREATE TABLE audit_head (
    id    INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    seq   INTEGER NOT NULL,
    hash  TEXT NOT NULL
);

-- A chained row never changes; only the migration's step fills a row not yet chained.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN OLD.hash IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;

-- Every new row arrives with its link: written through the store's one audit function.
CREATE TRIGGER audit_log_chained_insert BEFORE INSERT ON audit_log
WHEN NEW.seq IS NULL OR NEW.payload_hash IS NULL OR NEW.hash IS NULL
BEGIN SELECT RAISE(ABORT, 'audit rows are written through the hash chain'); END;

-- The head only moves forward, one link at a time, and is never removed.
CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head
WHEN NEW.seq <> OLD.seq + 1 OR NEW.id <> OLD.id
BEGIN SELECT RAISE(ABORT, 'audit chain head only moves forward'); END;
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN SELECT RAISE(ABORT, 'audit chain head is never removed'); END;
