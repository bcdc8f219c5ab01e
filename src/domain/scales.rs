//! The two LEVER UP scales and the rating values, with their stable codes.
//!
//! Codes (`basic`, `mid-low`, …) are what the store, the exports and the data files use;
//! they never change once released, whatever the display language.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Declares an enum whose variants have a stable code and a display label.
macro_rules! coded_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $code:literal, $label:literal;)+ }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable, language-neutral code.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The English label shown to people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn from_code(s: &str) -> Option<Self> {
                match s { $($code => Some($name::$variant),)+ _ => None }
            }

            /// Every code, for messages such as "expected one of …".
            pub fn codes() -> Vec<&'static str> {
                Self::ALL.iter().map(|v| v.code()).collect()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

coded_enum!(
    /// Learning-outcome fulfilment, scale (a). Ordered: Basic < Accomplished < Expert.
    OutcomeLevel {
        Basic => "basic", "Basic";
        Accomplished => "accomplished", "Accomplished";
        Expert => "expert", "Expert";
    }
);

coded_enum!(
    /// What an assessor records for one indicator (DOMAIN.md 4.3(1)).
    IndicatorRating {
        NotShown => "not-shown", "Not shown";
        Basic => "basic", "Basic";
        Accomplished => "accomplished", "Accomplished";
        Expert => "expert", "Expert";
        NotApplicable => "not-applicable", "Not applicable";
    }
);

coded_enum!(
    /// Complexity of the environment on one dimension, scale (b). Ordered low to high.
    Complexity {
        Low => "low", "low";
        MidLow => "mid-low", "mid-low";
        MidHigh => "mid-high", "mid-high";
        High => "high", "high";
    }
);

coded_enum!(
    /// The three complexity dimensions.
    Dimension {
        Context => "context", "Context";
        Task => "task", "Task";
        Autonomy => "autonomy", "Autonomy";
    }
);

coded_enum!(
    /// Portfolio Quality Check verdict for one criterion (DOMAIN.md D6).
    CriterionVerdict {
        Met => "met", "Met";
        PartlyMet => "partly-met", "Partly met";
        NotMet => "not-met", "Not met";
    }
);

coded_enum!(
    /// Decision per competence (DOMAIN.md D5). `Pending` until the assessor decides.
    Decision {
        Pending => "pending", "Pending";
        Validated => "validated", "Validated";
        NotValidated => "not_validated", "Not validated";
        NotAssessable => "not_assessable", "Not assessable";
    }
);

impl IndicatorRating {
    /// The outcome level this rating reaches, if it is one.
    pub fn level(self) -> Option<OutcomeLevel> {
        match self {
            IndicatorRating::Basic => Some(OutcomeLevel::Basic),
            IndicatorRating::Accomplished => Some(OutcomeLevel::Accomplished),
            IndicatorRating::Expert => Some(OutcomeLevel::Expert),
            IndicatorRating::NotShown | IndicatorRating::NotApplicable => None,
        }
    }
}

impl Complexity {
    /// 1 (low) to 4 (high), as DOMAIN.md 4.3(3) numbers them.
    pub fn rank(self) -> u8 {
        match self {
            Complexity::Low => 1,
            Complexity::MidLow => 2,
            Complexity::MidHigh => 3,
            Complexity::High => 4,
        }
    }
}

/// Context, task and autonomy for one competence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplexityProfile {
    pub context: Complexity,
    pub task: Complexity,
    pub autonomy: Complexity,
}

impl ComplexityProfile {
    /// Overall complexity: the median of the three (always one of the four values).
    pub fn overall(&self) -> Complexity {
        let mut v = [self.context, self.task, self.autonomy];
        v.sort();
        v[1]
    }

    pub fn get(&self, d: Dimension) -> Complexity {
        match d {
            Dimension::Context => self.context,
            Dimension::Task => self.task,
            Dimension::Autonomy => self.autonomy,
        }
    }
}
