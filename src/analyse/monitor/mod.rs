//! A monitor over the years and against other municipalities.

mod benchmark;
mod trend;

pub(super) use benchmark::benchmark;
pub(super) use trend::trend;
