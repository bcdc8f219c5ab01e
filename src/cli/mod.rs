//! The command line: parses arguments and hands each subcommand to its module. Thin:
//! the work happens in the layers below.

pub mod args;
pub mod candidate_cmd;
pub mod certificates_cmd;
pub mod db_cmd;
pub mod demo_cmd;
pub mod export_badges;
pub mod export_csv;
pub mod export_portfolio;
pub mod export_public;
pub mod model_cmd;
pub mod portfolio_data;
pub mod portfolio_records;
pub mod report;
pub mod seal_check;
pub mod signing_cmd;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;

use crate::datafile;
use crate::diagnostics::count;
use crate::domain::model::Model;
use crate::export::csv_writer::CsvOptions;
use crate::keymap::{self, Keymap};
use crate::store::{Store, StoreError};
use args::{Cli, Command, DbAction, ExportWhat, GlobalOpts, KeyAction, ModelAction};

/// Exit codes (DESIGN.md §1): 0 ok, 1 runtime failure, 2 invalid input.
pub const EXIT_RUNTIME: u8 = 1;
pub const EXIT_INPUT: u8 = 2;

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if cli.command.is_some() {
        restore_default_sigpipe();
    }
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            // Not eprintln!: after a hang-up stderr is gone, and a panic here would turn a
            // clean, saved exit into a crash.
            let _ = writeln!(io::stderr(), "leverup: {}", report::describe(&e));
            ExitCode::from(report::exit_code(&e))
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let g = &cli.global;
    let Some(command) = cli.command else {
        return tui(g);
    };
    match command {
        Command::Model { action } => model(g, action),
        Command::Keymap { markdown } => {
            let keys = match load_keymap(g) {
                Ok(k) => k,
                Err(code) => return Ok(code),
            };
            let text = if markdown {
                keymap::markdown(&keys)
            } else {
                keymap::plain(&keys)
            };
            print!("{text}");
            Ok(ExitCode::SUCCESS)
        }
        Command::SigningKey { action, key } => match action {
            KeyAction::Init { alg } => signing_cmd::init(
                key.as_deref(),
                match alg {
                    args::KeyAlg::Es256 => crate::export::badge::Alg::Es256,
                    args::KeyAlg::Rs256 => crate::export::badge::Alg::Rs256,
                },
            ),
            KeyAction::Show => signing_cmd::show(key.as_deref()),
            KeyAction::ExportPublic { jwk } => signing_cmd::export_public(key.as_deref(), jwk),
        },
        Command::Verify {
            file,
            key,
            register,
            jwks,
            status_list,
        } => {
            // `--register` or `--db`. Opened first: a register that cannot be read must
            // not let a revoked badge pass as VALID.
            let register = register.or_else(|| g.db.clone());
            let store = match &register {
                Some(p) => Some(Store::open_existing(p)?),
                None => None,
            };
            let register_keys = match &store {
                Some(s) => certificates_cmd::register_keys(s)?,
                None => Vec::new(),
            };
            let inputs = signing_cmd::VerifyInputs {
                key: key.as_deref(),
                jwks: jwks.as_deref(),
                status_list: status_list.as_deref(),
                register_keys,
                has_register: store.is_some(),
            };
            signing_cmd::verify_file(&file, inputs, |cert| match &store {
                Some(s) => certificates_cmd::revocation(s, cert),
                None => Ok(None),
            })
            .map_err(|e| at_db(register.as_deref(), e))
        }
        Command::Certificates { action } => {
            let mut store = open_existing_store(g)?;
            let path = store.path().map(Path::to_path_buf);
            certificates_cmd::run(&mut store, action).map_err(|e| at_db(path.as_deref(), e))
        }
        Command::Demo { remove: true, .. } => {
            // Removal only reads an existing file: a mistyped path is not a new database.
            let mut store = open_existing_store(g)?;
            let path = store.path().map(Path::to_path_buf);
            demo_cmd::remove(&mut store).map_err(|e| at_db(path.as_deref(), e))
        }
        Command::Demo {
            candidates, seed, ..
        } => {
            let model = match load_model(g) {
                Ok(m) => m,
                Err(code) => return Ok(code),
            };
            demo_cmd::run(&mut open_store(g)?, &model, candidates, seed)
        }
        Command::Export { what } => export(g, what),
        Command::Candidate { action } => {
            let mut store = open_existing_store(g)?;
            let path = store.path().map(Path::to_path_buf);
            candidate_cmd::run(&mut store, g.as_person.as_deref(), action)
                .map_err(|e| at_db(path.as_deref(), e))
        }
        Command::Db { action } => match action {
            DbAction::Check { key, signed_since } => {
                let centre = match signing_cmd::trusted_public_key(key.as_deref()) {
                    Ok(k) => k,
                    Err(code) => return Ok(code),
                };
                let store = open_existing_store(g)?;
                let path = store.path().map(Path::to_path_buf);
                db_cmd::check(&store, centre.as_ref(), signed_since)
                    .map_err(|e| at_db(path.as_deref(), e))
            }
        },
    }
}

/// The shipped model, or the one in `--data DIR` (whose problems end the run with exit 2).
pub fn load_model(g: &GlobalOpts) -> Result<Model, ExitCode> {
    match &g.data {
        None => Ok(datafile::load_embedded()),
        Some(dir) => datafile::load_dir(dir).map_err(|diags| {
            for d in &diags {
                eprintln!("{d}");
            }
            eprintln!(
                "{} in {}",
                count(diags.len() as u64, "problem", "problems"),
                dir.display()
            );
            ExitCode::from(EXIT_INPUT)
        }),
    }
}

/// No subcommand: the assessor's TUI. Model and keymap problems are reported (exit 2)
/// before any terminal mode is touched.
fn tui(g: &GlobalOpts) -> anyhow::Result<ExitCode> {
    let model = match load_model(g) {
        Ok(m) => m,
        Err(code) => return Ok(code),
    };
    let bindings = match load_keymap(g) {
        Ok(k) => k,
        Err(code) => return Ok(code),
    };
    // `--as` names someone already in a database: a missing file is refused, not created
    // empty only to say it has nobody.
    let mut store = if g.as_person.is_some() {
        open_existing_store(g)?
    } else {
        open_store(g)?
    };
    // Sign-offs are sealed with the centre's key when this machine has it.
    store.set_seal_signer(signing_cmd::seal_signer());
    let session = match &g.as_person {
        None => None,
        Some(who) => match crate::ui::queries::resolve_person(&store, who) {
            Ok(s) => Some(s),
            Err(e) => {
                eprintln!("error: {e}");
                return Ok(ExitCode::from(EXIT_INPUT));
            }
        },
    };
    // Sign-off offers to issue the records: the `export badges` path, default key and folder.
    let issue_hook = match (
        signing_cmd::default_key_path(),
        export_badges::default_certificates_dir(),
    ) {
        (Ok(key), Ok(out)) => Some(export_badges::tui_issue_hook(model.clone(), key, out)),
        _ => None,
    };
    let ending = crate::ui::run(crate::ui::RunOptions {
        store,
        session,
        demo_hook: Some(demo_cmd::tui_demo_hook()),
        model,
        bindings,
        low_bandwidth: g.low_bandwidth,
        issue_hook,
    })?;
    Ok(ExitCode::from(ending.exit_code()))
}

/// The database at `--db`/`LEVERUP_DB`, else the default one in the XDG data directory,
/// created when missing: for the TUI and `demo`, which fill it.
pub fn open_store(g: &GlobalOpts) -> anyhow::Result<Store> {
    let path = match &g.db {
        Some(p) => p.clone(),
        None => Store::default_path()?,
    };
    Ok(Store::open(&path)?)
}

/// The same database for the commands that read one: a missing file is refused (exit 2)
/// and nothing, not even the default data directory, is created.
pub fn open_existing_store(g: &GlobalOpts) -> anyhow::Result<Store> {
    let path: PathBuf = match &g.db {
        Some(p) => p.clone(),
        None => Store::default_location()?,
    };
    Ok(Store::open_existing(&path)?)
}

/// Names the database in a failure SQLite found while reading it ("database disk image is
/// malformed" alone does not say which file, nor what to do).
fn at_db(path: Option<&Path>, e: anyhow::Error) -> anyhow::Error {
    match (path, e.downcast::<StoreError>()) {
        (Some(p), Ok(se)) => se.with_path(p).into(),
        (None, Ok(se)) => se.into(),
        (_, Err(e)) => e,
    }
}

fn export(g: &GlobalOpts, what: ExportWhat) -> anyhow::Result<ExitCode> {
    let model = match load_model(g) {
        Ok(m) => m,
        Err(code) => return Ok(code),
    };
    let store = open_existing_store(g)?;
    let path = store.path().map(Path::to_path_buf);
    export_from(store, &model, what).map_err(|e| at_db(path.as_deref(), e))
}

fn export_from(store: Store, model: &Model, what: ExportWhat) -> anyhow::Result<ExitCode> {
    match what {
        ExportWhat::Csv {
            out,
            filters,
            wide,
            delimiter,
            bom,
            raw,
            codebook,
            codebook_format,
        } => {
            let req = export_csv::CsvRequest {
                out: &out,
                filters: &filters,
                wide,
                options: CsvOptions {
                    delimiter,
                    bom,
                    raw,
                },
                codebook: codebook.as_deref(),
                codebook_format,
            };
            let rows = export_csv::export_csv(&store, model, &req)?;
            if out != "-" {
                eprintln!("{} written to {out}", count(rows, "row", "rows"));
            }
            Ok(ExitCode::SUCCESS)
        }
        ExportWhat::Portfolio { candidate, out } => {
            let out =
                export_portfolio::export_portfolio(&store, model, &candidate, out.as_deref())?;
            if out.as_os_str() != "-" {
                eprintln!("portfolio summary written to {}", out.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        ExportWhat::Issuer(opts) => export_public::run(store, export_public::What::Issuer, opts),
        ExportWhat::StatusList(opts) => {
            export_public::run(store, export_public::What::StatusList, opts)
        }
        ExportWhat::Badges {
            out,
            filters,
            key,
            issuer_url,
            issuer_email,
            publish_url,
        } => {
            let key = signing_cmd::load_key(key.as_deref())?;
            let mut filter = export_csv::result_filter(&filters);
            filter.status = Some("finalised".into());
            let req = export_badges::BadgeRequest {
                out: &out,
                filter,
                issuer_url,
                issuer_email,
                publish_url,
                actor: "leverup export badges".into(),
            };
            let mut store = store;
            let s = export_badges::export_badges(&mut store, model, &key, &req)?;
            let certs = |n: usize| count(n as u64, "certificate", "certificates");
            println!(
                "{} with {} written to {}",
                certs(s.certificates),
                count(s.credentials as u64, "credential", "credentials"),
                out.display()
            );
            if s.already_there > 0 {
                let verb = if s.already_there == 1 { "was" } else { "were" };
                println!(
                    "{} {verb} already there and left unchanged",
                    certs(s.already_there)
                );
            }
            for cert in &s.revoked_skipped {
                println!(
                    "skipped the assessment of revoked certificate {cert}: revoking never \
                     reissues; use `leverup certificates reissue {cert} --reason …`"
                );
            }
            if s.demo_skipped > 0 {
                println!(
                    "{} of demo candidates skipped: demo records are never signed with the \
                     centre's key",
                    count(s.demo_skipped as u64, "assessment", "assessments")
                );
            }
            if s.without_email > 0 {
                let (verb, their) = if s.without_email == 1 {
                    ("names", "its badges identify")
                } else {
                    ("name", "their badges identify")
                };
                println!(
                    "{} {verb} a candidate without e-mail: {their} the recipient by an opaque \
                     id only",
                    certs(s.without_email)
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The effective key bindings; every mistake in a keymap file ends the run with exit 2
/// before any terminal mode is touched.
pub fn load_keymap(g: &GlobalOpts) -> Result<Keymap, ExitCode> {
    keymap::load_configured(g.keymap.as_deref()).map_err(|diags| {
        for d in &diags {
            eprintln!("{d}");
        }
        eprintln!(
            "{} in the key bindings",
            count(diags.len() as u64, "problem", "problems")
        );
        ExitCode::from(EXIT_INPUT)
    })
}

fn model(g: &GlobalOpts, action: ModelAction) -> anyhow::Result<ExitCode> {
    let (stdout, stderr) = (io::stdout(), io::stderr());
    match action {
        ModelAction::Check { dir } => {
            let dir = dir.or_else(|| g.data.clone());
            let code = model_cmd::check(dir.as_deref(), &mut stdout.lock(), &mut stderr.lock());
            Ok(ExitCode::from(code as u8))
        }
        ModelAction::Show { id } => {
            let model = match load_model(g) {
                Ok(m) => m,
                Err(code) => return Ok(code),
            };
            match model_cmd::show(&model, &id, &mut stdout.lock()) {
                Ok(()) => Ok(ExitCode::SUCCESS),
                Err(msg) => {
                    let _ = writeln!(stderr.lock(), "leverup: {msg}");
                    Ok(ExitCode::from(EXIT_INPUT))
                }
            }
        }
    }
}

/// Rust ignores SIGPIPE, so a batch command writing into a closed pipe (`| head`) would
/// panic in `println!`; the default disposition ends it quietly, as Unix tools do. The TUI
/// keeps std's setting: it writes only to its terminal.
fn restore_default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: resetting a signal to its default disposition installs no handler code.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
