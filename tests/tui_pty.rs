//! End to end: the real binary in a pseudo-terminal, read back through a vt100 parser.
//! Start, walk, quit (terminal restored); kill -9 mid-interview, then reopen: the saved
//! notes are back on screen and in the database. The catchable signals are in
//! tui_signals.rs, the bytes per keystroke in tui_bytes.rs.

mod pty;

use pty::*;

#[test]
fn start_walk_quit_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("walk.db");
    let mut p = Pty::spawn(&db);
    set_up_candidate(&mut p);
    p.send(b"m");
    p.wait_for("[M] Met");
    assert!(p.parser().screen().alternate_screen());
    p.send(CTRL_Q);
    assert!(p.wait_exit().success());
    let bytes = p.bytes();
    let find = |pat: &[u8]| bytes.windows(pat.len()).rposition(|w| w == pat);
    let entered = find(b"\x1b[?1049h").expect("alternate screen entered");
    let left = find(b"\x1b[?1049l").expect("alternate screen left");
    assert!(left > entered);
    let parser = p.parser();
    assert!(
        !parser.screen().alternate_screen(),
        "still on the alternate screen"
    );
    assert!(!parser.screen().hide_cursor(), "cursor left hidden");
    assert!(
        !line_drawing::ends_in_dec(&bytes),
        "the shell is left in the line-drawing set"
    );
}

/// Borders go out as VT100 line drawing only with `LEVERUP_ACS=1`, and not even then when
/// `LEVERUP_NO_ACS` (or ncurses' `NCURSES_NO_UTF8_ACS`) says the terminal does not draw
/// it; the screen is the same either way.
#[test]
fn borders_are_line_drawing_when_asked_unless_the_environment_turns_it_off() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("acs.db");
    let mut screens = Vec::new();
    for env in [
        &[("LEVERUP_ACS", "1")][..],
        &[][..],
        &[("LEVERUP_ACS", "1"), ("LEVERUP_NO_ACS", "1")][..],
        &[("LEVERUP_ACS", "1"), ("NCURSES_NO_UTF8_ACS", "1")][..],
    ] {
        let mut p = Pty::spawn_env(&db, &[], env);
        p.wait_until("the first run form", |s| s.contains("first run"));
        let bytes = p.bytes();
        let dec = bytes.windows(3).any(|w| w == b"\x1b(0");
        assert_eq!(dec, env.len() == 1, "{env:?}: line drawing used");
        let screen = p.screen();
        assert!(
            screen.contains("┌") && screen.contains("───"),
            "{env:?}:\n{screen}"
        );
        screens.push(screen);
        p.send(CTRL_Q);
        p.wait_exit();
        assert!(!line_drawing::ends_in_dec(&p.bytes()), "{env:?}");
    }
    assert_eq!(screens[0], screens[1]);
}

#[test]
fn kill_9_mid_interview_loses_nothing_saved() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kill.db");
    let mut p = typing_a_note(&db);
    p.type_text("Volunteered every Saturday");
    p.wait_until("the typed text", |s| {
        s.contains("Volunteered every Saturday")
    });
    // The autosave fires 2 s after the last keystroke; "unsaved" contains "saved", so
    // wait for the one without the other.
    p.wait_until("the autosave", |s| {
        s.contains("saved") && !s.contains("unsaved")
    });
    signal(&p, "-9");
    p.wait_exit();

    let p2 = Pty::spawn(&db);
    p2.wait_for("Volunteered every Saturday");
    assert!(
        p2.screen().contains("Notes Q2"),
        "not back at question 2:\n{}",
        p2.screen()
    );
    drop(p2);
    assert!(notes_in_db(&db).contains(&"Volunteered every Saturday".to_string()));
}

#[test]
fn closed_terminal_ends_the_program_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("closed.db");
    let mut p = typing_a_note(&db);
    p.type_text("window closed");
    p.wait_until("the typed text", |s| s.contains("window closed"));
    p.hang_up();
    // It used to spin at 100% CPU on the dead terminal forever; now it ends by itself, and
    // without a panic (exit 101) from printing to the vanished terminal. The kernel's SIGHUP
    // and the reader's end of input race: 129 if the signal came first, else 0 (or 1 when a
    // draw failed first). Saving on SIGHUP is covered in tui_signals.rs.
    let status = p.wait_exit();
    assert!([0, 1, 129].contains(&status.exit_code()), "{status:?}");
}

/// Text fields show the terminal's own cursor where the next character goes (no drawn
/// reverse-video cell to repaint per keystroke), and hide it again on leaving.
#[test]
fn a_note_shows_the_terminal_cursor_at_the_insertion_point() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = typing_a_note(&dir.path().join("cursor.db"));
    p.type_text("Rota");
    p.wait_until("the typed text", |s| s.contains("Rota"));
    let parser = p.parser();
    let screen = parser.screen();
    assert!(!screen.hide_cursor(), "cursor hidden while typing");
    let (row, col) = screen.cursor_position();
    let line = screen.contents_between(row, 0, row, 80);
    let byte = line.find("Rota").expect("the cursor's row holds the text");
    let at = line[..byte].chars().count() as u16;
    assert_eq!(col, at + 4, "cursor right after the text: {line:?}");
    assert!(
        !screen.cell(row, col).unwrap().inverse(),
        "a drawn cursor cell"
    );
    p.send(ESC);
    p.wait_until("the note left", |s| !s.contains("typing"));
    assert!(
        p.parser().screen().hide_cursor(),
        "cursor shown outside a field"
    );
}

/// `NO_COLOR` (any value): the program sends no colour at all, only attributes (bold,
/// reverse video), and the selection stays visible as text (`>`).
#[test]
fn no_color_sends_no_colour() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Pty::spawn_env(&dir.path().join("plain.db"), &[], &[("NO_COLOR", "1")]);
    first_run(&mut p);
    p.send(b"D");
    p.send(b"y");
    p.wait_for("Demo candidates loaded");
    p.send(DOWN);
    p.settled_len();
    // Row 0 is the heading, row 1 the column header, rows 2… the candidates.
    let marker = p.parser().screen().cell(3, 0).map(|c| c.contents());
    assert_eq!(marker.as_deref(), Some(">"), "the marker on the second row");
    let colours = sgr_params(&p.bytes())
        .into_iter()
        .filter(|n| matches!(n, 30..=49 | 58 | 59 | 90..=107))
        .collect::<Vec<_>>();
    assert!(colours.is_empty(), "colour codes sent: {colours:?}");
}

/// Every parameter of every SGR sequence (`ESC [ … m`) in `bytes`.
fn sgr_params(bytes: &[u8]) -> Vec<u32> {
    let text = String::from_utf8_lossy(bytes);
    let mut params = Vec::new();
    for seq in text.split("\x1b[").skip(1) {
        let body: String = seq
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ';')
            .collect();
        if seq[body.len()..].starts_with('m') {
            params.extend(body.split(';').filter_map(|n| n.parse::<u32>().ok()));
        }
    }
    params
}
