//! The report's monitor sections: the change since last year (the council summary leads with
//! it), the trend chart over all years, and the benchmark against other municipalities.

use serde::Serialize;

use super::constructs::mean_of;
use super::format::{number, opt, p_value, signed};
use super::{Images, charts};
use crate::error::Result;
use crate::i18n::{fill, t};
use crate::lang::Lang;
use crate::results::{Compared, ConstructTrend, Direction, Results, Who};

/// Arrow, css class and word of a change; contingencies are "higher/lower", not better/worse.
#[derive(Serialize, Clone)]
pub(super) struct ChangeMark {
    arrow: &'static str,
    class: &'static str,
    word: String,
}

fn mark(change: Option<&Compared>, judged: bool, lang: Lang) -> ChangeMark {
    let (arrow, class, word) = match (change.map(|c| c.direction), judged) {
        (None, _) => ("", "none", ""),
        (Some(Direction::Same), _) => ("→", "same", "same"),
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
}

#[derive(Serialize)]
struct GroupHead {
    code: String,
    label: String,
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

pub(super) fn trend(
    results: &Results,
    lang: Lang,
    images: &mut Images,
) -> Result<Option<TrendView>> {
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
                Who::Group { code, label } => Some(GroupHead {
                    code: code.clone(),
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
                notes: c
                    .notes
                    .iter()
                    .map(|n| crate::i18n::phrase("note", n, lang))
                    .collect(),
                mark: mark(total, c.judged, lang),
                diff: total.map_or("–".into(), |x| signed(x.test.diff, lang)),
            }
        })
        .collect();
    Ok(Some(TrendView {
        from: from.clone(),
        to: to.clone(),
        years: trend.years.join(", "),
        image,
        groups,
        rows,
    }))
}

/// The arrow for a construct's total in the summary table; none without a trend.
pub(super) fn summary_change(results: &Results, construct: &str, lang: Lang) -> Option<ChangeMark> {
    let c = results
        .trend
        .as_ref()?
        .constructs
        .iter()
        .find(|c| c.id == construct)?;
    let change = c.changes.iter().find(|ch| ch.who == Who::Total)?;
    let run = change.result.shown().and_then(|o| o.run());
    Some(mark(run, c.judged, lang))
}

/// The summary's first lines: what got better and worse since last year, for all respondents.
pub(super) fn change_findings(results: &Results, lang: Lang) -> Vec<String> {
    let Some(trend) = &results.trend else {
        return vec![];
    };
    let Some(from) = trend.years.iter().rev().nth(1) else {
        return vec![];
    };
    let with = |d: Direction| -> Vec<String> {
        trend
            .constructs
            .iter()
            .filter(|c| c.judged && total_change(c).is_some_and(|x| x.direction == d))
            .map(|c| {
                let mean = |i: usize| mean_of(c.series[0].years.get(i)?.stats.shown());
                let n = c.series[0].years.len();
                format!(
                    "{} ({} → {})",
                    c.label.get(lang),
                    opt(mean(n - 2), 2, lang),
                    opt(mean(n - 1), 2, lang)
                )
            })
            .collect()
    };
    let (up, down) = (with(Direction::Up), with(Direction::Down));
    let tested = trend
        .constructs
        .iter()
        .filter(|c| c.judged && total_change(c).is_some())
        .count();
    let same = tested - up.len() - down.len();
    let year = ("year", from.clone());
    let mut out = Vec::new();
    if !up.is_empty() {
        out.push(fill(
            "finding.better",
            lang,
            &[year.clone(), ("list", up.join("; "))],
        ));
    }
    if !down.is_empty() {
        out.push(fill(
            "finding.worse",
            lang,
            &[year.clone(), ("list", down.join("; "))],
        ));
    }
    out.push(fill(
        "finding.unchanged",
        lang,
        &[
            year,
            ("same", same.to_string()),
            ("tested", tested.to_string()),
        ],
    ));
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
