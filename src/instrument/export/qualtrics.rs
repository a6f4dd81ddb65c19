//! Qualtrics' Advanced Format TXT: a block per section, a matrix per grid with the scale's
//! codes as recode values (`[[Answer:<code>]]`), a single-answer question per category
//! attribute (`[[Choice:k]]`, by position: recodes are numbers), text entry for the rest.
//! `[[ID:…]]` is the instrument id, which Qualtrics uses as the export column. The format
//! has no comments and no way to force a response: the command line says which questions
//! need "Force response" after import.

use super::layout::{Kind, Question, Section, questions};
use super::{html_line, html_paragraphs, repeats};
use crate::instrument::Instrument;
use crate::lang::{Lang, pick};

/// The id of the descriptive text at the top, which holds the instrument's description.
const INTRO: &str = "intro";

const BR: &str = "<br>";

/// One line of text: HTML, and no `[[` or `]]`, which would read as a tag.
fn line(s: &str) -> String {
    html_line(s, BR).replace("[[", "[ [").replace("]]", "] ]")
}

/// A block name: Qualtrics separates a tag's parts with colons, so none in a name (block
/// names are not shown to respondents).
fn block_name(s: &str) -> String {
    line(s).replace(": ", " - ").replace(':', "-")
}

pub fn render(inst: &Instrument, sections: &[Section], lang: Lang) -> Result<String, Vec<String>> {
    check(sections, lang)?;
    let mut out: Vec<String> = vec!["[[AdvancedFormat]]".into(), String::new()];
    for (n, section) in sections.iter().enumerate() {
        out.push(format!("[[Block:{}]]", block_name(section.title.get(lang))));
        out.push(String::new());
        if n == 0 {
            let intro = html_paragraphs(inst.description.get(lang), BR)
                .replace("[[", "[ [")
                .replace("]]", "] ]");
            out.extend(["[[Question:DB]]".into(), format!("[[ID:{INTRO}]]"), intro]);
            out.push(String::new());
        }
        for q in &section.questions {
            question(q, lang, &mut out);
            out.push(String::new());
        }
    }
    Ok(out.join("\n"))
}

fn question(q: &Question, lang: Lang, out: &mut Vec<String>) {
    let tag = match &q.kind {
        Kind::Grid { .. } => "Matrix",
        Kind::Choice { .. } => "MC:SingleAnswer:Vertical",
        Kind::Number | Kind::ShortText => "TE:SingleLine",
        Kind::LongText { .. } => "TE:Essay",
    };
    out.push(format!("[[Question:{tag}]]"));
    out.push(format!("[[ID:{}]]", q.id));
    out.push(line(q.text.get(lang)));
    match &q.kind {
        Kind::Grid { rows, scale } => {
            out.push("[[Choices]]".into());
            out.extend(rows.iter().map(|r| line(r.text.get(lang))));
            out.push("[[AdvancedAnswers]]".into());
            for p in scale.points.iter().chain(&scale.missing) {
                out.push(format!("[[Answer:{}]]", p.code));
                out.push(line(pick(lang, &p.nl, &p.en)));
            }
        }
        Kind::Choice { values, .. } => {
            out.push("[[AdvancedChoices]]".into());
            for (k, v) in values.iter().enumerate() {
                out.push(format!("[[Choice:{}]]", k + 1));
                out.push(line(pick(lang, &v.nl, &v.en)));
            }
        }
        _ => {}
    }
}

/// Ids Qualtrics would change in its export, columns it would name twice, and answers a
/// respondent could not tell apart.
fn check(sections: &[Section], lang: Lang) -> Result<(), Vec<String>> {
    let mut problems = Vec::new();
    let all: Vec<&Question> = questions(sections).collect();
    let mut columns = vec![(INTRO.to_string(), INTRO.to_string())];
    for q in &all {
        let plain = q.id.starts_with(|c: char| c.is_ascii_alphabetic())
            && q.id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !plain {
            problems.push(format!(
                "{}: a Qualtrics id is a letter, then letters, digits and _",
                q.id
            ));
        }
        let texts: Vec<String> = match &q.kind {
            Kind::Grid { rows, scale } => {
                columns
                    .extend((1..=rows.len()).map(|k| (format!("{}_{k}", q.id), q.id.to_string())));
                let points = scale.points.iter().chain(&scale.missing);
                let labels =
                    points.map(|p| (pick(lang, &p.nl, &p.en).to_string(), q.id.to_string()));
                problems.extend(
                    repeats(labels.collect())
                        .into_iter()
                        .map(|r| format!("two answers read {r}")),
                );
                rows.iter().map(|r| r.text.get(lang).to_string()).collect()
            }
            Kind::Choice { values, .. } => {
                columns.push((q.id.to_string(), q.id.to_string()));
                values
                    .iter()
                    .map(|v| pick(lang, &v.nl, &v.en).to_string())
                    .collect()
            }
            _ => {
                columns.push((q.id.to_string(), q.id.to_string()));
                Vec::new()
            }
        };
        let texts = texts.into_iter().map(|t| (t, q.id.to_string())).collect();
        problems.extend(
            repeats(texts)
                .into_iter()
                .map(|r| format!("two choices read {r}")),
        );
    }
    problems.extend(
        repeats(columns)
            .into_iter()
            .map(|r| format!("two export columns are named {r}")),
    );
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}
