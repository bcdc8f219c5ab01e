//! Hand-built assessments for the scenarios: a candidate with chosen evidence, started by
//! Anna on 24 November 2026, and the commands a scenario gives, applied the way the store
//! would commit them.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use leverup::domain::DomainError;
use leverup::domain::assessment::{AssessmentState, CompetenceState};
use leverup::domain::changes::ChangeSet;
use leverup::domain::command::{self, Command};
use leverup::domain::decision::DecisionFacts;
use leverup::domain::invariants;
use leverup::domain::model::Model;
use leverup::domain::path_rules::{self, CandidateFacts};
use leverup::domain::portfolio::EvidenceFacts;
use leverup::domain::process::{CandidatePath, PathStatus, Step};
use leverup::domain::scales::{
    Complexity, CriterionVerdict, Decision, Dimension, IndicatorRating, OutcomeLevel,
};
use leverup::domain::scoring::Outcome;

use super::{ASSESSOR, TUTOR};

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0)
        .single()
        .expect("time")
}

pub fn today() -> NaiveDate {
    now().date_naive()
}

pub fn item(kind: &str, y: i32, m: u32, d: u32) -> EvidenceFacts {
    EvidenceFacts {
        kind: kind.into(),
        dated: NaiveDate::from_ymd_opt(y, m, d),
    }
}

/// Two recent items of two kinds: enough for every countable criterion.
pub fn enough() -> Vec<EvidenceFacts> {
    vec![item("statement", 2025, 3, 1), item("product", 2026, 6, 1)]
}

/// A candidate at Documentation, tutored by Tess, with `evidence` per competence.
pub fn candidate(evidence: &[(&str, Vec<EvidenceFacts>)]) -> CandidateFacts {
    CandidateFacts {
        id: "cand-1".into(),
        consent: true,
        dossier_revision: 1,
        // The tutor handed the candidate to the centre's queue.
        request: Some(leverup::domain::dossier::Request {
            assessor_id: None,
            requested_on: chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap(),
        }),
        tutor_id: Some(TUTOR.into()),
        path: CandidatePath {
            step: Step::Documentation,
            status: PathStatus::Active,
        },
        claimed: evidence.iter().map(|(c, _)| c.to_string()).collect(),
        evidence: evidence
            .iter()
            .flat_map(|(c, items)| items.iter().map(|e| (c.to_string(), e.clone())))
            .collect(),
        open_assessment: false,
    }
}

/// A candidate with one piece of evidence for `c`.
pub fn one_item(c: &str, kind: &str, y: i32, m: u32, d: u32) -> CandidateFacts {
    candidate(&[(c, vec![item(kind, y, m, d)])])
}

pub fn verdict(c: &str, criterion: &str, v: CriterionVerdict) -> Command {
    Command::Verdict {
        competence: c.into(),
        criterion: criterion.into(),
        verdict: v,
        note: String::new(),
    }
}

pub fn rate(c: &str, indicator: usize, rating: IndicatorRating) -> Command {
    Command::Rate {
        competence: c.into(),
        indicator,
        rating,
    }
}

pub fn time(c: &str, seconds: i64) -> Command {
    Command::AddInterviewTime {
        competence: c.into(),
        seconds,
    }
}

pub fn note(c: &str, text: &str) -> Command {
    Command::Note {
        competence: c.into(),
        question: 0,
        text: text.into(),
    }
}

pub fn decide(c: &str, d: Decision) -> Command {
    Command::Decide {
        competence: c.into(),
        decision: d,
    }
}

pub fn reassign(to: &str, to_name: &str, reason: &str) -> Command {
    Command::Reassign {
        to: leverup::domain::people::Staff {
            name: to_name.into(),
            ..super::staff(to)
        },
        reason: reason.into(),
    }
}

/// An assessment under way in a scenario: each accepted command moves the state on, as the
/// store would commit it; a refused one leaves it as it was.
pub struct Scenario {
    pub model: Model,
    pub s: AssessmentState,
}

impl Scenario {
    /// Anna starts the assessment of `c` today.
    pub fn start(model: &Model, c: &CandidateFacts) -> Self {
        let s = path_rules::start_assessment(c, model, &super::staff(ASSESSOR.0), today())
            .expect("start")
            .into_state("a-1".into());
        Scenario {
            model: model.clone(),
            s,
        }
    }

    /// Applies `cmd` as `actor` now.
    pub fn run_as(&mut self, actor: &str, cmd: Command) -> Result<ChangeSet, DomainError> {
        let cs = command::apply(&self.s, &cmd, &self.model, actor, now())?;
        self.s = cs.state().clone();
        Ok(cs)
    }

    /// Applies `cmd` as the assessment's assessor, which must be accepted.
    pub fn run(&mut self, cmd: Command) -> ChangeSet {
        let owner = self.s.assessor_id.clone();
        let what = format!("{cmd:?}");
        self.run_as(&owner, cmd)
            .unwrap_or_else(|e| panic!("{what} refused: {e}"))
    }

    pub fn competence(&self, c: &str) -> &CompetenceState {
        self.s.competence(c).expect("claimed")
    }

    pub fn facts(&self, c: &str) -> DecisionFacts {
        self.competence(c)
            .facts(&self.model, today(), self.s.assessor_is_tutor())
    }

    pub fn rate_all(&mut self, c: &str, r: &[IndicatorRating]) {
        for (indicator, rating) in r.iter().enumerate() {
            self.run(rate(c, indicator, *rating));
        }
    }

    /// Confirms the suggested level, and returns it.
    pub fn confirm(&mut self, c: &str) -> Outcome {
        let chosen = self
            .competence(c)
            .suggestion(&self.model)
            .outcome()
            .expect("a suggestion");
        self.run(Command::ChooseLevel {
            competence: c.into(),
            chosen,
            justification: String::new(),
        });
        chosen
    }

    /// Everything Validated needs, rated all Expert.
    pub fn validate(&mut self, c: &str) {
        for criterion in ["relevance", "authenticity"] {
            self.run(verdict(c, criterion, CriterionVerdict::Met));
        }
        let n = self.model.competence(c).expect("model").indicators.len();
        self.rate_all(c, &vec![IndicatorRating::Expert; n]);
        assert_eq!(self.confirm(c), Outcome::Level(OutcomeLevel::Expert));
        self.run(note(c, "Ran the flood-relief rota for 40 volunteers."));
        for dimension in Dimension::ALL {
            self.run(Command::Complexity {
                competence: c.into(),
                dimension: *dimension,
                value: Some(Complexity::MidHigh),
            });
        }
        self.run(Command::Reasons {
            competence: c.into(),
            text: "Planned and led the relief rota; references confirm it.".into(),
        });
        self.run(decide(c, Decision::Validated));
        assert_eq!(self.competence(c).decision, Decision::Validated);
    }

    /// The state breaks none of the rules a finalised assessment must keep.
    pub fn assert_sound(&self) {
        assert_eq!(
            invariants::violations(&self.s, &self.model, today()),
            Vec::<String>::new()
        );
    }
}
