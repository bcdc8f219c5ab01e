//! What the tutor's screens own: the part of the dossier shown, the row under the cursor,
//! the competence whose indicators are open, the story open in the STARRTT form and its
//! text field; and the competence card being read. The rows of each part are listed here
//! once, so the handler and the renderer agree on what row N is.
//!
//! Pure view state: no database, no rules, no terminal.

use super::editor::Editor;
use crate::domain::dossier::{Dossier, Story};
use crate::domain::model::Model;

/// The parts of the dossier, in the order of the path (DOMAIN.md §3.3 steps 1–3 and 5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Registration,
    SelfAssessment,
    Stories,
    Evidence,
    Readiness,
    Plan,
}

impl Tab {
    pub const ALL: [Tab; 6] = [
        Tab::Registration,
        Tab::SelfAssessment,
        Tab::Stories,
        Tab::Evidence,
        Tab::Readiness,
        Tab::Plan,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Tab::Registration => "Registration",
            Tab::SelfAssessment => "Self-assessment",
            Tab::Stories => "Stories",
            Tab::Evidence => "Evidence",
            Tab::Readiness => "Ready?",
            Tab::Plan => "Plan",
        }
    }

    fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    pub fn step(self, delta: isize) -> Tab {
        let n = Tab::ALL.len() as isize;
        Tab::ALL[(self.index() as isize + delta).rem_euclid(n) as usize]
    }
}

/// A row of the self-assessment: a competence, one of its indicators when open, or a
/// referee (360°).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SelfRow {
    Competence(usize),
    Indicator(usize, usize),
    Referee(u32),
}

/// The self-assessment's rows: every competence of the model, with the indicators of the
/// open one under it, then the referees.
pub fn self_rows(model: &Model, open: Option<&str>, d: &Dossier) -> Vec<SelfRow> {
    let mut rows = Vec::new();
    for (i, c) in model.competences.iter().enumerate() {
        rows.push(SelfRow::Competence(i));
        if open == Some(c.id.as_str()) {
            rows.extend((0..c.indicators.len()).map(|j| SelfRow::Indicator(i, j)));
        }
    }
    rows.extend(d.referees.keys().map(|n| SelfRow::Referee(*n)));
    rows
}

/// The parts of a STARRTT story (DOMAIN.md §6.1), each edited as a text field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoryPart {
    Title,
    Competences,
    Situation,
    Task,
    Activities,
    Result,
    Reflection,
    Transfer,
    CounterExample,
}

impl StoryPart {
    pub const ALL: [StoryPart; 9] = [
        StoryPart::Title,
        StoryPart::Competences,
        StoryPart::Situation,
        StoryPart::Task,
        StoryPart::Activities,
        StoryPart::Result,
        StoryPart::Reflection,
        StoryPart::Transfer,
        StoryPart::CounterExample,
    ];

    pub fn label(self) -> &'static str {
        match self {
            StoryPart::Title => "Title",
            StoryPart::Competences => "Competences",
            StoryPart::Situation => "Situation",
            StoryPart::Task => "Task",
            StoryPart::Activities => "Activities",
            StoryPart::Result => "Result",
            StoryPart::Reflection => "Reflection",
            StoryPart::Transfer => "Transfer",
            StoryPart::CounterExample => "Counter-example",
        }
    }

    /// What the part asks, from the LEVER STARRTT form.
    pub fn prompt(self) -> &'static str {
        match self {
            StoryPart::Title => "the experience, in a few words",
            StoryPart::Competences => "the competences it shows: codes, e.g. C01 C08",
            StoryPart::Situation => "the occasion and its goal",
            StoryPart::Task => "the exact task and your own role; was it complex?",
            StoryPart::Activities => "what you personally did",
            StoryPart::Result => "what came of it",
            StoryPart::Reflection => "how others received the result",
            StoryPart::Transfer => "what you learnt; what you would repeat or change",
            StoryPart::CounterExample => "a similar situation that went less well (optional)",
        }
    }

    /// The part's text; competences as their codes.
    pub fn text(self, s: &Story, model: &Model) -> String {
        match self {
            StoryPart::Title => s.title.clone(),
            StoryPart::Competences => codes(model, &s.competences),
            StoryPart::Situation => s.situation.clone(),
            StoryPart::Task => s.task.clone(),
            StoryPart::Activities => s.activities.clone(),
            StoryPart::Result => s.result.clone(),
            StoryPart::Reflection => s.reflection.clone(),
            StoryPart::Transfer => s.transfer.clone(),
            StoryPart::CounterExample => s.counter_example.clone(),
        }
    }

    /// `s` with this part set to `text` (competences already turned into ids).
    pub fn set(self, s: &mut Story, text: String, ids: Vec<String>) {
        let slot = match self {
            StoryPart::Competences => {
                s.competences = ids;
                return;
            }
            StoryPart::Title => &mut s.title,
            StoryPart::Situation => &mut s.situation,
            StoryPart::Task => &mut s.task,
            StoryPart::Activities => &mut s.activities,
            StoryPart::Result => &mut s.result,
            StoryPart::Reflection => &mut s.reflection,
            StoryPart::Transfer => &mut s.transfer,
            StoryPart::CounterExample => &mut s.counter_example,
        };
        *slot = text;
    }
}

/// Competence ids as the codes people type ("C01 C08").
pub fn codes(model: &Model, ids: &[String]) -> String {
    ids.iter()
        .map(|id| model.competence(id).map_or(id.clone(), |c| c.code.clone()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The tutor's screen of one candidate.
#[derive(Debug, Default)]
pub struct DossierView {
    pub tab: Tab,
    pub row: usize,
    /// The competence whose indicators are open (detailed self-assessment).
    pub open: Option<String>,
    /// The story open in the STARRTT form; `row` is then its part.
    pub story: Option<u32>,
    pub editor: Option<Editor>,
}

impl DossierView {
    /// How many rows the part shown has, so the cursor stays on one.
    pub fn rows(&self, d: &Dossier, model: &Model) -> usize {
        if self.story.is_some() {
            return StoryPart::ALL.len();
        }
        match self.tab {
            Tab::Registration => 1,
            Tab::SelfAssessment => self_rows(model, self.open.as_deref(), d).len(),
            Tab::Stories => d.stories.len(),
            Tab::Evidence => d.evidence.len(),
            Tab::Readiness => d.claimed.len(),
            Tab::Plan => d.plan.len(),
        }
    }

    /// The record number under the cursor in a numbered part.
    pub fn number<T>(&self, records: &std::collections::BTreeMap<u32, T>) -> Option<u32> {
        records.keys().nth(self.row).copied()
    }
}

/// The competence cards: which one is read, and how far it is scrolled.
#[derive(Debug, Default)]
pub struct CardsView {
    pub index: usize,
    pub scroll: u16,
    /// The part of the dossier the cards were opened from, to go back to.
    pub back: Tab,
}
