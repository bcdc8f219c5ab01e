//! Moving around: start-up, the resume point, opening candidates and screens, the interview
//! clock, and the persist-then-commit setters the screens' handlers share.
//!
//! Must not touch the terminal.

use serde_json::json;

use super::app::{App, Cursor, Screen};
use super::backend::CandidateQuery;
use super::work::Work;
use crate::domain::assessment::CompetenceState;
use crate::domain::scales::{CriterionVerdict, Decision, IndicatorRating};
use crate::domain::scoring::LevelChoice;

/// The app_state key of the resume point.
pub const RESUME_KEY: &str = "ui.resume";

impl App {
    /// First screen: the form on an empty database, else the resume point.
    pub(crate) fn start(&mut self) {
        match self.backend.session() {
            Ok(Some(s)) => {
                self.session = Some(s);
                self.screen = Screen::Candidates;
                self.resume();
                if self.screen == Screen::Candidates {
                    self.refresh_list();
                }
            }
            Ok(None) => self.screen = Screen::FirstRun,
            Err(e) => self.say(format!("Could not read the database: {e}")),
        }
    }

    fn resume(&mut self) {
        let Ok(Some(raw)) = self.backend.get_state(RESUME_KEY) else {
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
            self.cursor.competence = w
                .states
                .iter()
                .position(|s| s.competence_id == comp)
                .unwrap_or(0);
        }
        self.cursor.question = v["question"].as_u64().unwrap_or(0) as usize;
        self.cursor.row = v["row"].as_u64().unwrap_or(0) as usize;
        self.screen = if self.work.is_none() && screen != Screen::Candidates {
            Screen::Overview
        } else {
            screen
        };
        if self.screen == Screen::Interview {
            self.enter_interview_clock();
        }
    }

    /// Saves where the assessor is, so any kind of exit comes back here.
    pub(crate) fn save_resume(&mut self) {
        let competence = self.current_state().map(|s| s.competence_id.clone());
        let value = json!({
            "candidate": self.candidate.as_ref().map(|c| c.id.clone()),
            "screen": self.screen.code(),
            "competence": competence,
            "question": self.cursor.question,
            "row": self.cursor.row,
        });
        let r = self.backend.set_state(RESUME_KEY, &value.to_string());
        self.persisted("The resume point", r);
    }

    /// Loads a candidate and their latest assessment. False (with a message) if it failed.
    pub(crate) fn load_candidate(&mut self, id: &str) -> bool {
        let cand = match self.backend.candidate(id) {
            Ok(c) => c,
            Err(e) => {
                self.say(format!("Could not open the candidate: {e}"));
                return false;
            }
        };
        self.work = match &cand.assessment_id {
            Some(aid) => match self.backend.assessment(aid) {
                Ok(vm) => Some(Work::from_vm(&self.model, &cand, &vm)),
                Err(e) => {
                    self.say(format!("Could not open the assessment: {e}"));
                    None
                }
            },
            None => None,
        };
        self.candidate = Some(cand);
        self.cursor = Cursor::default();
        true
    }

    /// Switches screen, leaving any text field (saved) and recording the resume point.
    pub(crate) fn go(&mut self, screen: Screen) {
        if !self.close_editor() {
            return;
        }
        if self.screen == Screen::Interview && screen != Screen::Interview {
            self.leave_interview_clock();
        }
        let needs_work = matches!(
            screen,
            Screen::Portfolio | Screen::Interview | Screen::Scoring | Screen::Review
        );
        if needs_work && self.work.is_none() {
            let key = super::keys::key_for(
                &self.bindings,
                super::keys::Context::Overview,
                super::keys::Action::StartAssessment,
            );
            self.say(format!("Start the formal assessment first (press {key})."));
            return;
        }
        if screen != self.screen {
            self.cursor.row = 0;
            self.pending_choice = None;
        }
        let entering_interview = screen == Screen::Interview && self.screen != Screen::Interview;
        self.screen = screen;
        if entering_interview {
            self.enter_interview_clock();
        }
        if screen == Screen::Candidates {
            self.candidate = None;
            self.work = None;
            self.refresh_list();
        }
        self.save_resume();
    }

    /// Moves to another claimed competence on the same screen.
    pub(crate) fn go_competence(&mut self, index: usize) {
        let n = self.work.as_ref().map_or(0, |w| w.states.len());
        if n == 0 || !self.close_editor() {
            return;
        }
        if self.screen == Screen::Interview {
            self.leave_interview_clock();
        }
        self.cursor = Cursor {
            competence: index.min(n - 1),
            question: 0,
            row: 0,
        };
        self.pending_choice = None;
        if self.screen == Screen::Interview {
            self.enter_interview_clock();
        }
        self.save_resume();
    }

    pub(crate) fn step_competence(&mut self, delta: isize) {
        let n = self.work.as_ref().map_or(0, |w| w.states.len()) as isize;
        if n > 0 {
            let i = (self.cursor.competence as isize + delta).rem_euclid(n);
            self.go_competence(i as usize);
        }
    }

    pub fn current_state(&self) -> Option<&CompetenceState> {
        self.work.as_ref()?.states.get(self.cursor.competence)
    }

    pub(crate) fn state_of(&self, competence: &str) -> Option<&CompetenceState> {
        self.work
            .as_ref()?
            .states
            .iter()
            .find(|s| s.competence_id == competence)
    }

    fn state_mut(&mut self, competence: &str) -> Option<&mut CompetenceState> {
        self.work
            .as_mut()?
            .states
            .iter_mut()
            .find(|s| s.competence_id == competence)
    }

    pub(crate) fn assessor_is_tutor(&self) -> bool {
        match (&self.candidate, &self.session) {
            (Some(c), Some(s)) => c.tutor_id.as_deref() == Some(s.assessor_id.as_str()),
            _ => false,
        }
    }

    pub(crate) fn enter_interview_clock(&mut self) {
        self.entered = self
            .current_state()
            .map(|s| (s.competence_id.clone(), self.clock.now()));
    }

    /// Records the time spent on the current competence (paradata, DOMAIN.md D7).
    pub(crate) fn leave_interview_clock(&mut self) {
        let Some((comp, since)) = self.entered.take() else {
            return;
        };
        let secs = (self.now() - since).num_seconds();
        let Some(id) = self
            .work
            .as_ref()
            .filter(|w| !w.finalised)
            .map(|w| w.id.clone())
        else {
            return;
        };
        if secs <= 0 {
            return;
        }
        let r = self.backend.add_interview_time(&id, &comp, secs);
        if self.persisted("The interview time", r).is_some()
            && let Some(w) = &mut self.work
        {
            *w.seconds.entry(comp).or_default() += secs;
        }
    }

    /// Seconds spent on `competence`, including the running stretch.
    pub fn elapsed_seconds(&self, competence: &str) -> i64 {
        let saved = self
            .work
            .as_ref()
            .and_then(|w| w.seconds.get(competence).copied())
            .unwrap_or(0);
        let running = match &self.entered {
            Some((c, since)) if c == competence => (self.now() - *since).num_seconds().max(0),
            _ => 0,
        };
        saved + running
    }

    pub fn total_elapsed_seconds(&self) -> i64 {
        let saved = self.work.as_ref().map_or(0, Work::total_seconds);
        let running = self
            .entered
            .as_ref()
            .map_or(0, |(_, since)| (self.now() - *since).num_seconds().max(0));
        saved + running
    }

    pub(crate) fn set_verdict(
        &mut self,
        competence: &str,
        criterion: &str,
        verdict: CriterionVerdict,
        note: &str,
    ) -> bool {
        let Some(id) = self.work.as_ref().map(|w| w.id.clone()) else {
            return false;
        };
        let now = self.now();
        let r = self
            .backend
            .save_verdict(&id, competence, criterion, verdict, note, now);
        if self.persisted("The portfolio verdict", r).is_none() {
            return false;
        }
        if let Some(j) = self
            .state_mut(competence)
            .and_then(|s| s.portfolio.iter_mut().find(|j| j.criterion_id == criterion))
        {
            j.verdict = Some(verdict);
            j.note = note.to_string();
        }
        true
    }

    pub(crate) fn set_rating(&mut self, competence: &str, index: usize, rating: IndicatorRating) {
        let Some(ind) = self
            .model
            .competence(competence)
            .and_then(|c| c.indicators.get(index))
            .map(|i| i.id.clone())
        else {
            return;
        };
        let Some(id) = self.work.as_ref().map(|w| w.id.clone()) else {
            return;
        };
        let now = self.now();
        let r = self.backend.save_rating(&id, competence, &ind, rating, now);
        if self.persisted("The rating", r).is_some()
            && let Some(slot) = self
                .state_mut(competence)
                .and_then(|s| s.ratings.get_mut(index))
        {
            *slot = Some(rating);
            self.recheck_level(competence);
        }
    }

    /// A confirmed level belongs to the suggestion it was confirmed against. When new
    /// ratings change the suggestion, the confirmation (and a decision built on it) no
    /// longer stands: both go back to open, and the assessor is told why.
    fn recheck_level(&mut self, competence: &str) {
        let Some(st) = self.state_of(competence).cloned() else {
            return;
        };
        let Some(choice) = &st.level else {
            return;
        };
        let now_suggested = st.suggestion(&self.model).outcome();
        if now_suggested == Some(choice.suggested) {
            return;
        }
        if !self.set_score(competence, None, st.complexity.clone()) {
            return;
        }
        if st.decision != Decision::Pending {
            self.set_decision(competence, Decision::Pending, &st.reasons);
        }
        self.say(match now_suggested {
            Some(o) => format!(
                "Ratings changed: the suggestion is now {}. Confirm (c) or override (o) the level again.",
                o.label()
            ),
            None => "Ratings changed: confirm the level again once every indicator is rated.".to_string(),
        });
    }

    /// Saves the level choice together with the complexity given so far.
    pub(crate) fn set_level(&mut self, competence: &str, choice: LevelChoice) -> bool {
        let complexity = self
            .state_of(competence)
            .map(|s| s.complexity.clone())
            .unwrap_or_default();
        self.set_score(competence, Some(choice), complexity)
    }

    pub(crate) fn set_score(
        &mut self,
        competence: &str,
        level: Option<LevelChoice>,
        complexity: crate::domain::assessment::PartialComplexity,
    ) -> bool {
        let Some(id) = self.work.as_ref().map(|w| w.id.clone()) else {
            return false;
        };
        let score = super::backend::ScoreVm {
            competence_id: competence.to_string(),
            level: level.clone(),
            complexity: complexity.clone(),
        };
        let now = self.now();
        let r = self.backend.save_score(&id, &score, now);
        if self.persisted("The score", r).is_none() {
            return false;
        }
        if let Some(s) = self.state_mut(competence) {
            s.level = level;
            s.complexity = complexity;
        }
        true
    }

    pub(crate) fn set_decision(
        &mut self,
        competence: &str,
        decision: Decision,
        reasons: &str,
    ) -> bool {
        let Some(id) = self.work.as_ref().map(|w| w.id.clone()) else {
            return false;
        };
        let now = self.now();
        let r = self
            .backend
            .save_decision(&id, competence, decision, reasons, now);
        if self.persisted("The decision", r).is_none() {
            return false;
        }
        if let Some(s) = self.state_mut(competence) {
            s.decision = decision;
            s.reasons = reasons.to_string();
        }
        true
    }

    /// Re-reads the visible page of the candidate list (and the count): never every row.
    pub(crate) fn refresh_list(&mut self) {
        let page = self.list_page_size();
        let q: CandidateQuery = self.list.query.clone();
        match self.backend.count_candidates(&q) {
            Ok(n) => self.list.total = n,
            Err(e) => return self.say(format!("Could not read candidates: {e}")),
        }
        if self.list.total == 0 {
            self.list.cursor = 0;
        } else {
            self.list.cursor = self.list.cursor.min(self.list.total - 1);
        }
        // Whole pages, so a move down changes two rows, not the whole list.
        self.list.offset = self.list.cursor / page * page;
        match self.backend.list_candidates(&q, page, self.list.offset) {
            Ok(rows) => self.list.rows = rows,
            Err(e) => self.say(format!("Could not read candidates: {e}")),
        }
    }

    /// Rows of the candidate table that fit: the screen minus the hint bar and status line
    /// (2), the block's borders (2) and the column header (1).
    pub fn list_page_size(&self) -> usize {
        (self.size.1 as usize).saturating_sub(5).max(1)
    }
}
