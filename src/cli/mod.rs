//! The command line: parses arguments and hands each subcommand to its module. Thin:
//! the work happens in the layers below.

pub mod args;
pub mod model_cmd;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

use crate::datafile;
use crate::domain::model::Model;
use crate::keymap::{self, Keymap};
use args::{Cli, Command, GlobalOpts, ModelAction};

/// Exit codes (DESIGN.md §1): 0 ok, 1 runtime failure, 2 invalid input.
pub const EXIT_RUNTIME: u8 = 1;
pub const EXIT_INPUT: u8 = 2;

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("leverup: {e:#}");
            ExitCode::from(EXIT_RUNTIME)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let g = &cli.global;
    let Some(command) = cli.command else {
        anyhow::bail!("the TUI is not built yet");
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
        other => anyhow::bail!("{other:?} is not available yet"),
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
            eprintln!("{} problems in {}", diags.len(), dir.display());
            ExitCode::from(EXIT_INPUT)
        }),
    }
}

/// The effective key bindings; every mistake in a keymap file ends the run with exit 2
/// before any terminal mode is touched.
pub fn load_keymap(g: &GlobalOpts) -> Result<Keymap, ExitCode> {
    keymap::load_configured(g.keymap.as_deref()).map_err(|diags| {
        for d in &diags {
            eprintln!("{d}");
        }
        eprintln!("{} problems in the key bindings", diags.len());
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
