//! Output files that are created before the work that fills them.
//!
//! A CA must never sign or record something it then fails to hand out
//! because an output file already exists or cannot be created. So the file
//! is created first (never over an existing one), the work is done, and only
//! then is the file filled and flushed to disk. A file dropped unwritten
//! (the work failed) removes itself.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Why an output file could not be created or written.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum NewFileError {
    /// The file exists or its folder does not allow creating it.
    #[error("{}: cannot create (existing files are never overwritten): {source}", path.display())]
    Create {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// Writing or flushing failed.
    #[error("{}: write failed: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
}

/// An output file created empty, to be filled once.
#[derive(Debug)]
pub struct NewFile {
    path: PathBuf,
    file: Option<std::fs::File>,
}

impl NewFile {
    /// Creates `path`, refusing to overwrite anything.
    pub fn create(path: &Path) -> Result<NewFile, NewFileError> {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .map_err(|source| NewFileError::Create {
                path: path.to_path_buf(),
                source,
            })?;
        Ok(NewFile {
            path: path.to_path_buf(),
            file: Some(file),
        })
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes the contents, flushes them to disk and keeps the file.
    pub fn write(mut self, contents: &[u8]) -> Result<(), NewFileError> {
        let Some(mut f) = self.file.take() else {
            // `write` consumes the file, so it cannot run twice.
            return Ok(());
        };
        f.write_all(contents)
            .and_then(|()| f.sync_all())
            .map_err(|source| {
                // A partly written file is removed, as an unwritten one is.
                drop(f);
                let _ = std::fs::remove_file(&self.path);
                NewFileError::Write {
                    path: self.path.clone(),
                    source,
                }
            })
    }
}

impl Drop for NewFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            // Unwritten: the work failed, so nothing is left behind.
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let d =
            std::env::temp_dir().join(format!("rootward-newfile-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).ok();
        d
    }

    #[test]
    fn written_once_and_kept() {
        let d = dir("kept");
        let p = d.join("a.pem");
        let f = NewFile::create(&p).map_err(|e| e.to_string());
        assert!(f.is_ok(), "{f:?}");
        if let Ok(f) = f {
            assert!(f.write(b"abc").is_ok());
        }
        assert_eq!(std::fs::read(&p).ok().as_deref(), Some(&b"abc"[..]));
        let again = NewFile::create(&p);
        assert!(
            matches!(&again, Err(NewFileError::Create { .. })),
            "{again:?}"
        );
        assert_eq!(
            std::fs::read(&p).ok().as_deref(),
            Some(&b"abc"[..]),
            "an existing file is left as it was"
        );
        std::fs::remove_dir_all(&d).ok();
    }

    #[test]
    fn dropped_unwritten_removes_itself() {
        let d = dir("dropped");
        let p = d.join("b.pem");
        drop(NewFile::create(&p));
        assert!(!p.exists());
        std::fs::remove_dir_all(&d).ok();
    }
}
