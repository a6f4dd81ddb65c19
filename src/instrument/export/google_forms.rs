//! A Google Apps Script that builds the form with FormApp: the "about you" questions on the
//! first page, a page per other section, a grid per battery, and a linked response sheet.
//! The sheet heads each column with the question's title (a grid row: `Title [Row]`), so
//! titles must differ: an open question that shares its title with another gets the text of
//! the item it comments on appended.

use std::collections::HashMap;

use super::layout::{Kind, Question, Section, SectionKind, questions};
use super::{repeats, word};
use crate::i18n::fill;
use crate::instrument::Instrument;
use crate::lang::{Lang, pick};

/// A JavaScript string literal (JSON's is one).
fn js(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// A list of strings, one per line, with a trailing comma.
fn js_list<S: AsRef<str>>(items: &[S], indent: &str) -> String {
    let inner: String = items
        .iter()
        .map(|s| format!("{indent}  {},\n", js(s.as_ref())))
        .collect();
    format!("[\n{inner}{indent}]")
}

pub fn render(inst: &Instrument, sections: &[Section], lang: Lang) -> Result<String, Vec<String>> {
    let titles = unique_titles(sections, lang);
    check(sections, &titles, lang)?;
    let title = inst.title.get(lang);
    let builds = fill(
        "export.gs_builds",
        lang,
        &[
            ("id", js(&inst.id)),
            ("version", js(&inst.version)),
            ("lang", lang.code().to_string()),
        ],
    );
    let mut out = vec![
        format!("// {builds}"),
        format!("// {}", word("gs_how", lang)),
        format!("// {}", word("gs_where", lang)),
        "function buildForm() {".to_string(),
        format!("  const form = FormApp.create({});", js(title)),
        format!(
            "  form.setDescription({});",
            js(inst.description.get(lang).trim())
        ),
        "  form.setProgressBar(true);".to_string(),
        String::new(),
    ];
    let mut titles = titles.iter();
    for section in sections {
        let add = match section.kind {
            SectionKind::About => "addSectionHeaderItem",
            _ => "addPageBreakItem",
        };
        let heading = js(section.title.get(lang));
        out.push(format!("  form.{add}().setTitle({heading});"));
        for q in &section.questions {
            let title = titles.next().map_or("", String::as_str);
            out.extend(item(q, title, lang));
        }
        out.push(String::new());
    }
    let sheet = fill("export.gs_sheet", lang, &[("title", title.to_string())]);
    let log = |key: &str, call: &str| {
        format!(
            "  Logger.log({} + {call});",
            js(&format!("{}: ", word(key, lang)))
        )
    };
    out.extend([
        format!("  const sheet = SpreadsheetApp.create({});", js(&sheet)),
        "  form.setDestination(FormApp.DestinationType.SPREADSHEET, sheet.getId());".to_string(),
        log("gs_form", "form.getPublishedUrl()"),
        log("gs_edit", "form.getEditUrl()"),
        log("gs_responses", "sheet.getUrl()"),
        "}".to_string(),
        String::new(),
    ]);
    Ok(out.join("\n"))
}

/// The lines that add one question.
fn item(q: &Question, title: &str, lang: Lang) -> Vec<String> {
    let required = format!("    .setRequired({});", q.required);
    let title = format!("    .setTitle({})", js(title));
    let mut lines = match &q.kind {
        Kind::Grid { rows, scale } => {
            let rows: Vec<&str> = rows.iter().map(|r| r.text.get(lang)).collect();
            let columns: Vec<&str> = scale
                .points
                .iter()
                .chain(&scale.missing)
                .map(|p| pick(lang, &p.nl, &p.en))
                .collect();
            vec![
                "  form.addGridItem()".to_string(),
                title,
                format!("    .setRows({})", js_list(&rows, "    ")),
                format!("    .setColumns({})", js_list(&columns, "    ")),
            ]
        }
        Kind::Choice { values, .. } => {
            let choices: Vec<&str> = values.iter().map(|v| pick(lang, &v.nl, &v.en)).collect();
            vec![
                "  form.addMultipleChoiceItem()".to_string(),
                title,
                format!("    .setChoiceValues({})", js_list(&choices, "    ")),
            ]
        }
        Kind::Number => vec![
            "  form.addTextItem()".to_string(),
            title,
            "    .setValidation(FormApp.createTextValidation().requireNumber().build())"
                .to_string(),
        ],
        Kind::ShortText => vec!["  form.addTextItem()".to_string(), title],
        Kind::LongText { .. } => vec!["  form.addParagraphTextItem()".to_string(), title],
    };
    lines.push(required);
    lines
}

/// A title as the sheet's reader compares it: lower case, punctuation and spacing ignored.
fn normal(title: &str) -> String {
    let kept: String = title
        .to_lowercase()
        .chars()
        .map(|c| {
            let letter = c.is_ascii_digit() || c.is_ascii_lowercase() || ('à'..='ÿ').contains(&c);
            if letter { c } else { ' ' }
        })
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every question's title in order; an open question whose title others share gets the text
/// of the item it comments on appended ("Toelichting (In welke mate …?)").
pub(super) fn unique_titles(sections: &[Section], lang: Lang) -> Vec<String> {
    let mut count: HashMap<String, usize> = HashMap::new();
    for q in questions(sections) {
        *count.entry(normal(q.text.get(lang))).or_default() += 1;
    }
    questions(sections)
        .map(|q| {
            let title = q.text.get(lang);
            match &q.kind {
                Kind::LongText { about: Some(item) } if count[&normal(title)] > 1 => {
                    format!("{title} ({})", item.get(lang))
                }
                _ => title.to_string(),
            }
        })
        .collect()
}

/// Titles the sheet could not tell apart, and rows, columns or choices a form cannot repeat.
fn check(sections: &[Section], titles: &[String], lang: Lang) -> Result<(), Vec<String>> {
    let mut problems = Vec::new();
    let pairs = questions(sections)
        .zip(titles)
        .map(|(q, t)| (normal(t), q.id.to_string()))
        .collect();
    for clash in repeats(pairs) {
        problems.push(format!("two questions have the title {clash}"));
    }
    for q in questions(sections) {
        let lists: Vec<Vec<&str>> = match &q.kind {
            Kind::Grid { rows, scale } => vec![
                rows.iter().map(|r| r.text.get(lang)).collect(),
                scale
                    .points
                    .iter()
                    .chain(&scale.missing)
                    .map(|p| pick(lang, &p.nl, &p.en))
                    .collect(),
            ],
            Kind::Choice { values, .. } => {
                vec![values.iter().map(|v| pick(lang, &v.nl, &v.en)).collect()]
            }
            _ => Vec::new(),
        };
        for list in lists {
            let pairs = list
                .iter()
                .map(|t| (t.to_string(), q.id.to_string()))
                .collect();
            problems.extend(
                repeats(pairs)
                    .into_iter()
                    .map(|r| format!("a row, column or choice repeats: {r}")),
            );
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}
