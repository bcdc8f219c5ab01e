//! A benchmark's rows: what was measured, its value and unit, its budget; and the table
//! that prints them with one column pair per mode (default theme, `--low-bandwidth`).
//! Bytes per key are the first rows (bytes.rs); timed rows (a key at 100,000 candidates,
//! as a ratio to the top page) take the same shape with their own unit.

/// One measured row.
#[derive(Debug, Clone)]
pub struct Measured {
    pub what: &'static str,
    pub value: f64,
    /// `B` for bytes per press; anything else is printed with two decimals.
    pub unit: &'static str,
    pub budget: Option<Budget>,
}

/// What a row may reach, in its unit.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    pub limit: f64,
    /// Where the budget is not met yet: the ceiling the tests hold the row to meanwhile,
    /// so that it cannot get worse (the README's Benchmarks section says why).
    pub held_at: Option<f64>,
}

impl Budget {
    pub const fn of(limit: f64) -> Option<Budget> {
        Some(Budget {
            limit,
            held_at: None,
        })
    }

    pub const fn held(limit: f64, held_at: f64) -> Option<Budget> {
        Some(Budget {
            limit,
            held_at: Some(held_at),
        })
    }
}

impl Measured {
    /// Above what the tests allow: the budget, or its ceiling where it is not met yet.
    pub fn over_ceiling(&self) -> bool {
        self.budget
            .is_some_and(|b| self.value > b.held_at.unwrap_or(b.limit))
    }

    fn shown(&self, v: f64) -> String {
        if self.unit == "B" {
            format!("{v:.0} B")
        } else {
            format!("{v:.2} {}", self.unit)
        }
    }
}

/// The rows as a table, one column pair per mode; a row missing in `low` shows `-`.
pub fn table(title: &str, default: &[Measured], low: &[Measured]) -> String {
    let cell = |m: Option<&Measured>| match m {
        Some(m) => {
            let budget = m
                .budget
                .map_or("-".to_string(), |b| format!("<= {}", m.shown(b.limit)));
            let flag = if m.budget.is_some_and(|b| m.value > b.limit) {
                " OVER"
            } else {
                ""
            };
            format!("{:>9} {:>11}{flag:5}", m.shown(m.value), budget)
        }
        None => format!("{:>26}", "-"),
    };
    let mut out = format!(
        "{title:<36}{:>26}  {:>26}\n",
        "default     budget     ", "--low-bandwidth  budget   "
    );
    for m in default {
        let l = low.iter().find(|l| l.what == m.what);
        out.push_str(&format!("{:<36}{}  {}\n", m.what, cell(Some(m)), cell(l)));
    }
    out
}
