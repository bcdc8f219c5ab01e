//! Handlers for the assessment screens: portfolio check, interview, scoring, review and
//! sign-off. Each change goes through a persist-then-commit setter in `app_nav.rs`.
//!
//! Must not touch the terminal.

use super::app::{App, ConfirmKind, Overlay, Screen};
use super::editor::Field;
use super::keys::Action;
use crate::domain::assessment::ready_to_finalise;
use crate::domain::decision;
use crate::domain::scales::{Complexity, CriterionVerdict, Decision, Dimension, IndicatorRating};
use crate::domain::scoring::{Outcome, choose_level};

/// The rows of the scoring screen, top to bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoreRow {
    Indicator(usize),
    Level,
    Dim(Dimension),
    Decision,
    Reasons,
}

pub fn score_rows(indicators: usize) -> Vec<ScoreRow> {
    let mut rows: Vec<ScoreRow> = (0..indicators).map(ScoreRow::Indicator).collect();
    rows.push(ScoreRow::Level);
    rows.extend(Dimension::ALL.iter().map(|d| ScoreRow::Dim(*d)));
    rows.push(ScoreRow::Decision);
    rows.push(ScoreRow::Reasons);
    rows
}

/// The next value in `all` after `current` (or the first), wrapping.
fn cycle<T: Copy + PartialEq>(all: &[T], current: Option<T>, delta: isize) -> Option<T> {
    let n = all.len() as isize;
    if n == 0 {
        return None;
    }
    let i = match current.and_then(|c| all.iter().position(|x| *x == c)) {
        Some(i) => (i as isize + delta).rem_euclid(n),
        None if delta < 0 => n - 1,
        None => 0,
    };
    all.get(i as usize).copied()
}

impl App {
    pub(crate) fn current_competence_id(&self) -> Option<String> {
        self.current_state().map(|s| s.competence_id.clone())
    }

    fn common(&mut self, action: Action) -> bool {
        match action {
            Action::NextCompetence => self.step_competence(1),
            Action::PrevCompetence => self.step_competence(-1),
            Action::Jump => self.open_jump(),
            Action::Back => self.go(Screen::Overview),
            Action::Portfolio => self.go(Screen::Portfolio),
            Action::Interview => self.go(Screen::Interview),
            Action::Scoring => self.go(Screen::Scoring),
            Action::Review => self.go(Screen::Review),
            _ => return false,
        }
        true
    }

    fn move_row(&mut self, delta: isize, rows: usize) {
        let max = rows.saturating_sub(1) as isize;
        let row = (self.cursor.row as isize + delta).clamp(0, max) as usize;
        if row != self.cursor.row {
            self.cursor.row = row;
            self.save_resume();
        }
    }

    pub(crate) fn on_portfolio(&mut self, action: Action) {
        if self.common(action) {
            return;
        }
        let criteria: Vec<String> = self
            .model
            .portfolio_check
            .criteria
            .iter()
            .map(|c| c.id.clone())
            .collect();
        let Some(comp) = self.current_competence_id() else {
            return;
        };
        let Some(crit) = criteria.get(self.cursor.row).cloned() else {
            return;
        };
        let judged = self
            .state_of(&comp)
            .and_then(|s| s.portfolio.iter().find(|j| j.criterion_id == crit))
            .cloned();
        let verdict = match action {
            Action::Up => return self.move_row(-1, criteria.len()),
            Action::Down => return self.move_row(1, criteria.len()),
            Action::Met => CriterionVerdict::Met,
            Action::PartlyMet => CriterionVerdict::PartlyMet,
            Action::NotMet => CriterionVerdict::NotMet,
            Action::Edit => {
                if judged.as_ref().and_then(|j| j.verdict).is_none() {
                    return self.say("Give this criterion a verdict first (m / p / x).");
                }
                let note = judged.map(|j| j.note).unwrap_or_default();
                let field = Field::CriterionNote {
                    competence: comp,
                    criterion: crit,
                };
                return self.open_editor(field, &note);
            }
            _ => return,
        };
        if self.writable() {
            let note = judged.map(|j| j.note).unwrap_or_default();
            if self.set_verdict(&comp, &crit, verdict, &note)
                && self.cursor.row + 1 < criteria.len()
            {
                // Walk down the checklist: the next criterion is the next thing to judge.
                self.move_row(1, criteria.len());
            }
        }
    }

    fn question_count(&self) -> usize {
        self.current_state()
            .and_then(|s| self.model.competence(&s.competence_id))
            .map_or(0, |c| c.questions.len())
    }

    pub(crate) fn move_question(&mut self, delta: isize) {
        let n = self.question_count() as isize;
        if n == 0 {
            return;
        }
        let q = (self.cursor.question as isize + delta).clamp(0, n - 1) as usize;
        if q != self.cursor.question {
            self.cursor.question = q;
            self.save_resume();
        }
    }

    pub(crate) fn edit_current(&mut self) {
        let Some(comp) = self.current_competence_id() else {
            return;
        };
        let q = self.cursor.question as u32;
        let text = self
            .work
            .as_ref()
            .map(|w| w.note(&comp, q).to_string())
            .unwrap_or_default();
        let field = Field::Note {
            competence: comp,
            question: q,
        };
        self.open_editor(field, &text);
    }

    pub(crate) fn on_interview(&mut self, action: Action) {
        if self.common(action) {
            return;
        }
        match action {
            Action::Up => self.move_question(-1),
            Action::Down => self.move_question(1),
            Action::Edit => self.edit_current(),
            _ => {}
        }
    }

    pub(crate) fn on_scoring(&mut self, action: Action) {
        if self.common(action) {
            return;
        }
        let Some(st) = self.current_state().cloned() else {
            return;
        };
        let rows = score_rows(st.ratings.len());
        let delta = match action {
            Action::Up => return self.move_row(-1, rows.len()),
            Action::Down => return self.move_row(1, rows.len()),
            Action::Left => -1,
            Action::Right => 1,
            Action::ConfirmLevel => return self.confirm_suggestion(),
            Action::Edit => return self.edit_score_row(rows[self.cursor.row.min(rows.len() - 1)]),
            _ => return,
        };
        if !self.writable() {
            return;
        }
        let comp = st.competence_id.clone();
        match rows.get(self.cursor.row).copied() {
            Some(ScoreRow::Indicator(i)) => {
                let current = st.ratings.get(i).copied().flatten();
                if let Some(r) = cycle(IndicatorRating::ALL, current, delta) {
                    self.set_rating(&comp, i, r);
                }
            }
            Some(ScoreRow::Level) => {
                let current = self.pending_choice.or(st.level.as_ref().map(|l| l.chosen));
                self.pending_choice = cycle(&Outcome::ALL, current, delta);
                let suggested = st.suggestion(&self.model).outcome();
                if self.pending_choice.is_some() && self.pending_choice == suggested {
                    self.say("This is the suggestion: press c to confirm it.");
                } else if self.pending_choice.is_some() {
                    self.say("An override needs a justification: press Enter to write it.");
                }
            }
            Some(ScoreRow::Dim(d)) => {
                let mut cx = st.complexity.clone();
                let slot = match d {
                    Dimension::Context => &mut cx.context,
                    Dimension::Task => &mut cx.task,
                    Dimension::Autonomy => &mut cx.autonomy,
                };
                *slot = cycle(Complexity::ALL, *slot, delta);
                self.set_score(&comp, st.level.clone(), cx);
            }
            Some(ScoreRow::Decision) => {
                let wanted = cycle(Decision::ALL, Some(st.decision), delta).unwrap_or(st.decision);
                let facts = st.facts(&self.model, self.assessor_is_tutor());
                match decision::check(wanted, &facts) {
                    Ok(d) => {
                        self.set_decision(&comp, d, &st.reasons);
                    }
                    // Shown, not applied: the decision stays where it was.
                    Err(e) => self.say(format!("{e} (decision left as {})", st.decision)),
                }
            }
            Some(ScoreRow::Reasons) | None => {}
        }
    }

    fn confirm_suggestion(&mut self) {
        let Some(st) = self.current_state().cloned() else {
            return;
        };
        if !self.writable() {
            return;
        }
        let Some(suggested) = st.suggestion(&self.model).outcome() else {
            return self.say("Rate every indicator first: there is no suggestion yet.");
        };
        if let Ok(choice) = choose_level(suggested, suggested, "") {
            self.pending_choice = None;
            if self.set_level(&st.competence_id, choice) {
                self.say(format!("Level confirmed: {}.", suggested.label()));
            }
        }
    }

    fn edit_score_row(&mut self, row: ScoreRow) {
        let Some(st) = self.current_state().cloned() else {
            return;
        };
        let competence = st.competence_id.clone();
        match row {
            ScoreRow::Level => {
                if st.suggestion(&self.model).outcome().is_none() {
                    return self.say("Rate every indicator first: there is no suggestion yet.");
                }
                let text = st
                    .level
                    .as_ref()
                    .and_then(|l| l.justification.clone())
                    .unwrap_or_default();
                self.open_editor(Field::Justification { competence }, &text);
            }
            ScoreRow::Reasons => self.open_editor(Field::Reasons { competence }, &st.reasons),
            _ => {}
        }
    }

    pub(crate) fn on_review(&mut self, action: Action) {
        let n = self.work.as_ref().map_or(0, |w| w.states.len());
        match action {
            Action::Up => self.cursor.competence = self.cursor.competence.saturating_sub(1),
            Action::Down => {
                self.cursor.competence = (self.cursor.competence + 1).min(n.saturating_sub(1));
            }
            Action::Open => self.go(Screen::Scoring),
            Action::Back => self.go(Screen::Overview),
            Action::Finalise => self.ask_finalise(),
            _ => {}
        }
    }

    fn ask_finalise(&mut self) {
        if !self.writable() {
            return;
        }
        let states = self
            .work
            .as_ref()
            .map(|w| w.states.clone())
            .unwrap_or_default();
        match ready_to_finalise(&self.model, &states, self.assessor_is_tutor()) {
            Ok(()) => self.overlay = Some(Overlay::Confirm(ConfirmKind::Finalise)),
            Err(e) => self.say(e.to_string()),
        }
    }

    pub(crate) fn finalise(&mut self) {
        let Some(id) = self.work.as_ref().map(|w| w.id.clone()) else {
            return;
        };
        let now = self.now();
        let r = self.backend.finalise(&id, now);
        if self.persisted("The sign-off", r).is_some() {
            if let Some(w) = &mut self.work {
                w.finalised = true;
            }
            self.say("Assessment finalised. It is now read-only.");
        }
    }
}
