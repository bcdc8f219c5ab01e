//! Where the centre publishes what a verifier needs: one folder on its web site (`--publish-url`)
//! holding the issuer profile, the public keys and the revocation status list. Every URL a
//! credential names is made here, so the files `export issuer` and `export status-list`
//! write are the ones the credentials point at.

/// The published folder, e.g. `https://www.centre.example.org/openbadges`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicSite {
    base: String,
}

pub const ISSUER_FILE: &str = "issuer.json";
pub const JWKS_FILE: &str = "jwks.json";
pub const KEYS_DIR: &str = "keys";
pub const STATUS_LIST_FILE: &str = "status-list.jwt";

impl PublicSite {
    /// `base` without a trailing slash; refused unless it is an https (or, for tests on one
    /// machine, http://localhost) URL, because verifiers fetch these over the web.
    pub fn new(base: &str) -> Result<Self, String> {
        let base = base.trim().trim_end_matches('/');
        let ok = base.starts_with("https://")
            || base.starts_with("http://localhost")
            || base.starts_with("http://127.0.0.1");
        let host = base.split("://").nth(1).unwrap_or("");
        if !ok || host.is_empty() || base.contains(char::is_whitespace) || base.contains('#') {
            return Err(format!(
                "{base:?} is not a usable address for the published files: give an https:// URL \
                 without spaces or #, such as https://www.centre.example.org/openbadges"
            ));
        }
        Ok(PublicSite { base: base.into() })
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// The issuer's id: the URL of its profile, so resolving the id gives the profile.
    pub fn issuer_id(&self) -> String {
        format!("{}/{ISSUER_FILE}", self.base)
    }

    pub fn jwks_url(&self) -> String {
        format!("{}/{JWKS_FILE}", self.base)
    }

    /// The JWS `kid`: a URL that resolves to the public JWK itself (OB 3.0 §8.2.3), and
    /// also the `kid` of that key in jwks.json, so JWKS-based verifiers find it by name.
    pub fn key_url(&self, thumbprint: &str) -> String {
        format!("{}/{KEYS_DIR}/{thumbprint}.json", self.base)
    }

    /// The revocation status list credential (a VC-JWT) that every credential names.
    pub fn status_list_url(&self) -> String {
        format!("{}/{STATUS_LIST_FILE}", self.base)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_hang_off_one_base() {
        let s = PublicSite::new("https://c.example.org/ob/").expect("url");
        assert_eq!(s.issuer_id(), "https://c.example.org/ob/issuer.json");
        assert_eq!(s.key_url("abc"), "https://c.example.org/ob/keys/abc.json");
        assert_eq!(
            s.status_list_url(),
            "https://c.example.org/ob/status-list.jwt"
        );
        for bad in [
            "",
            "ftp://x",
            "https://",
            "https://a b",
            "http://example.org",
        ] {
            assert!(PublicSite::new(bad).is_err(), "{bad}");
        }
    }
}
