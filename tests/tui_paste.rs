//! A large paste that arrives without bracketed paste (a terminal that does not support it,
//! or tmux/screen passing it on as typed keys) is read whole, and the keys after it land
//! where they were aimed.

mod pty;

use pty::*;

#[test]
fn a_large_unbracketed_paste_is_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("paste.db");
    let mut p = Pty::spawn(&db);
    set_up_candidate(&mut p);
    open_second_note(&mut p);
    // 3000 bytes in one write, more than crossterm reads at once (1 KB).
    let text: String = (0..300).map(|i| format!("word{:05} ", i)).collect();
    let text = text.trim_end().to_string();
    assert!(text.len() > 2048);
    p.send(text.as_bytes());
    // The autosave fires 2 s after the last key read; "unsaved" contains "saved".
    p.wait_until("the autosave", |s| {
        s.contains("word00299") && s.contains("saved") && !s.contains("unsaved")
    });
    // The keys after it are keys, not the tail of the paste: leave the field, move down.
    p.send(ESC);
    p.send(DOWN);
    p.send(ENTER);
    p.wait_for("typing");
    p.type_text("next");
    p.wait_until("the autosave", |s| {
        s.contains("next") && s.contains("saved") && !s.contains("unsaved")
    });
    p.send(CTRL_Q);
    assert!(p.wait_exit().success());
    let notes = notes_in_db(&db);
    assert!(notes.contains(&text), "the paste was cut: {notes:?}");
    assert!(notes.contains(&"next".to_string()), "{notes:?}");
}
