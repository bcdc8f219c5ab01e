//! A small form of single-line text fields (first run, new candidate).
//!
//! View state only: the app decides what submitting means. Must not touch the terminal.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    FirstRun,
    NewCandidate,
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
                (
                    "Your name",
                    "you are recorded as the assessor",
                    String::new(),
                ),
            ],
            focus: 0,
            error: None,
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
                    "when they agreed to the processing of their data, YYYY-MM-DD",
                    today,
                ),
            ],
            focus: 0,
            error: None,
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

    /// True when the focus is on the last field: Enter submits instead of moving on.
    pub fn on_last(&self) -> bool {
        self.focus + 1 >= self.fields.len()
    }
}
