//! Across years: each construct's score per year, overall and per group, and the change since
//! the year before with Welch's t (Holm over the constructs), Hedges' g and a direction.
//! Constructs are matched across instrument versions by id or by `renamed_from`; items that
//! differ between the versions are named, because then the score measures something else.

use polars::prelude::*;
use verband_stats::{Groups, TTest, Tested, describe, welch_t};

use crate::analyse::disclosure::Disclosure;
use crate::analyse::family;
use crate::analyse::{GroupName, Wave, ordered, values_by_group};
use crate::error::Result;
use crate::instrument::{Construct, Instrument, Item, Text};
use crate::results::{Change, ConstructTrend, Note, Series, Shown, Trend, Who, YearStat};

/// The construct of an earlier version that matches `c`: same id, or one it was renamed from.
fn earlier<'a>(c: &Construct, inst: &'a Instrument) -> Option<&'a Construct> {
    inst.constructs
        .iter()
        .find(|e| e.id == c.id || c.renamed_from.contains(&e.id))
}

/// Item ids of `c` that the earlier version does not have (by id or `renamed_from`), and the
/// earlier items `c` no longer has.
fn item_differences(c: &Construct, before: &Construct) -> (Vec<String>, Vec<String>) {
    let now: Vec<&Item> = c.all_items().collect();
    let old: Vec<&str> = before.all_items().map(|i| i.id.as_str()).collect();
    let matches = |i: &Item, id: &str| i.id == id || i.renamed_from.iter().any(|r| r == id);
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

/// One construct before the changes are adjusted over the constructs.
struct Draft {
    trend: ConstructTrend,
    /// Per row (the total, then each group): this year against last, when both are shown.
    tests: Vec<Option<Tested<TTest>>>,
}

/// `waves` ascending by year, the last being the year the report describes. None with fewer
/// than two waves.
pub(in crate::analyse) fn trend(
    waves: &[Wave],
    by: &str,
    names: &[GroupName],
    disclosure: Disclosure,
) -> Result<Option<Trend>> {
    let [.., before, current] = waves else {
        return Ok(None);
    };
    let year = |w: &Wave| w.year.clone().unwrap_or_default();
    let (from, to) = (year(before), year(current));
    let mut drafts = Vec::new();
    for c in &current.instrument.constructs {
        if current.instrument.is_scored(c) {
            drafts.push(construct_trend(c, waves, by, names, disclosure)?);
        }
    }
    // Holm over the constructs, separately for the total and for each group: each row is one
    // family of questions ("did anything change for PO?").
    let rows = names.len() + 1;
    let mut per_row: Vec<std::vec::IntoIter<_>> = (0..rows)
        .map(|r| {
            let tests = drafts.iter().filter_map(|d| d.tests[r].clone()).collect();
            family::compare_family(tests).into_iter()
        })
        .collect();
    let constructs = drafts
        .into_iter()
        .map(|d| {
            let changes = d
                .trend
                .series
                .iter()
                .zip(&d.tests)
                .zip(per_row.iter_mut())
                .map(|((s, test), adjusted)| Change {
                    who: s.who.clone(),
                    from: from.clone(),
                    to: to.clone(),
                    result: match test {
                        Some(_) => Shown::Shown(adjusted.next().expect("one per test")),
                        None => Shown::Suppressed,
                    },
                })
                .collect();
            ConstructTrend { changes, ..d.trend }
        })
        .collect();
    Ok(Some(Trend {
        years: waves.iter().map(year).collect(),
        constructs,
    }))
}

fn construct_trend(
    c: &Construct,
    waves: &[Wave],
    by: &str,
    names: &[GroupName],
    disclosure: Disclosure,
) -> Result<Draft> {
    let mut notes = Vec::new();
    let per_year = values_per_year(c, waves, by, names, &mut notes)?;
    let in_total = kept_in_every_total(&per_year, names, disclosure, &mut notes);
    let mut rows: Vec<Row> = std::iter::once(Who::Total)
        .chain(names.iter().map(|n| Who::Group {
            code: n.code.clone(),
            label: n.label.clone(),
        }))
        .map(|who| Row {
            who,
            years: vec![],
            shown: vec![],
        })
        .collect();
    for (w, groups) in waves.iter().zip(&per_year) {
        let cells = cells_of_year(groups.as_ref(), &in_total, rows.len());
        for (row, cell) in rows.iter_mut().zip(cells) {
            let visible = cell.filter(|v| disclosure.shows(v.len()));
            row.years.push(YearStat {
                year: w.year.clone().unwrap_or_default(),
                stats: match &visible {
                    Some(v) => Shown::Shown(describe(v, 0.0)),
                    None => Shown::Suppressed,
                },
            });
            row.shown.push(visible);
        }
    }
    let tests = rows
        .iter()
        .map(|row| match &row.shown[row.shown.len() - 2..] {
            [Some(before), Some(now)] => Some(welch_t(now, before)),
            _ => None,
        })
        .collect();
    Ok(Draft {
        trend: ConstructTrend {
            id: c.id.clone(),
            label: c.label.clone(),
            judged: c.framework.pk.is_none(),
            series: rows
                .into_iter()
                .map(|r| Series {
                    who: r.who,
                    years: r.years,
                })
                .collect(),
            changes: vec![],
            notes,
        },
        tests,
    })
}

/// One row of the trend (the total or a group): its statistics per year, and the values
/// behind each one that is shown, to test the last two years.
struct Row {
    who: Who,
    years: Vec<YearStat>,
    shown: Vec<Option<Vec<f64>>>,
}

/// Per wave, the groups' values of the construct when that version has it; notes why years
/// do not compare like for like.
fn values_per_year(
    c: &Construct,
    waves: &[Wave],
    by: &str,
    names: &[GroupName],
    notes: &mut Vec<Note>,
) -> Result<Vec<Option<Groups>>> {
    let mut per_year = Vec::new();
    for w in waves {
        let year = w.year.clone().unwrap_or_default();
        let Some(before) = earlier(c, w.instrument) else {
            notes.push(Note::NotInQuestionnaire { year });
            per_year.push(None);
            continue;
        };
        let (added, dropped) = item_differences(c, before);
        if !added.is_empty() || !dropped.is_empty() {
            let year = year.clone();
            notes.push(Note::OtherQuestions {
                year,
                added,
                dropped,
            });
        }
        let by_group = values_by_group(&w.scores.data, by, col(before.id.as_str()))?;
        let respondents: usize = by_group
            .iter()
            .filter(|(code, _)| !names.iter().any(|n| &n.code == *code))
            .map(|(_, v)| v.len())
            .sum();
        if respondents > 0 {
            notes.push(Note::UnknownGroups { year, respondents });
        }
        per_year.push(Some(ordered(names, by_group)));
    }
    Ok(per_year)
}

/// One rule for the total in every year, so that a change compares the same groups: a group
/// hidden from the total in any year is left out of it in all years (and a note says so).
fn kept_in_every_total(
    per_year: &[Option<Groups>],
    names: &[GroupName],
    disclosure: Disclosure,
    notes: &mut Vec<Note>,
) -> Vec<bool> {
    let mut in_total = vec![true; names.len()];
    for g in per_year.iter().flatten() {
        for (keep, kept) in in_total
            .iter_mut()
            .zip(disclosure.kept_in_total(&g.sizes()))
        {
            *keep &= kept;
        }
    }
    let answered = |i: usize| per_year.iter().flatten().any(|g| !g.values[i].is_empty());
    let left_out: Vec<Text> = (0..names.len())
        .filter(|&i| !in_total[i] && answered(i))
        .map(|i| names[i].label.clone())
        .collect();
    if !left_out.is_empty() {
        notes.push(Note::TotalLeavesOut { groups: left_out });
    }
    in_total
}

/// One year's values for each row: the total (of the groups it holds), then each group.
fn cells_of_year(groups: Option<&Groups>, in_total: &[bool], rows: usize) -> Vec<Option<Vec<f64>>> {
    let Some(g) = groups else {
        return vec![None; rows];
    };
    let total: Vec<f64> = g
        .values
        .iter()
        .zip(in_total)
        .filter(|(_, keep)| **keep)
        .flat_map(|(v, _)| v.iter().copied())
        .collect();
    std::iter::once(Some(total))
        .chain(g.values.iter().map(|v| Some(v.clone())))
        .collect()
}
