//! Running the verband binary from integration tests.

use std::process::Command;

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
