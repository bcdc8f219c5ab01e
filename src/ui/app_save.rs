//! When text is saved, and what happens when the database refuses it.
//!
//! The autosave fires 2 s after the first unsaved keystroke. A failed save says so once in
//! the "not saved" box; the retries behind it wait 2, 4, 8 … up to 60 s (reset by a
//! success) and report on the status line, so a broken disk costs neither CPU nor the
//! user's attention in a loop. Quitting with a failing save keeps the text in the recovery
//! file beside the database (`app_recovery.rs`); SIGHUP/SIGTERM do the same and leave.
//! A form typed into and not submitted goes to the same file when leverup leaves
//! (`app_form_recovery.rs`).
//!
//! Must not touch the terminal.

use chrono::TimeDelta;

use super::app::{App, ConfirmKind, Overlay, Screen};
use super::keys::{Action, Context};

/// The first wait after a failure; it doubles with every further failure.
const FIRST_RETRY_SECS: i64 = 2;
/// Retries never wait longer than this, so a fixed disk is noticed within a minute.
const LONGEST_RETRY_SECS: i64 = 60;

/// How long the autosave waits after the `failures`-th failed save in a row: 2, 4, 8 … 60 s.
pub(crate) fn backoff(failures: u32) -> TimeDelta {
    let doublings = failures.saturating_sub(1).min(16);
    TimeDelta::seconds((FIRST_RETRY_SECS << doublings).min(LONGEST_RETRY_SECS))
}

impl App {
    /// Timers: the autosave when it is due; on the interview, the clock recorded each minute.
    pub(crate) fn on_tick(&mut self) {
        let now = self.now();
        // While the "not saved" box is up the user is reading why; no retry behind it.
        if matches!(self.overlay, Some(Overlay::NotSaved(_))) {
            return;
        }
        if self.screen() == Screen::Interview {
            self.tick_interview_clock();
        }
        let Some(ed) = self.view.editor().filter(|e| !e.conflicted) else {
            return;
        };
        let retry = ed.failures > 0;
        if self.autosave_due().is_none_or(|due| due > now) {
            return;
        }
        // A retry after a held lock must not freeze the screen for the full 5 s again.
        let _ = self.store.be_patient(!retry);
        let saved = self.save_editor();
        let _ = self.store.be_patient(true);
        if saved || !retry {
            return;
        }
        // The box was shown for the first failure; later ones go to the status line.
        if let Some(Overlay::NotSaved(msg)) = &self.overlay {
            let cause = msg.lines().next().unwrap_or_default().to_string();
            self.overlay = None;
            let (tries, wait) = self
                .view
                .editor()
                .map_or((0, 0), |e| (e.failures, backoff(e.failures).num_seconds()));
            let save = self.key(Context::Notes, Action::Save);
            self.say(format!(
                "{cause} (try {tries}; next in {wait} s, {save} tries now)"
            ));
        }
    }

    /// When the autosave of the open field should run, if it has anything to save.
    fn autosave_due(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        let ed = self.view.editor().filter(|e| !e.conflicted)?;
        let first = ed.changed_at? + TimeDelta::seconds(FIRST_RETRY_SECS);
        Some(ed.retry_at.map_or(first, |r| r.max(first)))
    }

    /// When the loop should wake without input: the pending autosave, and on the interview
    /// screen the minute when the clock is recorded; else never.
    pub fn next_timer(&self) -> Option<std::time::Duration> {
        let not_saved = matches!(self.overlay, Some(Overlay::NotSaved(_)));
        let autosave = self
            .autosave_due()
            .filter(|_| !not_saved)
            .map(|due| (due - self.now()).to_std().unwrap_or_default());
        // On the interview the clock is recorded each minute; behind the box it is only
        // redrawn, a minute on.
        let clock = (self.screen() == Screen::Interview).then(|| match not_saved {
            true => std::time::Duration::from_secs(60),
            false => self.interview_clock_wait(),
        });
        match (autosave, clock) {
            (Some(a), Some(c)) => Some(a.min(c)),
            (a, c) => a.or(c),
        }
    }

    /// Quits after saving. When the save fails the text goes to the recovery file and the
    /// quit is refused once, saying so; the next quit leaves.
    pub fn request_quit(&mut self) {
        let form_open = matches!(&self.overlay, Some(Overlay::Form(f)) if f.touched);
        if form_open && !self.quit_armed {
            // A form saves only when submitted: say so once, and what leaving does with it.
            self.quit_armed = true;
            let (submit, quit) = (
                self.key(Context::Form, Action::Submit),
                self.key(Context::Global, Action::Quit),
            );
            let leaving = match self.store.recovery_path() {
                Some(_) => "leaves and keeps it for the next start",
                None => "leaves without it",
            };
            self.say(format!(
                "The form is not saved yet: {submit} saves it, {quit} again {leaving}."
            ));
            return;
        }
        if let Some(Overlay::Form(f)) = &self.overlay
            && f.touched
            && f.kind != super::form::FormKind::FirstRun
        {
            // Leaving: the form waits aside while the text field is saved, then is kept.
            self.pending_form = Some(f.clone());
            self.overlay = None;
        }
        if self.conflicted() {
            self.overlay = Some(Overlay::Confirm(ConfirmKind::OverwriteTheirs {
                then_quit: true,
            }));
            return;
        }
        if self.save_all() {
            self.leave_interview_clock();
            self.quit = self.leave_with_form();
            return;
        }
        // A rule's refusal (e.g. a note waiting for its verdict) is on the status line and
        // the user can act on it; only a refused write goes to the file.
        let Some(Overlay::NotSaved(msg)) = self.overlay.take() else {
            return;
        };
        let quit = self.key(Context::Global, Action::Quit);
        let tail = match self.keep_unsaved() {
            Ok(path) if self.quit_armed => {
                self.quit = self.leave_with_form();
                format!("Your text is kept in {}.", path.display())
            }
            Ok(path) => {
                self.quit_armed = true;
                format!(
                    "Your text is kept in {}; leverup offers it back on the next start.\n\
                     Press {quit} again to leave anyway.",
                    path.display()
                )
            }
            Err(e) => format!(
                "It could not be kept in a file either: {e}.\n\
                 Copy the text somewhere safe before leaving."
            ),
        };
        self.overlay = Some(Overlay::NotSaved(format!("{msg}\n{tail}")));
    }

    /// Keeps the unsubmitted form in the recovery file before leaving. False when that
    /// failed: the form is open again and the status line says why, so that the user
    /// decides (submit it, or close it and leave).
    fn leave_with_form(&mut self) -> bool {
        match self.keep_open_form() {
            Ok(_) => {
                self.pending_form = None;
                true
            }
            Err(e) => {
                self.restore_refused_form();
                self.say(format!(
                    "The form could not be kept in a file ({e}): submit it, or close it and leave."
                ));
                false
            }
        }
    }

    /// The open text field holds words typed against a version someone else has replaced.
    pub(crate) fn conflicted(&self) -> bool {
        self.view
            .editor()
            .is_some_and(|e| e.conflicted && e.changed_at.is_some())
    }

    /// SIGHUP / SIGTERM: save what can be saved and leave even if a write failed; refused
    /// text goes to the recovery file. Nobody is there to ask, so a conflicted field is
    /// saved too: its user was told, and the text it replaces stays in the audit log.
    pub(crate) fn shutdown(&mut self) {
        if self.save_all() {
            self.leave_interview_clock();
        } else {
            // The database refuses writes: the interview time would fail (and wait for the
            // lock) too; the text is what matters.
            let _ = self.keep_unsaved();
        }
        // Nobody is there to submit the form: it waits in the recovery file.
        let _ = self.keep_open_form();
        self.quit = true;
    }

    /// Saves the focused field. Returns false (and shows the modal) if that failed.
    pub fn save_all(&mut self) -> bool {
        if self.unsaved() {
            return self.save_editor();
        }
        true
    }

    /// True while typed text is not yet in the database.
    pub fn unsaved(&self) -> bool {
        self.view.editor().is_some_and(|e| e.changed_at.is_some())
    }

    /// The status-line text for a database opened read-only.
    pub(crate) fn read_only_message(&self) -> String {
        let path = self
            .store
            .path()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        format!("read-only database: changes cannot be saved ({path})")
    }

    /// True when the database was opened read-only (shown on the status line).
    pub fn read_only_db(&self) -> bool {
        self.store.read_only()
    }
}
