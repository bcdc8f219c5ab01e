//! The keys of the tutor's screens: moving through the dossier's parts and rows, opening
//! a row's form or a story's text field, adding and removing records, self-ratings and
//! claims, the request picker, the competence cards. Each change goes through
//! `App::dossier_command` (`app_dossier.rs`); nothing here decides a rule.
//!
//! Must not touch the terminal.

use super::app::{App, Overlay, Screen};
use super::dossier_view::{SelfRow, StoryPart, Tab, self_rows};
use super::editor::{Editor, Field};
use super::form::Form;
use super::keys::Action;
use crate::domain::dossier::Dossier;
use crate::domain::dossier::command::{DossierCommand as C, apply, may_change};
use crate::domain::self_assessment::Rate;

impl App {
    pub(crate) fn on_dossier(&mut self, action: Action) {
        let Some(v) = self.view.dossier() else {
            return;
        };
        let (tab, row, story) = (v.tab, v.row, v.story);
        let Some(d) = self.dossier.clone() else {
            if action == Action::Back {
                self.go(Screen::Candidates);
            }
            return;
        };
        let rows = v.rows(&d, &self.model);
        let self_row = self_rows(&self.model, v.open.as_deref(), &d)
            .get(row)
            .copied();
        match action {
            Action::NextTab | Action::PrevTab => {
                let step = if action == Action::NextTab { 1 } else { -1 };
                if let Some(v) = self.view.dossier_mut() {
                    (v.tab, v.row, v.story) = (tab.step(step), 0, None);
                }
                self.save_resume();
            }
            Action::Up => self.set_dossier_row(row.saturating_sub(1)),
            Action::Down => self.set_dossier_row((row + 1).min(rows.saturating_sub(1))),
            Action::Back if story.is_some() => {
                let back = d.stories.keys().position(|n| Some(*n) == story);
                if let Some(v) = self.view.dossier_mut() {
                    (v.story, v.row) = (None, back.unwrap_or(0));
                }
            }
            Action::Back => self.go(Screen::Candidates),
            Action::Open => match story {
                Some(n) => self.open_story_part(&d, n, row),
                None => self.open_dossier_row(&d, tab, row, self_row),
            },
            Action::Write => match story {
                Some(n) => self.open_story_part(&d, n, row),
                None => self.write_record_text(&d, tab, row),
            },
            Action::Add => self.add_record(&d, tab),
            Action::Remove => self.remove_record(&d, tab, row, self_row),
            Action::RateOne | Action::RateTwo | Action::RateThree | Action::RateFour => {
                let n = match action {
                    Action::RateOne => 1,
                    Action::RateTwo => 2,
                    Action::RateThree => 3,
                    _ => 4,
                };
                self.self_rate(self_row, Rate::from_number(n));
            }
            Action::NotApplicable => self.self_rate(self_row, Some(Rate::NotApplicable)),
            Action::Claim => self.toggle_claim(&d, tab, row, self_row),
            Action::Detailed => self.toggle_indicators(self_row),
            Action::AssignMe => {
                let Some(me) = self.session.as_ref().map(|s| s.staff()) else {
                    return;
                };
                self.dossier_then(
                    C::AssignTutor { tutor: me },
                    "You are this candidate's tutor.",
                );
            }
            Action::HandOver => self.ask_hand_over(),
            Action::RequestAssessment => self.ask_request(),
            Action::WithdrawRequest => self.dossier_then(
                C::WithdrawRequest,
                "The request was withdrawn: the portfolio is open again.",
            ),
            Action::FinishPlan => self.dossier_then(
                C::FinishPlan,
                "The development plan is made: the path is complete.",
            ),
            Action::AdvanceStep | Action::StopPath | Action::ResumePath => self.on_overview(action),
            Action::Cards => {
                let index = match self_row {
                    Some(SelfRow::Competence(i) | SelfRow::Indicator(i, _))
                        if tab == Tab::SelfAssessment =>
                    {
                        i
                    }
                    _ => 0,
                };
                self.go(Screen::Cards);
                if let super::views::View::Cards(c) = &mut self.view {
                    (c.index, c.back) = (index, tab);
                }
            }
            Action::Overview => self.go(Screen::Overview),
            _ => {}
        }
    }

    /// Applies `cmd`, saying `done` when it took effect.
    fn dossier_then(&mut self, cmd: C, done: &str) {
        if self.dossier_command(cmd) {
            self.say(done);
        }
    }

    fn set_dossier_row(&mut self, row: usize) {
        if let Some(v) = self.view.dossier_mut() {
            v.row = row;
        }
    }

    fn open_dossier_row(&mut self, d: &Dossier, tab: Tab, row: usize, self_row: Option<SelfRow>) {
        use super::dossier_forms as forms;
        let form = match tab {
            Tab::Registration => forms::registration_form(d, self.now().date_naive()),
            Tab::SelfAssessment => match self_row {
                Some(SelfRow::Referee(n)) => forms::referee_form(&self.model, d, Some(n)),
                _ => return self.toggle_indicators(self_row),
            },
            Tab::Stories => {
                let Some(n) = d.stories.keys().nth(row).copied() else {
                    return self.add_record(d, tab);
                };
                if let Some(v) = self.view.dossier_mut() {
                    (v.story, v.row) = (Some(n), 0);
                }
                return;
            }
            Tab::Evidence => match d.evidence.keys().nth(row) {
                Some(n) => forms::evidence_form(&self.model, d, Some(*n)),
                None => return self.add_record(d, tab),
            },
            Tab::Readiness => return self.ask_request(),
            Tab::Plan => match d.plan.keys().nth(row) {
                Some(n) => forms::goal_form(&self.model, d, Some(*n)),
                None => return self.add_record(d, tab),
            },
        };
        self.open_dossier_form(d, form);
    }

    /// Opens a form on the dossier once the domain says this person may change it, so
    /// nothing is typed for a refusal (a tutor who handed the candidate on reads).
    fn open_dossier_form(&mut self, d: &Dossier, form: Form) {
        if let Err(e) = may_change(d, &self.actor()) {
            return self.refuse(e);
        }
        self.overlay = Some(Overlay::Form(form));
        self.check_form();
    }

    fn add_record(&mut self, d: &Dossier, tab: Tab) {
        use super::dossier_forms as forms;
        let form = match tab {
            Tab::SelfAssessment => forms::referee_form(&self.model, d, None),
            Tab::Stories => forms::story_form(&self.model, d),
            Tab::Evidence => forms::evidence_form(&self.model, d, None),
            Tab::Plan => forms::goal_form(&self.model, d, None),
            Tab::Registration => forms::registration_form(d, self.now().date_naive()),
            Tab::Readiness => return self.ask_request(),
        };
        self.open_dossier_form(d, form);
    }

    fn remove_record(&mut self, d: &Dossier, tab: Tab, row: usize, self_row: Option<SelfRow>) {
        let nth = |keys: Vec<u32>| keys.get(row).copied();
        let cmd = match (tab, self_row) {
            (Tab::SelfAssessment, Some(SelfRow::Referee(number))) => C::RemoveReferee { number },
            (Tab::Stories, _) => match nth(d.stories.keys().copied().collect()) {
                Some(number) => C::RemoveStory { number },
                None => return,
            },
            (Tab::Evidence, _) => match nth(d.evidence.keys().copied().collect()) {
                Some(number) => C::RemoveEvidence { number },
                None => return,
            },
            (Tab::Plan, _) => match nth(d.plan.keys().copied().collect()) {
                Some(number) => C::RemoveGoal { number },
                None => return,
            },
            _ => return self.say("Nothing here to remove."),
        };
        if self.dossier_command(cmd) {
            self.say("Removed (the audit log keeps what it was).");
            let rows = self
                .view
                .dossier()
                .zip(self.dossier.as_ref())
                .map_or(0, |(v, d)| v.rows(d, &self.model));
            self.set_dossier_row(row.min(rows.saturating_sub(1)));
        }
    }

    fn self_rate(&mut self, row: Option<SelfRow>, rate: Option<Rate>) {
        let Some(rate) = rate else {
            return;
        };
        let comp = |i: usize| self.model.competences.get(i).map(|c| c.id.clone());
        let cmd = match row {
            Some(SelfRow::Competence(i)) => match comp(i) {
                Some(competence) => C::QuickRate { competence, rate },
                None => return,
            },
            Some(SelfRow::Indicator(i, j)) => {
                let Some(c) = self.model.competences.get(i) else {
                    return;
                };
                let Some(ind) = c.indicators.get(j) else {
                    return;
                };
                C::DetailRate {
                    competence: c.id.clone(),
                    indicator: ind.id.clone(),
                    rate,
                }
            }
            _ => {
                return self
                    .say("Ratings go on the self-assessment, on a competence or indicator.");
            }
        };
        if self.dossier_command(cmd)
            && let Some(SelfRow::Indicator(..)) = row
        {
            // The next indicator is the next thing to rate.
            let row = self.view.dossier().map_or(0, |v| v.row);
            let rows = self
                .view
                .dossier()
                .zip(self.dossier.as_ref())
                .map_or(0, |(v, d)| v.rows(d, &self.model));
            self.set_dossier_row((row + 1).min(rows.saturating_sub(1)));
        }
    }

    fn toggle_claim(&mut self, d: &Dossier, tab: Tab, row: usize, self_row: Option<SelfRow>) {
        let competence = match (tab, self_row) {
            (Tab::SelfAssessment, Some(SelfRow::Competence(i) | SelfRow::Indicator(i, _))) => {
                self.model.competences.get(i).map(|c| c.id.clone())
            }
            (Tab::Readiness, _) => d.claimed.get(row).cloned(),
            _ => None,
        };
        let Some(competence) = competence else {
            return self.say("Claims are made on the self-assessment, on a competence.");
        };
        let claimed = d.claimed.contains(&competence);
        let code = self
            .model
            .competence(&competence)
            .map_or(competence.clone(), |c| c.code.clone());
        let cmd = match claimed {
            true => C::Withdraw { competence },
            false => C::Claim { competence },
        };
        if self.dossier_command(cmd) {
            self.say(match claimed {
                true => format!("{code} is no longer claimed."),
                false => format!("{code} is claimed."),
            });
        }
    }

    fn toggle_indicators(&mut self, row: Option<SelfRow>) {
        let Some(SelfRow::Competence(i) | SelfRow::Indicator(i, _)) = row else {
            return;
        };
        let id = self.model.competences.get(i).map(|c| c.id.clone());
        if let Some(v) = self.view.dossier_mut() {
            v.open = if v.open == id { None } else { id };
            // Indicators open under their competence, so its row is its place in the model.
            v.row = i;
        }
    }

    fn open_story_part(&mut self, d: &Dossier, number: u32, row: usize) {
        let (Some(story), Some(part)) = (d.stories.get(&number), StoryPart::ALL.get(row)) else {
            return;
        };
        let trial = C::SaveStory {
            number: Some(number),
            story: story.clone(),
        };
        let text = part.text(story, &self.model);
        let field = Field::Story {
            number,
            part: *part,
        };
        self.open_text_field(d, &trial, field, &text);
    }

    /// `e` on an evidence item or a goal: its long text in a field saved like notes.
    fn write_record_text(&mut self, d: &Dossier, tab: Tab, row: usize) {
        let (field, text, trial) = match tab {
            Tab::Evidence => match d.evidence.iter().nth(row) {
                Some((n, e)) => (
                    Field::Description { number: *n },
                    e.description.clone(),
                    C::SaveEvidence {
                        number: Some(*n),
                        evidence: e.clone(),
                    },
                ),
                None => return self.say("No item yet: add one first."),
            },
            Tab::Plan => match d.plan.iter().nth(row) {
                Some((n, g)) => (
                    Field::Actions { number: *n },
                    g.actions.clone(),
                    C::SaveGoal {
                        number: Some(*n),
                        goal: g.clone(),
                    },
                ),
                None => return self.say("No goal yet: add one first."),
            },
            Tab::Stories => return self.open_dossier_row(d, tab, row, None),
            _ => return self.say("Long texts are written on stories, evidence items and goals."),
        };
        self.open_text_field(d, &trial, field, &text);
    }

    /// Opens `field` holding `text` for typing, if the domain takes `trial` (the record
    /// saved as it stands): nothing is typed in vain into a closed portfolio or a stopped
    /// path.
    fn open_text_field(&mut self, d: &Dossier, trial: &C, field: Field, text: &str) {
        if self.store.read_only() {
            let msg = self.read_only_message();
            return self.say(msg);
        }
        if let Err(e) = apply(
            d,
            trial,
            &self.model,
            &self.actor(),
            self.now().date_naive(),
        ) {
            return self.refuse(e);
        }
        self.view.set_editor(Some(Editor::new(field, text)));
    }

    /// Writes an item's description or a goal's actions (from its text field).
    pub(crate) fn save_record_text(&mut self, field: &Field, number: u32, text: &str) -> bool {
        let Some(d) = self.dossier.as_ref() else {
            return false;
        };
        let text = text.trim_end().to_string();
        let cmd = match field {
            Field::Description { .. } => match d.evidence.get(&number) {
                Some(e) => C::SaveEvidence {
                    number: Some(number),
                    evidence: crate::domain::dossier::Evidence {
                        description: text,
                        ..e.clone()
                    },
                },
                None => return false,
            },
            Field::Actions { .. } => match d.plan.get(&number) {
                Some(g) => C::SaveGoal {
                    number: Some(number),
                    goal: crate::domain::dossier::Goal {
                        actions: text,
                        ..g.clone()
                    },
                },
                None => return false,
            },
            _ => return false,
        };
        self.dossier_command(cmd)
    }

    /// Writes one part of a story (from its text field). True on success.
    pub(crate) fn save_story_part(&mut self, number: u32, part: StoryPart, text: &str) -> bool {
        let Some(mut story) = self
            .dossier
            .as_ref()
            .and_then(|d| d.stories.get(&number).cloned())
        else {
            return false;
        };
        let ids = match part {
            StoryPart::Competences => match self.codes_to_ids(text) {
                Ok(ids) => ids,
                Err(e) => {
                    self.say(e);
                    return false;
                }
            },
            _ => Vec::new(),
        };
        part.set(&mut story, text.trim_end().to_string(), ids);
        self.dossier_command(C::SaveStory {
            number: Some(number),
            story,
        })
    }

    /// Competence codes as typed ("C01 C08", commas or spaces) into model ids.
    pub(crate) fn codes_to_ids(&self, text: &str) -> Result<Vec<String>, String> {
        self.competence_codes(&text.replace('\n', " "))
    }

    /// `r`: whom to hand the candidate to; the domain is asked first, so nobody is picked
    /// for a request it would refuse.
    fn ask_request(&mut self) {
        let Some(d) = self.dossier.as_ref() else {
            return;
        };
        let trial = C::RequestAssessment { assessor: None };
        let (actor, today) = (self.actor(), self.now().date_naive());
        if let Err(e) = apply(d, &trial, &self.model, &actor, today) {
            return self.refuse(e);
        }
        let centre = d.centre_id.clone();
        match super::queries::assessors(&self.store, &centre) {
            Ok(mut assessors) => {
                // Only those the domain would accept (not the candidate's own tutor).
                assessors.retain(|a| {
                    let cmd = C::RequestAssessment {
                        assessor: Some(a.clone()),
                    };
                    apply(d, &cmd, &self.model, &actor, today).is_ok()
                });
                self.overlay = Some(Overlay::PickAssessor {
                    assessors,
                    cursor: 0,
                })
            }
            Err(e) => self.say(format!("Could not read the centre's assessors: {e}")),
        }
    }

    pub(crate) fn on_pick_assessor(&mut self, action: Action) {
        let Some(Overlay::PickAssessor { assessors, cursor }) = &mut self.overlay else {
            return;
        };
        // Row 0 is the centre's queue.
        let n = assessors.len() + 1;
        match action {
            Action::Up => *cursor = cursor.saturating_sub(1),
            Action::Down => *cursor = (*cursor + 1).min(n - 1),
            Action::Select => {
                let chosen = cursor
                    .checked_sub(1)
                    .and_then(|i| assessors.get(i).cloned());
                self.overlay = None;
                let whom = chosen.as_ref().map(|a| a.name.clone());
                if self.dossier_command(C::RequestAssessment { assessor: chosen }) {
                    self.request_to = whom.clone();
                    let whom = whom.unwrap_or_else(|| "the centre's queue".to_string());
                    self.say(format!("Assessment requested: handed to {whom}."));
                }
            }
            Action::Close | Action::Back => self.overlay = None,
            _ => {}
        }
    }

    pub(crate) fn on_cards(&mut self, action: Action) {
        let n = self.model.competences.len().max(1);
        if action == Action::Back {
            let tab = match &self.view {
                super::views::View::Cards(c) => c.back,
                _ => Tab::default(),
            };
            if self.dossier.is_none() {
                return self.go(Screen::Candidates);
            }
            self.go(Screen::Dossier);
            if let Some(v) = self.view.dossier_mut() {
                v.tab = tab;
            }
            return;
        }
        let super::views::View::Cards(c) = &mut self.view else {
            return;
        };
        match action {
            Action::NextCompetence => (c.index, c.scroll) = ((c.index + 1) % n, 0),
            Action::PrevCompetence => (c.index, c.scroll) = ((c.index + n - 1) % n, 0),
            Action::Up => c.scroll = c.scroll.saturating_sub(1),
            Action::Down => c.scroll = c.scroll.saturating_add(1),
            Action::PageUp => c.scroll = c.scroll.saturating_sub(10),
            Action::PageDown => c.scroll = c.scroll.saturating_add(10),
            _ => {}
        }
    }
}
