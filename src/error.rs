//! The one error type of the library. Each variant says what went wrong in the user's terms;
//! the command line alone turns it into an exit code.

use std::fmt;

#[derive(Debug)]
pub enum Error {
    /// A file could not be read, is not what it claims to be, or breaks a limit.
    Unreadable(String),
    /// Settings or arguments that do not fit together.
    Usage(String),
    /// The input was read but cannot be used as it is: nothing to analyse, an instrument
    /// with problems, cells that are not numbers.
    Rejected(String),
    /// An output could not be written.
    Unwritable(String),
    /// A state the code should never reach: a bug, reported with what was known.
    Internal(String),
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn unreadable(message: impl Into<String>) -> Error {
        Error::Unreadable(message.into())
    }

    pub fn usage(message: impl Into<String>) -> Error {
        Error::Usage(message.into())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Unreadable(m) | Error::Usage(m) | Error::Rejected(m) | Error::Unwritable(m) => {
                f.write_str(m)
            }
            Error::Internal(m) => write!(f, "internal error (please report this): {m}"),
        }
    }
}

impl std::error::Error for Error {}

/// Polars works on frames the stages built themselves, so its errors are bugs, not bad input.
impl From<polars::error::PolarsError> for Error {
    fn from(e: polars::error::PolarsError) -> Error {
        Error::Internal(e.to_string())
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Error {
        Error::Internal(e.to_string())
    }
}
