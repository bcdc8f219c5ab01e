//! The random cases of the property test: a candidate and a sequence of abstract steps,
//! resolved against the state only when they are applied (so that "confirm the suggestion"
//! or "the decision the facts propose" can be asked for; see `resolve`).

use leverup::domain::process::Step;
use leverup::domain::scales::{Complexity, CriterionVerdict, Decision, Dimension, IndicatorRating};
use leverup::domain::scoring::Outcome;
use proptest::prelude::*;

#[derive(Debug, Clone)]
pub enum DateGen {
    Undated,
    DaysAgo(u32),
    /// Days after the currency cutoff (negative: before it, so too old).
    AroundCutoff(i8),
}

#[derive(Debug, Clone)]
pub struct ItemGen {
    pub kind: &'static str,
    pub date: DateGen,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TutorGen {
    Other,
    None,
    IsAssessor,
}

#[derive(Debug, Clone)]
pub struct CandidateGen {
    pub claimed: [bool; 3],
    pub unknown_claim: bool,
    /// Evidence items per fixture competence (used for the claimed ones).
    pub evidence: [Vec<ItemGen>; 3],
    pub step: Step,
    pub stopped: bool,
    pub tutor: TutorGen,
    pub open: bool,
    pub start_day: u32,
}

#[derive(Debug, Clone, Copy)]
pub enum Pick {
    /// The i-th claimed competence (modulo how many are claimed).
    Claimed(u8),
    /// A fixture competence that may not be claimed (0..3), or one no model knows (3).
    Any(u8),
}

#[derive(Debug, Clone, Copy)]
pub enum Text {
    Empty,
    Blank,
    Words(u8),
}

#[derive(Debug, Clone, Copy)]
pub enum Who {
    Owner,
    Person(u8),
}

#[derive(Debug, Clone, Copy)]
pub enum Level {
    Suggested,
    Fixed(Outcome),
}

#[derive(Debug, Clone)]
pub enum Act {
    Verdict {
        c: Pick,
        criterion: usize,
        verdict: CriterionVerdict,
        note: Text,
    },
    Note {
        c: Pick,
        question: u32,
        text: Text,
    },
    Time {
        c: Pick,
        seconds: i64,
    },
    Rate {
        c: Pick,
        indicator: usize,
        rating: IndicatorRating,
    },
    ChooseLevel {
        c: Pick,
        chosen: Level,
        justification: Text,
    },
    Complexity {
        c: Pick,
        dimension: Dimension,
        value: Option<Complexity>,
    },
    /// `None`: the decision the facts propose.
    Decide {
        c: Pick,
        decision: Option<Decision>,
    },
    Reasons {
        c: Pick,
        text: Text,
    },
    Finalise,
    /// The next piece of work the competence still needs (a judgement, a rating, the
    /// level, a note, the complexity, the reasons, the proposed decision), or Finalise when
    /// nothing is left: keeps sequences moving towards sign-off between the random steps.
    Progress {
        c: Pick,
        r: u8,
    },
    /// `None`: to the current owner.
    Reassign {
        to: Option<u8>,
        reason: Text,
    },
}

#[derive(Debug, Clone)]
pub struct StepGen {
    pub who: Who,
    pub act: Act,
    /// Days the clock moves on before this step.
    pub days: u32,
}

#[derive(Debug, Clone)]
pub struct Case {
    pub candidate: CandidateGen,
    pub steps: Vec<StepGen>,
}

fn date_gen() -> impl Strategy<Value = DateGen> {
    prop_oneof![
        1 => Just(DateGen::Undated),
        6 => (0u32..2400).prop_map(DateGen::DaysAgo),
        3 => (-3i8..=40).prop_map(DateGen::AroundCutoff),
    ]
}

fn item_gen() -> impl Strategy<Value = ItemGen> {
    (
        prop::sample::select(vec!["statement", "product", "photo"]),
        date_gen(),
    )
        .prop_map(|(kind, date)| ItemGen { kind, date })
}

fn items_gen() -> impl Strategy<Value = Vec<ItemGen>> {
    prop_oneof![
        1 => Just(Vec::new()),
        6 => prop::collection::vec(item_gen(), 1..2),
        12 => prop::collection::vec(item_gen(), 2..5),
    ]
}

fn candidate_gen() -> impl Strategy<Value = CandidateGen> {
    let step = prop_oneof![
        20 => Just(Step::Documentation),
        2 => Just(Step::Assessment),
        1 => prop::sample::select(Step::ALL.to_vec()),
    ];
    let tutor = prop_oneof![
        16 => Just(TutorGen::Other),
        2 => Just(TutorGen::None),
        1 => Just(TutorGen::IsAssessor),
    ];
    (
        prop::array::uniform3(prop::bool::weighted(0.55)),
        prop::bool::weighted(0.03),
        [items_gen(), items_gen(), items_gen()],
        step,
        prop::bool::weighted(0.03),
        tutor,
        prop::bool::weighted(0.03),
        0u32..1500,
    )
        .prop_map(
            |(claimed, unknown_claim, evidence, step, stopped, tutor, open, start_day)| {
                CandidateGen {
                    claimed,
                    unknown_claim,
                    evidence,
                    step,
                    stopped,
                    tutor,
                    open,
                    start_day,
                }
            },
        )
}

/// Reads choices out of one random number. Steps are generated as plain `u64`s and decoded
/// here: proptest builds and shrinks a `Vec<u64>` far faster than a vector of nested
/// strategies, and a number shrinking towards 0 decodes to simpler steps.
struct Bits(u64);

impl Bits {
    fn below(&mut self, n: u64) -> u64 {
        let v = self.0 % n;
        self.0 /= n;
        v
    }

    /// An index into `weights`, each chosen in proportion to its weight.
    fn weighted(&mut self, weights: &[u64]) -> usize {
        let mut x = self.below(weights.iter().sum());
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        unreachable!("x is below the sum of the weights")
    }

    fn pick(&mut self) -> Pick {
        if self.below(13) < 12 {
            Pick::Claimed(self.below(6) as u8)
        } else {
            Pick::Any(self.below(4) as u8)
        }
    }

    fn text(&mut self) -> Text {
        match self.weighted(&[1, 1, 4]) {
            0 => Text::Empty,
            1 => Text::Blank,
            _ => Text::Words(self.below(4) as u8),
        }
    }

    fn of<T: Copy>(&mut self, values: &[T]) -> T {
        values[self.below(values.len() as u64) as usize]
    }
}

fn decode_act(b: &mut Bits) -> Act {
    use CriterionVerdict::{Met, NotMet, PartlyMet};
    use IndicatorRating::{Accomplished, Basic, Expert, NotApplicable, NotShown};
    // Weights: Progress, Verdict, Note, Time, Rate, ChooseLevel, Complexity, Decide,
    // Reasons, Finalise, Reassign.
    match b.weighted(&[16, 5, 3, 1, 8, 4, 4, 4, 2, 1, 1]) {
        0 => Act::Progress {
            c: b.pick(),
            r: b.below(256) as u8,
        },
        1 => Act::Verdict {
            c: b.pick(),
            criterion: b.below(6) as usize,
            verdict: [Met, PartlyMet, NotMet][b.weighted(&[5, 2, 1])],
            note: b.text(),
        },
        2 => Act::Note {
            c: b.pick(),
            question: b.below(4) as u32,
            text: b.text(),
        },
        3 => Act::Time {
            c: b.pick(),
            seconds: match b.weighted(&[6, 1]) {
                0 => 1 + b.below(3600) as i64,
                _ => b.of(&[0, -60]),
            },
        },
        4 => Act::Rate {
            c: b.pick(),
            indicator: b.below(5) as usize,
            rating: [NotShown, Basic, Accomplished, Expert, NotApplicable]
                [b.weighted(&[1, 3, 3, 3, 1])],
        },
        5 => Act::ChooseLevel {
            c: b.pick(),
            chosen: match b.weighted(&[3, 2]) {
                0 => Level::Suggested,
                _ => Level::Fixed(b.of(&Outcome::ALL)),
            },
            justification: b.text(),
        },
        6 => Act::Complexity {
            c: b.pick(),
            dimension: b.of(Dimension::ALL),
            value: match b.weighted(&[6, 1]) {
                0 => Some(b.of(Complexity::ALL)),
                _ => None,
            },
        },
        7 => Act::Decide {
            c: b.pick(),
            decision: match b.weighted(&[4, 2, 3]) {
                0 => None,
                1 => Some(Decision::Validated),
                _ => Some(b.of(Decision::ALL)),
            },
        },
        8 => Act::Reasons {
            c: b.pick(),
            text: b.text(),
        },
        9 => Act::Finalise,
        _ => Act::Reassign {
            to: match b.weighted(&[6, 1]) {
                0 => Some(b.below(4) as u8),
                _ => None,
            },
            reason: b.text(),
        },
    }
}

fn decode_step(x: u64) -> StepGen {
    let mut b = Bits(x);
    let act = decode_act(&mut b);
    let who = match b.weighted(&[10, 1]) {
        0 => Who::Owner,
        _ => Who::Person(b.below(4) as u8),
    };
    let days = match b.weighted(&[30, 4, 1]) {
        0 => 0,
        1 => 1 + b.below(59) as u32,
        _ => 200 + b.below(600) as u32,
    };
    StepGen { who, act, days }
}

pub fn case_gen() -> impl Strategy<Value = Case> {
    (
        candidate_gen(),
        prop::collection::vec(any::<u64>(), 1..80)
            .prop_map(|v| v.into_iter().map(decode_step).collect()),
    )
        .prop_map(|(candidate, steps)| Case { candidate, steps })
}
