//! Running the verband binary from the tests, and reading what it wrote.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use verband::results::Results;

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs verband from the repository root; a panic is always a failure.
pub fn verband(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_verband"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the verband binary runs");
    let run = Run {
        code: out
            .status
            .code()
            .expect("verband exited, not killed by a signal"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "verband {args:?} panicked:\n{}",
        run.stderr
    );
    run
}

/// A report folder's results.json, read into the contract's types: an unknown or missing
/// field fails the test.
pub fn read_results(out: &Path) -> Results {
    let text = std::fs::read_to_string(out.join("results.json")).expect("results.json written");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("results.json breaks the contract: {e}"))
}

/// The repository root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled example (`verband report`, no arguments), rendered once per language for all
/// tests that only read it.
pub fn example(lang: &str) -> &'static Path {
    static NL: OnceLock<PathBuf> = OnceLock::new();
    static EN: OnceLock<PathBuf> = OnceLock::new();
    let cell = if lang == "en" { &EN } else { &NL };
    cell.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("example-{lang}"));
        let run = verband(&[
            "report",
            "--quiet",
            "--lang",
            lang,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(run.stdout, "", "--quiet prints nothing");
        out
    })
}
