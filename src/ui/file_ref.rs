//! The file an evidence item points to: its size and SHA-256, read where the tutor works,
//! never copied. A file that is missing or unreadable is refused with the reason, so no
//! hash is recorded for something that was not read.
//!
//! Must not touch the terminal.

use std::io::Read;

use sha2::{Digest, Sha256};

use crate::domain::dossier::FileRef;

/// Reads `path` once: its size and SHA-256 in hex, or why it could not be read.
pub fn inspect(path: &str) -> Result<FileRef, String> {
    let p = std::path::Path::new(path);
    let meta = std::fs::metadata(p).map_err(|e| reason(&e))?;
    if !meta.is_file() {
        return Err("not a file (a folder?)".into());
    }
    let mut file = std::fs::File::open(p).map_err(|e| reason(&e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf).map_err(|e| reason(&e))?;
        if n == 0 {
            break;
        }
        size += n as u64;
        hasher.update(&buf[..n]);
    }
    let sha256 = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(FileRef {
        path: path.to_string(),
        size,
        sha256,
    })
}

/// Whether `path` can be read, checked as it is typed (metadata only: no hashing per key).
pub fn check(path: &str) -> Option<String> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => None,
        Ok(_) => Some("not a file (a folder?)".into()),
        Err(e) => Some(reason(&e)),
    }
}

fn reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file; clear the field to record no file".into(),
        std::io::ErrorKind::PermissionDenied => "cannot be read (permission denied)".into(),
        _ => format!("cannot be read: {e}"),
    }
}
