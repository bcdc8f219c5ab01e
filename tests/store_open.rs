//! Opening databases: migrations from empty, refusal of newer and foreign files (left
//! byte-for-byte untouched), private file mode, default path.

use leverup::store::{SCHEMA_VERSION, Store, StoreError};
use sha2::{Digest, Sha256};
use std::path::Path;

fn hash(path: &Path) -> Vec<u8> {
    Sha256::digest(std::fs::read(path).unwrap()).to_vec()
}

#[test]
fn migrations_apply_from_empty_and_reopen_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn in_memory_has_full_schema() {
    let store = Store::open_in_memory().unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
}

#[test]
fn an_empty_file_is_a_new_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    std::fs::write(&path, b"").unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
}

#[test]
fn migration_from_version_1_keeps_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(include_str!("../src/store/migrations/0001_initial.sql"))
            .unwrap();
        conn.execute_batch(
            "PRAGMA user_version = 1;
             INSERT INTO centres (id, name, created_at)
             VALUES ('c1', 'Old centre', '2025-01-01T00:00:00.000Z');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let centres = store.list_centres().unwrap();
    assert_eq!(centres.len(), 1);
    assert_eq!(centres[0].name, "Old centre");
}

fn newer_db(path: &Path, wal: bool) {
    let conn = rusqlite::Connection::open(path).unwrap();
    if wal {
        let _: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .unwrap();
    }
    conn.execute_batch(
        "PRAGMA application_id = 1280726352;
         CREATE TABLE future (x);
         PRAGMA user_version = 99;",
    )
    .unwrap();
}

#[test]
fn newer_schema_is_refused_and_file_untouched() {
    for wal in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("future.db");
        newer_db(&path, wal);
        let before = hash(&path);
        let err = Store::open(&path)
            .err()
            .expect("newer schema must be refused");
        match &err {
            StoreError::NewerSchema {
                found,
                supported,
                path: p,
            } => {
                assert_eq!(*found, 99);
                assert_eq!(*supported, SCHEMA_VERSION);
                assert_eq!(p, &path);
            }
            other => panic!("unexpected error {other:?}"),
        }
        let msg = err.to_string();
        assert!(msg.contains("newer leverup"), "{msg}");
        assert!(msg.contains("future.db"), "{msg}");
        assert!(msg.contains("not modified"), "{msg}");
        assert_eq!(hash(&path), before, "file changed (wal = {wal})");
    }
}

#[test]
fn text_and_random_files_are_not_databases() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "Dear diary, this is not SQLite.\n".repeat(50)).unwrap();
    let random = dir.path().join("random.bin");
    let bytes: Vec<u8> = (0u32..8192)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&random, bytes).unwrap();
    for path in [&text, &random] {
        let before = hash(path);
        let err = Store::open(path).err().expect("must be refused");
        assert!(
            matches!(&err, StoreError::NotADatabase { path: p } if p == path),
            "{err:?}"
        );
        assert!(err.to_string().contains("not a leverup database"));
        assert_eq!(hash(path), before);
    }
}

#[test]
fn a_foreign_sqlite_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE recipes (name TEXT);")
        .unwrap();
    let before = hash(&path);
    assert!(matches!(
        Store::open(&path),
        Err(StoreError::NotADatabase { .. })
    ));
    assert_eq!(hash(&path), before);
}

#[cfg(unix)]
#[test]
fn new_file_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("private.db");
    let _store = Store::open(&path).unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn default_path_is_under_the_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    // SAFETY of set_var: this test binary sets XDG_DATA_HOME in this one test only.
    unsafe { std::env::set_var("XDG_DATA_HOME", dir.path()) };
    let path = Store::default_path().unwrap();
    if cfg!(target_os = "linux") {
        assert_eq!(path, dir.path().join("leverup").join("leverup.db"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(path.parent().unwrap())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o700);
        }
    }
    assert!(path.ends_with("leverup/leverup.db"));
}

/// `sync_to_disk` is the barrier `export badges` writes files after: it flushes the
/// write-ahead log, so it holds even while another connection reads an older snapshot (a
/// checkpoint alone would copy nothing then), and the commits are in the log it flushed.
#[test]
fn sync_to_disk_flushes_the_log_even_while_a_reader_holds_a_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sync.db");
    let mut store = Store::open(&path).unwrap();
    store.defer_sync(true).unwrap();
    store
        .create_centre("Centro Milano", "test", chrono::Utc::now())
        .unwrap();
    store.sync_to_disk().unwrap();

    let reader = rusqlite::Connection::open(&path).unwrap();
    reader.execute_batch("BEGIN").unwrap();
    let before: i64 = reader
        .query_row("SELECT count(*) FROM centres", [], |r| r.get(0))
        .unwrap();
    store
        .create_centre("Centro Torino", "test", chrono::Utc::now())
        .unwrap();
    store.sync_to_disk().unwrap();
    // The reader kept the log from being copied back: the commit is in the log.
    let wal = std::fs::metadata(dir.path().join("sync.db-wal")).unwrap();
    assert!(wal.len() > 0);
    reader.execute_batch("COMMIT").unwrap();
    store.defer_sync(false).unwrap();
    let after: i64 = reader
        .query_row("SELECT count(*) FROM centres", [], |r| r.get(0))
        .unwrap();
    assert_eq!((before, after), (1, 2));
}
