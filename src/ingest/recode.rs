//! Answers as written ("3", "3,0", "In redelijke mate", "weet niet") to codes, decided once per
//! distinct value and applied to whole columns by polars.

use std::collections::HashMap;

use polars::prelude::*;

use super::Problem;
use super::headers::normalize;
use crate::instrument::{Attribute, AttributeKind, Point, Scale};

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

/// A written value that is no answer on the scale: a number with a fraction, or a label the
/// scale does not have.
fn not_on_scale(scale: &Scale, value: &str, fraction: bool) -> Problem {
    let (value, scale_id) = (value.trim().to_string(), scale.id.clone());
    let (min, max) = (scale.min(), scale.max());
    if fraction {
        Problem::NotAWholeNumber {
            value,
            scale: scale_id,
            min,
            max,
        }
    } else {
        Problem::NotAnAnswer {
            value,
            scale: scale_id,
            min,
            max,
        }
    }
}

pub fn scale_meaning(raw: &str, scale: &Scale) -> Meaning<i64> {
    if raw.trim().is_empty() {
        return Meaning::Missing;
    }
    if let Some(v) = parse_number(raw) {
        if v.fract() != 0.0 {
            return Meaning::Bad(not_on_scale(scale, raw, true));
        }
        let code = v as i64;
        if scale.points.iter().any(|p| p.code == code) {
            return Meaning::Value(code);
        }
        if scale.missing.iter().any(|p| p.code == code) {
            return Meaning::Missing;
        }
        return Meaning::Bad(Problem::NotACode {
            value: code,
            scale: scale.id.clone(),
            min: scale.min(),
            max: scale.max(),
        });
    }
    let n = normalize(raw);
    let is = |p: &Point| {
        normalize(&p.nl) == n
            || normalize(&p.en) == n
            || normalize(&format!("{} {}", p.code, p.nl)) == n
            || p.aliases.iter().any(|a| normalize(a) == n)
    };
    if let Some(p) = scale.points.iter().find(|p| is(p)) {
        return Meaning::Value(p.code);
    }
    if scale.missing.iter().any(is) {
        return Meaning::Missing;
    }
    Meaning::Bad(not_on_scale(scale, raw, false))
}

pub fn category_meaning(raw: &str, attr: &Attribute) -> Meaning<String> {
    if raw.trim().is_empty() {
        return Meaning::Missing;
    }
    let n = normalize(raw);
    match attr
        .values
        .iter()
        .find(|v| [normalize(&v.code), normalize(&v.nl), normalize(&v.en)].contains(&n))
    {
        Some(v) => Meaning::Value(v.code.clone()),
        None => Meaning::Bad(Problem::NotACategory {
            value: raw.trim().to_string(),
            attribute: attr.id.clone(),
            allowed: attr.values.iter().map(|v| v.code.clone()).collect(),
        }),
    }
}

pub fn number_meaning(raw: &str, attr: &Attribute) -> Meaning<f64> {
    if raw.trim().is_empty() {
        return Meaning::Missing;
    }
    match parse_number(raw) {
        Some(v) => Meaning::Value(v),
        None => Meaning::Bad(Problem::NotANumber {
            value: raw.trim().to_string(),
            attribute: attr.id.clone(),
        }),
    }
}

/// A column's recoding: the expression that applies it and the values that were not answers.
pub struct Recoded {
    pub expr: Expr,
    pub bad: Vec<(String, Problem)>,
}

/// Decides each distinct value of a text column once, then maps the whole column with
/// `replace_strict`.
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
    let distinct = cells.str()?.unique()?;
    let mut old: Vec<String> = Vec::new();
    let mut new: Vec<Option<T>> = Vec::new();
    let mut bad = Vec::new();
    for raw in distinct.iter().flatten() {
        old.push(raw.to_string());
        new.push(match meaning(raw) {
            Meaning::Value(v) => Some(v),
            Meaning::Missing => None,
            Meaning::Bad(why) => {
                bad.push((raw.to_string(), why));
                None
            }
        });
    }
    let expr = if old.is_empty() {
        lit(NULL).cast(dtype.clone())
    } else {
        let old = StringChunked::from_iter_values("old".into(), old.iter().map(String::as_str))
            .into_series();
        let new = Series::new("new".into(), new).cast(&dtype)?;
        col(id).replace_strict(
            lit(old),
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
        assert_eq!(scale_meaning("3", &s), Meaning::Value(3));
        assert_eq!(scale_meaning("3.0", &s), Meaning::Value(3));
        assert_eq!(scale_meaning(" 3,0 ", &s), Meaning::Value(3));
        assert_eq!(scale_meaning("In redelijke mate", &s), Meaning::Value(3));
        assert_eq!(scale_meaning("HELEMAAL NIET", &s), Meaning::Value(1));
        assert_eq!(scale_meaning("to a strong extent", &s), Meaning::Value(4));
        assert_eq!(scale_meaning("2. Enigszins", &s), Meaning::Value(2));
    }

    #[test]
    fn missing_codes_are_missing_not_zero() {
        let s = mate4();
        assert_eq!(scale_meaning("weet niet", &s), Meaning::Missing);
        assert_eq!(scale_meaning("9", &s), Meaning::Missing);
        assert_eq!(scale_meaning("  ", &s), Meaning::Missing);
    }

    #[test]
    fn bad_answers_say_why() {
        let s = mate4();
        let on = |value: &str| (value.to_string(), "mate4".to_string(), 1, 4);
        let (value, scale, min, max) = on("vaak");
        assert_eq!(
            scale_meaning("vaak", &s),
            Meaning::Bad(Problem::NotAnAnswer {
                value,
                scale,
                min,
                max
            })
        );
        assert_eq!(
            scale_meaning("7", &s),
            Meaning::Bad(Problem::NotACode {
                value: 7,
                scale: "mate4".into(),
                min: 1,
                max: 4
            })
        );
        let (value, scale, min, max) = on("2.5");
        assert_eq!(
            scale_meaning("2.5", &s),
            Meaning::Bad(Problem::NotAWholeNumber {
                value,
                scale,
                min,
                max
            })
        );
    }
}
