//! Every file the tool reads or writes goes through here: reads are capped and refuse anything
//! but a regular file; writes never follow a symlink and never leave their folder.

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// Opens a regular file for reading; a device, a FIFO or a folder (also behind a symlink) is
/// refused, so that `/dev/zero` cannot stand in for a response file. The path is opened without
/// blocking, so a FIFO put in its place cannot hang the run, and the opened file itself is
/// checked.
pub fn open_regular(path: &Path) -> Result<File> {
    let cannot =
        |e: std::io::Error| Error::unreadable(format!("{}: cannot read: {e}", path.display()));
    let refuse = |meta: &std::fs::Metadata| {
        Error::unreadable(format!(
            "{}: not a regular file ({}); name a saved file",
            path.display(),
            kind(meta)
        ))
    };
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if !meta.is_file() {
        return Err(refuse(&meta));
    }
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    if !meta.is_file() {
        return Err(refuse(&meta));
    }
    Ok(file)
}

/// What a path that is not a regular file is, in words.
pub fn kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a pipe";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a folder"
    } else {
        "not a file"
    }
}

/// The whole file, refused when it is larger than `max` bytes.
pub fn read_bytes(path: &Path, max: u64) -> Result<Vec<u8>> {
    let file = open_regular(path)?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > max {
        return Err(too_large(path, max));
    }
    // Room for the whole file at once, not a buffer doubled up to it.
    let mut bytes = Vec::with_capacity(size as usize + 1);
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::unreadable(format!("{}: cannot read: {e}", path.display())))?;
    if bytes.len() as u64 > max {
        return Err(too_large(path, max));
    }
    Ok(bytes)
}

/// The file as UTF-8 text, refused when larger than `max` bytes.
pub fn read_text(path: &Path, max: u64) -> Result<String> {
    String::from_utf8(read_bytes(path, max)?)
        .map_err(|e| Error::unreadable(format!("{}: not UTF-8 text: {e}", path.display())))
}

pub fn too_large(path: &Path, max: u64) -> Error {
    Error::unreadable(format!(
        "{}: larger than the limit of {}",
        path.display(),
        megabytes(max)
    ))
}

/// "16 MB", as limits are named in messages.
pub fn megabytes(bytes: u64) -> String {
    format!("{} MB", bytes.div_ceil(1 << 20))
}

/// A file name built from checked parts, inside `folder`: an absolute path or a `..` in the
/// name is refused, so no id can send a file elsewhere.
pub fn inside(folder: &Path, name: &str) -> Result<PathBuf> {
    let relative = Path::new(name);
    let plain = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    if !plain || name.is_empty() {
        return Err(Error::Internal(format!(
            "the output name \"{name}\" would leave {}",
            folder.display()
        )));
    }
    Ok(folder.join(relative))
}

/// Writes `bytes` to `path` through a new file beside it that then replaces it, so that a
/// symlink at `path` is replaced, never followed, and a reader never sees half a file.
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    write_with(path, |file| {
        file.write_all(bytes).map_err(|e| cannot_write(path, e))
    })
}

/// As `write`, with the content streamed into the new file by `fill`, so that a large output
/// is never held in memory whole.
pub fn write_with(path: &Path, fill: impl FnOnce(&mut File) -> Result<()>) -> Result<()> {
    write_from(path, |temporary| {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(temporary)
            .map_err(|e| cannot_write(path, e))?;
        fill(&mut file)?;
        file.flush().map_err(|e| cannot_write(path, e))
    })
}

/// Lets `produce` make the file under a temporary name beside `path` (another program, say),
/// then puts it in place as `write` does. Whatever `produce` leaves behind on failure is removed.
pub fn write_from(path: &Path, produce: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| Error::Unwritable(format!("{}: not a file name", path.display())))?;
    let mut temporary = path.to_path_buf();
    temporary.set_file_name(format!(".{}.verband-tmp", name.to_string_lossy()));
    let _ = std::fs::remove_file(&temporary);
    let made = produce(&temporary).and_then(|()| {
        // A regular file, not a link someone put there meanwhile.
        match std::fs::symlink_metadata(&temporary) {
            Ok(m) if m.is_file() => Ok(()),
            _ => Err(Error::Unwritable(format!(
                "{}: was not written",
                path.display()
            ))),
        }
    });
    if let Err(e) = made {
        let _ = std::fs::remove_file(&temporary);
        return Err(e);
    }
    std::fs::rename(&temporary, path).map_err(|e| cannot_write(path, e))
}

fn cannot_write(path: &Path, e: std::io::Error) -> Error {
    Error::Unwritable(format!("{}: cannot write: {e}", path.display()))
}

/// A folder verband fills inside an output folder (`figures`): a symlink there is replaced by
/// a folder of its own, never followed.
pub fn own_folder(parent: &Path, name: &str) -> Result<PathBuf> {
    let path = inside(parent, name)?;
    if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
        std::fs::remove_file(&path).map_err(|e| cannot_write(&path, e))?;
    }
    create_folder(&path)?;
    Ok(path)
}

/// Creates a folder (and its parents) for outputs.
pub fn create_folder(path: &Path) -> Result<()> {
    std::fs::create_dir_all(path)
        .map_err(|e| Error::Unwritable(format!("{}: cannot create: {e}", path.display())))
}
