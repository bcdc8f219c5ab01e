//! Over SSH, the way README "Tutors over SSH" tells a centre to set it up: one system
//! account, and per tutor key an `authorized_keys` line
//! `command="leverup --db … --as <person>",restrict,pty`. A real `sshd` runs on
//! 127.0.0.1 (unprivileged when the tests are not root), the real `ssh -tt` connects from
//! a pseudo-terminal, and the session is driven like a person at a keyboard.
//!
//! Needs the OpenSSH server and client (`.ci/run` installs them on Debian). Elsewhere the
//! test says why it skips; with `LEVERUP_SSH_TEST=require` (set by `.ci/run`) a missing
//! tool fails it instead, so CI can never pass by skipping.

mod pty;

use std::fs;
use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use chrono::Utc;
use leverup::store::{Role, Store};
use pty::*;

const TUTOR: &str = "Tina Tutor";
const OTHER: &str = "Bruno Bianchi";

/// The OpenSSH programs, or why they cannot be used here.
struct Tools {
    sshd: PathBuf,
    ssh: PathBuf,
    keygen: PathBuf,
}

fn find(name: &str, dirs: &[&str]) -> Option<PathBuf> {
    let path = std::env::var("PATH").unwrap_or_default();
    path.split(':')
        .chain(dirs.iter().copied())
        .map(|d| Path::new(d).join(name))
        .find(|p| p.is_file())
}

fn tools() -> Result<Tools, String> {
    let missing = |what: &str, pkg: &str| {
        format!(
            "{what} not found (Debian: `apt-get install {pkg}`; `.ci/run` installs it when \
             it runs as root or with sudo)"
        )
    };
    // sshd lives in sbin, which an ordinary user's PATH often lacks.
    let sshd = find("sshd", &["/usr/sbin", "/usr/local/sbin", "/sbin"])
        .ok_or_else(|| missing("the OpenSSH server (sshd)", "openssh-server"))?;
    let ssh = find("ssh", &[]).ok_or_else(|| missing("ssh", "openssh-client"))?;
    let keygen = find("ssh-keygen", &[]).ok_or_else(|| missing("ssh-keygen", "openssh-client"))?;
    // As root, sshd separates privileges and needs its empty directory (the Debian
    // package's service creates it at boot; a container never booted it).
    if is_root() && !Path::new("/run/sshd").is_dir() {
        fs::create_dir_all("/run/sshd")
            .map_err(|e| format!("sshd needs /run/sshd as root and it cannot be made: {e}"))?;
    }
    Ok(Tools { sshd, ssh, keygen })
}

fn is_root() -> bool {
    unsafe { libc::geteuid() == 0 }
}

fn user_name() -> String {
    let out = Command::new("id").arg("-un").output().expect("id -un");
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// A running `sshd -D`, stopped (and waited for) when dropped, even when the test fails.
struct Sshd {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Sshd {
    fn log(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port nobody listens on now (the kernel picks it; sshd binds it a moment later).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn keygen(tools: &Tools, path: &Path) {
    let ok = Command::new(&tools.keygen)
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "leverup-test", "-f"])
        .arg(path)
        .status()
        .unwrap()
        .success();
    assert!(ok, "ssh-keygen {}", path.display());
}

/// Host key, the tutor's key with its forced command, sshd_config, and sshd listening.
fn start_sshd(tools: &Tools, dir: &Path, forced: &str) -> Sshd {
    keygen(tools, &dir.join("host_key"));
    keygen(tools, &dir.join("tutor_key"));
    let public = fs::read_to_string(dir.join("tutor_key.pub")).unwrap();
    fs::write(
        dir.join("authorized_keys"),
        format!("command=\"{forced}\",restrict,pty {public}"),
    )
    .unwrap();
    // The free port may be taken between asking and binding: try another one then.
    let mut last_log = String::new();
    for _ in 0..3 {
        match listen(tools, dir, free_port()) {
            Ok(sshd) => return sshd,
            Err(log) if log.contains("already in use") => last_log = log,
            Err(log) => panic!("sshd did not start:\n{log}"),
        }
    }
    panic!("sshd found no free port in three tries:\n{last_log}");
}

/// sshd on `port`, once its log says it listens; its log when it ends or hangs instead.
fn listen(tools: &Tools, dir: &Path, port: u16) -> Result<Sshd, String> {
    let d = dir.display();
    // XDG_*: the session must not pick up this machine's own keymap or signing key.
    let config = format!(
        "Port {port}\nListenAddress 127.0.0.1\nHostKey {d}/host_key\nPidFile {d}/sshd.pid\n\
         AuthorizedKeysFile {d}/authorized_keys\nAllowUsers {user}\nUsePAM no\n\
         StrictModes no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n\
         PubkeyAuthentication yes\nPermitUserEnvironment no\nLogLevel VERBOSE\n\
         SetEnv XDG_CONFIG_HOME={d}/config XDG_DATA_HOME={d}/data\n",
        user = user_name(),
    );
    fs::write(dir.join("sshd_config"), config).unwrap();
    let log = dir.join("sshd.log");
    let child = Command::new(&tools.sshd)
        .arg("-D")
        .arg("-e")
        .arg("-f")
        .arg(dir.join("sshd_config"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(fs::File::create(&log).unwrap())
        .spawn()
        .expect("start sshd");
    let mut sshd = Sshd { child, port, log };
    let start = Instant::now();
    while !sshd.log().contains("Server listening on") {
        if let Some(status) = sshd.child.try_wait().unwrap() {
            return Err(format!("sshd ended ({status}):\n{}", sshd.log()));
        }
        if start.elapsed() > Duration::from_secs(10) {
            return Err(format!("sshd did not listen on {port}:\n{}", sshd.log()));
        }
        thread::sleep(Duration::from_millis(30));
    }
    Ok(sshd)
}

/// `ssh` with the tutor's key and nothing from this user's own configuration.
fn ssh_args(dir: &Path, port: u16) -> Vec<String> {
    let key = dir.join("tutor_key").display().to_string();
    let mut args: Vec<String> = ["-F", "/dev/null", "-i", &key, "-p", &port.to_string()]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for o in [
        "StrictHostKeyChecking=no",
        "UserKnownHostsFile=/dev/null",
        "BatchMode=yes",
        "IdentitiesOnly=yes",
        "LogLevel=ERROR",
    ] {
        args.push("-o".into());
        args.push(o.into());
    }
    args.push(format!("{}@127.0.0.1", user_name()));
    args
}

/// The centre's database: the tutor (who also assesses, so today's `--as` finds her) and
/// another person she must not be able to become.
fn centre_db(path: &Path) -> String {
    let mut store = Store::open(path).unwrap();
    let now = Utc::now();
    let centre = store.create_centre("Centro Torino", "admin", now).unwrap();
    let tutor = store
        .create_person(TUTOR, Some("tina@example.org"), "admin", now)
        .unwrap();
    let other = store.create_person(OTHER, None, "admin", now).unwrap();
    for role in [Role::Tutor, Role::Assessor] {
        store.add_role(&tutor, &centre, role, "admin", now).unwrap();
    }
    store
        .add_role(&other, &centre, Role::Assessor, "admin", now)
        .unwrap();
    tutor
}

/// Processes (other than sshd's listener) whose command line names `needle`.
fn processes_naming(needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    for entry in fs::read_dir("/proc").unwrap().flatten() {
        let Ok(cmdline) = fs::read(entry.path().join("cmdline")) else {
            continue;
        };
        let text = String::from_utf8_lossy(&cmdline).replace('\0', " ");
        if text.contains(needle) {
            found.push(format!("{}: {text}", entry.file_name().to_string_lossy()));
        }
    }
    found
}

#[test]
fn a_tutor_works_over_ssh_as_the_person_their_key_names() {
    let tools = match tools() {
        Ok(t) => t,
        Err(why) if std::env::var("LEVERUP_SSH_TEST").as_deref() == Ok("require") => {
            panic!("LEVERUP_SSH_TEST=require, but {why}")
        }
        Err(why) => {
            // Straight to the terminal: the test harness hides eprintln! of a passing test.
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED a_tutor_works_over_ssh_as_the_person_their_key_names: {why}"
            );
            return;
        }
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("centre.db");
    let tutor_id = centre_db(&db);
    let forced = format!(
        "{} --db {} --as {tutor_id}",
        env!("CARGO_BIN_EXE_leverup"),
        db.display()
    );
    let sshd = start_sshd(&tools, dir.path(), &forced);

    // The tutor asks for another person on the command line: `command=` ignores it.
    let mut cmd = CommandBuilder::new(&tools.ssh);
    cmd.arg("-tt");
    cmd.args(ssh_args(dir.path(), sshd.port));
    cmd.args(["leverup", "--as", &format!("'{OTHER}'")]);
    let mut p = Pty::spawn_command(cmd);
    p.wait_for(TUTOR);
    assert!(
        !p.screen().contains(OTHER),
        "the session is not the tutor's alone:\n{}",
        p.screen()
    );
    assert!(p.parser().screen().alternate_screen());

    // A change made through the session: a new candidate, registered by the tutor, whose
    // dossier opens (they are its tutor).
    new_candidate_opens(&mut p, "Marco Volontario", "C07", "Registration");
    p.send(CTRL_Q);
    let status = p.wait_exit();
    assert!(
        status.success(),
        "ssh ended with {status:?}:\n{}",
        sshd.log()
    );

    let parser = p.parser();
    assert!(
        !parser.screen().alternate_screen(),
        "the terminal was left on the alternate screen"
    );
    assert!(!parser.screen().hide_cursor(), "the cursor was left hidden");

    let store = Store::open_existing(&db).unwrap();
    let rows = store
        .list_candidates(&Default::default(), 10, 0)
        .unwrap()
        .into_iter()
        .filter(|c| c.name == "Marco Volontario")
        .collect::<Vec<_>>();
    assert_eq!(rows.len(), 1, "the candidate registered over SSH is stored");
    let creator: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT actor FROM audit_log WHERE entity = 'candidate' AND entity_id = ?1
             AND action = 'create'",
            [&rows[0].id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(creator, tutor_id, "the audit log names the key's person");

    // `restrict`: no port forwarding (a remote forward is refused at once).
    let forward = Command::new(&tools.ssh)
        .args([
            "-N",
            "-o",
            "ExitOnForwardFailure=yes",
            "-R",
            "0:127.0.0.1:9",
        ])
        .args(ssh_args(dir.path(), sshd.port))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        !forward.status.success(),
        "a port forward was allowed; stderr: {}",
        String::from_utf8_lossy(&forward.stderr)
    );

    // Nothing left running: the session's leverup ended with it, and sshd goes with the
    // guard.
    let db_text = db.display().to_string();
    let start = Instant::now();
    while !processes_naming(&db_text).is_empty() && start.elapsed() < Duration::from_secs(5) {
        thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(processes_naming(&db_text), Vec::<String>::new());
    let config = dir.path().join("sshd_config").display().to_string();
    drop(sshd);
    assert_eq!(processes_naming(&config), Vec::<String>::new());
}
