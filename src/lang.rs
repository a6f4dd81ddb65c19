//! The two languages of questionnaires and reports.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Nl,
    En,
}

impl Lang {
    /// The language's code, as in `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }
}

/// The text of the two that is in `lang`.
pub fn pick<'s>(lang: Lang, nl: &'s str, en: &'s str) -> &'s str {
    match lang {
        Lang::Nl => nl,
        Lang::En => en,
    }
}
