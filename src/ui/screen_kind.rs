//! Which screen is shown and the key context it answers to; where "now" comes from.
//! Plain values, no state.

use chrono::{DateTime, Utc};
use std::cell::Cell;
use std::rc::Rc;

use super::keys::Context;

/// Where "now" comes from: the system clock, or a fixed one tests can move.
#[derive(Debug, Clone)]
pub enum Clock {
    System,
    Fixed(Rc<Cell<DateTime<Utc>>>),
}

impl Clock {
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(t) => t.get(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    FirstRun,
    Candidates,
    Overview,
    Portfolio,
    Interview,
    Scoring,
    Review,
    /// The tutor's side of one candidate.
    Dossier,
    /// The competence cards.
    Cards,
}

impl Screen {
    pub fn code(self) -> &'static str {
        match self {
            Screen::FirstRun => "first-run",
            Screen::Candidates => "candidates",
            Screen::Overview => "overview",
            Screen::Portfolio => "portfolio",
            Screen::Interview => "interview",
            Screen::Scoring => "scoring",
            Screen::Review => "review",
            Screen::Dossier => "dossier",
            Screen::Cards => "cards",
        }
    }

    pub fn from_code(s: &str) -> Option<Screen> {
        [
            Screen::FirstRun,
            Screen::Candidates,
            Screen::Overview,
            Screen::Portfolio,
            Screen::Interview,
            Screen::Scoring,
            Screen::Review,
            Screen::Dossier,
            Screen::Cards,
        ]
        .into_iter()
        .find(|x| x.code() == s)
    }

    pub fn context(self) -> Context {
        match self {
            Screen::FirstRun => Context::Form,
            Screen::Candidates => Context::Candidates,
            Screen::Overview => Context::Overview,
            Screen::Portfolio => Context::Portfolio,
            Screen::Interview => Context::Interview,
            Screen::Scoring => Context::Scoring,
            Screen::Review => Context::Review,
            Screen::Dossier => Context::Dossier,
            Screen::Cards => Context::Cards,
        }
    }
}
