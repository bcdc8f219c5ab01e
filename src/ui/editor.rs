//! The focused multi-line text field (interview notes, criterion notes, justification,
//! reasons) and how it is saved: on leaving, on ctrl-s, 2 s after the last keystroke, on quit.
//!
//! Must not touch the terminal; writes go through `App::persisted`.

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;
use ratatui_textarea::{TextArea, WrapMode};

use super::app::{App, ConfirmKind, Overlay};
use super::keys::{Action, Context};
use crate::domain::DomainError;
use crate::domain::command::Command;

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
    /// One part of a STARRTT story on the tutor's side.
    Story {
        number: u32,
        part: super::dossier_view::StoryPart,
    },
    /// The description of an evidence item.
    Description {
        number: u32,
    },
    /// The actions of a goal of the development plan.
    Actions {
        number: u32,
    },
}

#[derive(Debug)]
pub struct Editor {
    pub field: Field,
    pub area: TextArea<'static>,
    /// Set on the first unsaved keystroke; cleared when the text is saved.
    pub changed_at: Option<DateTime<Utc>>,
    /// Another instance changed the assessment under this field: no autosave until the
    /// user saves on purpose, so their text is never overwritten unseen.
    pub conflicted: bool,
    /// Saves that failed in a row; the autosave waits longer after each (see `app_save`).
    pub failures: u32,
    /// The autosave's next try after a failure (instead of 2 s after the first keystroke).
    pub retry_at: Option<DateTime<Utc>>,
    /// Why the text would be refused, shown next to the field as it is typed.
    pub reason: Option<String>,
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
        // The terminal's own cursor marks the insertion point (widgets::text_field).
        area.set_cursor_style(ratatui::style::Style::new());
        area.move_cursor(ratatui_textarea::CursorMove::Bottom);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        Editor {
            field,
            area,
            changed_at: None,
            conflicted: false,
            failures: 0,
            retry_at: None,
            reason: None,
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
        self.view.set_editor(Some(Editor::new(field, text)));
    }

    /// Keys the text field does not bind: typed into it.
    pub(crate) fn on_text_key(&mut self, ctx: Context, key: KeyEvent) {
        if ctx == Context::Form {
            self.on_form_key(key);
            return;
        }
        let now = self.now();
        if let Some(ed) = self.view.editor_mut()
            && ed.area.input(key)
        {
            ed.changed_at.get_or_insert(now);
            self.check_editor();
        }
    }

    pub(crate) fn on_paste(&mut self, text: &str) {
        let now = self.now();
        if let Some(ed) = self.view.editor_mut() {
            if ed.area.insert_str(text) {
                ed.changed_at.get_or_insert(now);
                self.check_editor();
            }
        } else if let Some(Overlay::Form(form)) = &mut self.overlay {
            form.push(text);
            self.check_form();
        } else if let Some(form) = self.view.first_run_form() {
            form.push(text);
        } else if let Some(list) = self.view.list_mut().filter(|l| l.filtering) {
            list.query.name.push_str(text.trim());
            list.cursor = 0;
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
        if self.conflicted() {
            // Leaving must not put this text over theirs unasked.
            self.overlay = Some(Overlay::Confirm(ConfirmKind::OverwriteTheirs {
                then_quit: false,
            }));
            return false;
        }
        let saved = if self.view.editor().is_some_and(|e| e.changed_at.is_some()) {
            self.save_editor()
        } else {
            true
        };
        if saved {
            self.view.set_editor(None);
        }
        saved
    }

    /// Writes the editor's text to where it belongs. True on success; a failure makes the
    /// autosave wait longer before its next try, a success resets that.
    pub(crate) fn save_editor(&mut self) -> bool {
        let Some(ed) = self.view.editor() else {
            return true;
        };
        let (field, text) = (ed.field.clone(), ed.text());
        let ok = self.save_field(field, &text);
        let (now, save) = (self.now(), self.key(Context::Notes, Action::Save));
        let Some(ed) = self.view.editor_mut() else {
            return ok;
        };
        if ok {
            ed.changed_at = None;
            ed.conflicted = false;
            ed.failures = 0;
            ed.retry_at = None;
            // Every save records the interview time too: a crash then loses no more time
            // than words, only what came after the last save.
            self.commit_interview_clock();
            return true;
        }
        ed.failures += 1;
        let wait = super::app_save::backoff(ed.failures);
        ed.retry_at = Some(now + wait);
        // A conflict waits for the user (no autosave); other failures are tried again.
        if !ed.conflicted
            && let Some(Overlay::NotSaved(msg)) = &mut self.overlay
        {
            msg.push_str(&format!(
                "\nYour text stays in the field; leverup tries again in {} s ({save} tries now).",
                wait.num_seconds()
            ));
        }
        false
    }

    /// Writes `text` to `field` of the open assessment. True on success.
    pub(crate) fn save_field(&mut self, field: Field, text: &str) -> bool {
        match field {
            Field::Note {
                competence,
                question,
            } => self.store_note(&competence, question, text),
            Field::CriterionNote {
                competence,
                criterion,
            } => self.store_criterion_note(&competence, &criterion, text),
            Field::Justification { competence } => self.store_justification(&competence, text),
            Field::Reasons { competence } => self.store_reasons(&competence, text),
            Field::Story { number, part } => self.save_story_part(number, part, text),
            Field::Description { number } => self.save_record_text(&field, number, text),
            Field::Actions { number } => self.save_record_text(&field, number, text),
        }
    }

    fn store_note(&mut self, competence: &str, question: u32, text: &str) -> bool {
        self.command(Command::Note {
            competence: competence.to_string(),
            question,
            text: text.to_string(),
        })
    }

    fn store_criterion_note(&mut self, competence: &str, criterion: &str, text: &str) -> bool {
        let verdict = self
            .state_of(competence)
            .and_then(|s| s.portfolio.iter().find(|j| j.criterion_id == criterion))
            .and_then(|j| j.verdict);
        let Some(verdict) = verdict else {
            // The store keeps notes with their verdict; keep the text until one is given.
            let keys = self.verdict_keys();
            self.say(format!(
                "Give this criterion a verdict ({keys}) to save its note."
            ));
            return false;
        };
        self.command(Command::Verdict {
            competence: competence.to_string(),
            criterion: criterion.to_string(),
            verdict,
            note: text.to_string(),
        })
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
            .view
            .pending_choice()
            .or(st.level.as_ref().map(|l| l.chosen))
            .unwrap_or(suggested);
        match self.try_command(Command::ChooseLevel {
            competence: competence.to_string(),
            chosen,
            justification: text.to_string(),
        }) {
            Ok(()) => {
                self.view.set_pending_choice(None);
                true
            }
            Err(Some(e @ DomainError::JustificationRequired)) => {
                // Nothing typed to lose: the override is dropped and the field may close.
                self.view.set_pending_choice(None);
                self.say(format!("Override not recorded: {e}."));
                true
            }
            Err(Some(e)) => {
                self.refuse(e);
                false
            }
            Err(None) => false,
        }
    }

    fn store_reasons(&mut self, competence: &str, text: &str) -> bool {
        self.command(Command::Reasons {
            competence: competence.to_string(),
            text: text.to_string(),
        })
    }
}
