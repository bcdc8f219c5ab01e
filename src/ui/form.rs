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

impl FormKind {
    /// How the recovery file names the form, and the record it edits. `None` for the
    /// first-run form, which belongs to no database yet.
    pub fn code(self) -> Option<(&'static str, Option<u32>)> {
        Some(match self {
            FormKind::FirstRun => return None,
            FormKind::NewCandidate => ("new_candidate", None),
            FormKind::Registration => ("registration", None),
            FormKind::Referee(n) => ("referee", n),
            FormKind::Story => ("story", None),
            FormKind::Evidence(n) => ("evidence", n),
            FormKind::Goal(n) => ("goal", n),
            FormKind::AddEvidence => ("add_evidence", None),
            FormKind::StopPath => ("stop_path", None),
            FormKind::TakeOver => ("take_over", None),
        })
    }

    /// The kind `code` names (the inverse of `code`).
    pub fn from_code(code: &str, number: Option<u32>) -> Option<FormKind> {
        Some(match code {
            "new_candidate" => FormKind::NewCandidate,
            "registration" => FormKind::Registration,
            "referee" => FormKind::Referee(number),
            "story" => FormKind::Story,
            "evidence" => FormKind::Evidence(number),
            "goal" => FormKind::Goal(number),
            "add_evidence" => FormKind::AddEvidence,
            "stop_path" => FormKind::StopPath,
            "take_over" => FormKind::TakeOver,
            _ => return None,
        })
    }
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
    /// Something was typed into it (or it came back from the recovery file): leaving
    /// without submitting keeps it in the recovery file.
    pub touched: bool,
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
            touched: false,
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
            touched: false,
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
            touched: false,
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
            touched: false,
        }
    }

    /// Why the candidate stops (recorded as the outcome).
    pub fn stop_path() -> Form {
        Form::reason(
            FormKind::StopPath,
            "The candidate stops here",
            "recorded as the outcome, e.g. 'wants a profile only'",
        )
    }

    /// Why this assessor takes the assessment over (audited).
    pub fn take_over() -> Form {
        Form::reason(
            FormKind::TakeOver,
            "Take this assessment over",
            "why, for the audit log, e.g. 'Anna is on leave'",
        )
    }

    pub fn value(&self, i: usize) -> &str {
        self.fields.get(i).map_or("", |f| f.2.trim())
    }

    pub fn push(&mut self, text: &str) {
        if let Some(f) = self.fields.get_mut(self.focus) {
            // Single-line fields: a pasted newline must not split the value.
            f.2.extend(text.chars().filter(|c| !c.is_control()));
            self.touched = true;
        }
    }

    /// `ctrl-u`, as in a shell: the focused field emptied.
    pub fn clear_field(&mut self) {
        if let Some(f) = self.fields.get_mut(self.focus) {
            self.touched |= !f.2.is_empty();
            f.2.clear();
        }
    }

    pub fn backspace(&mut self) {
        if let Some(f) = self.fields.get_mut(self.focus) {
            self.touched |= f.2.pop().is_some();
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
            touched: false,
        }
    }

    /// Why field `i` would be refused, if it would.
    pub fn refusal(&self, i: usize) -> Option<&str> {
        self.reasons.get(i).and_then(|r| r.as_deref())
    }
}
