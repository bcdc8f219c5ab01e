//! Handlers for scoring and for review and sign-off: keys become domain commands
//! (`App::command`); no rule is decided here.
//!
//! Must not touch the terminal.

use super::app::{App, ConfirmKind, Overlay, Screen};
use super::app_assess::{ScoreRow, cycle, score_rows};
use super::editor::Field;
use super::keys::{Action, Context};
use crate::domain::assessment::CompetenceState;
use crate::domain::command::{Command, ready_to_finalise};
use crate::domain::decision;
use crate::domain::scales::{Complexity, Decision, Dimension, IndicatorRating};
use crate::domain::scoring::Outcome;

impl App {
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
            Action::Decrease => -1,
            Action::Increase => 1,
            Action::ConfirmLevel => return self.confirm_suggestion(),
            Action::OverrideLevel => return self.start_override(&st),
            Action::Reasons => return self.edit_score_row(ScoreRow::Reasons),
            Action::Decision => return self.cycle_decision(&st, 1),
            Action::NotShown => return self.rate_focused(&st, IndicatorRating::NotShown),
            Action::Basic => return self.rate_focused(&st, IndicatorRating::Basic),
            Action::Accomplished => return self.rate_focused(&st, IndicatorRating::Accomplished),
            Action::Expert => return self.rate_focused(&st, IndicatorRating::Expert),
            Action::NotApplicable => return self.rate_focused(&st, IndicatorRating::NotApplicable),
            _ => return,
        };
        if !self.writable() {
            return;
        }
        let comp = st.competence_id.clone();
        match rows.get(self.view.row()).copied() {
            Some(ScoreRow::Indicator(i)) => {
                let current = st.ratings.get(i).copied().flatten();
                if let Some(rating) = cycle(IndicatorRating::ALL, current, delta) {
                    self.command(Command::Rate {
                        competence: comp,
                        indicator: i,
                        rating,
                    });
                }
            }
            Some(ScoreRow::Level) => {
                let current = self
                    .view
                    .pending_choice()
                    .or(st.level.as_ref().map(|l| l.chosen));
                self.view
                    .set_pending_choice(cycle(&Outcome::ALL, current, delta));
                let suggested = st.suggestion(&self.model).outcome();
                if self.view.pending_choice().is_some() && self.view.pending_choice() == suggested {
                    let key = self.key(Context::Scoring, Action::ConfirmLevel);
                    self.say(format!(
                        "This is the suggestion: press {key} to confirm it."
                    ));
                } else if self.view.pending_choice().is_some() {
                    let key = self.key(Context::Scoring, Action::OverrideLevel);
                    self.say(format!(
                        "An override needs a justification: press {key} to write it."
                    ));
                }
            }
            Some(ScoreRow::Dim(dimension)) => {
                let cx = &st.complexity;
                let current = match dimension {
                    Dimension::Context => cx.context,
                    Dimension::Task => cx.task,
                    Dimension::Autonomy => cx.autonomy,
                };
                self.command(Command::Complexity {
                    competence: comp,
                    dimension,
                    value: cycle(Complexity::ALL, current, delta),
                });
            }
            Some(ScoreRow::Decision) => self.cycle_decision(&st, delta),
            Some(ScoreRow::Reasons) | None => {}
        }
    }

    /// Cycles the decision through those the domain allows now, so a failed portfolio
    /// check leads to Not validated instead of stopping at a refused Validated.
    fn cycle_decision(&mut self, st: &CompetenceState, delta: isize) {
        if !self.writable() {
            return;
        }
        let facts = st.facts(&self.model, self.today(), self.assessor_is_tutor());
        let allowed = decision::allowed(&facts);
        let Some(wanted) = cycle(&allowed, Some(st.decision), delta) else {
            return self.say(format!("{}.", crate::domain::DomainError::AssessorIsTutor));
        };
        if self.command(Command::Decide {
            competence: st.competence_id.clone(),
            decision: wanted,
        }) && let Some(why) = decision::validation_blocker(&facts)
        {
            // Say why Validated was left out of the cycle.
            self.say(format!(
                "Decision: {wanted}. Validated is not possible: {why}."
            ));
        }
    }

    /// Rates the indicator under the cursor (the digit keys).
    fn rate_focused(&mut self, st: &CompetenceState, rating: IndicatorRating) {
        let rows = score_rows(st.ratings.len());
        let Some(ScoreRow::Indicator(i)) = rows.get(self.view.row()).copied() else {
            return self.say("Move to an indicator to rate it.");
        };
        if self.writable()
            && self.command(Command::Rate {
                competence: st.competence_id.clone(),
                indicator: i,
                rating,
            })
            && i + 1 < st.ratings.len()
        {
            // Next indicator: rating runs down the list like a paper form.
            self.move_row(1, rows.len());
        }
    }

    /// Override: pick the next level after the current one and write the justification.
    fn start_override(&mut self, st: &CompetenceState) {
        let Some(suggested) = st.suggestion(&self.model).outcome() else {
            return self.say("Rate every indicator first: there is no suggestion yet.");
        };
        if !self.writable() {
            return;
        }
        if self.view.pending_choice().is_none() {
            let current = st.level.as_ref().map_or(suggested, |l| l.chosen);
            let next = cycle(&Outcome::ALL, Some(current), 1);
            let choice = next
                .filter(|o| *o != suggested)
                .or(cycle(&Outcome::ALL, next, 1));
            self.view.set_pending_choice(choice);
        }
        if let Some(row) = score_rows(st.ratings.len())
            .iter()
            .position(|r| *r == ScoreRow::Level)
        {
            self.view.set_row(row);
        }
        self.edit_score_row(ScoreRow::Level);
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
        self.view.set_pending_choice(None);
        let status = self.status.clone();
        if self.command(Command::ChooseLevel {
            competence: st.competence_id.clone(),
            chosen: suggested,
            justification: String::new(),
        }) && self.status == status
        {
            self.say(format!("Level confirmed: {}.", suggested.label()));
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
        let n = self.work.as_ref().map_or(0, |w| w.competences.len());
        match action {
            Action::Up => self.competence = self.competence.saturating_sub(1),
            Action::Down => {
                self.competence = (self.competence + 1).min(n.saturating_sub(1));
            }
            Action::Open => self.go(Screen::Scoring),
            Action::Back => self.go(Screen::Overview),
            Action::Finalise => self.ask_finalise(),
            Action::IssueRecords => self.ask_issue_records(),
            Action::Portfolio => self.go(Screen::Portfolio),
            Action::Interview => self.go(Screen::Interview),
            Action::Scoring => self.go(Screen::Scoring),
            _ => {}
        }
    }

    fn ask_finalise(&mut self) {
        if !self.writable() {
            return;
        }
        let Some(work) = &self.work else {
            return;
        };
        match ready_to_finalise(&self.model, work, self.today()) {
            Ok(()) => self.overlay = Some(Overlay::Confirm(ConfirmKind::Finalise)),
            Err(e) => self.refuse(e),
        }
    }

    pub(crate) fn finalise(&mut self) {
        if self.command(Command::Finalise) {
            // Finalising may have moved the candidate on (to Looking ahead): show it.
            if let Some(id) = self.candidate.as_ref().map(|c| c.id.clone()) {
                self.load_candidate(&id);
            }
            // Unsigned when this machine has no centre key; `db check` counts those.
            match self.store().seal_key_id() {
                Some(key) => self.say(format!(
                    "Assessment finalised and signed with the centre's key {}…. It is now \
                     read-only.",
                    key.chars().take(8).collect::<String>()
                )),
                None => self.say("Assessment finalised. It is now read-only."),
            }
            if self.any_validated() {
                self.overlay = Some(Overlay::Confirm(ConfirmKind::IssueRecords));
            }
        }
    }

    fn any_validated(&self) -> bool {
        self.work.as_ref().is_some_and(|w| {
            w.competences
                .iter()
                .any(|s| s.decision == Decision::Validated)
        })
    }

    /// `b` on review: only a finalised assessment with a validated competence has records.
    fn ask_issue_records(&mut self) {
        match &self.work {
            Some(w) if w.finalised && self.any_validated() => {
                self.overlay = Some(Overlay::Confirm(ConfirmKind::IssueRecords));
            }
            Some(w) if w.finalised => self.say("No competence was validated: nothing to issue."),
            _ => self.say("Finalise the assessment first; records are issued after sign-off."),
        }
    }

    /// Writes the certificate and badges; a missing key or issuer profile is said plainly.
    pub(crate) fn issue_records(&mut self) {
        let Some(id) = self.work.as_ref().map(|w| w.id.clone()) else {
            return;
        };
        // In a box as well as on the status line: paths and commands are too long for it.
        let actor = self.actor();
        let issued = match self.issue_hook.as_mut() {
            Some(issue) => issue(&mut self.store, &id, &actor),
            None => {
                Err("issuing is not available here: run `leverup export badges --out DIR`".into())
            }
        };
        let text = match issued {
            Ok(r) => {
                // Issuing moved the candidate on to Certification: show it.
                if let Some(c) = self.candidate.as_ref().map(|c| c.id.clone()) {
                    self.load_candidate(&c);
                }
                let badges = if r.credentials == 1 {
                    "badge"
                } else {
                    "badges"
                };
                format!(
                    "Issued {} {badges} and the certificate in {}",
                    r.credentials, r.dir
                )
            }
            Err(e) => format!("Records not issued: {e}"),
        };
        self.overlay = Some(Overlay::Notice(text.clone()));
        self.say(text);
    }
}
