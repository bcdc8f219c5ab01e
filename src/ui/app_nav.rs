//! Moving around: start-up, the resume point, opening candidates and screens, the interview
//! clock, and the persist-then-commit setters the screens' handlers share.
//!
//! Must not touch the terminal.

use chrono::TimeDelta;
use serde_json::json;

use super::app::{App, Overlay, Screen};
use super::data::Session;
use super::queries;
use crate::domain::assessment::CompetenceState;
use crate::domain::command::Command;

/// How long the interview clock runs before its stretch is recorded.
pub const CLOCK_COMMIT: TimeDelta = TimeDelta::seconds(60);

/// The app_state key of a person's resume point: each person comes back to their own work.
pub fn resume_key(person_id: &str) -> String {
    format!("ui.resume.{person_id}")
}

impl App {
    /// First screen: the form on an empty database, else the resume point.
    /// First screen for `session` (or the recorded one): the form or picker on a database
    /// with nobody chosen, else that person's resume point.
    pub(crate) fn start(&mut self, session: Option<Session>) {
        let chosen = match session {
            Some(s) => Ok(Some(s)),
            None => queries::session(&self.store),
        };
        match chosen {
            Ok(Some(s)) => {
                self.session = Some(s);
                self.start_tutor_list();
                self.show(Screen::Candidates);
                self.resume();
                if self.screen() == Screen::Candidates {
                    self.refresh_list();
                }
            }
            Ok(None) => {
                self.show(Screen::FirstRun);
                self.offer_people();
            }
            Err(e) => self.say(format!("Could not read the database: {e}")),
        }
        if self.store.read_only() {
            let msg = self.read_only_message();
            self.say(msg);
        }
    }

    pub(crate) fn resume(&mut self) {
        let Ok(Some(raw)) = self.store.get_state(&resume_key(&self.actor())) else {
            return;
        };
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&raw) else {
            return;
        };
        let Some(cand) = v["candidate"].as_str() else {
            return;
        };
        if !self.load_candidate(cand) {
            return;
        }
        let screen = v["screen"]
            .as_str()
            .and_then(Screen::from_code)
            .unwrap_or(Screen::Overview);
        let comp = v["competence"].as_str().unwrap_or("");
        if let Some(w) = &self.work {
            self.competence = w
                .competences
                .iter()
                .position(|s| s.competence_id == comp)
                .unwrap_or(0);
        }
        let without_work = matches!(
            screen,
            Screen::Candidates | Screen::Overview | Screen::Dossier | Screen::Cards
        );
        self.show(if self.work.is_none() && !without_work {
            Screen::Overview
        } else {
            screen
        });
        self.view
            .set_question(v["question"].as_u64().unwrap_or(0) as usize);
        self.view.set_row(v["row"].as_u64().unwrap_or(0) as usize);
        let tab = v["tab"].as_str().unwrap_or("");
        if let Some(d) = self.view.dossier_mut() {
            // The tutor comes back to the part of the dossier they were on.
            d.tab = super::dossier_view::Tab::ALL
                .into_iter()
                .find(|t| t.label() == tab)
                .unwrap_or_default();
        }
        if self.screen() == Screen::Interview {
            self.enter_interview_clock();
        }
    }

    /// Saves where the assessor is, so any kind of exit comes back here.
    pub(crate) fn save_resume(&mut self) {
        if self.store.read_only() {
            return;
        }
        let competence = self.current_state().map(|s| s.competence_id.clone());
        let value = json!({
            "candidate": self.candidate.as_ref().map(|c| c.id.clone()),
            "screen": self.screen().code(),
            "competence": competence,
            "question": self.view.question(),
            "row": self.view.row(),
            "tab": self.view.dossier().map(|v| v.tab.label()),
        });
        let key = resume_key(&self.actor());
        if let Err(e) = self.store.set_state(&key, &value.to_string()) {
            // Navigation, not a fact of the procedure: say so, never block with a modal.
            self.say(format!("Could not remember where you are: {e}"));
        }
    }

    /// Loads a candidate and their latest assessment. False (with a message) if it failed.
    pub(crate) fn load_candidate(&mut self, id: &str) -> bool {
        let cand = match queries::candidate(&self.store, &self.model, id) {
            Ok(c) => c,
            Err(e) => {
                self.say(format!("Could not open the candidate: {e}"));
                return false;
            }
        };
        self.work = match &cand.assessment_id {
            Some(aid) => match self.store.load_state(aid, &self.model) {
                Ok(state) => Some(state),
                Err(e) => {
                    self.say(format!("Could not open the assessment: {e}"));
                    None
                }
            },
            None => None,
        };
        let same = self.candidate.as_ref().is_some_and(|c| c.id == cand.id);
        self.dossier = self.read_dossier(&cand);
        self.candidate = Some(cand);
        if !same {
            self.competence = 0;
        }
        self.refresh_start_verdict();
        true
    }

    /// Switches screen, leaving any text field (saved) and recording the resume point.
    pub(crate) fn go(&mut self, screen: Screen) {
        if !self.close_editor() {
            return;
        }
        if self.screen() == Screen::Interview && screen != Screen::Interview {
            self.leave_interview_clock();
        }
        let needs_work = matches!(
            screen,
            Screen::Portfolio | Screen::Interview | Screen::Scoring | Screen::Review
        );
        if needs_work && self.work.is_none() {
            // Offer the key only where the domain would start the assessment.
            let text = match &self.start_verdict {
                Some(Err(why)) => format!("No assessment started yet. {}", self.start_refusal(why)),
                _ => {
                    let key = self.key(
                        super::keys::Context::Overview,
                        super::keys::Action::StartAssessment,
                    );
                    format!("Start the formal assessment first (press {key}).")
                }
            };
            return self.say(text);
        }
        let entering_interview = screen == Screen::Interview && self.screen() != Screen::Interview;
        self.show(screen);
        if entering_interview {
            self.enter_interview_clock();
        }
        if screen == Screen::Candidates {
            self.candidate = None;
            self.work = None;
            self.dossier = None;
            self.refresh_list();
        }
        self.save_resume();
    }

    /// Moves to another claimed competence on the same screen.
    pub(crate) fn go_competence(&mut self, index: usize) {
        let n = self.work.as_ref().map_or(0, |w| w.competences.len());
        if n == 0 || !self.close_editor() {
            return;
        }
        if self.screen() == Screen::Interview {
            self.leave_interview_clock();
        }
        self.competence = index.min(n - 1);
        // The screen's cursor belonged to the other competence.
        self.view.set_question(0);
        self.view.set_row(0);
        self.view.set_pending_choice(None);
        if self.screen() == Screen::Interview {
            self.enter_interview_clock();
        }
        self.save_resume();
    }

    pub(crate) fn step_competence(&mut self, delta: isize) {
        let n = self.work.as_ref().map_or(0, |w| w.competences.len()) as isize;
        if n > 0 {
            let i = (self.competence as isize + delta).rem_euclid(n);
            self.go_competence(i as usize);
        }
    }

    pub fn current_state(&self) -> Option<&CompetenceState> {
        self.work.as_ref()?.competences.get(self.competence)
    }

    pub(crate) fn state_of(&self, competence: &str) -> Option<&CompetenceState> {
        self.work.as_ref()?.competence(competence)
    }

    pub(crate) fn assessor_is_tutor(&self) -> bool {
        self.work.as_ref().is_some_and(|w| w.assessor_is_tutor())
    }

    pub(crate) fn enter_interview_clock(&mut self) {
        self.entered = self
            .current_state()
            .map(|s| (s.competence_id.clone(), self.clock.now()));
    }

    /// Records the time spent on the current competence (paradata, DOMAIN.md D7) and stops
    /// the clock.
    pub(crate) fn leave_interview_clock(&mut self) {
        self.commit_interview_clock();
        self.entered = None;
    }

    /// Records the running stretch and starts the next one where it ended, so a crash loses
    /// at most the stretch since the last commit and nothing is counted twice. Only the
    /// assessment's own assessor adds time; a read-only view records none. A failed write
    /// keeps the stretch running: the next commit records it.
    pub(crate) fn commit_interview_clock(&mut self) {
        let Some((comp, since)) = self.entered.clone() else {
            return;
        };
        let seconds = (self.now() - since).num_seconds();
        let actor = self.actor();
        let open = self
            .work
            .as_ref()
            .is_some_and(|w| w.write_blocker(&self.model, &actor).is_none());
        if seconds <= 0 || !open {
            return;
        }
        let recorded = self.command(Command::AddInterviewTime {
            competence: comp.clone(),
            seconds,
        });
        if recorded {
            // From the recorded end, not from now: the part second not yet recorded stays
            // in the next stretch.
            self.entered = Some((comp, since + TimeDelta::seconds(seconds)));
        }
    }

    /// The once-a-minute timer on the interview screen: records the stretch once it has run
    /// a minute (a crash then loses less than a minute), else only the clock is redrawn.
    pub(crate) fn tick_interview_clock(&mut self) {
        let due = self
            .entered
            .as_ref()
            .is_some_and(|(_, since)| self.now() - *since >= CLOCK_COMMIT);
        if due {
            let had_box = matches!(self.overlay, Some(Overlay::NotSaved(_)));
            self.commit_interview_clock();
            // A timed write of the clock that fails loses nothing (the stretch keeps running
            // and is tried again a minute later), so it does not put a box in the way; a
            // failing database is reported by the saves the user makes.
            if !had_box && matches!(self.overlay, Some(Overlay::NotSaved(_))) {
                self.overlay = None;
            }
        }
    }

    /// Time until the running stretch completes its next whole minute: when the interview
    /// clock is next recorded and redrawn. A minute while no stretch runs. Whole minutes of
    /// the stretch, so a commit that failed is retried a minute later, never in a spin.
    pub(crate) fn interview_clock_wait(&self) -> std::time::Duration {
        let minute = CLOCK_COMMIT.num_seconds();
        let Some((_, since)) = &self.entered else {
            return std::time::Duration::from_secs(minute as u64);
        };
        let ran = (self.now() - *since).num_milliseconds().max(0);
        let wait = minute * 1000 - ran % (minute * 1000);
        std::time::Duration::from_millis(wait as u64)
    }

    /// Seconds spent on `competence`, including the running stretch.
    pub fn elapsed_seconds(&self, competence: &str) -> i64 {
        let saved = self
            .work
            .as_ref()
            .and_then(|w| w.competence(competence))
            .map_or(0, |c| c.seconds);
        let running = match &self.entered {
            Some((c, since)) if c == competence => (self.now() - *since).num_seconds().max(0),
            _ => 0,
        };
        saved + running
    }

    pub fn total_elapsed_seconds(&self) -> i64 {
        let saved = self.work.as_ref().map_or(0, |w| w.total_seconds());
        let running = self
            .entered
            .as_ref()
            .map_or(0, |(_, since)| (self.now() - *since).num_seconds().max(0));
        saved + running
    }

    /// Rows of the candidate table that fit: the screen minus the hint bar and status line
    /// (2), the heading and the column header (2) and a blank line that keeps the last row
    /// apart from the keys below it (1).
    pub fn list_page_size(&self) -> usize {
        (self.size.1 as usize).saturating_sub(5).max(1)
    }
}
