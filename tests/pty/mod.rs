//! The real binary in a pseudo-terminal, read back through a vt100 parser: the harness the
//! pty tests share, and the key walks they start from.
#![allow(dead_code)] // each test binary uses its own part of the harness

pub mod bytes;
pub mod line_drawing;
pub mod table;
pub mod tutor_bytes;

use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use leverup::store::Store;
pub use portable_pty::CommandBuilder;
use portable_pty::{Child, MasterPty, PtySize, native_pty_system};

pub const ENTER: &[u8] = b"\r";
pub const TAB: &[u8] = b"\t";
pub const ESC: &[u8] = b"\x1b";
pub const CTRL_Q: &[u8] = b"\x11";
pub const DOWN: &[u8] = b"\x1b[B";
pub const UP: &[u8] = b"\x1b[A";

pub struct Pty {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    out: Arc<Mutex<Vec<u8>>>,
    /// Tells the reader thread to let go of its master descriptor.
    stop: Arc<AtomicBool>,
    /// `None` once the terminal was hung up.
    master: Option<Box<dyn MasterPty + Send>>,
}

impl Pty {
    pub fn spawn(db: &Path) -> Pty {
        Pty::spawn_with(db, &[])
    }

    pub fn spawn_with(db: &Path, args: &[&str]) -> Pty {
        Pty::spawn_env(db, args, &[])
    }

    /// With extra environment variables, such as `NO_COLOR`.
    pub fn spawn_env(db: &Path, args: &[&str], env: &[(&str, &str)]) -> Pty {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_leverup"));
        cmd.arg("--db");
        cmd.arg(db);
        cmd.args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        Pty::spawn_command(cmd)
    }

    /// Any program in the 80×24 terminal (`ssh -tt …` for the SSH test), with the same
    /// TERM as leverup gets here.
    pub fn spawn_command(mut cmd: CommandBuilder) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        cmd.env("TERM", "xterm-256color");
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        // Our own duplicate of the master, read with a timeout so that `hang_up` can stop
        // the reader and close every master descriptor (only then does the kernel hang up
        // the terminal).
        let fd = unsafe { libc::dup(pair.master.as_raw_fd().expect("master fd")) };
        assert!(fd >= 0, "dup the pty master");
        let mut reader = unsafe { <std::fs::File as std::os::fd::FromRawFd>::from_raw_fd(fd) };
        let out = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (sink, stopped) = (out.clone(), stop.clone());
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while !stopped.load(Ordering::SeqCst) {
                let mut pfd = libc::pollfd {
                    fd,
                    events: libc::POLLIN,
                    revents: 0,
                };
                if unsafe { libc::poll(&mut pfd, 1, 50) } <= 0 {
                    continue;
                }
                match reader.read(&mut buf) {
                    Ok(n) if n > 0 => sink.lock().unwrap().extend_from_slice(&buf[..n]),
                    _ => break,
                }
            }
        });
        let writer = pair.master.take_writer().unwrap();
        Pty {
            child,
            writer,
            out,
            stop,
            master: Some(pair.master),
        }
    }

    pub fn bytes(&self) -> Vec<u8> {
        self.out.lock().unwrap().clone()
    }

    pub fn parser(&self) -> vt100::Parser {
        let mut p = vt100::Parser::new(24, 80, 0);
        // The emulator has no VT100 line drawing; the terminals do.
        p.process(&line_drawing::translate(&self.bytes()));
        p
    }

    pub fn screen(&self) -> String {
        self.parser().screen().contents()
    }

    pub fn wait_for(&self, needle: &str) {
        self.wait_until(&format!("{needle:?} to appear"), |s| s.contains(needle));
    }

    /// Polls the screen until `done` holds; generous, because CI machines can be slow.
    pub fn wait_until(&self, what: &str, done: impl Fn(&str) -> bool) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(15) {
            if done(&self.screen()) {
                return;
            }
            thread::sleep(Duration::from_millis(30));
        }
        panic!("waited in vain for {what}; screen:\n{}", self.screen());
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
        // A lone ESC is only read as Esc when no further byte follows at once.
        thread::sleep(Duration::from_millis(if bytes == ESC { 150 } else { 40 }));
    }

    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.send(c.to_string().as_bytes());
        }
    }

    /// Closes the terminal side, as a dropped SSH connection or a closed terminal window
    /// does: the kernel then sends SIGHUP and reads return end-of-file.
    pub fn hang_up(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        thread::sleep(Duration::from_millis(200));
        self.writer = Box::new(std::io::sink());
        self.master = None;
    }

    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            thread::sleep(Duration::from_millis(30));
        }
        panic!("the program did not exit; screen:\n{}", self.screen());
    }
}

impl Drop for Pty {
    // Never leave a TUI behind when a test fails half-way.
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}

/// First run: the centre and its assessor, then the (empty) candidate list.
pub fn first_run(p: &mut Pty) {
    p.wait_for("first run");
    p.type_text("Centro Milano");
    p.send(TAB);
    p.type_text("Anna Assessor");
    p.send(ENTER);
    p.wait_for("Candidates");
}

/// First run as Tina, a tutor: the centre, her name, the role typed over the prefilled
/// `assessor`, then her (empty) list.
pub fn first_run_as_tutor(p: &mut Pty) {
    p.wait_for("first run");
    p.type_text("Centro Milano");
    p.send(TAB);
    p.type_text("Tina Tutor");
    p.send(TAB);
    p.send(&[0x7f; 8]);
    p.type_text("tutor");
    p.send(ENTER);
    p.wait_for("My candidates");
}

/// First run, a new candidate claiming Communication, the assessment started.
pub fn set_up_candidate(p: &mut Pty) {
    first_run(p);
    new_candidate(p, "Marco Volontario", "C07");
    document(p);
    p.send(b"a");
    p.wait_for("portfolio check");
}

/// From the candidate list: registers `name` claiming `codes` (such as "C07 C08"), which
/// opens their overview.
pub fn new_candidate(p: &mut Pty, name: &str, codes: &str) {
    new_candidate_opens(p, name, codes, "overview");
}

/// As `new_candidate`, waiting for `screen` (their tutor's dossier says "Registration").
pub fn new_candidate_opens(p: &mut Pty, name: &str, codes: &str, screen: &str) {
    p.send(b"n");
    p.wait_for("New candidate");
    p.type_text(name);
    p.send(TAB);
    p.type_text(codes);
    // On to the consent date (today, offered), which submits.
    p.send(ENTER);
    p.wait_for("Consent given on");
    p.send(ENTER);
    p.wait_for(screen);
}

/// On the overview: two current evidence items of two kinds, then on to Documentation.
pub fn document(p: &mut Pty) {
    for (title, kind, date) in [
        ("Reference letter", "reference letter", "2025-06-01"),
        ("Service certificate", "certificate", "2024-09-15"),
    ] {
        p.send(b"e");
        p.wait_for("Add an evidence item");
        p.send(TAB);
        p.type_text(title);
        p.send(TAB);
        p.type_text(kind);
        p.send(TAB);
        p.type_text(date);
        p.send(ENTER);
        p.wait_for(&format!("Evidence added: {title}"));
    }
    p.send(b"n");
    p.wait_for("Moved on to Identification");
    p.send(b"n");
    p.wait_for("Moved on to Documentation");
}

/// The real binary on a new database at `db`, a candidate set up, question 2's note open.
pub fn typing_a_note(db: &Path) -> Pty {
    let mut p = Pty::spawn(db);
    set_up_candidate(&mut p);
    open_second_note(&mut p);
    p
}

pub fn open_second_note(p: &mut Pty) {
    p.send(ESC);
    p.wait_for("overview");
    p.send(b"i");
    p.wait_for("interview");
    p.send(DOWN);
    p.send(ENTER);
    p.wait_for("typing");
}

pub fn signal(p: &Pty, sig: &str) {
    let pid = p.child.process_id().unwrap();
    let sent = std::process::Command::new("kill")
        .args([sig, &pid.to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
}

pub fn notes_in_db(db: &Path) -> Vec<String> {
    let store = Store::open(db).unwrap();
    let mut texts = Vec::new();
    for row in store.list_candidates(&Default::default(), 10, 0).unwrap() {
        for a in store.assessments_for(&row.id).unwrap() {
            let rec = store.load_assessment(&a.id).unwrap();
            texts.extend(rec.notes.into_iter().map(|n| n.text));
        }
    }
    texts
}
