//! Answers as written ("3", "3,0", "In redelijke mate", "weet niet") to codes, decided once per
//! distinct value and applied to whole columns by polars.

use std::collections::HashMap;

use polars::prelude::*;

use super::Problem;
use super::headers::normalize;
use crate::instrument::{Attribute, AttributeKind, Column as Spec, Point, Scale, codes};

/// What a distinct written value means.
#[derive(Debug, Clone, PartialEq)]
pub enum Meaning<T> {
    Value(T),
    /// Empty, or a missing code such as "weet niet": no answer, never a zero.
    Missing,
    /// Not an answer, and why.
    Bad(Problem),
}

/// Reads a written number, with a decimal point or comma.
pub fn parse_number(s: &str) -> Option<f64> {
    verband_stats::parse_decimal(s).map(verband_stats::Decimal::to_f64)
}

/// How a file writes its answers as numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Numbering {
    /// A number is the instrument's code (verband's template, LimeSurvey's answer codes).
    #[default]
    Codes,
    /// A number is the option's position, counted from 1 in the order the instrument lists
    /// them, "don't know" options last (Qualtrics' default recode values).
    Positions,
    /// A Qualtrics export: a category is numbered by position (its recode values are numbers);
    /// a scale answer by the instrument's code, as `verband instrument export` recodes it, and
    /// a number that is no code by its position (Qualtrics' own numbering, which agrees with
    /// the codes on a scale coded 1 … n and puts "don't know" after it).
    CodesThenPositions,
}

/// How alike (0–1, normalised Levenshtein) an unknown label must be to a known one for a
/// finding to suggest it: "helemaal mee eens" for "helemaal eens", not "not at all" for "vaak".
const SUGGEST_FROM: f64 = 0.5;

/// Words that turn a label's meaning around, in Dutch and English.
const NEGATIONS: &[&str] = &[
    "niet", "geen", "nooit", "oneens", "not", "no", "never", "disagree",
];

/// Whether a label says no an odd number of times: "niet mee eens" against "mee eens".
fn negated(normalized: &str) -> bool {
    normalized
        .split(' ')
        .filter(|w| NEGATIONS.contains(w))
        .count()
        % 2
        == 1
}

/// The known label nearest to an unknown one, if one is near and says the same thing, so that
/// a finding can say what was meant (never "mee eens" for "niet mee eens").
fn closest<'a>(value: &str, labels: impl Iterator<Item = &'a str>) -> Option<String> {
    let value = normalize(value);
    labels
        .map(|l| (normalize(l), l))
        .filter(|(known, _)| negated(known) == negated(&value))
        .map(|(known, l)| (strsim::normalized_levenshtein(&value, &known), l))
        .filter(|(similarity, _)| *similarity >= SUGGEST_FROM)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, l)| l.to_string())
}

fn point_labels(p: &Point) -> impl Iterator<Item = &str> {
    [p.nl.as_str(), p.en.as_str()]
        .into_iter()
        .chain(p.aliases.iter().map(String::as_str))
}

/// A written value that is no answer on the scale: a number with a fraction, or a label the
/// scale does not have.
fn not_on_scale(scale: &Scale, value: &str, fraction: bool) -> Problem {
    let (value, scale_id) = (value.trim().to_string(), scale.id.clone());
    let (min, max) = (scale.min(), scale.max());
    if fraction {
        return Problem::NotAWholeNumber {
            value,
            scale: scale_id,
            min,
            max,
        };
    }
    let options = scale.points.iter().chain(&scale.missing);
    Problem::NotAnAnswer {
        closest: closest(&value, options.flat_map(point_labels)),
        value,
        scale: scale_id,
        min,
        max,
    }
}

pub fn scale_meaning(raw: &str, scale: &Scale, numbering: Numbering) -> Meaning<i64> {
    if raw.trim().is_empty() {
        return Meaning::Missing;
    }
    if let Some(v) = parse_number(raw) {
        if v.fract() != 0.0 || !v.is_finite() {
            return Meaning::Bad(not_on_scale(scale, raw, true));
        }
        return code_meaning(v as i64, scale, numbering);
    }
    let n = normalize(raw);
    let is = |p: &Point| {
        point_labels(p).any(|l| normalize(l) == n)
            || normalize(&format!("{} {}", p.code, p.nl)) == n
    };
    if let Some(p) = scale.points.iter().find(|p| is(p)) {
        return Meaning::Value(p.code);
    }
    if scale.missing.iter().any(is) {
        return Meaning::Missing;
    }
    Meaning::Bad(not_on_scale(scale, raw, false))
}

/// What Qualtrics writes for a question seen but not answered, when the export asks for it.
const QUALTRICS_SEEN_UNANSWERED: i64 = -99;

/// A whole number on the scale, read as a code or as a position.
fn code_meaning(number: i64, scale: &Scale, numbering: Numbering) -> Meaning<i64> {
    if numbering == Numbering::CodesThenPositions && number == QUALTRICS_SEEN_UNANSWERED {
        return Meaning::Missing;
    }
    let options: Vec<(&Point, bool)> = scale
        .points
        .iter()
        .map(|p| (p, true))
        .chain(scale.missing.iter().map(|p| (p, false)))
        .collect();
    let by_code = || options.iter().find(|(p, _)| p.code == number);
    let by_position = || {
        usize::try_from(number)
            .ok()
            .and_then(|k| options.get(k.checked_sub(1)?))
    };
    let found = match numbering {
        Numbering::Codes => by_code(),
        Numbering::Positions => by_position(),
        Numbering::CodesThenPositions => by_code().or_else(by_position),
    };
    let (min, max) = match numbering {
        Numbering::Codes => (scale.min(), scale.max()),
        _ => (1, options.len() as i64),
    };
    match found {
        Some((p, true)) => Meaning::Value(p.code),
        Some((_, false)) => Meaning::Missing,
        None => Meaning::Bad(Problem::NotACode {
            value: number,
            scale: scale.id.clone(),
            min,
            max,
        }),
    }
}

pub fn category_meaning(raw: &str, attr: &Attribute, numbering: Numbering) -> Meaning<String> {
    if raw.trim().is_empty() {
        return Meaning::Missing;
    }
    let n = normalize(raw);
    if numbering != Numbering::Codes {
        let position = raw.trim().parse::<usize>().ok();
        if let Some(v) = position.and_then(|k| attr.values.get(k.checked_sub(1)?)) {
            return Meaning::Value(v.code.clone());
        }
    }
    // LimeSurvey knows the values by answer codes, which are the value codes or A1 … An.
    let answer_codes = codes::attribute_answer_codes(attr);
    let found = attr
        .values
        .iter()
        .zip(&answer_codes)
        .find(|(v, answer_code)| {
            [&v.code, &v.nl, &v.en, *answer_code]
                .iter()
                .any(|t| normalize(t) == n)
        });
    match found {
        Some((v, _)) => Meaning::Value(v.code.clone()),
        None => Meaning::Bad(Problem::NotACategory {
            value: raw.trim().to_string(),
            attribute: attr.id.clone(),
            allowed: attr.values.iter().map(|v| v.code.clone()).collect(),
            closest: closest(
                raw,
                attr.values
                    .iter()
                    .flat_map(|v| [v.code.as_str(), v.nl.as_str(), v.en.as_str()]),
            ),
        }),
    }
}

pub fn number_meaning(raw: &str, attr: &Attribute) -> Meaning<f64> {
    if raw.trim().is_empty() {
        return Meaning::Missing;
    }
    // A date (written as 2025-03-10) or a number past f64's range is no number here.
    match parse_number(raw).filter(|v| v.is_finite()) {
        Some(v) => Meaning::Value(v),
        None => Meaning::Bad(Problem::NotANumber {
            value: raw.trim().to_string(),
            attribute: attr.id.clone(),
        }),
    }
}

/// Whether a cell reads as an answer to the column: what tells a respondent's row from a row
/// of header text. Free text answers nothing here, since any header could be free text.
pub fn is_answer(spec: &Spec, text: &str, numbering: Numbering) -> bool {
    let scale = match spec {
        Spec::Item(i) => i.scale,
        Spec::Relational(r) => r.scale,
        Spec::Attribute(a) => {
            return match a.kind {
                AttributeKind::Category => {
                    matches!(category_meaning(text, a, numbering), Meaning::Value(_))
                }
                AttributeKind::Number => matches!(number_meaning(text, a), Meaning::Value(_)),
                AttributeKind::Text => false,
            };
        }
        Spec::Open(_) => return false,
    };
    !text.trim().is_empty() && !matches!(scale_meaning(text, scale, numbering), Meaning::Bad(_))
}

/// A column's recoding: the expression that applies it and the values that were not answers.
pub struct Recoded {
    pub expr: Expr,
    pub bad: Vec<(String, Problem)>,
}

/// Decides each distinct value of a column once (as the text it was written as), then maps
/// the whole column with `replace_strict`. The column is text, or codes read as integers.
pub fn recode_column<T, F>(
    cells: &Column,
    id: &str,
    dtype: DataType,
    meaning: F,
) -> PolarsResult<Recoded>
where
    T: Clone,
    F: Fn(&str) -> Meaning<T>,
    Series: NamedFrom<Vec<Option<T>>, [Option<T>]>,
{
    let distinct = cells.as_materialized_series().unique()?.drop_nulls();
    let written = distinct.cast(&DataType::String)?;
    // `unique` keeps a buffer as long as the column, and the expression below holds the
    // distinct values until the file is recoded: built again from the text, they take only
    // their own size (a million rows × 70 columns held 280 MB).
    let distinct = written.cast(distinct.dtype())?;
    let mut new: Vec<Option<T>> = Vec::with_capacity(distinct.len());
    let mut bad = Vec::new();
    for raw in written.str()?.iter() {
        let raw = raw.unwrap_or_default();
        new.push(match meaning(raw) {
            Meaning::Value(v) => Some(v),
            Meaning::Missing => None,
            Meaning::Bad(why) => {
                bad.push((raw.to_string(), why));
                None
            }
        });
    }
    let expr = if distinct.is_empty() {
        lit(NULL).cast(dtype.clone())
    } else {
        let new = Series::new("new".into(), new).cast(&dtype)?;
        col(id).replace_strict(
            lit(distinct),
            lit(new),
            Some(lit(NULL).cast(dtype.clone())),
            Some(dtype),
        )
    }
    .alias(id);
    Ok(Recoded { expr, bad })
}

/// Trimmed text, empty as missing.
pub fn text_expr(id: &str) -> Expr {
    let trimmed = col(id).str().strip_chars(lit(NULL));
    when(trimmed.clone().eq(lit("")))
        .then(lit(NULL).cast(DataType::String))
        .otherwise(trimmed)
        .alias(id)
}

/// Lookup of distinct values for messages: value → why it is bad.
pub fn bad_lookup(bad: &[(String, Problem)]) -> HashMap<&str, &Problem> {
    bad.iter().map(|(v, w)| (v.as_str(), w)).collect()
}

pub fn attribute_dtype(attr: &Attribute) -> DataType {
    match attr.kind {
        AttributeKind::Number => DataType::Float64,
        AttributeKind::Category | AttributeKind::Text => DataType::String,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instrument::{Point, ScaleKind, Text};

    fn mate4() -> Scale {
        let p = |code, nl: &str, en: &str| Point {
            code,
            nl: nl.into(),
            en: en.into(),
            aliases: vec![],
        };
        Scale {
            id: "mate4".into(),
            kind: ScaleKind::Ordinal,
            label: Text {
                nl: "mate".into(),
                en: "extent".into(),
            },
            points: vec![
                p(1, "helemaal niet", "not at all"),
                p(2, "enigszins", "somewhat"),
                p(3, "in redelijke mate", "to a reasonable extent"),
                p(4, "in sterke mate", "to a strong extent"),
            ],
            missing: vec![p(9, "weet niet", "don't know")],
            note: None,
        }
    }

    #[test]
    fn codes_and_labels_in_any_case() {
        let s = mate4();
        assert_eq!(scale_meaning("3", &s, Numbering::Codes), Meaning::Value(3));
        assert_eq!(
            scale_meaning("3.0", &s, Numbering::Codes),
            Meaning::Value(3)
        );
        assert_eq!(
            scale_meaning(" 3,0 ", &s, Numbering::Codes),
            Meaning::Value(3)
        );
        assert_eq!(
            scale_meaning("In redelijke mate", &s, Numbering::Codes),
            Meaning::Value(3)
        );
        assert_eq!(
            scale_meaning("HELEMAAL NIET", &s, Numbering::Codes),
            Meaning::Value(1)
        );
        assert_eq!(
            scale_meaning("to a strong extent", &s, Numbering::Codes),
            Meaning::Value(4)
        );
        assert_eq!(
            scale_meaning("2. Enigszins", &s, Numbering::Codes),
            Meaning::Value(2)
        );
    }

    #[test]
    fn missing_codes_are_missing_not_zero() {
        let s = mate4();
        assert_eq!(
            scale_meaning("weet niet", &s, Numbering::Codes),
            Meaning::Missing
        );
        assert_eq!(scale_meaning("9", &s, Numbering::Codes), Meaning::Missing);
        assert_eq!(scale_meaning("  ", &s, Numbering::Codes), Meaning::Missing);
    }

    #[test]
    fn suggestions_never_turn_a_label_around() {
        let labels = [
            "Helemaal oneens",
            "Oneens",
            "Neutraal",
            "Eens",
            "Helemaal eens",
        ];
        let suggest = |v: &str| closest(v, labels.into_iter());
        assert_eq!(suggest("Niet mee eens"), None);
        assert_eq!(
            suggest("Helemaal niet mee eens").as_deref(),
            Some("Helemaal oneens")
        );
        assert_eq!(
            suggest("Helemaal mee eens").as_deref(),
            Some("Helemaal eens")
        );
        assert_eq!(suggest("Mee oneens").as_deref(), Some("Oneens"));
    }

    #[test]
    fn bad_answers_say_why() {
        let s = mate4();
        let on = |value: &str| (value.to_string(), "mate4".to_string(), 1, 4);
        let (value, scale, min, max) = on("in sterke mat");
        assert_eq!(
            scale_meaning("in sterke mat", &s, Numbering::Codes),
            Meaning::Bad(Problem::NotAnAnswer {
                value,
                scale,
                min,
                max,
                closest: Some("in sterke mate".into()),
            })
        );
        assert_eq!(
            scale_meaning("7", &s, Numbering::Codes),
            Meaning::Bad(Problem::NotACode {
                value: 7,
                scale: "mate4".into(),
                min: 1,
                max: 4
            })
        );
        let (value, scale, min, max) = on("2.5");
        assert_eq!(
            scale_meaning("2.5", &s, Numbering::Codes),
            Meaning::Bad(Problem::NotAWholeNumber {
                value,
                scale,
                min,
                max
            })
        );
    }

    #[test]
    fn positions_count_dont_know_last() {
        let s = mate4();
        let at = |v| scale_meaning(v, &s, Numbering::Positions);
        assert_eq!(at("1"), Meaning::Value(1));
        assert_eq!(at("4"), Meaning::Value(4));
        assert_eq!(at("5"), Meaning::Missing);
        assert_eq!(
            at("9"),
            Meaning::Bad(Problem::NotACode {
                value: 9,
                scale: "mate4".into(),
                min: 1,
                max: 5
            })
        );
        assert_eq!(at("in sterke mate"), Meaning::Value(4));
    }

    /// Qualtrics: a recoded survey writes 9 for "weet niet", a hand-built one its position 5.
    #[test]
    fn qualtrics_reads_codes_then_positions() {
        let s = mate4();
        let at = |v| scale_meaning(v, &s, Numbering::CodesThenPositions);
        assert_eq!(at("3"), Meaning::Value(3));
        assert_eq!(at("9"), Meaning::Missing);
        assert_eq!(at("5"), Meaning::Missing);
        assert!(matches!(at("6"), Meaning::Bad(Problem::NotACode { .. })));
        assert_eq!(at("-99"), Meaning::Missing);
    }

    #[test]
    fn numbers_past_f64_are_not_numbers() {
        let attr = Attribute {
            id: "leeftijd".into(),
            role: crate::instrument::AttributeRole::Other,
            kind: AttributeKind::Number,
            label: Text {
                nl: "leeftijd".into(),
                en: "age".into(),
            },
            required: false,
            values: vec![],
            note: None,
        };
        assert_eq!(number_meaning("41", &attr), Meaning::Value(41.0));
        for bad in ["1e309", "-1e309", "1971-05-01", "inf", "NaN"] {
            assert!(
                matches!(number_meaning(bad, &attr), Meaning::Bad(_)),
                "{bad}"
            );
        }
    }
}
