//! What a form field accepts on the tutor's side, with the reason when it does not: the
//! views show the reason next to the field as it is typed, and the commands check the same
//! rules again, so a value refused on screen is refused everywhere.

use chrono::NaiveDate;

use crate::domain::error::DomainError;

fn refuse(field: &'static str, reason: impl Into<String>) -> DomainError {
    DomainError::Field {
        field,
        reason: reason.into(),
    }
}

/// Text that must say something (a name, a title, a goal).
pub fn required(field: &'static str, text: &str) -> Result<String, DomainError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(refuse(field, "cannot be empty"));
    }
    Ok(t.to_string())
}

/// Optional text: blank is "not given".
pub fn optional(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// An e-mail address: one `@`, something before it, a domain with a dot after it, no
/// spaces. Deliberately loose (the address is for the badge's recipient, not for sending
/// mail), but it catches what is typed by mistake.
pub fn email(text: &str) -> Result<Option<String>, DomainError> {
    let Some(t) = optional(text) else {
        return Ok(None);
    };
    let bad = |why: &str| Err(refuse("e-mail", why.to_string()));
    if t.chars().any(char::is_whitespace) {
        return bad("an address has no spaces");
    }
    let Some((local, domain)) = t.split_once('@') else {
        return bad("an address needs an @ (name@example.org)");
    };
    if local.is_empty() || domain.contains('@') {
        return bad("an address is name@domain, with one @");
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 || labels.iter().any(|l| l.is_empty()) {
        return bad("the part after @ needs a dot (example.org)");
    }
    Ok(Some(t.to_lowercase()))
}

/// A language tag such as `it`, `en` or `pt-BR` (BCP 47 primary language and optional
/// region).
pub fn language(text: &str) -> Result<Option<String>, DomainError> {
    let Some(t) = optional(text) else {
        return Ok(None);
    };
    let mut parts = t.split(['-', '_']);
    let primary = parts.next().unwrap_or_default();
    let region = parts.next();
    let primary_ok =
        (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic());
    let region_ok = region.is_none_or(|r| {
        (r.len() == 2 && r.chars().all(|c| c.is_ascii_alphabetic()))
            || (r.len() == 3 && r.chars().all(|c| c.is_ascii_digit()))
    });
    if !primary_ok || !region_ok || parts.next().is_some() {
        return Err(refuse(
            "language",
            "a language code such as it, en or pt-BR",
        ));
    }
    Ok(Some(match region {
        Some(r) => format!("{}-{}", primary.to_lowercase(), r.to_uppercase()),
        None => primary.to_lowercase(),
    }))
}

/// A date typed as YYYY-MM-DD, not after `today`.
pub fn past_date(
    field: &'static str,
    text: &str,
    today: NaiveDate,
) -> Result<NaiveDate, DomainError> {
    let d = date(field, text)?;
    if d > today {
        return Err(refuse(field, format!("{d} is in the future")));
    }
    Ok(d)
}

/// A date typed as YYYY-MM-DD.
pub fn date(field: &'static str, text: &str) -> Result<NaiveDate, DomainError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        refuse(
            field,
            format!("{:?} is not a date (YYYY-MM-DD)", text.trim()),
        )
    })
}

/// An optional date: blank is "not given".
pub fn optional_past_date(
    field: &'static str,
    text: &str,
    today: NaiveDate,
) -> Result<Option<NaiveDate>, DomainError> {
    match optional(text) {
        None => Ok(None),
        Some(t) => past_date(field, &t, today).map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(r: Result<impl std::fmt::Debug, DomainError>) -> String {
        match r {
            Err(DomainError::Field { reason, .. }) => reason,
            other => panic!("expected a field error, got {other:?}"),
        }
    }

    #[test]
    fn email_addresses() {
        assert_eq!(email("  ").unwrap(), None);
        assert_eq!(
            email(" Giulia@Example.ORG ").unwrap().as_deref(),
            Some("giulia@example.org")
        );
        assert!(reason(email("giulia")).contains("needs an @"));
        assert!(reason(email("giulia@example")).contains("needs a dot"));
        assert!(reason(email("giu lia@example.org")).contains("no spaces"));
        assert!(reason(email("@example.org")).contains("one @"));
        assert!(reason(email("a@b@example.org")).contains("one @"));
        assert!(reason(email("a@example..org")).contains("needs a dot"));
    }

    #[test]
    fn language_tags() {
        assert_eq!(language("").unwrap(), None);
        assert_eq!(language("IT").unwrap().as_deref(), Some("it"));
        assert_eq!(language("pt_br").unwrap().as_deref(), Some("pt-BR"));
        assert_eq!(language("es-419").unwrap().as_deref(), Some("es-419"));
        for bad in ["italian", "i", "it-BRA-x", "1t", "it-B"] {
            assert!(reason(language(bad)).contains("language code"), "{bad}");
        }
    }

    #[test]
    fn dates() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        assert_eq!(past_date("date", "2026-03-02", today).unwrap(), today);
        assert!(reason(past_date("date", "2026-03-03", today)).contains("in the future"));
        assert!(reason(past_date("date", "2.3.2026", today)).contains("not a date"));
        assert!(reason(date("date", "2026-02-30")).contains("not a date"));
        assert_eq!(optional_past_date("date", " ", today).unwrap(), None);
        assert_eq!(required("title", "  x ").unwrap(), "x");
        assert!(reason(required("title", " ")).contains("cannot be empty"));
    }
}
