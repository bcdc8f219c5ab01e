//! Text the database refused (and forms not yet submitted), kept in a file beside it (`<db>.recovery.json`, mode 0600)
//! so that nothing typed is lost when a write fails at quit, and offered back on the next
//! start. The file is JSON a person can read; it is replaced whole (temp file + rename),
//! so a crash while writing it leaves the previous version.
//!
//! Several leverup processes may share one database (tutors over SSH, each `--as`
//! themselves) and keep things at the same moment (a server shutdown hangs up every session
//! at once): every read-modify-write of the file holds an exclusive lock on
//! `<db>.recovery.lock` beside it, and each process writes through its own temp file.
//!
//! Depends on serde and std only; it knows nothing of screens: the UI decides what a
//! field is and when to keep or put back a text.

use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Result, Store, StoreError};

/// One text that could not be saved: where it belongs and what it said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnsavedText {
    pub candidate: String,
    /// For the person reading the file or the box; the id is what counts.
    pub candidate_name: String,
    pub assessment: String,
    /// `note`, `criterion_note`, `justification` or `reasons`.
    pub field: String,
    pub competence: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criterion: Option<String>,
    pub text: String,
    /// Who typed it (a person id): each is offered back only their own. None in files
    /// written before several people shared a database; such a text goes to whoever opens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// When it was kept.
    pub time: DateTime<Utc>,
}

impl UnsavedText {
    /// The same person's text in the same field of the same assessment: a newer text
    /// replaces the older one.
    fn same_place(&self, other: &UnsavedText) -> bool {
        (
            &self.person,
            &self.assessment,
            &self.field,
            &self.competence,
            self.question,
            &self.criterion,
        ) == (
            &other.person,
            &other.assessment,
            &other.field,
            &other.competence,
            other.question,
            &other.criterion,
        )
    }
}

/// A form that was open, with values typed, when leverup had to stop (a hang-up, a
/// shutdown, a quit) or whose submit the database refused: offered back on the next start
/// so that it can be reopened with the values in place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnsavedForm {
    /// Empty for a form that belongs to no candidate yet (a new candidate).
    pub candidate: String,
    /// For the person reading the file or the box; the id is what counts.
    pub candidate_name: String,
    /// Which form: `registration`, `referee`, `story`, `evidence`, `goal`, `add_evidence`,
    /// `new_candidate`, `stop_path` or `take_over`.
    pub form: String,
    /// The record the form edits; none when it adds one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    /// The form's title, for the person reading.
    pub title: String,
    /// Who typed it (a person id): several tutors may share one database over SSH, and
    /// each is offered back only their own forms.
    #[serde(default)]
    pub person: String,
    /// Each field's label and the value typed, in the form's order.
    pub fields: Vec<(String, String)>,
    /// When it was kept.
    pub time: DateTime<Utc>,
}

impl UnsavedForm {
    /// The same person's form of the same record: a newer copy replaces the older one.
    /// The person counts: every new candidate's form has no candidate yet, and two tutors
    /// may each have one open.
    fn same_place(&self, other: &UnsavedForm) -> bool {
        (&self.person, &self.candidate, &self.form, self.number)
            == (&other.person, &other.candidate, &other.form, other.number)
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct RecoveryFile {
    /// Says what the file is to whoever opens it.
    about: String,
    #[serde(default)]
    texts: Vec<UnsavedText>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    forms: Vec<UnsavedForm>,
}

impl RecoveryFile {
    fn is_empty(&self) -> bool {
        self.texts.is_empty() && self.forms.is_empty()
    }
}

const ABOUT: &str = "Text leverup could not save to its database, and forms left unsubmitted. \
                     leverup offers them back on \
                     the next start; delete this file once you no longer need it.";

impl Store {
    /// Where refused text is kept: beside the database file. `None` in memory.
    pub fn recovery_path(&self) -> Option<PathBuf> {
        let db = self.path()?;
        let mut name = db.file_name()?.to_os_string();
        name.push(".recovery.json");
        Some(db.with_file_name(name))
    }

    /// Keeps `text` in the recovery file (replacing an older text of the same field) and
    /// returns the file's path.
    pub fn keep_unsaved(&self, text: UnsavedText) -> Result<PathBuf> {
        let path = self.recovery_path().ok_or(StoreError::NoRecoveryFile)?;
        change(&path, |file| {
            file.texts.retain(|t| !t.same_place(&text));
            file.texts.push(text);
        })?;
        Ok(path)
    }

    /// The texts kept by an earlier run, oldest first; none when there is no file.
    pub fn unsaved_texts(&self) -> Result<Vec<UnsavedText>> {
        match self.recovery_path() {
            Some(path) => Ok(read(&path)?.texts),
            None => Ok(Vec::new()),
        }
    }

    /// Drops `text` from the file once it is saved; the file goes when it is empty.
    pub fn forget_unsaved(&self, text: &UnsavedText) -> Result<()> {
        let Some(path) = self.recovery_path() else {
            return Ok(());
        };
        forget(&path, |file| file.texts.retain(|t| !t.same_place(text)))
    }

    /// Keeps an unsubmitted form in the recovery file (replacing an older copy of the same
    /// form) and returns the file's path.
    pub fn keep_unsaved_form(&self, form: UnsavedForm) -> Result<PathBuf> {
        let path = self.recovery_path().ok_or(StoreError::NoRecoveryFile)?;
        change(&path, |file| {
            file.forms.retain(|f| !f.same_place(&form));
            file.forms.push(form);
        })?;
        Ok(path)
    }

    /// The forms kept by an earlier run, oldest first; none when there is no file.
    pub fn unsaved_forms(&self) -> Result<Vec<UnsavedForm>> {
        match self.recovery_path() {
            Some(path) => Ok(read(&path)?.forms),
            None => Ok(Vec::new()),
        }
    }

    /// Drops `form` from the file once it is open again; the file goes when it is empty.
    pub fn forget_unsaved_form(&self, form: &UnsavedForm) -> Result<()> {
        let Some(path) = self.recovery_path() else {
            return Ok(());
        };
        forget(&path, |file| file.forms.retain(|f| !f.same_place(form)))
    }

    /// Drops every text and form kept about the candidate (or one of `assessments`): what
    /// an erasure does to the file. How many went.
    pub(super) fn forget_unsaved_of(
        &self,
        candidate: &str,
        assessments: &[String],
    ) -> Result<usize> {
        let Some(path) = self.recovery_path() else {
            return Ok(0);
        };
        forget(&path, |file| {
            let before = file.texts.len() + file.forms.len();
            file.texts
                .retain(|t| t.candidate != candidate && !assessments.contains(&t.assessment));
            file.forms.retain(|f| f.candidate != candidate);
            before - file.texts.len() - file.forms.len()
        })
    }
}

/// Reads the file, changes it and writes it back (or removes it when it is left empty),
/// holding the lock throughout so that no other process's change in between is lost.
fn change<R>(path: &Path, f: impl FnOnce(&mut RecoveryFile) -> R) -> Result<R> {
    let _lock = lock(path)?;
    sweep_stale_temps(path);
    let mut file = read(path)?;
    let out = f(&mut file);
    tidy(path, &file)?;
    Ok(out)
}

/// Like [`change`] for taking things out: with no file there is nothing to take, and no
/// lock file is left beside a database that never kept anything.
fn forget<R: Default>(path: &Path, f: impl FnOnce(&mut RecoveryFile) -> R) -> Result<R> {
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(R::default()),
        _ => change(path, f),
    }
}

/// The exclusive lock on `<db>.recovery.lock`, held until the returned file is dropped.
/// The lock file stays (empty): removing it would let a process waiting on the old one and
/// a newcomer creating a new one both go ahead.
fn lock(path: &Path) -> Result<File> {
    let lock_path = path.with_extension("lock");
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(&lock_path).map_err(|e| io(&lock_path, e))?;
    file.lock().map_err(|e| io(&lock_path, e))?;
    Ok(file)
}

/// Writes what is left, or removes the file when nothing is.
fn tidy(path: &Path, file: &RecoveryFile) -> Result<()> {
    if file.is_empty() {
        return match fs::remove_file(path) {
            Err(e) if e.kind() != ErrorKind::NotFound => Err(io(path, e)),
            _ => Ok(()),
        };
    }
    write(path, file)
}

fn io(path: &Path, source: std::io::Error) -> StoreError {
    StoreError::Io {
        path: path.to_path_buf(),
        error: source,
    }
}

fn read(path: &Path) -> Result<RecoveryFile> {
    match fs::read_to_string(path) {
        Ok(s) => serde_json::from_str(&s).map_err(|e| {
            // Never overwrite a file we cannot read: it may hold someone's only copy.
            io(path, std::io::Error::new(ErrorKind::InvalidData, e))
        }),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(RecoveryFile::default()),
        Err(e) => Err(io(path, e)),
    }
}

/// Removes temp files (`<file>.<pid>.tmp`) that writers which crashed left behind: with the
/// lock held no other writer is between its temp file and its rename. They may hold what an
/// erasure has since taken out of the file.
fn sweep_stale_temps(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else {
        return;
    };
    let Ok(entries) = fs::read_dir(if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    }) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let stale = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(name))
            .and_then(|n| n.strip_prefix('.'))
            .and_then(|n| n.strip_suffix(".tmp"))
            .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()));
        if stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Writes the whole file through a private temp file and a rename, so the file is never
/// half-written and never readable by other users.
fn write(path: &Path, file: &RecoveryFile) -> Result<()> {
    let body = serde_json::to_string_pretty(&RecoveryFile {
        about: ABOUT.to_string(),
        texts: file.texts.clone(),
        forms: file.forms.clone(),
    })?;
    // Named per process: another leverup writing its own copy never truncates or renames
    // this one.
    let mut tmp_name = path.as_os_str().to_os_string();
    tmp_name.push(format!(".{}.tmp", std::process::id()));
    let tmp = PathBuf::from(tmp_name);
    // A temp file left by a crash is stale: the real file was never replaced by it.
    let _ = fs::remove_file(&tmp);
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let written = options.open(&tmp).and_then(|mut f| {
        f.write_all(body.as_bytes())?;
        f.write_all(b"\n")?;
        f.sync_all()
    });
    if let Err(e) = written.and_then(|()| fs::rename(&tmp, path)) {
        let _ = fs::remove_file(&tmp);
        return Err(io(path, e));
    }
    Ok(())
}
