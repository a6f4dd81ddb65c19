//! Survey-tool definitions of an instrument: a LimeSurvey survey structure (.txt), a Qualtrics
//! Advanced Format file (.txt) and a Google Apps Script (.gs) that builds the form. Question
//! and answer codes come from `codes`, so a tool's response export reads back to the
//! instrument's columns (docs/survey-tools.md).

mod google_forms;
mod layout;
mod limesurvey;
mod qualtrics;

use crate::error::{Error, Result};
use crate::lang::Lang;

use super::Instrument;

/// The tools verband writes a survey definition for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Tool {
    #[value(name = "limesurvey")]
    LimeSurvey,
    Qualtrics,
    GoogleForms,
}

impl Tool {
    /// The tool's name, as in messages.
    pub fn name(self) -> &'static str {
        match self {
            Tool::LimeSurvey => "LimeSurvey",
            Tool::Qualtrics => "Qualtrics",
            Tool::GoogleForms => "Google Forms",
        }
    }
}

/// The definition of `inst` for `tool`, in `lang` (LimeSurvey: `lang` is the base language
/// and the other is added). Refused when the tool could not tell two questions, statements
/// or answers apart.
pub fn export(inst: &Instrument, tool: Tool, lang: Lang) -> Result<String> {
    let sections = layout::layout(inst);
    let text = match tool {
        Tool::LimeSurvey => limesurvey::render(inst, &sections, lang),
        Tool::Qualtrics => qualtrics::render(inst, &sections, lang),
        Tool::GoogleForms => google_forms::render(inst, &sections, lang),
    };
    text.map_err(|problems| {
        Error::Rejected(format!(
            "{} cannot be exported to {}:\n  {}",
            inst.id,
            tool.name(),
            problems.join("\n  ")
        ))
    })
}

/// How the tools' response exports head the columns of the surveys `export` writes, as
/// (heading, response column): a grid row as `Question [row]` (LimeSurvey's full text, Google
/// Forms) or `Question - row` (Qualtrics), an open question under its Google Forms title, in
/// both languages; and Qualtrics' `QUESTION_k` for the k-th row of a grid.
pub struct Headings {
    pub texts: Vec<(String, String)>,
    pub qualtrics: Vec<(String, String)>,
}

pub fn headings(inst: &Instrument) -> Headings {
    let sections = layout::layout(inst);
    let mut texts = Vec::new();
    let mut qualtrics = Vec::new();
    for lang in [Lang::Nl, Lang::En] {
        let titles = google_forms::unique_titles(&sections, lang);
        for (q, title) in layout::questions(&sections).zip(titles) {
            match &q.kind {
                layout::Kind::Grid { rows, .. } => {
                    for (k, row) in rows.iter().enumerate() {
                        let question = q.text.get(lang);
                        texts.push((
                            format!("{question} [{}]", row.text.get(lang)),
                            row.column.clone(),
                        ));
                        texts.push((
                            format!("{question} - {}", row.text.get(lang)),
                            row.column.clone(),
                        ));
                        qualtrics.push((format!("{}_{}", q.id, k + 1), row.column.clone()));
                    }
                }
                layout::Kind::LongText { .. } => texts.push((title, q.id.to_string())),
                _ => {}
            }
        }
    }
    Headings { texts, qualtrics }
}

/// The questions the user must make required by hand after import: Qualtrics' Advanced
/// Format has no way to force a response (the other tools carry `required` themselves).
pub fn required_by_hand(inst: &Instrument, tool: Tool) -> Vec<String> {
    if tool != Tool::Qualtrics {
        return Vec::new();
    }
    let sections = layout::layout(inst);
    layout::questions(&sections)
        .filter(|q| q.required)
        .map(|q| q.id.to_string())
        .collect()
}

/// A word the export adds, from the catalogue.
fn word(key: &str, lang: Lang) -> &'static str {
    crate::i18n::t(&format!("export.{key}"), lang)
}

/// Plain text as HTML on one line: `& < > "` escaped, tabs as spaces and line breaks as
/// `break`, so that no cell of a tab-separated file needs quoting.
fn html_line(s: &str, line_break: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\t', " ")
        .replace("\r\n", "\n")
        .replace(['\n', '\r'], line_break)
}

/// The paragraphs of a text (split at blank lines), each a list of its lines.
fn paragraphs(s: &str) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = vec![Vec::new()];
    for line in s.trim().lines() {
        if line.trim().is_empty() {
            if !out.last().is_some_and(Vec::is_empty) {
                out.push(Vec::new());
            }
        } else if let Some(last) = out.last_mut() {
            last.push(line);
        }
    }
    out.retain(|p| !p.is_empty());
    out
}

/// A description as HTML paragraphs, with `line_break` inside a paragraph.
fn html_paragraphs(s: &str, line_break: &str) -> String {
    paragraphs(s)
        .iter()
        .map(|p| {
            let lines: Vec<String> = p.iter().map(|l| html_line(l, line_break)).collect();
            format!("<p>{}</p>", lines.join(line_break))
        })
        .collect()
}

/// Case-insensitive repeats among `(key, id)` pairs, as "key (id, id)".
fn repeats(mut pairs: Vec<(String, String)>) -> Vec<String> {
    pairs.sort_by_key(|(k, _)| k.to_lowercase());
    pairs
        .windows(2)
        .filter(|w| w[0].0.eq_ignore_ascii_case(&w[1].0))
        .map(|w| format!("{} ({}, {})", w[0].0, w[0].1, w[1].1))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_split_at_blank_lines_only() {
        assert_eq!(
            paragraphs("\na\nb\n \n\n c\n"),
            vec![vec!["a", "b"], vec![" c"]]
        );
        assert_eq!(
            html_paragraphs("x & y\nz\n\nw", "<br />"),
            "<p>x &amp; y<br />z</p><p>w</p>"
        );
    }

    #[test]
    fn repeats_ignore_case() {
        let pairs = vec![
            ("PO".to_string(), "a".to_string()),
            ("vo".to_string(), "b".to_string()),
            ("po".to_string(), "c".to_string()),
        ];
        assert_eq!(repeats(pairs), vec!["PO (a, c)"]);
    }
}
