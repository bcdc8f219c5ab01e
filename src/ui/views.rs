//! What each screen owns: its cursor, its pending choice, its open text field. The app
//! holds one `View` at a time, so leaving a screen drops its state (a half-picked override
//! cannot leak onto another competence) and nothing else can reach into it.
//!
//! Pure view state: no database, no rules, no terminal.

use super::app::Screen;
use super::data::{CandidateQuery, CandidateRowVm};
pub use super::dossier_view::{CardsView, DossierView};
use super::editor::Editor;
use super::form::Form;
use crate::domain::scoring::Outcome;

/// The candidate list: the query, the cursor (absolute row) and the loaded page, which
/// starts at row `offset` (a whole page: at the end it is the last `rows.len()` rows).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListView {
    pub query: CandidateQuery,
    /// Typing goes into the name filter.
    pub filtering: bool,
    pub cursor: usize,
    pub offset: usize,
    pub total: usize,
    /// False when a filtered list was counted only up to a cap: `total` is a lower bound.
    pub total_exact: bool,
    pub rows: Vec<CandidateRowVm>,
    /// What is next for each row, in the tutor's view (empty otherwise).
    pub next: Vec<String>,
}

impl ListView {
    /// The count as the title shows it: "1000+" when counting stopped at the cap.
    pub fn total_label(&self) -> String {
        if self.total_exact {
            self.total.to_string()
        } else {
            format!("{}+", self.total)
        }
    }
}

/// The portfolio check: the criterion under the cursor and its note, when being written.
#[derive(Debug, Default)]
pub struct PortfolioView {
    pub row: usize,
    pub editor: Option<Editor>,
}

/// The interview: the question under the cursor and its notes, when being written.
#[derive(Debug, Default)]
pub struct InterviewView {
    pub question: usize,
    pub editor: Option<Editor>,
}

/// Scoring: the row under the cursor, a level picked but not yet justified, and the
/// justification or reasons being written.
#[derive(Debug, Default)]
pub struct ScoringView {
    pub row: usize,
    /// A level that differs from the suggestion and still waits for its justification.
    pub pending_choice: Option<Outcome>,
    pub editor: Option<Editor>,
}

#[derive(Debug)]
pub enum View {
    FirstRun(Form),
    Candidates(ListView),
    /// Overview and review move through the claimed competences (`App::competence`).
    Overview,
    Portfolio(PortfolioView),
    Interview(InterviewView),
    Scoring(ScoringView),
    Review,
    Dossier(DossierView),
    Cards(CardsView),
}

impl View {
    /// A fresh view of `screen`; the candidate list comes back as it was left.
    pub fn open(screen: Screen, list: ListView) -> View {
        match screen {
            Screen::FirstRun => View::FirstRun(Form::first_run()),
            Screen::Candidates => View::Candidates(list),
            Screen::Overview => View::Overview,
            Screen::Portfolio => View::Portfolio(PortfolioView::default()),
            Screen::Interview => View::Interview(InterviewView::default()),
            Screen::Scoring => View::Scoring(ScoringView::default()),
            Screen::Review => View::Review,
            Screen::Dossier => View::Dossier(DossierView::default()),
            Screen::Cards => View::Cards(CardsView::default()),
        }
    }

    pub fn screen(&self) -> Screen {
        match self {
            View::FirstRun(_) => Screen::FirstRun,
            View::Candidates(_) => Screen::Candidates,
            View::Overview => Screen::Overview,
            View::Portfolio(_) => Screen::Portfolio,
            View::Interview(_) => Screen::Interview,
            View::Scoring(_) => Screen::Scoring,
            View::Review => Screen::Review,
            View::Dossier(_) => Screen::Dossier,
            View::Cards(_) => Screen::Cards,
        }
    }

    /// The row under the cursor on the portfolio and scoring screens (0 elsewhere).
    pub fn row(&self) -> usize {
        match self {
            View::Portfolio(v) => v.row,
            View::Scoring(v) => v.row,
            _ => 0,
        }
    }

    pub fn set_row(&mut self, row: usize) {
        match self {
            View::Portfolio(v) => v.row = row,
            View::Scoring(v) => v.row = row,
            _ => {}
        }
    }

    /// The interview question under the cursor (0 elsewhere).
    pub fn question(&self) -> usize {
        match self {
            View::Interview(v) => v.question,
            _ => 0,
        }
    }

    pub fn set_question(&mut self, q: usize) {
        if let View::Interview(v) = self {
            v.question = q;
        }
    }

    pub fn pending_choice(&self) -> Option<Outcome> {
        match self {
            View::Scoring(v) => v.pending_choice,
            _ => None,
        }
    }

    pub fn set_pending_choice(&mut self, choice: Option<Outcome>) {
        if let View::Scoring(v) = self {
            v.pending_choice = choice;
        }
    }

    /// The text field being written on this screen, if any.
    pub fn editor(&self) -> Option<&Editor> {
        match self {
            View::Portfolio(v) => v.editor.as_ref(),
            View::Interview(v) => v.editor.as_ref(),
            View::Scoring(v) => v.editor.as_ref(),
            View::Dossier(v) => v.editor.as_ref(),
            _ => None,
        }
    }

    pub fn editor_mut(&mut self) -> Option<&mut Editor> {
        match self {
            View::Portfolio(v) => v.editor.as_mut(),
            View::Interview(v) => v.editor.as_mut(),
            View::Scoring(v) => v.editor.as_mut(),
            View::Dossier(v) => v.editor.as_mut(),
            _ => None,
        }
    }

    /// Opens (`Some`) or closes (`None`) the screen's text field; screens without one
    /// ignore it.
    pub fn set_editor(&mut self, editor: Option<Editor>) {
        match self {
            View::Portfolio(v) => v.editor = editor,
            View::Interview(v) => v.editor = editor,
            View::Scoring(v) => v.editor = editor,
            View::Dossier(v) => v.editor = editor,
            _ => {}
        }
    }

    pub fn list(&self) -> Option<&ListView> {
        match self {
            View::Candidates(l) => Some(l),
            _ => None,
        }
    }

    pub fn list_mut(&mut self) -> Option<&mut ListView> {
        match self {
            View::Candidates(l) => Some(l),
            _ => None,
        }
    }

    pub fn dossier(&self) -> Option<&DossierView> {
        match self {
            View::Dossier(v) => Some(v),
            _ => None,
        }
    }

    pub fn dossier_mut(&mut self) -> Option<&mut DossierView> {
        match self {
            View::Dossier(v) => Some(v),
            _ => None,
        }
    }

    pub fn first_run_form(&mut self) -> Option<&mut Form> {
        match self {
            View::FirstRun(f) => Some(f),
            _ => None,
        }
    }
}
