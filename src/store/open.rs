//! Opening a database file safely: private file mode, refusal of foreign or newer files
//! without touching them (not even a `-wal`/`-shm` sibling), refusal of a missing file by
//! the commands that only read, durability pragmas, numbered migrations in one transaction.

use std::fs::{self, OpenOptions};
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};
use rusqlite_migration::{M, Migrations};

use super::{Result, Store, StoreError};

/// The numbered migrations' SQL, oldest first. Never edit a released one: add a new file.
/// `db check` reads the integrity triggers these create from here.
pub(crate) const MIGRATION_SQL: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_integrity_triggers.sql"),
    include_str!("migrations/0003_revision.sql"),
    include_str!("migrations/0004_demo_marker.sql"),
    AUDIT_CHAIN_SQL,
    include_str!("migrations/0006_erasure.sql"),
    STATUS_LIST_SQL,
    include_str!("migrations/0009_lookup_indexes.sql"),
    include_str!("migrations/0010_keyed_rows.sql"),
    include_str!("migrations/0011_list_index_name.sql"),
    include_str!("migrations/0012_dossier.sql"),
    include_str!("migrations/0013_compact_rows.sql"),
    include_str!("migrations/0014_compact_audit.sql"),
];

/// Status-list positions and the register of signing keys; its Rust step gives the
/// certificates already issued a random position each.
const STATUS_LIST_SQL: &str = include_str!("migrations/0008_status_list_keys.sql");

/// The migration that makes the audit log a hash chain; its Rust step chains old rows.
const AUDIT_CHAIN_SQL: &str = include_str!("migrations/0005_audit_chain.sql");

/// The migrations; the audit chain's also chains the rows already there (a Rust step in
/// the same transaction as its SQL).
fn migrations() -> Migrations<'static> {
    let steps = MIGRATION_SQL
        .iter()
        .map(|sql| {
            if *sql == AUDIT_CHAIN_SQL {
                M::up_with_hook(sql, |tx: &rusqlite::Transaction<'_>| {
                    super::chain::chain_existing(tx)
                        .map_err(|e| rusqlite_migration::HookError::Hook(e.to_string()))
                })
            } else if *sql == STATUS_LIST_SQL {
                M::up_with_hook(sql, |tx: &rusqlite::Transaction<'_>| {
                    super::status_list::place_existing(tx)
                        .map_err(|e| rusqlite_migration::HookError::Hook(e.to_string()))
                })
            } else {
                M::up(sql)
            }
        })
        .collect();
    Migrations::new(steps)
}

/// The schema version this binary writes (SQLite `user_version`).
pub const SCHEMA_VERSION: i64 = MIGRATION_SQL.len() as i64;

/// `PRAGMA application_id` of a leverup database ("LVUP"), set by migration 1.
const APPLICATION_ID: i64 = 0x4C56_5550;

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// A second instance waits this long for a lock instead of failing at once.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// After a write met a held lock, retries wait this long only, so the screen stays
/// responsive for as long as the other program holds on.
pub(crate) const SHORT_BUSY_TIMEOUT: Duration = Duration::from_millis(300);

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    ///
    /// A new file is created with mode 0600. A file that is not a leverup database, or whose
    /// schema is newer than this binary knows, is refused and left byte-for-byte untouched.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        match fs::metadata(path) {
            Ok(_) => preflight(path)?,
            Err(e) if e.kind() == ErrorKind::NotFound => create_private(path)?,
            Err(source) => return Err(io_err(path, source)),
        }
        if !looks_writable(path) {
            return Store::open_read_only(path);
        }
        // No CREATE flag: the file exists now, with the mode we chose.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags).map_err(|e| classify(e, path))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let mode: String = match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)) {
            Ok(mode) => mode,
            // The permission bits allowed it but the file system did not (a read-only
            // mount, a folder where the WAL files cannot be made): read-only after all.
            Err(e) if refused_as_read_only(&e) => return Store::open_read_only(path),
            Err(e) => return Err(classify(e, path)),
        };
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Constraint(format!(
                "{}: could not switch to WAL journal (got {mode})",
                path.display()
            )));
        }
        configure(&conn)?;
        migrate(&mut conn)?;
        Ok(Store {
            conn,
            path: Some(path.to_path_buf()),
            read_only: false,
            seal_signer: None,
        })
    }

    /// Opens an existing database without ever writing to it (SQLite's read-only mode):
    /// `Store::read_only` is then true and every write fails. A schema older than this
    /// binary's cannot be upgraded here, so it is refused rather than misread.
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        preflight(path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags).map_err(|e| classify(e, path))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let version = match conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)) {
            Ok(v) => v,
            Err(e) if e.sqlite_error_code() == Some(ErrorCode::CannotOpen) => {
                // A WAL database in a read-only folder whose -shm file is gone: SQLite
                // can only read it as immutable (nobody can be writing it there anyway).
                conn = Connection::open_with_flags(
                    immutable_uri(path),
                    flags | OpenFlags::SQLITE_OPEN_URI,
                )
                .map_err(|e| classify(e, path))?;
                conn.query_row("PRAGMA user_version", [], |r| r.get(0))
                    .map_err(|e| classify(e, path))?
            }
            Err(e) => return Err(classify(e, path)),
        };
        if version < SCHEMA_VERSION {
            return Err(StoreError::ReadOnlyOldSchema {
                found: version,
                supported: SCHEMA_VERSION,
                path: path.to_path_buf(),
            });
        }
        conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(Store {
            conn,
            path: Some(path.to_path_buf()),
            read_only: true,
            seal_signer: None,
        })
    }

    /// Opens the database at `path` like [`Store::open`], but only when the file exists:
    /// the commands that read a database (exports, the register, verify) must not turn a
    /// mistyped path into a new, empty database and report success on it.
    pub fn open_existing(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        match fs::metadata(path) {
            Ok(_) => Store::open(path),
            Err(e) if e.kind() == ErrorKind::NotFound => Err(StoreError::Missing {
                path: path.to_path_buf(),
            }),
            Err(source) => Err(io_err(path, source)),
        }
    }

    /// A private in-memory database with the full schema, for tests and dry runs.
    pub fn open_in_memory() -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        configure(&conn)?;
        migrate(&mut conn)?;
        Ok(Store {
            conn,
            path: None,
            read_only: false,
            seal_signer: None,
        })
    }

    /// `$XDG_DATA_HOME/leverup/leverup.db` (or the platform's equivalent); the directory is
    /// created (mode 0700) if missing.
    pub fn default_path() -> Result<PathBuf> {
        let path = Store::default_location()?;
        if let Some(dir) = path.parent() {
            create_private_dir(dir)?;
        }
        Ok(path)
    }

    /// Where the default database lives, without creating anything (for the commands that
    /// only read it).
    pub fn default_location() -> Result<PathBuf> {
        let base = directories::BaseDirs::new().ok_or(StoreError::NoDataDir)?;
        Ok(base.data_dir().join("leverup").join("leverup.db"))
    }

    /// For a batch of many small changes (`export badges`): while on, a commit is durable
    /// at the next [`Store::sync_to_disk`] instead of each waiting for its own flush
    /// (SQLite's `synchronous = NORMAL` in WAL mode: a crash or power loss may lose the
    /// last commits since that sync, never consistency). Off again restores `FULL`.
    pub fn defer_sync(&mut self, on: bool) -> Result<()> {
        let level = if on { "NORMAL" } else { "FULL" };
        self.conn.pragma_update(None, "synchronous", level)?;
        Ok(())
    }

    /// Makes every commit so far durable. Under `synchronous = NORMAL` a commit is in the
    /// write-ahead log but not yet flushed; flushing the log file itself is the barrier,
    /// whatever other connections are reading (a checkpoint can be held back by a reader
    /// and then flushes nothing). A passive checkpoint first keeps the log from growing.
    /// The caller writes files that name these records only after this.
    pub fn sync_to_disk(&mut self) -> Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        let Some(db) = self.path() else {
            return Ok(()); // in memory: nothing to flush
        };
        let mut wal = db.as_os_str().to_os_string();
        wal.push("-wal");
        match std::fs::File::open(&wal) {
            Ok(f) => f.sync_all().map_err(|e| io_err(Path::new(&wal), e)),
            // No log: every commit is already in the database file, synced by the
            // checkpoint that removed it.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(io_err(Path::new(&wal), e)),
        }
    }

    /// The schema version of this database.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }
}

fn io_err(path: &Path, error: std::io::Error) -> StoreError {
    StoreError::Io {
        path: path.to_path_buf(),
        error,
    }
}

/// SQLite's "not a database" and "malformed" become our clear messages with the path.
fn classify(e: rusqlite::Error, path: &Path) -> StoreError {
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotADatabase {
            path: path.to_path_buf(),
        },
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
            path: path.to_path_buf(),
        },
        _ => StoreError::from(e),
    }
}

/// Whether the file and its folder allow writing. The permission bits count even for root
/// (who could write anyway): a file someone made read-only is treated as meant to be.
fn looks_writable(path: &Path) -> bool {
    let bits_allow = |p: &Path| fs::metadata(p).is_ok_and(|m| !m.permissions().readonly());
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    // Opening for writing without truncating changes nothing, and asks the kernel the real
    // question (ownership, read-only mounts) that the bits alone do not answer.
    bits_allow(path) && bits_allow(dir) && OpenOptions::new().write(true).open(path).is_ok()
}

/// SQLite refused because it may not write, not because something is broken.
fn refused_as_read_only(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied)
    )
}

/// `file:` URI for SQLite's `immutable=1`, with the path percent-encoded where needed.
fn immutable_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for b in path.to_string_lossy().bytes() {
        match b {
            b'?' | b'#' | b'%' => uri.push_str(&format!("%{b:02X}")),
            b if b.is_ascii() => uri.push(b as char),
            _ => uri.push_str(&format!("%{b:02X}")),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

fn configure(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    Ok(())
}

fn migrate(conn: &mut Connection) -> Result<()> {
    migrations().to_latest(conn)?;
    Ok(())
}

/// Checks an existing file without writing to it: SQLite header, then (read-only) the
/// application id and schema version. Nothing here may modify the file.
fn preflight(path: &Path) -> Result<()> {
    let mut head = Vec::with_capacity(16);
    fs::File::open(path)
        .and_then(|f| f.take(16).read_to_end(&mut head))
        .map_err(|e| io_err(path, e))?;
    if head.is_empty() {
        // An empty file is what SQLite itself treats as a new database.
        return Ok(());
    }
    if head.as_slice() != SQLITE_MAGIC {
        return Err(StoreError::NotADatabase {
            path: path.to_path_buf(),
        });
    }
    let conn = peek(path)?;
    let read = |sql: &str| -> Result<i64> {
        conn.query_row(sql, [], |r| r.get(0))
            .map_err(|e| classify(e, path))
    };
    let app_id = read("PRAGMA application_id")?;
    let version = read("PRAGMA user_version")?;
    let tables = read("SELECT count(*) FROM sqlite_master")?;
    if app_id != APPLICATION_ID && (version != 0 || tables != 0) {
        // Another program's SQLite database: never adopt or migrate it.
        return Err(StoreError::NotADatabase {
            path: path.to_path_buf(),
        });
    }
    if version > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            found: version,
            supported: SCHEMA_VERSION,
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

/// A read-only connection that leaves no trace. Even a read-only open of a WAL database
/// creates `-wal` and `-shm` siblings, which a refused file must not gain; `immutable=1`
/// reads the main file alone. When a `-wal` already exists another leverup may be writing
/// (or one crashed), and its content matters, so the ordinary read-only open is used: the
/// siblings are there already.
fn peek(path: &Path) -> Result<Connection> {
    let wal = {
        let mut name = path.as_os_str().to_owned();
        name.push("-wal");
        PathBuf::from(name)
    };
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = if wal.exists() {
        Connection::open_with_flags(path, flags)
    } else {
        let uri = format!("{}?mode=ro&immutable=1", file_uri(path)?);
        Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)
    }
    .map_err(|e| classify(e, path))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    Ok(conn)
}

/// `file:///abs/path` with every byte outside the unreserved set percent-encoded, so a
/// `?`, `#` or `%` in a file name stays part of the name.
fn file_uri(path: &Path) -> Result<String> {
    let abs = std::path::absolute(path).map_err(|e| io_err(path, e))?;
    #[cfg(unix)]
    let bytes = {
        use std::os::unix::ffi::OsStrExt;
        abs.as_os_str().as_bytes().to_vec()
    };
    #[cfg(not(unix))]
    let bytes = abs.to_string_lossy().replace('\\', "/").into_bytes();
    let mut uri = String::from("file://");
    if bytes.first() != Some(&b'/') {
        uri.push('/');
    }
    for b in bytes {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.' | b'~') {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    Ok(uri)
}

/// Creates the database file with owner-only permissions before SQLite ever sees it, so
/// candidates' personal data is never readable by other users, not even briefly.
fn create_private(path: &Path) -> Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).map_err(|e| io_err(path, e))?;
    Ok(())
}

fn create_private_dir(dir: &Path) -> Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(|e| io_err(dir, e))
}
