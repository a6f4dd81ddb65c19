//! LimeSurvey's tab-separated survey structure, as "Import survey" reads it: S and SL rows
//! first, then per language (the base language first) a G row per section, a Q row per
//! question with its SQ (statements) and A (answers) rows. Both languages are in the file, so
//! respondents choose; `--lang` picks the base language.

use super::layout::{Kind, Question, Section, questions};
use super::{html_line, html_paragraphs, repeats};
use crate::instrument::{Instrument, Scale};
use crate::lang::{Lang, pick};

/// The base columns of LimeSurvey's own export, in its order.
const COLUMNS: [&str; 14] = [
    "id",
    "related_id",
    "class",
    "type/scale",
    "name",
    "relevance",
    "text",
    "help",
    "language",
    "validation",
    "mandatory",
    "other",
    "default",
    "same_default",
];

/// Question codes LimeSurvey refuses (Question.php); it would rename them on import.
const RESERVED: [&str; 10] = [
    "LANG", "SID", "SAVEDID", "TOKEN", "QID", "GID", "SGQ", "self", "that", "this",
];

/// Largest answer code: at most five digits.
const MAX_ANSWER_CODE: i64 = 99_999;

const BR: &str = "<br />";

/// One row by column name; the rest stay empty.
#[derive(Default)]
struct Line<'a> {
    class: &'a str,
    type_scale: &'a str,
    name: &'a str,
    relevance: &'a str,
    text: &'a str,
    language: &'a str,
    mandatory: &'a str,
    other: &'a str,
    same_default: &'a str,
}

impl Line<'_> {
    fn write(&self, out: &mut String) {
        let cells = [
            "",
            "",
            self.class,
            self.type_scale,
            self.name,
            self.relevance,
            self.text,
            "",
            self.language,
            "",
            self.mandatory,
            self.other,
            "",
            self.same_default,
        ];
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
}

pub fn render(inst: &Instrument, sections: &[Section], lang: Lang) -> Result<String, Vec<String>> {
    check(sections)?;
    let other = match lang {
        Lang::Nl => Lang::En,
        Lang::En => Lang::Nl,
    };
    let mut out = COLUMNS.join("\t") + "\n";
    let settings = [
        ("language", lang.code()),
        ("additional_languages", other.code()),
        ("format", "G"),
        ("showwelcome", "Y"),
        // "Weet niet" is an answer of its own: no extra "No answer" option.
        ("shownoanswer", "N"),
    ];
    for (name, text) in settings {
        Line {
            class: "S",
            name,
            text,
            ..Default::default()
        }
        .write(&mut out);
    }
    for l in [lang, other] {
        let title = html_line(inst.title.get(l), BR);
        let welcome = html_paragraphs(inst.description.get(l), BR);
        for (name, text) in [
            ("surveyls_title", &title),
            ("surveyls_welcometext", &welcome),
        ] {
            let language = l.code();
            Line {
                class: "SL",
                name,
                text,
                language,
                ..Default::default()
            }
            .write(&mut out);
        }
    }
    for l in [lang, other] {
        for (n, section) in sections.iter().enumerate() {
            let number = (n + 1).to_string();
            let name = html_line(section.title.get(l), BR);
            Line {
                class: "G",
                type_scale: &number,
                name: &name,
                relevance: "1",
                language: l.code(),
                ..Default::default()
            }
            .write(&mut out);
            for q in &section.questions {
                question(q, l, &mut out);
            }
        }
    }
    Ok(out)
}

/// A Q row with its statements and answers.
fn question(q: &Question, lang: Lang, out: &mut String) {
    let kind = match &q.kind {
        Kind::Grid { .. } => "F",
        Kind::Choice { .. } => "L",
        Kind::Number => "N",
        Kind::ShortText => "S",
        Kind::LongText { .. } => "T",
    };
    let language = lang.code();
    let text = html_line(q.text.get(lang), BR);
    Line {
        class: "Q",
        type_scale: kind,
        name: &q.code,
        relevance: "1",
        text: &text,
        language,
        mandatory: if q.required { "Y" } else { "N" },
        other: "N",
        same_default: "0",
    }
    .write(out);
    let answers: Vec<(String, String)> = match &q.kind {
        Kind::Grid { rows, scale } => {
            for row in rows {
                let text = html_line(row.text.get(lang), BR);
                let name = &row.code;
                Line {
                    class: "SQ",
                    type_scale: "0",
                    name,
                    text: &text,
                    language,
                    ..Default::default()
                }
                .write(out);
            }
            scale_answers(scale, lang)
        }
        Kind::Choice { values, codes } => codes
            .iter()
            .zip(values.iter())
            .map(|(c, v)| (c.clone(), pick(lang, &v.nl, &v.en).to_string()))
            .collect(),
        _ => Vec::new(),
    };
    for (code, label) in answers {
        let text = html_line(&label, BR);
        Line {
            class: "A",
            type_scale: "0",
            name: &code,
            text: &text,
            language,
            ..Default::default()
        }
        .write(out);
    }
}

/// The scale's points and then its missing codes ("Weet niet" is a real answer), coded as in
/// the instrument.
fn scale_answers(scale: &Scale, lang: Lang) -> Vec<(String, String)> {
    scale
        .points
        .iter()
        .chain(&scale.missing)
        .map(|p| (p.code.to_string(), pick(lang, &p.nl, &p.en).to_string()))
        .collect()
}

/// What LimeSurvey would rename, merge or drop without a word on import.
fn check(sections: &[Section]) -> Result<(), Vec<String>> {
    let mut problems = Vec::new();
    let all: Vec<&Question> = questions(sections).collect();
    let codes = all
        .iter()
        .map(|q| (q.code.clone(), q.id.to_string()))
        .collect();
    for clash in repeats(codes) {
        problems.push(format!("two questions get the LimeSurvey code {clash}"));
    }
    for q in &all {
        if q.code.is_empty() {
            problems.push(format!(
                "{}: no letters or digits for a question code",
                q.id
            ));
        }
        if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(&q.code)) {
            problems.push(format!(
                "{}: code {} is reserved in LimeSurvey",
                q.id, q.code
            ));
        }
        let Kind::Grid { rows, scale } = &q.kind else {
            continue;
        };
        let subs = rows
            .iter()
            .map(|r| (r.code.clone(), r.id.to_string()))
            .collect();
        for clash in repeats(subs) {
            problems.push(format!("{}: two statements get the code {clash}", q.id));
        }
        if rows
            .iter()
            .any(|r| r.code.is_empty() || r.code.eq_ignore_ascii_case("time"))
        {
            problems.push(format!("{}: a statement code is empty or \"time\"", q.id));
        }
        for p in scale.points.iter().chain(&scale.missing) {
            if !(0..=MAX_ANSWER_CODE).contains(&p.code) {
                problems.push(format!(
                    "scale {}: code {} is not a LimeSurvey answer code (0 to 99999)",
                    scale.id, p.code
                ));
            }
        }
    }
    problems.dedup();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}
