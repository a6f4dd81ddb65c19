//! Across years: each construct's score per year, overall and per group, and the change since
//! the year before with Welch's t (Holm over the constructs), Hedges' g and a direction.
//! Constructs are matched across instrument versions by id or by `renamed_from`; items that
//! differ between the versions are named, because then the score measures something else.

use polars::prelude::*;
use serde::Serialize;

use super::oneway::{Descriptives, Groups, describe};
use super::results::Results;
use super::twosample::{TTest, welch_t};
use super::{
    GroupName, adjust, group_names, judged, kept_in_total, ordered, posthoc::Adjust,
    values_by_group,
};
use crate::instrument::{Construct, Instrument, Lang, pick};

/// Holm-adjusted p below which a change counts.
const ALPHA: f64 = 0.05;

/// One year's scored respondents, with the instrument version they answered.
pub struct Wave<'a> {
    pub year: String,
    pub instrument: &'a Instrument,
    pub data: &'a DataFrame,
}

#[derive(Debug, Clone, Serialize)]
pub struct Trend {
    /// Ascending; the last is the report's year.
    pub years: Vec<String>,
    pub constructs: Vec<ConstructTrend>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ConstructTrend {
    pub id: String,
    pub label: String,
    /// Whether higher is better (not so for Provan–Kenis contingencies).
    pub judged: bool,
    /// The total per year (the first row) and each group per year.
    pub series: Vec<Series>,
    /// Since the year before, for the total and each group.
    pub changes: Vec<Change>,
    /// Why some years do not compare like for like.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Series {
    /// None for the total.
    pub group: Option<String>,
    pub label: String,
    pub years: Vec<YearStat>,
}

#[derive(Debug, Clone, Serialize)]
pub struct YearStat {
    pub year: String,
    pub suppressed: bool,
    #[serde(flatten)]
    pub stats: Option<Descriptives>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Up,
    Same,
    Down,
}

#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub group: Option<String>,
    pub label: String,
    pub from: String,
    pub to: String,
    /// Welch's t of this year against the year before; `p_holm` over the constructs.
    pub test: Option<TTest>,
    /// Same when the Holm-adjusted p is 0.05 or more.
    pub direction: Option<Direction>,
    pub suppressed: bool,
}

struct Opts<'a> {
    by: &'a str,
    names: &'a [GroupName],
    min_group: usize,
}

/// The construct of an earlier version that matches `c`: same id, or one it was renamed from.
fn earlier<'a>(c: &Construct, inst: &'a Instrument) -> Option<&'a Construct> {
    inst.constructs
        .iter()
        .find(|e| e.id == c.id || c.renamed_from.contains(&e.id))
}

/// Item ids of `c` that the earlier version does not have (by id or `renamed_from`), and the
/// earlier items `c` no longer has.
fn item_differences(c: &Construct, before: &Construct) -> (Vec<String>, Vec<String>) {
    let now: Vec<&crate::instrument::Item> = c.all_items().collect();
    let old: Vec<&str> = before.all_items().map(|i| i.id.as_str()).collect();
    let matches = |i: &crate::instrument::Item, id: &str| {
        i.id == id || i.renamed_from.iter().any(|r| r == id)
    };
    let added = now
        .iter()
        .filter(|i| !old.iter().any(|o| matches(i, o)))
        .map(|i| i.id.clone())
        .collect();
    let dropped = old
        .iter()
        .filter(|o| !now.iter().any(|i| matches(i, o)))
        .map(|o| o.to_string())
        .collect();
    (added, dropped)
}

/// `waves` ascending by year, the last being the year `results` describes; its grouping,
/// language and minimum group size apply. None with fewer than two waves.
pub fn trend(waves: &[Wave], results: &Results) -> anyhow::Result<Option<Trend>> {
    let Some(current) = waves.last() else {
        return Ok(None);
    };
    if waves.len() < 2 {
        return Ok(None);
    }
    let lang = results.lang;
    let names = group_names(current.instrument, current.data, &results.grouping, lang)?;
    let opts = Opts {
        by: &results.grouping,
        names: &names,
        min_group: results.min_group,
    };
    let mut constructs = Vec::new();
    for c in &current.instrument.constructs {
        if !current.instrument.is_scored(c) {
            continue;
        }
        let mut notes = Vec::new();
        // Per wave: the groups' values, when that version has the construct.
        let mut per_year: Vec<Option<Groups>> = Vec::new();
        for w in waves {
            let Some(before) = earlier(c, w.instrument) else {
                notes.push(match lang {
                    Lang::Nl => format!("{}: dit onderdeel zat niet in de vragenlijst", w.year),
                    Lang::En => format!("{}: this construct was not in the questionnaire", w.year),
                });
                per_year.push(None);
                continue;
            };
            let (added, dropped) = item_differences(c, before);
            if !added.is_empty() || !dropped.is_empty() {
                let list = |v: &[String]| {
                    if v.is_empty() {
                        "–".to_string()
                    } else {
                        v.join(", ")
                    }
                };
                notes.push(match lang {
                    Lang::Nl => format!(
                        "{}: andere vragen dan nu (nieuw: {}; vervallen: {}); vergelijk met voorzichtigheid",
                        w.year,
                        list(&added),
                        list(&dropped)
                    ),
                    Lang::En => format!(
                        "{}: other questions than now (new: {}; dropped: {}); compare with care",
                        w.year,
                        list(&added),
                        list(&dropped)
                    ),
                });
            }
            let by_group = values_by_group(w.data, opts.by, col(before.id.as_str()))?;
            let unknown: usize = by_group
                .iter()
                .filter(|(code, _)| !opts.names.iter().any(|n| &n.code == *code))
                .map(|(_, v)| v.len())
                .sum();
            if unknown > 0 {
                notes.push(match lang {
                    Lang::Nl => format!(
                        "{}: {unknown} respondenten hebben een groep die de huidige vragenlijst niet kent en tellen niet mee",
                        w.year
                    ),
                    Lang::En => format!(
                        "{}: {unknown} respondents have a group the current questionnaire does not know and are not counted",
                        w.year
                    ),
                });
            }
            per_year.push(Some(ordered(opts.names, by_group)));
        }
        // One rule for the total in every year, so that a change compares the same groups: a
        // group hidden from the total in any year is left out of it in all years.
        let mut in_total = vec![true; opts.names.len()];
        for g in per_year.iter().flatten() {
            for (keep, kept) in in_total.iter_mut().zip(kept_in_total(g, opts.min_group)) {
                *keep &= kept;
            }
        }
        let answered = |i: usize| per_year.iter().flatten().any(|g| !g.values[i].is_empty());
        let left_out: Vec<&str> = (0..opts.names.len())
            .filter(|&i| !in_total[i] && answered(i))
            .map(|i| opts.names[i].label.as_str())
            .collect();
        if !left_out.is_empty() {
            notes.push(match lang {
                Lang::Nl => format!(
                    "het totaal laat in alle jaren weg, omdat ze in een of meer jaren te klein waren: {}",
                    left_out.join(", ")
                ),
                Lang::En => format!(
                    "the total leaves out in every year, as they were too small in one or more years: {}",
                    left_out.join(", ")
                ),
            });
        }
        let total_label = pick(lang, "Totaal", "Total").to_string();
        let mut series = vec![Series {
            group: None,
            label: total_label.clone(),
            years: vec![],
        }];
        series.extend(opts.names.iter().map(|n| Series {
            group: Some(n.code.clone()),
            label: n.label.clone(),
            years: vec![],
        }));
        // The values behind each shown statistic, to test the last two years.
        let mut shown_values: Vec<Vec<Option<Vec<f64>>>> = vec![vec![]; series.len()];
        for (w, groups) in waves.iter().zip(&per_year) {
            let cells: Vec<Option<Vec<f64>>> = match groups {
                None => vec![None; series.len()],
                Some(g) => {
                    let total: Vec<f64> = g
                        .values
                        .iter()
                        .zip(&in_total)
                        .filter(|(_, keep)| **keep)
                        .flat_map(|(v, _)| v.iter().copied())
                        .collect();
                    std::iter::once(Some(total))
                        .chain(g.values.iter().map(|v| Some(v.clone())))
                        .collect()
                }
            };
            for (s, (cell, kept)) in series
                .iter_mut()
                .zip(cells)
                .zip(shown_values.iter_mut())
                .map(|((s, c), k)| (s, (c, k)))
            {
                let visible = cell.filter(|v| !v.is_empty() && v.len() >= opts.min_group.max(1));
                s.years.push(YearStat {
                    year: w.year.clone(),
                    suppressed: visible.is_none(),
                    stats: visible.as_ref().map(|v| describe(v, 0.0)),
                });
                kept.push(visible);
            }
        }
        let (from, to) = (&waves[waves.len() - 2].year, &current.year);
        let changes = series
            .iter()
            .zip(&shown_values)
            .map(|(s, kept)| {
                let (before, now) = (&kept[kept.len() - 2], &kept[kept.len() - 1]);
                let test = match (before, now) {
                    (Some(b), Some(n)) => welch_t(n, b).ok(),
                    _ => None,
                };
                Change {
                    group: s.group.clone(),
                    label: s.label.clone(),
                    from: from.clone(),
                    to: to.clone(),
                    suppressed: before.is_none() || now.is_none(),
                    test,
                    direction: None,
                }
            })
            .collect();
        constructs.push(ConstructTrend {
            id: c.id.clone(),
            label: c.label.get(lang).to_string(),
            judged: judged(c),
            series,
            changes,
            notes,
        });
    }
    holm_per_group(&mut constructs);
    Ok(Some(Trend {
        years: waves.iter().map(|w| w.year.clone()).collect(),
        constructs,
    }))
}

/// Holm over the constructs, separately for the total and for each group: each is one family
/// of questions ("did anything change for PO?").
fn holm_per_group(constructs: &mut [ConstructTrend]) {
    let Some(first) = constructs.first() else {
        return;
    };
    let rows = first.changes.len();
    for r in 0..rows {
        let p: Vec<f64> = constructs
            .iter()
            .filter_map(|c| c.changes[r].test.as_ref().map(|t| t.p))
            .collect();
        let holm = adjust(&p, Adjust::Holm);
        let mut k = 0;
        for c in constructs.iter_mut() {
            let change = &mut c.changes[r];
            if let Some(t) = change.test.as_mut() {
                t.p_holm = Some(holm[k]);
                k += 1;
                change.direction = Some(if holm[k - 1] >= ALPHA {
                    Direction::Same
                } else if t.diff > 0.0 {
                    Direction::Up
                } else {
                    Direction::Down
                });
            }
        }
    }
}
