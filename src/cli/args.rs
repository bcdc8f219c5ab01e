//! The command line: every subcommand and option, parsed by clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "leverup",
    version,
    about = "LEVER UP validation of transversal competences: interviews, scoring, exports, badges",
    after_help = "Without a subcommand, opens the assessor's TUI on the database."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalOpts,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args, Clone)]
pub struct GlobalOpts {
    /// Database file (default: the XDG data directory's leverup/leverup.db).
    #[arg(long, global = true, env = "LEVERUP_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// A directory holding model.toml and competences/ instead of the shipped model.
    #[arg(long, global = true, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Key bindings: `default`, `vim`, or a TOML file of overrides.
    #[arg(long, global = true, env = "LEVERUP_KEYMAP", value_name = "NAME|PATH")]
    pub keymap: Option<String>,
    /// ASCII borders, no colour, one-line status: fewest bytes on slow links.
    #[arg(long, global = true)]
    pub low_bandwidth: bool,
    /// Who is working: a person's id, e-mail or exact name (default: the one chosen before).
    #[arg(long = "as", global = true, env = "LEVERUP_AS", value_name = "PERSON")]
    pub as_person: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fill a database with a realistic demo centre, people and candidates at every step.
    Demo {
        #[arg(long, default_value_t = 60)]
        candidates: usize,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Take every demo record out of the database instead (the audit log keeps their history).
        #[arg(long, conflicts_with_all = ["candidates", "seed"])]
        remove: bool,
    },
    /// Check or print the competence model.
    Model {
        #[command(subcommand)]
        action: ModelAction,
    },
    /// Print the effective key bindings.
    Keymap {
        /// As the Markdown table the README includes.
        #[arg(long)]
        markdown: bool,
    },
    /// Batch exports for validation centres.
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// The centre's credential-signing key.
    SigningKey {
        #[command(subcommand)]
        action: KeyAction,
        /// Key file (default: the XDG data directory's leverup/signing-key.pem).
        #[arg(long, value_name = "PATH")]
        key: Option<PathBuf>,
    },
    /// Verify an Open Badges 3.0 credential (.jwt, .json, baked .svg or .png). Fetches
    /// nothing: exit 0 VALID, 1 not valid or revoked, 3 signature valid but issuer not
    /// confirmed (give --jwks, --key or --db).
    Verify {
        file: PathBuf,
        /// The centre's register (a database): confirms the key and reports revocation.
        /// `--db` does the same.
        #[arg(long, value_name = "PATH")]
        register: Option<PathBuf>,
        /// Trust this public key (a JWK file).
        #[arg(long, value_name = "JWK")]
        key: Option<PathBuf>,
        /// Trust the keys of this JWK Set (the issuer's published jwks.json).
        #[arg(long, value_name = "FILE")]
        jwks: Option<PathBuf>,
        /// Check revocation in this status list credential (the issuer's status-list.jwt).
        #[arg(long, value_name = "FILE")]
        status_list: Option<PathBuf>,
    },
    /// The register of issued certificates.
    Certificates {
        #[command(subcommand)]
        action: CertAction,
    },
    /// One candidate's personal data: erasure and access (GDPR).
    Candidate {
        #[command(subcommand)]
        action: CandidateAction,
    },
    /// The database itself.
    Db {
        #[command(subcommand)]
        action: DbAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum DbAction {
    /// Check the database: SQLite integrity, foreign keys, the audit hash chain, signed-off
    /// content and its signatures, integrity triggers. Exit 1 when something was changed
    /// behind its back.
    Check {
        /// The centre's public key (a JWK file) the sign-offs must be signed with (default:
        /// the centre's own key, when this machine has it).
        #[arg(long, value_name = "JWK")]
        key: Option<PathBuf>,
        /// Every sign-off from this day on (YYYY-MM-DD) must be signed: catches signatures
        /// removed with the whole chain rewritten (without it, only an unsigned sign-off
        /// after a signed one is).
        #[arg(long, value_name = "DATE", value_parser = parse_day)]
        signed_since: Option<chrono::NaiveDate>,
    },
}

#[derive(Debug, Subcommand)]
pub enum CandidateAction {
    /// Erase a candidate: their records leave every table and the audit rows about them
    /// lose their content (they stay, chained); the erasure itself is recorded.
    Erase {
        id: String,
        /// Why (recorded in the audit log; do not write personal data here).
        #[arg(long)]
        reason: Option<String>,
    },
    /// Write everything held about a candidate as JSON (file mode 0600).
    Export {
        id: String,
        /// A file, or `-` for standard output.
        #[arg(long, value_name = "FILE|-")]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum ModelAction {
    /// Validate a model directory (default: the shipped model) and print a summary.
    Check { dir: Option<PathBuf> },
    /// Print one competence: outcomes, indicators, questions, links.
    Show { id: String },
}

#[derive(Debug, Subcommand)]
pub enum KeyAction {
    /// Create the signing key (file mode 0600; never printed).
    Init {
        /// ES256 (P-256) or RS256 (RSA 2048, the algorithm every OB 3.0 verifier supports).
        #[arg(long, value_enum, default_value_t = KeyAlg::Es256)]
        alg: KeyAlg,
    },
    /// Print the public key and its fingerprint.
    Show,
    /// Print the public key.
    ExportPublic {
        /// As a JSON Web Key.
        #[arg(long)]
        jwk: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum KeyAlg {
    Es256,
    Rs256,
}

#[derive(Debug, Subcommand)]
pub enum CertAction {
    /// List issued certificates.
    List,
    /// Revoke a certificate; verify flags it when it has the database.
    Revoke {
        id: String,
        #[arg(long)]
        reason: String,
    },
    /// Replace a certificate after a correction: revokes it and issues a new one for the
    /// same assessment (audited); `export badges` then writes the new badges.
    Reissue {
        id: String,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Debug, Args, Clone, Default)]
pub struct Filters {
    /// Only assessments finalised (or started, when not finalised) on or after this date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub since: Option<chrono::NaiveDate>,
    /// ... on or before this date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub until: Option<chrono::NaiveDate>,
    /// Centre name or id.
    #[arg(long)]
    pub centre: Option<String>,
    /// Assessor name or id.
    #[arg(long)]
    pub assessor: Option<String>,
    /// Assessment status: in_progress or finalised.
    #[arg(long, value_parser = ["in_progress", "finalised"])]
    pub status: Option<String>,
    /// Competence id, e.g. teamwork.
    #[arg(long)]
    pub competence: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum CodebookFormat {
    Csv,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum ExportWhat {
    /// Results as CSV: one row per assessment and claimed competence (or --wide).
    Csv {
        /// Output file, or - for standard output. A device or named pipe is written
        /// directly, a symlink is followed; a regular file appears whole or not at all.
        #[arg(long, default_value = "-")]
        out: String,
        #[command(flatten)]
        filters: Filters,
        /// One row per assessment, a column group per competence.
        #[arg(long)]
        wide: bool,
        /// Field delimiter, e.g. ';' for spreadsheets in IT, ES, PL, NL, BE.
        #[arg(long, default_value = ",", value_parser = parse_delimiter)]
        delimiter: u8,
        /// Start with a UTF-8 byte-order mark so Excel detects the encoding.
        #[arg(long)]
        bom: bool,
        /// Write names and other free text exactly as stored: no ' before a value that
        /// starts with = + - @ (spreadsheets would run it as a formula).
        #[arg(long)]
        raw: bool,
        /// Also write the codebook (every column, meaning, allowed values, which columns the
        /// formula guard changes) to FILE, or - for standard output.
        #[arg(long, value_name = "FILE")]
        codebook: Option<PathBuf>,
        /// Codebook format (default: from the file extension, else csv).
        #[arg(long)]
        codebook_format: Option<CodebookFormat>,
    },
    /// One candidate's printable portfolio summary: a self-contained HTML file (no scripts,
    /// nothing fetched), mode 0600.
    Portfolio {
        /// The candidate's id, or their name when no other candidate has it.
        candidate: String,
        /// A file, or `-` for standard output (default: portfolio-<name>.html here).
        #[arg(long, value_name = "FILE|-")]
        out: Option<PathBuf>,
    },
    /// Open Badges 3.0 credentials for every validated competence of finalised assessments.
    Badges {
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        filters: Filters,
        /// Key file (default: the XDG data directory's leverup/signing-key.pem).
        #[arg(long, value_name = "PATH")]
        key: Option<PathBuf>,
        /// The centre's web address for the issuer profile (remembered once given).
        #[arg(long, value_name = "URL")]
        issuer_url: Option<String>,
        /// The centre's contact e-mail for the issuer profile (remembered once given).
        #[arg(long, value_name = "EMAIL")]
        issuer_email: Option<String>,
        /// Where the centre publishes issuer.json, jwks.json and the status list
        /// (remembered; default <issuer-url>/openbadges).
        #[arg(long, value_name = "URL")]
        publish_url: Option<String>,
    },
    /// The issuer profile and public keys for the centre's web site: issuer.json,
    /// jwks.json and keys/<thumbprint>.json, to host at the publish URL.
    Issuer(PublishOpts),
    /// The signed revocation status list (status-list.jwt and .json) to host at the
    /// publish URL; run it again after every revocation.
    StatusList(PublishOpts),
}

/// Where the files for the centre's web site go, and what signs them.
#[derive(Debug, Args, Clone)]
pub struct PublishOpts {
    #[arg(long)]
    pub out: PathBuf,
    /// Key file (default: the XDG data directory's leverup/signing-key.pem).
    #[arg(long, value_name = "PATH")]
    pub key: Option<PathBuf>,
    /// Where the files will be hosted (remembered; default <issuer-url>/openbadges).
    #[arg(long, value_name = "URL")]
    pub publish_url: Option<String>,
}

fn parse_day(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("{s:?} is not a date (YYYY-MM-DD)"))
}

fn parse_delimiter(s: &str) -> Result<u8, String> {
    let s = if s == "\\t" || s == "tab" { "\t" } else { s };
    match s.as_bytes() {
        [b] if b.is_ascii() && *b != b'"' && *b != b'\n' && *b != b'\r' => Ok(*b),
        _ => Err(format!(
            "delimiter must be one ASCII character other than a quote or newline, got {s:?}"
        )),
    }
}
