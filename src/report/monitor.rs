//! The report's monitor sections: the change since last year (the council summary leads with
//! it), the trend chart over all years, and the benchmark against other municipalities.

use serde::Serialize;

use super::constructs::mean_of;
use super::format::{number, opt, p_value, signed};
use super::{Images, charts};
use crate::error::Result;
use crate::i18n::{fill, t};
use crate::lang::Lang;
use crate::results::{Compared, ConstructTrend, Direction, Note, Results, Who};

/// Arrow, css class and word of a change; contingencies are "higher/lower", not better/worse.
#[derive(Serialize, Clone)]
pub(super) struct ChangeMark {
    arrow: &'static str,
    class: &'static str,
    word: String,
}

fn mark(change: Option<&Compared>, judged: bool, lang: Lang) -> ChangeMark {
    // No arrow for a change too small to tell from chance: an arrow would call it "equal".
    let (arrow, class, word) = match (change.map(|c| c.direction), judged) {
        (None, _) => ("", "none", ""),
        (Some(Direction::Same), _) => ("", "unclear", "same"),
        (Some(Direction::Up), true) => ("↑", "better", "better"),
        (Some(Direction::Down), true) => ("↓", "worse", "worse"),
        (Some(Direction::Up), false) => ("↑", "same", "higher"),
        (Some(Direction::Down), false) => ("↓", "same", "lower"),
    };
    ChangeMark {
        arrow,
        class,
        word: if word.is_empty() {
            String::new()
        } else {
            t(&format!("change.{word}"), lang).to_string()
        },
    }
}

/// The change of every respondent together, when it was tested.
fn total_change(c: &ConstructTrend) -> Option<&Compared> {
    c.changes
        .iter()
        .find(|ch| ch.who == Who::Total)?
        .result
        .shown()?
        .run()
}

#[derive(Serialize)]
pub(super) struct TrendView {
    from: String,
    to: String,
    years: String,
    image: Option<super::Image>,
    groups: Vec<GroupHead>,
    rows: Vec<TrendRow>,
    /// Notes every part has, said once under the table instead of in every row.
    notes: Vec<String>,
    by_group: Vec<GroupChanges>,
    changes_intro: String,
}

#[derive(Serialize)]
struct GroupHead {
    label: String,
}

/// A group's clear changes in one line.
#[derive(Serialize)]
struct GroupChanges {
    text: String,
}

#[derive(Serialize)]
struct TrendRow {
    id: String,
    label: String,
    cells: Vec<TrendCell>,
    before: String,
    now: String,
    g: String,
    p: String,
    notes: Vec<String>,
    #[serde(flatten)]
    mark: ChangeMark,
    diff: String,
}

#[derive(Serialize)]
struct TrendCell {
    #[serde(flatten)]
    mark: ChangeMark,
    diff: Option<String>,
    suppressed: bool,
}

pub(super) fn trend(results: &Results, lang: Lang, images: &Images) -> Result<Option<TrendView>> {
    let Some(trend) = &results.trend else {
        return Ok(None);
    };
    let image = images.add("trend.png", charts::trend(trend, lang)?)?;
    let [.., from, to] = trend.years.as_slice() else {
        return Ok(None);
    };
    let groups = trend.constructs.first().map_or(vec![], |c| {
        c.changes
            .iter()
            .filter_map(|ch| match &ch.who {
                Who::Group { label, .. } => Some(GroupHead {
                    label: label.get(lang).to_string(),
                }),
                Who::Total => None,
            })
            .collect()
    });
    let n_years = trend.years.len();
    let rows = trend
        .constructs
        .iter()
        .map(|c| {
            let cells = c.changes[1..]
                .iter()
                .map(|ch| {
                    let run = ch.result.shown().and_then(|o| o.run());
                    TrendCell {
                        mark: mark(run, c.judged, lang),
                        diff: run.map(|r| signed(r.test.diff, lang)),
                        suppressed: ch.result.is_suppressed(),
                    }
                })
                .collect();
            let total = total_change(c);
            let stat = |i: usize| mean_of(c.series[0].years.get(i)?.stats.shown());
            TrendRow {
                id: c.id.clone(),
                label: c.label.get(lang).to_string(),
                cells,
                before: opt(stat(n_years - 2), 2, lang),
                now: opt(stat(n_years - 1), 2, lang),
                g: total.map_or("–".into(), |x| number(x.test.hedges_g, 2, lang)),
                p: total.map_or("–".into(), |x| p_value(x.p_holm, lang)),
                notes: c.notes.iter().map(|n| note(n, lang)).collect(),
                mark: mark(total, c.judged, lang),
                diff: total.map_or("–".into(), |x| signed(x.test.diff, lang)),
            }
        })
        .collect::<Vec<TrendRow>>();
    let (rows, notes) = shared_notes(rows);
    Ok(Some(TrendView {
        from: from.clone(),
        to: to.clone(),
        years: trend.years.join(", "),
        image,
        groups,
        rows,
        notes,
        by_group: group_changes(trend, lang),
        changes_intro: fill("t.group_changes_intro", lang, &[("from", from.clone())]),
    }))
}

/// A trend note in words; of the questions a year asked otherwise, only what there is.
fn note(n: &Note, lang: Lang) -> String {
    let Note::OtherQuestions {
        year,
        added,
        dropped,
    } = n
    else {
        return crate::i18n::phrase("note", n, lang);
    };
    let changes: Vec<String> = [("added", added), ("dropped", dropped)]
        .into_iter()
        .filter(|(_, ids)| !ids.is_empty())
        .map(|(key, ids)| {
            fill(
                &format!("t.questions_{key}"),
                lang,
                &[("ids", ids.join(", "))],
            )
        })
        .collect();
    fill(
        "note.other_questions",
        lang,
        &[("year", year.clone()), ("changes", changes.join("; "))],
    )
}

/// The notes that every row has, taken out of the rows to be said once.
fn shared_notes(mut rows: Vec<TrendRow>) -> (Vec<TrendRow>, Vec<String>) {
    let Some(first) = rows.first() else {
        return (rows, vec![]);
    };
    let shared: Vec<String> = first
        .notes
        .iter()
        .filter(|n| rows.len() > 1 && rows.iter().all(|r| r.notes.contains(n)))
        .cloned()
        .collect();
    for r in &mut rows {
        r.notes.retain(|n| !shared.contains(n));
    }
    (rows, shared)
}

/// Per shown group, the judged parts that changed clearly for it: "PO: ↑ communicatie (+0,65)".
fn group_changes(trend: &crate::results::Trend, lang: Lang) -> Vec<GroupChanges> {
    let Some(first) = trend.constructs.first() else {
        return vec![];
    };
    let mut out = Vec::new();
    for (i, ch) in first.changes.iter().enumerate() {
        let Who::Group { label, .. } = &ch.who else {
            continue;
        };
        fn tested(c: &ConstructTrend, i: usize) -> Option<&Compared> {
            c.changes.get(i)?.result.shown()?.run()
        }
        if !trend.constructs.iter().any(|c| tested(c, i).is_some()) {
            continue;
        }
        let items: Vec<String> = trend
            .constructs
            .iter()
            .filter(|c| c.judged)
            .filter_map(|c| {
                let run = tested(c, i).filter(|r| r.direction != Direction::Same)?;
                let m = mark(Some(run), true, lang);
                Some(fill(
                    "t.group_change_item",
                    lang,
                    &[
                        ("arrow", m.arrow.to_string()),
                        ("label", super::headlines::inline(c.label.get(lang))),
                        ("diff", signed(run.test.diff, lang)),
                    ],
                ))
            })
            .collect();
        let group = ("group", label.get(lang).to_string());
        let text = if items.is_empty() {
            fill("t.group_no_changes", lang, &[group])
        } else {
            fill(
                "t.group_changes",
                lang,
                &[group, ("list", items.join(", "))],
            )
        };
        out.push(GroupChanges { text });
    }
    out
}

#[derive(Serialize)]
pub(super) struct BenchmarkView {
    municipality: String,
    others: Option<usize>,
    rows: Vec<BenchmarkRowView>,
    notes: Vec<String>,
}

#[derive(Serialize)]
struct BenchmarkRowView {
    label: String,
    suppressed: bool,
    this: String,
    n_this: usize,
    others: String,
    n_others: usize,
    diff: String,
    g: String,
    p: String,
    sig: bool,
}

pub(super) fn benchmark(results: &Results, lang: Lang) -> Option<BenchmarkView> {
    let b = results.benchmark.as_ref()?;
    let rows = b
        .rows
        .iter()
        .map(|r| {
            let shown = r.result.shown();
            let test = shown.and_then(|s| s.comparison.run());
            BenchmarkRowView {
                label: r.label.get(lang).to_string(),
                suppressed: shown.is_none(),
                this: opt(shown.and_then(|s| s.this.mean), 2, lang),
                n_this: shown.map_or(0, |s| s.this.n),
                others: opt(shown.and_then(|s| s.others.mean), 2, lang),
                n_others: shown.map_or(0, |s| s.others.n),
                diff: test.map_or("–".into(), |x| signed(x.test.diff, lang)),
                g: test.map_or("–".into(), |x| number(x.test.hedges_g, 2, lang)),
                p: test.map_or("–".into(), |x| p_value(x.p_holm, lang)),
                sig: test.is_some_and(|x| x.direction != Direction::Same),
            }
        })
        .collect();
    Some(BenchmarkView {
        municipality: b.municipality.clone(),
        others: b.others.shown().copied(),
        rows,
        notes: b
            .notes
            .iter()
            .map(|n| crate::i18n::phrase("note", n, lang))
            .collect(),
    })
}
