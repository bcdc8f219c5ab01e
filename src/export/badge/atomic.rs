//! Files and folders that appear whole or not at all: written under a temporary name in the
//! same directory, flushed to disk, then linked or renamed into place.
//!
//! Same directory because rename and link are only atomic within one filesystem.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::error::BadgeError;

/// A sibling path for temporary content, hidden and unique so concurrent writers never clash.
pub fn temp_sibling(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = format!(".{name}.tmp-{}", uuid::Uuid::new_v4().simple());
    path.with_file_name(tmp)
}

fn write_err(path: &Path) -> impl FnOnce(io::Error) -> BadgeError + '_ {
    move |source| BadgeError::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// Creates `path` (must not exist yet) with `mode` on Unix, writes `bytes` and syncs.
pub fn create_file(path: &Path, bytes: &[u8], mode: u32) -> Result<(), BadgeError> {
    create_file_synced(path, bytes, mode, true)
}

/// [`create_file`], syncing only when `sync`: a caller that syncs a whole batch at once.
pub fn create_file_synced(
    path: &Path,
    bytes: &[u8],
    mode: u32,
    sync: bool,
) -> Result<(), BadgeError> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    let mut file = options.open(path).map_err(write_err(path))?;
    file.write_all(bytes).map_err(write_err(path))?;
    if sync {
        file.sync_all().map_err(write_err(path))?;
    }
    Ok(())
}

/// Writes `bytes` to `path` atomically. Without `overwrite` an existing file is an error,
/// checked by the link itself so that two writers racing cannot both win.
pub fn write_file(path: &Path, bytes: &[u8], mode: u32, overwrite: bool) -> Result<(), BadgeError> {
    let tmp = temp_sibling(path);
    create_file(&tmp, bytes, mode)?;
    let placed = if overwrite {
        fs::rename(&tmp, path)
    } else {
        // A hard link fails with AlreadyExists instead of replacing, unlike rename.
        fs::hard_link(&tmp, path).and_then(|()| fs::remove_file(&tmp))
    };
    if let Err(e) = placed {
        let _ = fs::remove_file(&tmp);
        return Err(if e.kind() == io::ErrorKind::AlreadyExists {
            BadgeError::Exists(path.to_path_buf())
        } else {
            write_err(path)(e)
        });
    }
    sync_parent(path);
    Ok(())
}

/// Makes the new directory entry durable. Best effort: some filesystems refuse to open
/// directories, and the data itself is already synced.
pub fn sync_parent(path: &Path) {
    if let Some(parent) = path.parent() {
        let dir = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
}
