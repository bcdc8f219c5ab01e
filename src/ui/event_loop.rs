//! Feeds `App::update` from one channel and draws only when the app is dirty.
//!
//! The channel is fed by the terminal reader thread and the signal thread; the timers are
//! the channel's receive deadline. No ticking redraws and no polling: the loop blocks until
//! input, a signal, or the app's next timer (a pending 2 s autosave, the once-a-minute
//! interview clock).
//!
//! SIGINT, SIGQUIT, SIGTERM and SIGHUP all end the program the same orderly way: the app
//! saves the open text field and the interview time, the caller restores the terminal, and
//! the process exits with 128 + the signal's number, as a shell reports a signal death.

use std::io;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::Instant;

use crossterm::event::{self, Event, KeyEventKind};
use ratatui::Terminal;

use super::app::App;
use super::msg::Msg;
use super::screens;

/// What reaches the loop's channel.
enum Input {
    Terminal(io::Result<Event>),
    Signal(i32),
}

/// How the loop ended: the assessor quit (or the terminal went away), or a signal asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    Quit,
    Signal(i32),
}

impl Ending {
    /// The process exit status: 0, or 128 + n after signal n.
    pub fn exit_code(self) -> u8 {
        match self {
            Ending::Quit => 0,
            Ending::Signal(n) => u8::try_from(128 + n).unwrap_or(u8::MAX),
        }
    }
}

/// The loop's channel, with the signals already caught. Made before the terminal changes
/// modes, so no signal can end the program between raw mode and the loop.
pub struct Inputs {
    tx: Sender<Input>,
    rx: Receiver<Input>,
    #[cfg(unix)]
    signals: signal_hook::iterator::Handle,
}

impl Inputs {
    pub fn new() -> io::Result<Inputs> {
        let (tx, rx) = mpsc::channel();
        #[cfg(unix)]
        let signals = catch_signals(tx.clone())?;
        Ok(Inputs {
            tx,
            rx,
            #[cfg(unix)]
            signals,
        })
    }
}

#[cfg(unix)]
impl Drop for Inputs {
    // Ends the signal thread; the loop no longer listens.
    fn drop(&mut self) {
        self.signals.close();
    }
}

/// The signals that would otherwise kill the program with the typed word lost and the
/// terminal left raw. SIGINT and SIGQUIT only come from `kill`: raw mode turns Ctrl-C and
/// Ctrl-\ into keys.
#[cfg(unix)]
pub const ENDING_SIGNALS: [i32; 4] = {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    [SIGHUP, SIGINT, SIGQUIT, SIGTERM]
};

/// signal-hook's handler writes to a self-pipe; this thread blocks on reading it and
/// forwards each signal to the loop.
#[cfg(unix)]
fn catch_signals(tx: Sender<Input>) -> io::Result<signal_hook::iterator::Handle> {
    let mut signals = signal_hook::iterator::Signals::new(ENDING_SIGNALS)?;
    let handle = signals.handle();
    thread::spawn(move || {
        for n in signals.forever() {
            if tx.send(Input::Signal(n)).is_err() {
                break;
            }
        }
    });
    Ok(handle)
}

pub fn run<B: ratatui::backend::Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    inputs: Inputs,
) -> io::Result<Ending>
where
    B::Error: Into<io::Error>,
{
    spawn_reader(inputs.tx.clone());
    let mut ending = Ending::Quit;
    if let Ok(size) = terminal.size() {
        app.update(Msg::Resize(size.width, size.height));
    }
    loop {
        // Quit before drawing: after SIGHUP the terminal may be gone and a draw would fail
        // after everything was already saved.
        if app.quit {
            return Ok(ending);
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
            let input = match deadline {
                Some(d) => inputs
                    .rx
                    .recv_timeout(d.saturating_duration_since(Instant::now())),
                None => inputs.rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
            };
            match input {
                Ok(Input::Terminal(Ok(ev))) => {
                    if let Some(msg) = to_msg(ev) {
                        app.update(msg);
                        break;
                    }
                }
                Ok(Input::Signal(n)) => {
                    ending = Ending::Signal(n);
                    app.update(Msg::Shutdown);
                    break;
                }
                // The terminal went away (dropped connection): save and leave.
                Ok(Input::Terminal(Err(_))) | Err(RecvTimeoutError::Disconnected) => {
                    app.update(Msg::Shutdown);
                    break;
                }
                Err(RecvTimeoutError::Timeout) => {
                    app.update(Msg::Tick);
                    break;
                }
            }
        }
    }
}

/// Reads terminal events on their own thread. crossterm's reader can spin on end-of-file
/// once the terminal is gone (a dropped SSH connection) without ever returning to its
/// caller; reading here keeps the loop above free to take the SIGHUP, save and exit.
/// crossterm is built with `use-dev-tty` (Cargo.toml says why): its default reader left a
/// paste of more than 1 KB half-read until the next key.
fn spawn_reader(tx: Sender<Input>) {
    thread::spawn(move || {
        loop {
            let ev = event::read();
            let failed = ev.is_err();
            if tx.send(Input::Terminal(ev)).is_err() || failed {
                break;
            }
        }
    });
}

fn to_msg(ev: Event) -> Option<Msg> {
    match ev {
        Event::Key(k) if k.kind == KeyEventKind::Press => Some(Msg::Key(k)),
        Event::Paste(s) => Some(Msg::Paste(s)),
        Event::Resize(w, h) => Some(Msg::Resize(w, h)),
        _ => None,
    }
}
