//! verband: survey instruments → responses → scores → statistics → council report.
//!
//! Each stage is one module with a small public surface; a stage knows the stages before it
//! and never the ones after it. `results::Results` is the one hand-over between computing and
//! presenting, and `pipeline` runs the stages in order. See docs/architecture.md.

pub mod analyse;
pub mod cli;
pub mod config;
pub mod error;
pub mod files;
pub mod i18n;
pub mod ingest;
pub mod instrument;
pub mod lang;
pub mod pipeline;
pub mod report;
pub mod results;
pub mod score;
pub mod xlsx;

pub use error::{Error, Result};
pub use lang::Lang;
