//! What can sit on top of a screen: help, the jump menu, a question, a box to read, a form,
//! the person picker. Only the app opens and closes them.

use super::form::Form;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfirmKind {
    Finalise,
    /// After sign-off: issue the certificate and Open Badges now?
    IssueRecords,
    /// Another instance changed the assessment under an open text field: put this text over
    /// theirs, or drop it? Then quit, when the question came from quitting.
    OverwriteTheirs {
        then_quit: bool,
    },
    /// At start: text an earlier run could not save was kept in the recovery file; put it
    /// back into its field (and save it), or keep the file for later?
    PutBack,
    /// `D`: add the demo centre and its invented candidates to this (new or demo) database?
    LoadDemo,
}

#[derive(Debug)]
pub enum Overlay {
    Help,
    Jump {
        cursor: usize,
    },
    Confirm(ConfirmKind),
    /// Who is working: the people of this database, and "someone new" last.
    PickPerson {
        people: Vec<(String, String, String)>,
        cursor: usize,
    },
    /// Whom to hand the candidate to: the centre's queue first, then its assessors.
    PickAssessor {
        assessors: Vec<crate::domain::people::Staff>,
        cursor: usize,
    },
    /// Whom the tutor hands the candidate to: the centre's other tutors.
    PickTutor {
        tutors: Vec<crate::domain::people::Staff>,
        cursor: usize,
    },
    /// A write failed: the change was not saved. Any key closes it.
    NotSaved(String),
    /// Something the user must read in full (e.g. which command sets up signing). Any key
    /// closes it.
    Notice(String),
    Form(Form),
}
