//! Reads terminal events and feeds `App::update`; draws only when the app is dirty.
//!
//! No ticking redraws: the loop waits without a timeout unless a note save is pending (2 s
//! idle autosave) or the interview clock needs its once-a-minute refresh. It also wakes once
//! a second to notice SIGHUP/SIGTERM, but that wake draws nothing.

use std::io;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use crossterm::event::{self, Event, KeyEventKind};
use ratatui::Terminal;

use super::app::App;
use super::msg::Msg;
use super::screens;
use super::terminal::shutdown_requested;

const SIGNAL_CHECK: Duration = Duration::from_secs(1);

pub fn run<B: ratatui::backend::Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
) -> io::Result<()>
where
    B::Error: Into<io::Error>,
{
    let events = spawn_reader();
    if let Ok(size) = terminal.size() {
        app.update(Msg::Resize(size.width, size.height));
    }
    loop {
        // Quit before drawing: after SIGHUP the terminal may be gone and a draw would fail
        // after everything was already saved.
        if app.quit {
            return Ok(());
        }
        if app.dirty {
            if let Err(e) = terminal.draw(|f| screens::render(app, f)) {
                // The terminal is gone (hung up mid-draw): save what was typed, then leave.
                app.update(Msg::Shutdown);
                return Err(e.into());
            }
            app.dirty = false;
        }
        let deadline = app.next_timer().map(|d| Instant::now() + d);
        loop {
            if shutdown_requested() {
                app.update(Msg::Shutdown);
                break;
            }
            let wait = deadline.map_or(SIGNAL_CHECK, |d| {
                d.saturating_duration_since(Instant::now())
                    .min(SIGNAL_CHECK)
            });
            match events.recv_timeout(wait) {
                Ok(Ok(ev)) => {
                    if let Some(msg) = to_msg(ev) {
                        app.update(msg);
                        break;
                    }
                }
                // The terminal went away (dropped connection): save and leave.
                Ok(Err(_)) | Err(RecvTimeoutError::Disconnected) => {
                    app.update(Msg::Shutdown);
                    break;
                }
                Err(RecvTimeoutError::Timeout) => {
                    if deadline.is_some_and(|d| Instant::now() >= d) {
                        app.update(Msg::Tick);
                        break;
                    }
                }
            }
        }
    }
}

/// Reads terminal events on their own thread. crossterm's reader can spin on end-of-file
/// once the terminal is gone (a dropped SSH connection) without ever returning to its
/// caller; reading here keeps the loop above free to notice SIGHUP, save and exit.
fn spawn_reader() -> Receiver<io::Result<Event>> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        loop {
            let ev = event::read();
            let failed = ev.is_err();
            if tx.send(ev).is_err() || failed {
                break;
            }
        }
    });
    rx
}

fn to_msg(ev: Event) -> Option<Msg> {
    match ev {
        Event::Key(k) if k.kind == KeyEventKind::Press => Some(Msg::Key(k)),
        Event::Paste(s) => Some(Msg::Paste(s)),
        Event::Resize(w, h) => Some(Msg::Resize(w, h)),
        _ => None,
    }
}
