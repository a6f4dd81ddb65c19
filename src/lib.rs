//! verband: survey instruments → responses → scores → statistics → council report.
//!
//! Each stage is one module with one small public entry point; a stage knows the stages
//! before it and never the ones after it. `Results` (in `analyse`) is the one hand-over
//! between computing and presenting.

pub mod analyse;
pub mod cli;
pub mod config;
pub mod ingest;
pub mod instrument;
pub mod report;
pub mod score;

use std::fmt;

/// A failure that decides the exit code: 1 when the input was read but has problems,
/// 2 when it could not be read or the command was used wrongly.
#[derive(Debug)]
pub enum Failure {
    /// Exit 1: findings in the input, or an analysis that cannot be run.
    Findings(String),
    /// Exit 2: unreadable input or a usage error.
    Unreadable(String),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Findings(m) | Failure::Unreadable(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Failure {}

impl Failure {
    pub fn exit_code(&self) -> i32 {
        match self {
            Failure::Findings(_) => 1,
            Failure::Unreadable(_) => 2,
        }
    }
}

/// Shorthand for an exit-2 error with a message.
pub fn unreadable(msg: impl Into<String>) -> anyhow::Error {
    Failure::Unreadable(msg.into()).into()
}
