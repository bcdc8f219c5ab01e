//! The focused multi-line text field (interview notes, criterion notes, justification,
//! reasons) and how it is saved: on leaving, on ctrl-s, 2 s after the last keystroke, on quit.
//!
//! Must not touch the terminal; writes go through `App::persisted`.

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;
use ratatui_textarea::{TextArea, WrapMode};

use super::app::{App, Overlay, Screen};
use super::keys::{Action, Context};
use crate::domain::scoring::choose_level;

/// What the text in the editor belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    Note {
        competence: String,
        question: u32,
    },
    CriterionNote {
        competence: String,
        criterion: String,
    },
    Justification {
        competence: String,
    },
    Reasons {
        competence: String,
    },
}

#[derive(Debug)]
pub struct Editor {
    pub field: Field,
    pub area: TextArea<'static>,
    /// Set on the first unsaved keystroke; cleared when the text is saved.
    pub changed_at: Option<DateTime<Utc>>,
}

impl Editor {
    pub fn new(field: Field, text: &str) -> Editor {
        let lines = if text.is_empty() {
            vec![String::new()]
        } else {
            text.lines().map(str::to_string).collect()
        };
        let mut area = TextArea::new(lines);
        area.set_wrap_mode(WrapMode::WordOrGlyph);
        area.set_cursor_line_style(ratatui::style::Style::new());
        area.move_cursor(ratatui_textarea::CursorMove::Bottom);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        Editor {
            field,
            area,
            changed_at: None,
        }
    }

    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }
}

impl App {
    pub(crate) fn open_editor(&mut self, field: Field, text: &str) {
        if !self.writable() {
            return;
        }
        self.editor = Some(Editor::new(field, text));
    }

    /// Keys the text field does not bind: typed into it.
    pub(crate) fn on_text_key(&mut self, ctx: Context, key: KeyEvent) {
        if ctx == Context::Form {
            self.on_form_key(key);
            return;
        }
        let now = self.now();
        if let Some(ed) = &mut self.editor
            && ed.area.input(key)
        {
            ed.changed_at.get_or_insert(now);
        }
    }

    pub(crate) fn on_paste(&mut self, text: &str) {
        let now = self.now();
        if let Some(ed) = &mut self.editor {
            if ed.area.insert_str(text) {
                ed.changed_at.get_or_insert(now);
            }
        } else if let Some(Overlay::NewCandidate(form)) = &mut self.overlay {
            form.push(text);
        } else if self.screen == Screen::FirstRun {
            self.first_run.push(text);
        } else if self.screen == Screen::Candidates && self.list.filtering {
            self.list.query.name.push_str(text.trim());
            self.refresh_list();
        }
    }

    pub(crate) fn on_editor_action(&mut self, action: Action) {
        match action {
            Action::Leave | Action::Back => {
                self.close_editor();
            }
            _ => {}
        }
    }

    /// Leaves the field, saving it first; stays in it if the save failed.
    pub(crate) fn close_editor(&mut self) -> bool {
        let saved = if self.editor.as_ref().is_some_and(|e| e.changed_at.is_some()) {
            self.save_editor()
        } else {
            true
        };
        if saved {
            self.editor = None;
        }
        saved
    }

    /// Writes the editor's text to where it belongs. True on success.
    pub(crate) fn save_editor(&mut self) -> bool {
        let Some(ed) = &self.editor else {
            return true;
        };
        let (field, text) = (ed.field.clone(), ed.text());
        let ok = match field {
            Field::Note {
                competence,
                question,
            } => self.store_note(&competence, question, &text),
            Field::CriterionNote {
                competence,
                criterion,
            } => self.store_criterion_note(&competence, &criterion, &text),
            Field::Justification { competence } => self.store_justification(&competence, &text),
            Field::Reasons { competence } => self.store_reasons(&competence, &text),
        };
        if ok && let Some(ed) = &mut self.editor {
            ed.changed_at = None;
        }
        ok
    }

    fn store_note(&mut self, competence: &str, question: u32, text: &str) -> bool {
        let (Some(work), now) = (&self.work, self.now()) else {
            return false;
        };
        let id = work.id.clone();
        let r = self.backend.save_note(&id, competence, question, text, now);
        if self.persisted("The note", r).is_none() {
            return false;
        }
        if let Some(w) = &mut self.work {
            w.notes
                .insert((competence.to_string(), question), text.to_string());
        }
        true
    }

    fn store_criterion_note(&mut self, competence: &str, criterion: &str, text: &str) -> bool {
        let verdict = self
            .state_of(competence)
            .and_then(|s| s.portfolio.iter().find(|j| j.criterion_id == criterion))
            .and_then(|j| j.verdict);
        let Some(verdict) = verdict else {
            // The store keeps notes with their verdict; keep the text until one is given.
            self.say("Give this criterion a verdict (m / p / x) to save its note.");
            return false;
        };
        self.set_verdict(competence, criterion, verdict, text)
    }

    fn store_justification(&mut self, competence: &str, text: &str) -> bool {
        let Some(st) = self.state_of(competence) else {
            return false;
        };
        let Some(suggested) = st.suggestion(&self.model).outcome() else {
            self.say("Rate every indicator first: there is no suggestion to confirm yet.");
            return false;
        };
        let chosen = self
            .pending_choice
            .or(st.level.as_ref().map(|l| l.chosen))
            .unwrap_or(suggested);
        match choose_level(suggested, chosen, text) {
            Ok(choice) => {
                let saved = self.set_level(competence, choice);
                if saved {
                    self.pending_choice = None;
                }
                saved
            }
            Err(e) => {
                // Only a blank justification fails here, so no typed word is dropped.
                self.pending_choice = None;
                self.say(format!("Override not recorded: {e}."));
                true
            }
        }
    }

    fn store_reasons(&mut self, competence: &str, text: &str) -> bool {
        let Some(decision) = self.state_of(competence).map(|s| s.decision) else {
            return false;
        };
        self.set_decision(competence, decision, text)
    }
}
