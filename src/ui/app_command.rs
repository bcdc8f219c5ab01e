//! The one write path of the TUI: a key becomes a domain command, the domain decides
//! (`command::apply`), the store commits the change set in one transaction, and only then
//! does the new state replace the old. Refusals are status messages; a write made against
//! an older revision reloads the assessment and says who changed what and when.
//!
//! Must not touch the terminal.

use super::app::{App, Overlay};
use super::keys::{Action, Context};
use crate::domain::DomainError;
use crate::domain::command::{self, Command};
use crate::domain::path_rules;
use crate::domain::process::PathCommand;
use crate::store::StoreError;

impl App {
    /// Applies `cmd` to the open assessment. True when it took effect (or changed nothing);
    /// a refusal is on the status line, a failed write in the "not saved" box.
    pub(crate) fn command(&mut self, cmd: Command) -> bool {
        let r = self.try_command(cmd);
        self.took_effect(r)
    }

    /// True when a command took effect; a rule's refusal goes to the status line (a failed
    /// write is already in the "not saved" box).
    pub(crate) fn took_effect(&mut self, r: Result<(), Option<DomainError>>) -> bool {
        match r {
            Ok(()) => true,
            Err(Some(rule)) => {
                self.refuse(rule);
                false
            }
            Err(None) => false,
        }
    }

    /// As `command`, but hands a rule refusal back to the caller (`Err(Some(..))`) instead
    /// of showing it; `Err(None)` means the write failed and the box already says so.
    pub(crate) fn try_command(&mut self, cmd: Command) -> Result<(), Option<DomainError>> {
        let Some(state) = self.work.as_ref().filter(|_| !self.store.read_only()) else {
            // Says why: no assessment yet, or a read-only database.
            self.writable();
            return Err(None);
        };
        let (actor, now) = (self.actor(), self.now());
        let cs = command::apply(state, &cmd, &self.model, &actor, now).map_err(Some)?;
        if cs.is_empty() {
            return Ok(());
        }
        match self.store.commit(&cs, &actor, now) {
            Ok(()) => {
                if let Some(n) = cs.notice() {
                    self.say(n.to_string());
                }
                self.work = Some(cs.into_state());
                Ok(())
            }
            Err(
                e @ (StoreError::Conflict { .. } | StoreError::Stale(_) | StoreError::Finalised),
            ) => {
                self.reload_work();
                self.write_conflicted(&e);
                Err(None)
            }
            Err(e) => {
                self.write_failed(&e);
                Err(None)
            }
        }
    }

    /// Someone else's write came first: the screen shows theirs (already re-read), the box
    /// says so, and an open text field keeps this text without autosaving it over theirs.
    pub(crate) fn write_conflicted(&mut self, e: &StoreError) {
        let keep = if self.view.editor().is_some() {
            let save = self.key(Context::Notes, Action::Save);
            format!(
                "\nTheir version is saved. The field still holds your text: {save} saves it over theirs; leaving the field asks first."
            )
        } else {
            "\nPress the key again to apply your change to their version.".to_string()
        };
        self.overlay = Some(Overlay::NotSaved(format!("{e}.{keep}")));
        if let Some(ed) = self.view.editor_mut() {
            // No silent retry: the autosave waits until the user saves on purpose.
            ed.conflicted = true;
        }
    }

    /// A write the database refused: the box says why and what to do; nothing changed.
    pub(crate) fn write_failed(&mut self, e: &StoreError) {
        let remedy = e.remedy().map(|r| format!("\n{r}")).unwrap_or_default();
        self.overlay = Some(Overlay::NotSaved(format!(
            "Not saved: {e}{remedy}\nNothing was changed; the screen shows what is in the database."
        )));
    }

    /// Re-reads the open assessment from the database (after another instance changed it).
    pub(crate) fn reload_work(&mut self) {
        let Some(id) = self.work.as_ref().map(|w| w.id.clone()) else {
            return;
        };
        match self.store.load_state(&id, &self.model) {
            Ok(state) => self.work = Some(state),
            Err(e) => self.say(format!("Could not reload the assessment: {e}")),
        }
    }

    /// Starts the formal assessment if the path rules allow it (documented portfolio,
    /// independent assessor), with the countable portfolio criteria pre-filled.
    pub(crate) fn start_assessment(&mut self) {
        if self.work.is_some() {
            return self.say("The formal assessment has already started.");
        }
        let (Some(session), Some(cand)) = (self.session.clone(), self.candidate.clone()) else {
            return;
        };
        let now = self.now();
        let facts = match self.store.candidate_facts(&cand.id) {
            Ok(f) => f,
            Err(e) => return self.say(format!("Could not read the candidate: {e}")),
        };
        let new = match path_rules::start_assessment(
            &facts,
            &self.model,
            &session.staff(),
            now.date_naive(),
        ) {
            Ok(n) => n,
            Err(e) => {
                let why = self.start_refusal(&e);
                self.start_verdict = Some(Err(e));
                return self.say(why);
            }
        };
        let r = self.store.begin_assessment(new, &session.assessor_id, now);
        let opened = match r {
            // Decided on facts the tutor has changed since: nothing was written, so no
            // "not saved" box; the candidate is read again and the line says why.
            Err(StoreError::Stale(why)) => {
                self.say(format!("Not started: {why}. The candidate was read again."));
                false
            }
            r => self.persisted("The new assessment", r).is_some(),
        };
        // Either way the candidate is read again: refused, the screen shows what changed.
        if self.load_candidate(&cand.id) && opened {
            self.go(super::app::Screen::Portfolio);
        }
    }

    /// What `a` on the overview would do for the person working, as the domain decides it
    /// (`path_rules::may_start`, the rule `start_assessment` acts on): read when the
    /// candidate's facts change, so that the hint never promises what the key refuses.
    pub(crate) fn refresh_start_verdict(&mut self) {
        let Some(me) = self.session.as_ref().map(|s| s.staff()) else {
            self.start_verdict = None;
            return;
        };
        self.start_verdict = self
            .candidate
            .as_ref()
            .and_then(|c| self.store.candidate_facts(&c.id).ok())
            .map(|facts| path_rules::may_start(&facts, &self.model, &me));
    }

    /// Why the formal assessment cannot start, as a sentence, with the key that helps
    /// where there is one: before Documentation, moving the candidate on.
    pub fn start_refusal(&self, why: &crate::domain::DomainError) -> String {
        if *why == crate::domain::DomainError::AssessorIsTutor {
            // Said to the tutor, who is the one working.
            return "You are this candidate's tutor: an independent assessor must assess.".into();
        }
        let early = self
            .candidate
            .as_ref()
            .is_some_and(|c| c.step < crate::domain::process::Step::Documentation);
        let text = self.refusal(why);
        match early {
            true => {
                let next = self.key(Context::Overview, Action::AdvanceStep);
                format!("{text} ({next} moves the candidate on.)")
            }
            false => text,
        }
    }

    /// Advances, stops or resumes the candidate's path (D1), as the path rules allow.
    pub(crate) fn path_command(&mut self, cmd: PathCommand) -> bool {
        let Some(cand) = self.candidate.clone() else {
            return false;
        };
        let now = self.now();
        let facts = match self.store.candidate_facts(&cand.id) {
            Ok(f) => f,
            Err(e) => {
                self.say(format!("Could not read the candidate: {e}"));
                return false;
            }
        };
        let change = match path_rules::change_path(&facts, &cmd) {
            Ok(c) => c,
            Err(e) => {
                self.refuse(e);
                return false;
            }
        };
        let r = self.store.commit_path(&change, &self.actor(), now);
        if self.persisted("The candidate's step", r).is_none() {
            return false;
        }
        let step = change.to().step.label();
        self.load_candidate(&cand.id);
        self.say(match cmd {
            PathCommand::Stop { .. } => format!("Stopped at {step}; recorded as the outcome."),
            PathCommand::Resume => format!("Resumed at {step}."),
            _ => format!("Moved on to {step}."),
        });
        true
    }
}
