//! Handlers for the forms and pickers: first run and who is working, registering a
//! candidate, an evidence item, stopping the path, taking an assessment over. The forms
//! are view state; what submitting means is a query or a domain command.
//!
//! Must not touch the terminal.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::{App, Overlay, Screen};
use super::form::{Form, FormKind};
use super::keys::Action;
use super::queries;
use crate::domain::command::Command;
use crate::domain::dossier::Evidence;
use crate::domain::dossier::command::DossierCommand;
use crate::domain::dossier::fields;
use crate::domain::process::PathCommand;

impl App {
    /// The form keys go to: an open form box, else the first-run form.
    pub(crate) fn active_form(&mut self) -> Option<&mut Form> {
        match &mut self.overlay {
            Some(Overlay::Form(f)) => Some(f),
            _ => self.view.first_run_form(),
        }
    }

    /// The candidate list while its name filter takes the typing.
    fn filtering_list(&mut self) -> Option<&mut super::views::ListView> {
        if self.overlay.is_some() {
            return None;
        }
        self.view.list_mut().filter(|l| l.filtering)
    }

    pub(crate) fn on_form_action(&mut self, action: Action) {
        if let Some(list) = self.filtering_list() {
            // Enter or Esc ends filter typing; the filter stays applied.
            if matches!(action, Action::Submit | Action::Cancel | Action::Back) {
                list.filtering = false;
            }
            return;
        }
        let Some(form) = self.active_form() else {
            return;
        };
        match action {
            Action::NextField => form.next(),
            Action::PrevField => form.prev(),
            Action::Submit if !form.on_last() => form.next(),
            Action::Submit => self.submit_form(),
            Action::Cancel | Action::Back if form.kind != FormKind::FirstRun => {
                self.overlay = None;
            }
            // Someone already working (`w`) goes back to their list unchanged.
            Action::Cancel | Action::Back if self.session.is_some() => {
                self.show(Screen::Candidates);
                self.refresh_list();
            }
            _ => {}
        }
    }

    pub(crate) fn on_form_key(&mut self, key: KeyEvent) {
        // A control or alt chord is a command, never a letter typed into a field.
        let chord = key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        if let Some(list) = self.filtering_list() {
            if chord {
                return;
            }
            match key.code {
                KeyCode::Char(c) => list.query.name.push(c),
                KeyCode::Backspace => {
                    list.query.name.pop();
                }
                _ => return,
            }
            list.cursor = 0;
            self.refresh_list();
            return;
        }
        let Some(form) = self.active_form() else {
            return;
        };
        match key.code {
            KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                form.clear_field()
            }
            KeyCode::Char(_) if chord => return,
            KeyCode::Char(c) => form.push(&c.to_string()),
            KeyCode::Backspace => form.backspace(),
            _ => return,
        }
        self.check_form();
    }

    fn submit_form(&mut self) {
        let Some(form) = self.active_form().cloned() else {
            return;
        };
        match form.kind {
            FormKind::FirstRun => self.submit_first_run(&form),
            FormKind::NewCandidate => self.submit_new_candidate(&form),
            FormKind::AddEvidence => self.submit_evidence(&form),
            FormKind::StopPath => {
                let stopped = self.path_command(PathCommand::Stop {
                    reason: form.value(0).to_string(),
                });
                if stopped {
                    self.overlay = None;
                } else if let Some(why) = self.status.clone() {
                    // The reason typed stays in the form, with why it was refused.
                    self.set_form_error(why);
                }
            }
            FormKind::TakeOver => self.submit_take_over(&form),
            _ => self.submit_dossier_form(&form),
        }
        // Refused by the database: what was typed waits behind the box.
        self.hold_refused_form(form);
    }

    pub(crate) fn set_form_error(&mut self, msg: String) {
        if let Some(f) = self.active_form() {
            f.error = Some(msg);
        }
    }

    fn submit_first_run(&mut self, form: &Form) {
        let (centre, person) = (form.value(0).to_string(), form.value(1).to_string());
        if centre.is_empty() || person.is_empty() {
            return self.set_form_error("Both names are needed.".into());
        }
        let Some(roles) = roles_of(form.value(2)) else {
            return self
                .set_form_error("Role: assessor, tutor or both (ctrl-u clears the field).".into());
        };
        let now = self.now();
        let r = queries::first_run_as(&mut self.store, &centre, &person, &roles, now);
        if let Some(s) = self.persisted("The centre and you", r) {
            self.leave_place();
            self.session = Some(s);
            self.start_tutor_list();
            self.go(Screen::Candidates);
            self.refresh_list();
        }
    }

    fn submit_new_candidate(&mut self, form: &Form) {
        let name = form.value(0).to_string();
        if name.is_empty() {
            return self.set_form_error("The name is needed.".into());
        }
        let claimed = match self.competence_codes(form.value(1)) {
            Ok(c) => c,
            Err(e) => return self.set_form_error(e),
        };
        let consent_on = match fields::past_date("consent date", form.value(2), self.today()) {
            Ok(d) => d,
            Err(e) => return self.set_form_error(format!("{e}.")),
        };
        let Some(session) = self.session.clone() else {
            return;
        };
        let now = self.now();
        let first = queries::registration(consent_on, &claimed);
        let r =
            queries::create_candidate(&mut self.store, &self.model, &session, &name, &first, now);
        if let Some(id) = self.persisted("The new candidate", r) {
            self.overlay = None;
            if self.load_candidate(&id) {
                // Their tutor (a tutor registering one) goes on to the dossier.
                let screen = self.first_screen();
                self.go(screen);
            }
        }
    }

    /// Competence codes typed in a form (`C01 C08`, commas or spaces) as model ids.
    pub(crate) fn competence_codes(&self, text: &str) -> Result<Vec<String>, String> {
        let mut ids = Vec::new();
        for code in text.split([',', ' ']).filter(|s| !s.is_empty()) {
            match self
                .model
                .competences
                .iter()
                .find(|c| c.code.eq_ignore_ascii_case(code) || c.id.eq_ignore_ascii_case(code))
            {
                Some(c) if !ids.contains(&c.id) => ids.push(c.id.clone()),
                Some(_) => {}
                None => return Err(format!("Unknown competence code {code:?}.")),
            }
        }
        Ok(ids)
    }

    fn submit_evidence(&mut self, form: &Form) {
        let competences = match self.competence_codes(form.value(0)) {
            Ok(c) => c,
            Err(e) => return self.set_form_error(e),
        };
        let dated = match fields::optional_past_date("date", form.value(3), self.today()) {
            Ok(d) => d,
            Err(e) => return self.set_form_error(format!("{e}.")),
        };
        let Some(cand) = self.candidate.clone() else {
            return;
        };
        let title = form.value(1).to_string();
        let item = Evidence {
            title: title.clone(),
            kind: form.value(2).to_string(),
            dated,
            description: String::new(),
            competences,
            file: None,
            witness: None,
        };
        let cmd = DossierCommand::SaveEvidence {
            number: None,
            evidence: item,
        };
        match self.try_dossier_command(cmd) {
            Ok(()) => {}
            // The refusal stays in the open form, next to what was typed.
            Err(Some(why)) => return self.set_form_error(format!("{why}.")),
            Err(None) => return,
        }
        self.overlay = None;
        self.load_candidate(&cand.id);
        self.say(format!("Evidence added: {title}."));
    }

    fn submit_take_over(&mut self, form: &Form) {
        let Some(session) = self.session.clone() else {
            return;
        };
        match self.try_command(Command::Reassign {
            to: session.staff(),
            reason: form.value(0).to_string(),
        }) {
            Ok(()) => {
                self.overlay = None;
                if let Some(id) = self.candidate.as_ref().map(|c| c.id.clone()) {
                    self.load_candidate(&id);
                }
                self.say(format!(
                    "The assessment now belongs to you, {}.",
                    session.assessor_name
                ));
            }
            // The reason typed stays in the form, with why it was refused.
            Err(Some(why)) => self.set_form_error(format!("{why}.")),
            // The write failed: the "not saved" box replaced the form and says why.
            Err(None) => {}
        }
    }

    /// `w`: who is working. The people of this database are offered, "someone new" last
    /// (the first-run form, this centre filled in); nothing of the current person's place
    /// is dropped until another is chosen.
    pub(crate) fn switch_person(&mut self) {
        self.show(Screen::FirstRun);
        self.offer_people();
    }

    /// On a database that already has people, first run offers them before the form.
    pub(crate) fn offer_people(&mut self) {
        if let Ok(people) = queries::people(&self.store)
            && !people.is_empty()
        {
            self.overlay = Some(Overlay::PickPerson { people, cursor: 0 });
        }
    }

    pub(crate) fn on_pick(&mut self, action: Action) {
        let Some(Overlay::PickPerson { people, cursor }) = &mut self.overlay else {
            return;
        };
        // The last row is "someone new": the first-run form.
        let n = people.len() + 1;
        match action {
            Action::Up => *cursor = cursor.saturating_sub(1),
            Action::Down => *cursor = (*cursor + 1).min(n - 1),
            Action::Select => {
                let chosen = people.get(*cursor).cloned();
                let centre_of_first = people.first().map(|p| p.2.clone());
                self.overlay = None;
                if let Some((person, _, centre)) = chosen {
                    let r = queries::pick(&mut self.store, &person, &centre);
                    if let Some(s) = self.persisted("Who is working", r) {
                        self.leave_place();
                        self.session = Some(s);
                        self.start_tutor_list();
                        self.go(Screen::Candidates);
                        self.refresh_list();
                    }
                } else if let Some(centre) = centre_of_first
                    && let Some(name) = queries::centre_name(&self.store, &centre)
                    && let Some(form) = self.view.first_run_form()
                {
                    // Someone new joins this centre: its name is filled in, not retyped.
                    form.fields[0].2 = name;
                    form.focus = 1;
                }
            }
            Action::Close | Action::Back => self.overlay = None,
            _ => {}
        }
    }

    /// Taking over someone else's assessment is audited and needs a reason.
    pub(crate) fn ask_take_over(&mut self) {
        let (Some(work), Some(me)) = (&self.work, &self.session) else {
            return self.say("No assessment to take over.");
        };
        // Ask the domain first (with a stand-in reason), so no reason is typed in vain.
        let trial = Command::Reassign {
            to: me.staff(),
            reason: "(trial)".into(),
        };
        let now = self.now();
        match crate::domain::command::apply(work, &trial, &self.model, &me.assessor_id, now) {
            Err(e) => self.refuse(e),
            Ok(_) => {
                self.overlay = Some(Overlay::Form(Form::take_over()));
            }
        }
    }
}

/// The roles typed on first run: "assessor", "tutor", or both ("both", "tutor and
/// assessor"). Whole words only: "assessortutor" (typed after the prefilled word) is no
/// role, so nobody becomes both by accident.
fn roles_of(text: &str) -> Option<Vec<crate::store::Role>> {
    use crate::store::Role;
    let t = text.to_lowercase();
    let (mut assessor, mut tutor) = (false, false);
    for word in t
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        match word {
            "assessor" => assessor = true,
            "tutor" => tutor = true,
            "both" => (assessor, tutor) = (true, true),
            "and" => {}
            _ => return None,
        }
    }
    let mut roles = Vec::new();
    if assessor {
        roles.push(Role::Assessor);
    }
    if tutor {
        roles.push(Role::Tutor);
    }
    (!roles.is_empty()).then_some(roles)
}
