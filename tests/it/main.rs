//! The integration tests: one binary (it links polars once), one module per command.

mod common;
mod compare;
mod config;
mod contrast;
mod disclosure;
mod export;
mod exports;
mod fuzz;
mod governance;
mod hostile;
mod instrument;
mod monitor;
mod network_report;
mod reference;
mod report;
mod schema;
mod score;
mod summary;
mod template;
mod validate;
