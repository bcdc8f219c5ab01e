//! Certification records (DOMAIN.md D9): Open Badges 3.0 credentials signed as VC-JWT with
//! the centre's key (ES256 or RS256), baked SVG and PNG badges, the printable certificate
//! page, the files the centre publishes (issuer profile, keys, revocation status list), and
//! a verifier.
//!
//! Pure apart from the key file and the output folder, which land via temp + rename.
//! Must not depend on `store`, `ui` or `cli`: the caller supplies every value and the clock.

pub mod atomic;
pub mod badge_files;
pub mod baked_png;
pub mod baked_svg;
pub mod certificate_html;
pub mod credential;
pub mod error;
pub mod issuer_files;
pub mod jwt;
pub mod public_key;
pub mod signing;
pub mod site;
pub mod status_list;
pub mod structure;
pub mod svg;
pub mod verify;
pub mod verify_key;
pub mod verify_status;

pub use badge_files::{IssuedBadge, write_certificate};
pub use certificate_html::{CertificateLine, CertificatePage};
pub use credential::{BadgeInput, IssuerProfile, ModelParts, build_credential};
pub use error::BadgeError;
pub use public_key::{Alg, PublicJwk};
pub use signing::SigningKey;
pub use verify::{
    Check, KeySource, KeyUsed, Options, Outcome, Report, TrustedKey, verify, verify_with,
};
