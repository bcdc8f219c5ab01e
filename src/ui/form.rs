//! A small form of single-line text fields (first run, new candidate, the tutor's records).
//!
//! View state only: the app decides what submitting means and fills in, as each key is
//! typed, why a field's value would be refused. Must not touch the terminal.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    FirstRun,
    NewCandidate,
    /// The candidate's registration: name, e-mail, language, goal, consent.
    Registration,
    /// A referee's quick ratings (360°); `None` adds one.
    Referee(Option<u32>),
    /// A new STARRTT story: its title and competences (the parts follow as text fields).
    Story,
    /// An item of the evidence register; `None` adds one.
    Evidence(Option<u32>),
    /// A goal of the development plan; `None` adds one.
    Goal(Option<u32>),
    /// An evidence item for the candidate's portfolio (Documentation).
    AddEvidence,
    /// Why the candidate stops (recorded as the outcome).
    StopPath,
    /// Why this assessor takes the assessment over (audited).
    TakeOver,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub kind: FormKind,
    pub title: &'static str,
    /// (label, help line, value)
    pub fields: Vec<(&'static str, &'static str, String)>,
    pub focus: usize,
    pub error: Option<String>,
    /// Why each field's value would be refused, shown in place of its help line.
    pub reasons: Vec<Option<String>>,
}

impl Form {
    pub fn first_run() -> Form {
        Form {
            kind: FormKind::FirstRun,
            title: "Welcome to leverup: first run",
            fields: vec![
                (
                    "Centre name",
                    "the validation centre you work for",
                    String::new(),
                ),
                ("Your name", "how you are recorded", String::new()),
                (
                    "Your role",
                    "assessor, tutor, or both",
                    "assessor".to_string(),
                ),
            ],
            focus: 0,
            error: None,
            reasons: Vec::new(),
        }
    }

    /// `today`: the consent date offered (the candidate agrees as they register).
    pub fn new_candidate(today: String) -> Form {
        Form {
            kind: FormKind::NewCandidate,
            title: "New candidate",
            fields: vec![
                ("Name", "the candidate's full name", String::new()),
                (
                    "Claimed competences",
                    "codes separated by commas or spaces, e.g. C01 C08",
                    String::new(),
                ),
                (
                    "Consent given on",
                    "the day they agreed to their data being processed",
                    today,
                ),
            ],
            focus: 0,
            error: None,
            reasons: Vec::new(),
        }
    }

    /// `codes`: the candidate's claimed competences, pre-filled (most items support them all).
    pub fn add_evidence(codes: String) -> Form {
        Form {
            kind: FormKind::AddEvidence,
            title: "Add an evidence item",
            fields: vec![
                ("Competences", "codes it supports, e.g. C01 C08", codes),
                ("Title", "what the item is", String::new()),
                (
                    "Kind",
                    "e.g. reference letter, certificate, photo, STARRTT form",
                    String::new(),
                ),
                ("Date", "when it dates from, YYYY-MM-DD", String::new()),
            ],
            focus: 0,
            error: None,
            reasons: Vec::new(),
        }
    }

    /// A one-field form asking why.
    pub fn reason(kind: FormKind, title: &'static str, help: &'static str) -> Form {
        Form {
            kind,
            title,
            fields: vec![("Reason", help, String::new())],
            focus: 0,
            error: None,
            reasons: Vec::new(),
        }
    }

    pub fn value(&self, i: usize) -> &str {
        self.fields.get(i).map_or("", |f| f.2.trim())
    }

    pub fn push(&mut self, text: &str) {
        if let Some(f) = self.fields.get_mut(self.focus) {
            // Single-line fields: a pasted newline must not split the value.
            f.2.extend(text.chars().filter(|c| !c.is_control()));
        }
    }

    pub fn backspace(&mut self) {
        if let Some(f) = self.fields.get_mut(self.focus) {
            f.2.pop();
        }
    }

    pub fn next(&mut self) {
        self.focus = (self.focus + 1) % self.fields.len().max(1);
    }

    pub fn prev(&mut self) {
        let n = self.fields.len().max(1);
        self.focus = (self.focus + n - 1) % n;
    }

    /// True when Enter submits instead of moving on: on the last field; on first run also
    /// when only the prefilled role follows (most people keep it, and Enter after the name
    /// has always submitted).
    pub fn on_last(&self) -> bool {
        let rest = self.fields.iter().skip(self.focus + 1);
        match self.kind {
            FormKind::FirstRun => rest.into_iter().all(|f| !f.2.trim().is_empty()),
            _ => self.focus + 1 >= self.fields.len(),
        }
    }

    /// A form of `fields` (label, help, value) for the tutor's records.
    pub fn with(
        kind: FormKind,
        title: &'static str,
        fields: Vec<(&'static str, &'static str, String)>,
    ) -> Form {
        Form {
            kind,
            title,
            fields,
            focus: 0,
            error: None,
            reasons: Vec::new(),
        }
    }

    /// Why field `i` would be refused, if it would.
    pub fn refusal(&self, i: usize) -> Option<&str> {
        self.reasons.get(i).and_then(|r| r.as_deref())
    }
}
