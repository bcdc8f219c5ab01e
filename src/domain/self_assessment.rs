//! Self-assessment on the tutor side (DOMAIN.md D8, 4.1): quick (one 1–4 rating per
//! competence) and detailed (one per indicator, outcome by the documented LEVER rule).

use serde::{Deserialize, Serialize};

/// The old LEVER 1–4 scale; "not applicable" is its own value, never a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Rate {
    VeryPoor,
    Poor,
    Fair,
    Good,
    NotApplicable,
}

impl Rate {
    pub fn from_number(n: u8) -> Option<Rate> {
        match n {
            1 => Some(Rate::VeryPoor),
            2 => Some(Rate::Poor),
            3 => Some(Rate::Fair),
            4 => Some(Rate::Good),
            // The LEVER forms code "not applicable" as 5.
            5 => Some(Rate::NotApplicable),
            _ => None,
        }
    }

    pub fn number(self) -> Option<u8> {
        match self {
            Rate::VeryPoor => Some(1),
            Rate::Poor => Some(2),
            Rate::Fair => Some(3),
            Rate::Good => Some(4),
            Rate::NotApplicable => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SelfOutcome {
    NotApplicable,
    ToImprove,
    Fair,
    Good,
}

impl SelfOutcome {
    pub fn label(self) -> &'static str {
        match self {
            SelfOutcome::NotApplicable => "not applicable",
            SelfOutcome::ToImprove => "to improve",
            SelfOutcome::Fair => "fair",
            SelfOutcome::Good => "good",
        }
    }
}

/// The documented LEVER rule: all N/A → not applicable; any N/A or any rating of 2 or
/// less → to improve (a single N/A among rated indicators counts, as documented); else the
/// mean of the 3s and 4s rounded half up: ≥ 3.5 → good, otherwise fair.
pub fn lever_final_score(rates: &[Rate]) -> SelfOutcome {
    if rates.iter().all(|r| *r == Rate::NotApplicable) {
        return SelfOutcome::NotApplicable;
    }
    if rates
        .iter()
        .any(|r| matches!(r, Rate::NotApplicable | Rate::VeryPoor | Rate::Poor))
    {
        return SelfOutcome::ToImprove;
    }
    let sum: u32 = rates.iter().filter_map(|r| r.number()).map(u32::from).sum();
    // mean >= 3.5  <=>  2 * sum >= 7 * n, kept in integers so the edge is exact.
    if 2 * sum >= 7 * rates.len() as u32 {
        SelfOutcome::Good
    } else {
        SelfOutcome::Fair
    }
}

/// Quick mode: the one rating is its own outcome.
pub fn quick_outcome(rate: Rate) -> SelfOutcome {
    lever_final_score(&[rate])
}
