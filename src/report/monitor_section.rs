//! The report's monitor sections: the change since last year (the council summary leads with
//! it), the trend chart over all years, and the benchmark against other municipalities.

use serde_json::{Value, json};

use super::Images;
use super::format::{number, opt, p_value};
use crate::analyse::{Change, ConstructTrend, Direction, Results};
use crate::instrument::{Lang, pick};

/// Arrow, css class and word for a change; contingencies are "higher/lower", not better/worse.
fn arrow(
    direction: Option<Direction>,
    judged: bool,
    lang: Lang,
) -> (&'static str, &'static str, &'static str) {
    match (direction, judged) {
        (None, _) => ("", "none", ""),
        (Some(Direction::Same), _) => ("→", "same", pick(lang, "gelijk", "same")),
        (Some(Direction::Up), true) => ("↑", "better", pick(lang, "beter", "better")),
        (Some(Direction::Down), true) => ("↓", "worse", pick(lang, "slechter", "worse")),
        (Some(Direction::Up), false) => ("↑", "same", pick(lang, "hoger", "higher")),
        (Some(Direction::Down), false) => ("↓", "same", pick(lang, "lager", "lower")),
    }
}

fn total(c: &ConstructTrend) -> Option<&Change> {
    c.changes.iter().find(|ch| ch.group.is_none())
}

pub(super) fn trend(results: &Results, images: &mut Images) -> anyhow::Result<Value> {
    let Some(trend) = &results.trend else {
        return Ok(Value::Null);
    };
    let lang = results.lang;
    let image = images.make("trend.png", |p| super::trend_chart::trend(p, trend, lang))?;
    let (from, to) = match trend.years.as_slice() {
        [.., a, b] => (a.clone(), b.clone()),
        _ => return Ok(Value::Null),
    };
    let groups: Vec<Value> = trend
        .constructs
        .first()
        .map(|c| {
            c.changes
                .iter()
                .filter_map(|ch| {
                    ch.group
                        .as_ref()
                        .map(|g| json!({ "code": g, "label": ch.label }))
                })
                .collect()
        })
        .unwrap_or_default();
    let rows: Vec<Value> = trend
        .constructs
        .iter()
        .map(|c| {
            let cells: Vec<Value> = c
                .changes
                .iter()
                .skip(1)
                .map(|ch| {
                    let (a, class, word) = arrow(ch.direction, c.judged, lang);
                    json!({
                        "arrow": a,
                        "class": class,
                        "word": word,
                        "diff": ch.test.as_ref().map(|t| signed(t.diff, lang)),
                        "suppressed": ch.suppressed,
                    })
                })
                .collect();
            let t = total(c);
            let (total_arrow, total_class, total_word) =
                arrow(t.and_then(|t| t.direction), c.judged, lang);
            let stat = |i: usize| {
                c.series
                    .first()
                    .and_then(|s| s.years.get(i))
                    .and_then(|y| y.stats.as_ref())
            };
            let n_years = trend.years.len();
            json!({
                "id": c.id,
                "label": c.label,
                "cells": cells,
                "before": opt(stat(n_years - 2).and_then(|s| s.mean), 2, lang),
                "now": opt(stat(n_years - 1).and_then(|s| s.mean), 2, lang),
                "g": t.and_then(|t| t.test.as_ref()).map_or("–".into(), |t| number(t.hedges_g, 2, lang)),
                "p": t.and_then(|t| t.test.as_ref()).and_then(|t| t.p_holm).map_or("–".into(), |p| p_value(p, lang)),
                "notes": c.notes,
                "arrow": total_arrow,
                "class": total_class,
                "word": total_word,
                "diff": t.and_then(|t| t.test.as_ref()).map_or("–".into(), |t| signed(t.diff, lang)),
            })
        })
        .collect();
    Ok(json!({
        "from": from,
        "to": to,
        "years": trend.years.join(", "),
        "image": image,
        "groups": groups,
        "rows": rows,
    }))
}

fn signed(x: f64, lang: Lang) -> String {
    let s = number(x.abs(), 2, lang);
    if s == number(0.0, 2, lang) {
        s
    } else if x > 0.0 {
        format!("+{s}")
    } else if x < 0.0 {
        format!("−{s}")
    } else {
        s
    }
}

/// The arrow for a construct's total in the summary table; null without a trend.
pub(super) fn summary_change(results: &Results, construct: &str) -> Value {
    let Some(c) = results
        .trend
        .as_ref()
        .and_then(|t| t.constructs.iter().find(|c| c.id == construct))
    else {
        return Value::Null;
    };
    let Some(t) = total(c) else {
        return Value::Null;
    };
    let (a, class, word) = arrow(t.direction, c.judged, results.lang);
    json!({ "arrow": a, "class": class, "word": word })
}

/// The summary's first lines: what got better and worse since last year, for all respondents.
pub(super) fn change_findings(results: &Results) -> Vec<String> {
    let Some(trend) = &results.trend else {
        return vec![];
    };
    let lang = results.lang;
    let Some(from) = trend.years.iter().rev().nth(1) else {
        return vec![];
    };
    let pick_dir = |d: Direction| -> Vec<String> {
        trend
            .constructs
            .iter()
            .filter(|c| c.judged)
            .filter_map(|c| {
                let t = total(c)?;
                (t.direction == Some(d)).then(|| {
                    let mean = |i: usize| c.series[0].years.get(i)?.stats.as_ref()?.mean;
                    let n = c.series[0].years.len();
                    format!(
                        "{} ({} → {})",
                        c.label,
                        opt(mean(n - 2), 2, lang),
                        opt(mean(n - 1), 2, lang)
                    )
                })
            })
            .collect()
    };
    let (up, down) = (pick_dir(Direction::Up), pick_dir(Direction::Down));
    let tested = trend
        .constructs
        .iter()
        .filter(|c| c.judged && total(c).is_some_and(|t| t.test.is_some()))
        .count();
    let same = tested - up.len() - down.len();
    let mut out = Vec::new();
    match lang {
        Lang::Nl => {
            if !up.is_empty() {
                out.push(format!("Beter dan in {from}: {}.", up.join("; ")));
            }
            if !down.is_empty() {
                out.push(format!("Slechter dan in {from}: {}.", down.join("; ")));
            }
            out.push(format!(
                "{same} van de {tested} onderdelen zijn niet aantoonbaar veranderd sinds {from} (Welch-t, Holm-gecorrigeerd)."
            ));
        }
        Lang::En => {
            if !up.is_empty() {
                out.push(format!("Better than in {from}: {}.", up.join("; ")));
            }
            if !down.is_empty() {
                out.push(format!("Worse than in {from}: {}.", down.join("; ")));
            }
            out.push(format!(
                "{same} of the {tested} constructs did not change demonstrably since {from} (Welch t, Holm-adjusted)."
            ));
        }
    }
    out
}

pub(super) fn benchmark(results: &Results) -> Value {
    let Some(b) = &results.benchmark else {
        return Value::Null;
    };
    let lang = results.lang;
    let rows: Vec<Value> = b
        .rows
        .iter()
        .map(|r| {
            let sig = r
                .test
                .as_ref()
                .and_then(|t| t.p_holm)
                .is_some_and(|p| p < 0.05);
            json!({
                "label": r.label,
                "suppressed": r.suppressed,
                "this": opt(r.this.as_ref().and_then(|d| d.mean), 2, lang),
                "n_this": r.this.as_ref().map_or(0, |d| d.n),
                "others": opt(r.others.as_ref().and_then(|d| d.mean), 2, lang),
                "n_others": r.others.as_ref().map_or(0, |d| d.n),
                "diff": r.test.as_ref().map_or("–".into(), |t| signed(t.diff, lang)),
                "g": r.test.as_ref().map_or("–".into(), |t| number(t.hedges_g, 2, lang)),
                "p": r.test.as_ref().and_then(|t| t.p_holm).map_or("–".into(), |p| p_value(p, lang)),
                "sig": sig,
            })
        })
        .collect();
    json!({
        "municipality": b.municipality,
        "others": b.others,
        "rows": rows,
        "notes": b.notes,
    })
}
