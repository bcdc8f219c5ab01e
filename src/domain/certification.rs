//! Who may be issued, revoked and reissued a certificate record (DOMAIN.md D9, 7.1): only a
//! finalised formal assessment with validated competences, never a demo record; revoking
//! needs a reason and happens once; a revoked certificate is never replaced silently, only
//! by an explicit reissue, which revokes the certificate it replaces.
//!
//! Pure: the store reads the facts and writes what these rules allow.

use super::error::DomainError;

/// One certificate of an assessment, as far as the rules care.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateState {
    pub id: String,
    pub revoked: bool,
}

/// What is known about an assessment when a certificate is asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueFacts {
    pub finalised: bool,
    /// Competences decided `Validated`.
    pub validated: usize,
    /// A demo candidate's assessment: never signed with the centre's key.
    pub demo: bool,
    /// Every certificate of the assessment, live and revoked.
    pub certificates: Vec<CertificateState>,
}

/// What issuing for an assessment comes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Issue {
    /// A new certificate record.
    New,
    /// The assessment already has this live certificate: its badges are written again
    /// from it, nothing new is issued.
    Existing(String),
}

/// Why an assessment gets no certificate now; `export badges` counts and names these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Withheld {
    Demo,
    /// Its certificate was revoked and not reissued.
    Revoked(String),
}

impl IssueFacts {
    fn live(&self) -> Option<&CertificateState> {
        self.certificates.iter().find(|c| !c.revoked)
    }
}

/// May a certificate be issued for this assessment? `Err(Ok(withheld))` is an ordinary
/// "not this one" (demo, revoked); `Err(Err(rule))` a refusal to report.
pub fn may_issue(f: &IssueFacts) -> Result<Issue, Result<Withheld, DomainError>> {
    if !f.finalised {
        return Err(Err(DomainError::NotReady(
            "a certificate needs a finalised assessment".into(),
        )));
    }
    if f.validated == 0 {
        return Err(Err(DomainError::Invalid(
            "no competence of this assessment was validated: there is nothing to certify".into(),
        )));
    }
    if f.demo {
        return Err(Ok(Withheld::Demo));
    }
    if let Some(live) = f.live() {
        return Ok(Issue::Existing(live.id.clone()));
    }
    // Revoking never reissues: a revoked record stays revoked until someone reissues it
    // on purpose, with a reason, through `certificates reissue`.
    if let Some(revoked) = f.certificates.last() {
        return Err(Ok(Withheld::Revoked(revoked.id.clone())));
    }
    Ok(Issue::New)
}

fn need_reason(reason: &str, what: &str) -> Result<(), DomainError> {
    if reason.trim().is_empty() {
        return Err(DomainError::Invalid(format!(
            "{what} a certificate needs a reason"
        )));
    }
    Ok(())
}

/// May this certificate be revoked? Once, with a reason.
pub fn may_revoke(cert: &CertificateState, reason: &str) -> Result<(), DomainError> {
    need_reason(reason, "revoking")?;
    if cert.revoked {
        return Err(DomainError::Invalid(format!(
            "certificate {} is already revoked",
            cert.id
        )));
    }
    Ok(())
}

/// May `old` be reissued? It must be the assessment's live certificate, or its latest one
/// when revoked with no live successor; the assessment must still be certifiable. The old
/// one is revoked (if still live) in the same change, so at most one stays live.
pub fn may_reissue(f: &IssueFacts, old: &str, reason: &str) -> Result<(), DomainError> {
    need_reason(reason, "reissuing")?;
    let Some(cert) = f.certificates.iter().find(|c| c.id == old) else {
        return Err(DomainError::Invalid(format!(
            "certificate {old} does not belong to this assessment"
        )));
    };
    if let Some(live) = f.live().filter(|l| l.id != cert.id) {
        return Err(DomainError::Invalid(format!(
            "certificate {old} was already replaced by {}: reissue that one",
            live.id
        )));
    }
    if f.certificates.last().is_some_and(|l| l.id != cert.id) && cert.revoked {
        return Err(DomainError::Invalid(format!(
            "certificate {old} is not the assessment's latest certificate"
        )));
    }
    if f.demo {
        return Err(DomainError::Invalid(
            "demo records are never signed with the centre's key".into(),
        ));
    }
    if !f.finalised || f.validated == 0 {
        return Err(DomainError::Invalid(
            "the assessment has no validated competences to certify".into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cert(id: &str, revoked: bool) -> CertificateState {
        CertificateState {
            id: id.into(),
            revoked,
        }
    }

    fn facts(certificates: Vec<CertificateState>) -> IssueFacts {
        IssueFacts {
            finalised: true,
            validated: 2,
            demo: false,
            certificates,
        }
    }

    #[test]
    fn revoked_is_never_reissued_by_issuing() {
        assert_eq!(may_issue(&facts(vec![])), Ok(Issue::New));
        assert_eq!(
            may_issue(&facts(vec![cert("a", false)])),
            Ok(Issue::Existing("a".into()))
        );
        assert_eq!(
            may_issue(&facts(vec![cert("a", true)])),
            Err(Ok(Withheld::Revoked("a".into())))
        );
        let mut demo = facts(vec![]);
        demo.demo = true;
        assert_eq!(may_issue(&demo), Err(Ok(Withheld::Demo)));
        let mut open = facts(vec![]);
        open.finalised = false;
        assert!(matches!(may_issue(&open), Err(Err(_))));
    }

    #[test]
    fn revoke_once_with_a_reason() {
        assert!(may_revoke(&cert("a", false), "wrong person").is_ok());
        assert!(may_revoke(&cert("a", false), "  ").is_err());
        assert!(may_revoke(&cert("a", true), "again").is_err());
    }

    #[test]
    fn reissue_only_the_latest_with_a_reason() {
        let f = facts(vec![cert("a", true), cert("b", false)]);
        assert!(may_reissue(&f, "b", "name corrected").is_ok());
        assert!(may_reissue(&f, "a", "name corrected").is_err());
        assert!(may_reissue(&f, "b", "").is_err());
        assert!(may_reissue(&f, "zzz", "x").is_err());
        let revoked = facts(vec![cert("a", true)]);
        assert!(may_reissue(&revoked, "a", "corrected").is_ok());
    }
}
