//! Where an `--out FILE` (or `--codebook FILE`) lands, by what the path names now:
//!
//! - nothing, or a regular file: written under a temporary name beside it, synced, renamed
//!   into place (mode 0600), so it appears whole or not at all;
//! - a symlink: followed, and its final target treated by these same rules in the target's
//!   own directory, so the link stays a link;
//! - a character device, FIFO or socket (`/dev/null`, `/dev/stdout`, a named pipe): written
//!   directly, because renaming over it would replace the device with a plain file and a
//!   pipe's reader would get nothing;
//! - a directory: refused.
//!
//! `-` for standard output is the caller's business: this module never touches a terminal.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use super::atomic::AtomicFile;

/// Linux gives up after 40 links too (ELOOP); a cycle must end somewhere.
const MAX_LINKS: usize = 40;

pub enum OutFile {
    Atomic(AtomicFile),
    Direct(BufWriter<File>),
}

impl OutFile {
    pub fn create(path: &Path) -> io::Result<OutFile> {
        // `metadata` follows links, so `/dev/stdout` (a link to a pipe or terminal through
        // /proc) is seen as what it finally is.
        match fs::metadata(path) {
            Ok(m) if m.is_dir() => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "is a directory; name a file",
            )),
            Ok(m) if !m.is_file() => {
                // No truncate: a device or pipe has nothing to truncate, and no create: it
                // exists. Opening a FIFO waits for its reader, as `cat > fifo` does.
                let file = OpenOptions::new().write(true).open(path)?;
                Ok(OutFile::Direct(BufWriter::with_capacity(1 << 16, file)))
            }
            Ok(_) => {
                // A regular file, perhaps through links: replaced in its own directory.
                let target = if fs::symlink_metadata(path)?.file_type().is_symlink() {
                    fs::canonicalize(path)?
                } else {
                    path.to_path_buf()
                };
                AtomicFile::create(&target).map(OutFile::Atomic)
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                // A new file, or the missing target of a dangling link.
                let (target, _) = resolve(path)?;
                AtomicFile::create(&target).map(OutFile::Atomic)
            }
            Err(e) => Err(e),
        }
    }

    /// Finishes the file: renamed into place, or flushed to the device or pipe.
    pub fn commit(self) -> io::Result<()> {
        match self {
            OutFile::Atomic(f) => f.commit(),
            OutFile::Direct(mut w) => w.flush(),
        }
    }
}

impl Write for OutFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            OutFile::Atomic(f) => f.write(buf),
            OutFile::Direct(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            OutFile::Atomic(f) => f.flush(),
            OutFile::Direct(w) => w.flush(),
        }
    }
}

/// Follows symlinks to the path that is finally written, with what is there now (`None`
/// when nothing is: a new file, possibly the target of a dangling link).
fn resolve(path: &Path) -> io::Result<(PathBuf, Option<fs::Metadata>)> {
    let mut current = path.to_path_buf();
    for _ in 0..=MAX_LINKS {
        let meta = match fs::symlink_metadata(&current) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((current, None)),
            Err(e) => return Err(e),
        };
        if !meta.file_type().is_symlink() {
            return Ok((current, Some(meta)));
        }
        let link = fs::read_link(&current)?;
        current = if link.is_absolute() {
            link
        } else {
            // A relative link is relative to the directory holding the link.
            current
                .parent()
                .map_or_else(|| link.clone(), |dir| dir.join(&link))
        };
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("more than {MAX_LINKS} symbolic links in a row (a loop?)"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relative_link_is_followed_from_its_own_directory() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        fs::write(dir.path().join("sub/real.csv"), "old").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("sub/real.csv", dir.path().join("link.csv")).unwrap();
            let (target, meta) = resolve(&dir.path().join("link.csv")).unwrap();
            assert_eq!(target, dir.path().join("sub/real.csv"));
            assert!(meta.unwrap().is_file());
        }
    }

    #[test]
    fn a_loop_of_links_is_an_error_not_a_hang() {
        #[cfg(unix)]
        {
            let dir = tempfile::tempdir().unwrap();
            std::os::unix::fs::symlink("b", dir.path().join("a")).unwrap();
            std::os::unix::fs::symlink("a", dir.path().join("b")).unwrap();
            let err = resolve(&dir.path().join("a")).err().unwrap();
            assert!(err.to_string().contains("symbolic links"), "{err}");
        }
    }

    #[test]
    fn a_directory_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err = OutFile::create(dir.path()).err().unwrap();
        assert!(err.to_string().contains("directory"), "{err}");
    }
}
