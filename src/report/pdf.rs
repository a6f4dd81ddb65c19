//! `report --pdf`: index.html printed to rapport.pdf by a Chromium-based browser on this
//! machine (Chromium, Google Chrome or Microsoft Edge). The page's print style sets A4, the
//! margins and the footer; the browser adds no header or footer of its own, so the PDF shows
//! no file path.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::files;

/// The PDF's name in the report folder.
pub const FILE: &str = "rapport.pdf";

/// Names a browser is started by, looked up on PATH in this order.
const NAMES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "microsoft-edge",
    "microsoft-edge-stable",
    "msedge",
];

/// Where macOS and Windows install them, off PATH.
const PLACES: &[&str] = &[
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files\Microsoft\Edge\Application\msedge.exe",
    r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
];

/// Set to a browser's path to use that one.
const ENV: &str = "VERBAND_BROWSER";

/// A browser that has not finished printing after this long is stopped.
const TIMEOUT: Duration = Duration::from_secs(180);

/// The browser to print with: `VERBAND_BROWSER`, else the first of `NAMES` on PATH, else the
/// first of `PLACES` that exists.
pub fn browser() -> Option<PathBuf> {
    if let Some(chosen) = std::env::var_os(ENV) {
        return Some(PathBuf::from(chosen)).filter(|p| p.is_file());
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    let on_path = std::env::split_paths(&path).find_map(|dir| {
        NAMES.iter().find_map(|name| {
            let exe = dir
                .join(name)
                .with_extension(std::env::consts::EXE_EXTENSION);
            exe.is_file().then_some(exe)
        })
    });
    on_path.or_else(|| PLACES.iter().map(PathBuf::from).find(|p| p.is_file()))
}

/// Prints `out/index.html` to `out/rapport.pdf` and returns the PDF's path.
pub fn print(out: &Path) -> Result<PathBuf> {
    let browser = browser().ok_or_else(|| {
        Error::usage(format!(
            "--pdf prints the report with Chromium, Google Chrome or Microsoft Edge, and none was \
             found. Install one (Debian or Ubuntu: apt-get install chromium; otherwise \
             https://www.chromium.org or https://www.google.com/chrome), or name it with \
             {ENV}=/path/to/browser. index.html is written; print it from a browser as A4."
        ))
    })?;
    let page = std::path::absolute(out.join("index.html"))
        .map_err(|e| Error::Unwritable(format!("{}: {e}", out.display())))?;
    let pdf = files::inside(out, FILE)?;
    let profile = std::env::temp_dir().join(format!("verband-pdf-{}", std::process::id()));
    let printed = files::write_from(&pdf, |temporary| {
        run(&browser, &page, temporary, &profile)?;
        let head = files::read_bytes(temporary, 1 << 30)?;
        if head.starts_with(b"%PDF") {
            Ok(())
        } else {
            Err(Error::Unwritable(format!(
                "{}: the browser did not write a PDF",
                browser.display()
            )))
        }
    });
    let _ = std::fs::remove_dir_all(&profile);
    printed.map(|()| pdf)
}

/// Runs the browser headless on its own fresh profile, without network, and waits for it.
fn run(browser: &Path, page: &Path, pdf: &Path, profile: &Path) -> Result<()> {
    let mut command = Command::new(browser);
    command
        .args([
            "--headless",
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            // The page prints its own footer; older versions know the second name.
            "--no-pdf-header-footer",
            "--print-to-pdf-no-header",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(page)
        .stdin(Stdio::null())
        .stdout(Stdio::null());
    // Into a file, not a pipe: a chatty browser cannot fill a pipe nobody reads and stall.
    // A fresh folder of our own in the shared temp folder: a stale one (or a link someone put
    // at its name) is removed, never followed, and creating it fails if one appears meanwhile.
    let _ = std::fs::remove_dir_all(profile);
    std::fs::create_dir(profile)
        .map_err(|e| Error::Unwritable(format!("{}: cannot create: {e}", profile.display())))?;
    let log = profile.join("stderr.log");
    let sink = std::fs::File::create(&log).map_err(|e| Error::Unwritable(e.to_string()))?;
    command.stderr(sink);
    // Chromium refuses to run as root inside its sandbox.
    #[cfg(unix)]
    if unsafe { libc::geteuid() } == 0 {
        command.arg("--no-sandbox");
    }
    let failed = |what: String| Error::Unwritable(format!("{}: {what}", browser.display()));
    let mut child = command
        .spawn()
        .map_err(|e| failed(format!("cannot start: {e}")))?;
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| failed(e.to_string()))? {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(failed(format!(
                "did not finish printing within {} s",
                TIMEOUT.as_secs()
            )));
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    if status.success() {
        return Ok(());
    }
    let said = files::read_text(&log, 1 << 20).unwrap_or_default();
    let last: Vec<&str> = said.lines().rev().take(3).collect();
    Err(failed(format!(
        "printing failed ({status}): {}",
        last.into_iter().rev().collect::<Vec<_>>().join(" / ")
    )))
}
