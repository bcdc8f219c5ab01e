//! The signals that end the TUI, sent to the real binary in a pseudo-terminal mid-word:
//! SIGINT, SIGQUIT, SIGTERM and SIGHUP each save the typed word, restore the terminal and
//! exit with 128 + the signal's number; a form left open is kept for the next start.

mod pty;

use pty::*;

/// What `terminal::restore` writes last: bracketed paste off, the alternate screen left,
/// the cursor shown, ASCII in G0 (a frame may end in VT100 line drawing).
const RESTORE: &[u8] = b"\x1b[?2004l\x1b[?1049l\x1b[?25h\x1b(B";

fn signal_mid_word(flag: &str, number: u32, word: &str) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("signal.db");
    let mut p = Pty::spawn(&db);
    set_up_candidate(&mut p);
    open_second_note(&mut p);
    p.type_text(word);
    // Keys still queued when the signal lands are not read any more: wait until all are in.
    p.wait_until("the typed text", |s| {
        s.contains(word) && s.contains("unsaved")
    });
    signal(&p, flag);
    let status = p.wait_exit();
    assert_eq!(status.signal(), None, "{flag} killed it: {status:?}");
    assert_eq!(status.exit_code(), 128 + number, "{flag}: {status:?}");
    assert!(
        notes_in_db(&db).contains(&word.to_string()),
        "{flag}: {word:?} not saved"
    );
    let bytes = p.bytes();
    assert!(
        bytes.ends_with(RESTORE),
        "{flag}: the output does not end by restoring the terminal: {:?}",
        String::from_utf8_lossy(&bytes[bytes.len().saturating_sub(80)..])
    );
    assert!(
        !line_drawing::ends_in_dec(&bytes),
        "{flag}: the shell is left in the line-drawing set"
    );
    let parser = p.parser();
    assert!(
        !parser.screen().alternate_screen(),
        "{flag}: still on the alternate screen"
    );
    assert!(!parser.screen().hide_cursor(), "{flag}: cursor left hidden");
}

/// What a dropped SSH connection sends. (portable-pty's kill() follows SIGHUP with SIGKILL
/// after 200 ms, which is not what sshd does, so signal directly.)
#[test]
fn sighup_mid_word_saves_restores_and_exits_129() {
    signal_mid_word("-HUP", 1, "dropped connecti");
}

/// `kill -INT`: in raw mode Ctrl-C is a key, so SIGINT only comes from outside.
#[test]
fn sigint_mid_word_saves_restores_and_exits_130() {
    signal_mid_word("-INT", 2, "interrupted wo");
}

#[test]
fn sigquit_mid_word_saves_restores_and_exits_131() {
    signal_mid_word("-QUIT", 3, "quit halfw");
}

/// What `kill` sends by default, and a system shutting down.
#[test]
fn sigterm_mid_word_saves_restores_and_exits_143() {
    signal_mid_word("-TERM", 15, "terminated mid");
}

/// A dropped connection while a tutor types into a form: the values go to the recovery
/// file, and the next start offers them back and reopens the form with them.
#[test]
fn sighup_with_a_form_open_keeps_its_values_for_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("form.db");
    let mut p = Pty::spawn(&db);
    first_run_as_tutor(&mut p);
    new_candidate_opens(&mut p, "Giulia Rossi", "C01", "Registration");
    p.send(ENTER);
    p.wait_for("Registration and consent");
    p.send(TAB);
    p.type_text("giulia@example.org");
    p.send(TAB);
    p.type_text("pt-BR");
    p.wait_for("pt-BR");
    signal(&p, "-HUP");
    assert_eq!(p.wait_exit().exit_code(), 129);
    let kept = dir.path().join("form.db.recovery.json");
    let body = std::fs::read_to_string(&kept).unwrap();
    assert!(body.contains("giulia@example.org"), "{body}");

    let mut p = Pty::spawn(&db);
    p.wait_for("A form that was not submitted was kept");
    p.wait_for("E-mail: giulia@example.org");
    p.send(b"y");
    p.wait_for("open again with what was typed");
    let s = p.screen();
    assert!(
        s.contains("Registration and consent") && s.contains("Language: pt-BR"),
        "{s}"
    );
    // On to the last field, which submits: saved like any form.
    for _ in 0..5 {
        p.send(ENTER);
    }
    p.wait_for("Saved.");
    p.send(CTRL_Q);
    assert!(p.wait_exit().success());
    assert!(!kept.exists());
    let store = leverup::store::Store::open(&db).unwrap();
    let id = store
        .list_candidates(&Default::default(), 10, 0)
        .unwrap()
        .pop()
        .unwrap()
        .id;
    let d = store.load_dossier(&id).unwrap();
    assert_eq!(d.profile.email.as_deref(), Some("giulia@example.org"));
    assert_eq!(d.profile.language.as_deref(), Some("pt-BR"));
}
