-- Credentials an employer can check without calling the centre (issue 11).
--
-- Each certificate gets a random position in the centre's revocation status list (W3C
-- Bitstring Status List): every credential of the certificate names it, and the published
-- list has that bit set once the certificate is revoked. Certificates issued before this
-- version get theirs from the migration's Rust step (random, as for new ones).
ALTER TABLE certificates ADD COLUMN status_index INTEGER CHECK (status_index >= 0);
CREATE UNIQUE INDEX certificates_status_index ON certificates(status_index)
    WHERE status_index IS NOT NULL;
-- The certificate a reissue replaced (revoked in the same transaction).
ALTER TABLE certificates ADD COLUMN replaces TEXT REFERENCES certificates(id);

-- An erased certificate keeps its position, so the published list still says "revoked".
ALTER TABLE erased_certificates ADD COLUMN status_index INTEGER;

-- Revoking stays the only change to a certificate, except that a certificate without a
-- position gets one (the migration's step); a position never changes once given.
DROP TRIGGER certificates_revoke_only;
CREATE TRIGGER certificates_revoke_only BEFORE UPDATE ON certificates
WHEN NEW.id IS NOT OLD.id
  OR NEW.assessment_id IS NOT OLD.assessment_id
  OR NEW.issued_at IS NOT OLD.issued_at
  OR NEW.replaces IS NOT OLD.replaces
  OR (OLD.status_index IS NOT NULL AND NEW.status_index IS NOT OLD.status_index)
  OR (OLD.revoked_at IS NOT NULL
      AND (NEW.revoked_at IS NOT OLD.revoked_at OR NEW.revoke_reason IS NOT OLD.revoke_reason))
BEGIN SELECT RAISE(ABORT, 'certificate can only be revoked, once'); END;

-- The public keys the centre has signed credentials with: `verify --db` confirms a badge's
-- key against them, and `export issuer` publishes all of them, so badges signed before a
-- key change still verify. Keys are never removed.
CREATE TABLE signing_keys (
    thumbprint     TEXT PRIMARY KEY NOT NULL,
    alg            TEXT NOT NULL CHECK (alg IN ('ES256', 'RS256')),
    jwk            TEXT NOT NULL,
    first_used_at  TEXT NOT NULL
);
CREATE TRIGGER signing_keys_no_delete BEFORE DELETE ON signing_keys
BEGIN SELECT RAISE(ABORT, 'signing keys stay in the register'); END;
CREATE TRIGGER signing_keys_no_update BEFORE UPDATE ON signing_keys
BEGIN SELECT RAISE(ABORT, 'signing keys stay in the register'); END;
