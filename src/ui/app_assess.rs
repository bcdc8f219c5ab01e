//! Handlers for the portfolio check and the interview, and what the assessment screens
//! share (competence moves, row moves, the scoring rows). Keys become domain commands
//! (`App::command`); no rule is decided here.
//!
//! Must not touch the terminal.

use super::app::{App, Screen};
use super::editor::Field;
use super::keys::{Action, Context};
use crate::domain::command::Command;
use crate::domain::scales::{CriterionVerdict, Dimension};

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
pub(crate) fn cycle<T: Copy + PartialEq>(all: &[T], current: Option<T>, delta: isize) -> Option<T> {
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
    /// The day the open assessment's currency rule is judged on: today, or the day of
    /// sign-off for a finalised one.
    pub(crate) fn today(&self) -> chrono::NaiveDate {
        let today = self.now().date_naive();
        self.work.as_ref().map_or(today, |w| w.judged_on(today))
    }

    /// The verdict keys as bound now, e.g. "m / p / x".
    pub(crate) fn verdict_keys(&self) -> String {
        [Action::Met, Action::PartlyMet, Action::NotMet]
            .iter()
            .map(|a| self.key(Context::Portfolio, *a))
            .collect::<Vec<_>>()
            .join(" / ")
    }

    pub(crate) fn current_competence_id(&self) -> Option<String> {
        self.current_state().map(|s| s.competence_id.clone())
    }

    pub(crate) fn common(&mut self, action: Action) -> bool {
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

    pub(crate) fn move_row(&mut self, delta: isize, rows: usize) {
        let max = rows.saturating_sub(1) as isize;
        let row = (self.view.row() as isize + delta).clamp(0, max) as usize;
        // Not a resume point of its own: a row move would otherwise cost a synced database
        // write per arrow key, and the row comes back with the next real navigation.
        self.view.set_row(row);
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
        let Some(crit) = criteria.get(self.view.row()).cloned() else {
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
            Action::EditNote => {
                if judged.as_ref().and_then(|j| j.verdict).is_none() {
                    let keys = self.verdict_keys();
                    return self.say(format!("Give this criterion a verdict first ({keys})."));
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
            let cmd = Command::Verdict {
                competence: comp,
                criterion: crit,
                verdict,
                note,
            };
            if self.command(cmd) && self.view.row() + 1 < criteria.len() {
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
        let q = (self.view.question() as isize + delta).clamp(0, n - 1) as usize;
        if q != self.view.question() {
            self.view.set_question(q);
            self.save_resume();
        }
    }

    pub(crate) fn edit_current(&mut self) {
        let Some(comp) = self.current_competence_id() else {
            return;
        };
        let q = self.view.question() as u32;
        let text = self
            .state_of(&comp)
            .map(|c| c.note(q).to_string())
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
            Action::PrevQuestion | Action::Up => self.move_question(-1),
            Action::NextQuestion | Action::Down => self.move_question(1),
            Action::EditNotes => self.edit_current(),
            Action::ToggleDetails => self.details = !self.details,
            _ => {}
        }
    }
}
