//! The summary for the council: the response against the invitations, the share of agreeing
//! answers per part, and which findings lead. Every choice of what to say is made here; the
//! report only words the codes.

use std::collections::{BTreeMap, HashMap};

use polars::lazy::dsl::mean_horizontal;
use polars::prelude::*;

use super::GroupName;
use super::disclosure::Disclosure;
use crate::error::{Error, Result};
use crate::instrument::{Construct, Instrument};
use crate::results::{
    Agreement, Direction, GovernanceFit, GroupMean, GroupResponse, Headline, Kind, Light, Measure,
    Moved, Network, Part, PointInfo, Rating, Response, Results, Shown, Text, Trend, Versus, Who,
};

/// Most open answers quoted beside one part.
const QUOTES: usize = 2;

/// What the summary is made from: the current round and the results computed before it.
pub(super) struct Inputs<'a> {
    pub inst: &'a Instrument,
    pub frame: &'a DataFrame,
    pub by: &'a str,
    pub names: &'a [GroupName],
    pub sizes: &'a HashMap<String, usize>,
    pub disclosure: Disclosure,
    pub invited: &'a BTreeMap<String, usize>,
}

/// The response against the invitations. Groups under the minimum size show no rate; the total
/// rate only when every group with respondents has an invited count.
pub(super) fn response(x: &Inputs, returned: usize) -> Result<Response> {
    let codes: Vec<&str> = x.names.iter().map(|n| n.code.as_str()).collect();
    if let Some(unknown) = x.invited.keys().find(|k| !codes.contains(&k.as_str())) {
        return Err(Error::usage(format!(
            "invited: \"{unknown}\" is not a group of {} ({})",
            x.by,
            codes.join(", ")
        )));
    }
    let analysed = x.frame.height();
    let mut groups = Vec::new();
    for name in x.names {
        let Some(&invited) = x.invited.get(&name.code) else {
            continue;
        };
        let n = x.sizes.get(&name.code).copied().unwrap_or(0);
        if n > invited {
            return Err(Error::usage(format!(
                "invited: {} = {invited}, but {n} of them responded",
                name.code
            )));
        }
        groups.push(GroupResponse {
            group: name.code.clone(),
            label: name.label.clone(),
            invited,
            rate: Shown::when(x.disclosure.shows(n), || rate(n, invited)),
        });
    }
    let every_group = x
        .sizes
        .iter()
        .all(|(code, n)| *n == 0 || x.invited.contains_key(code));
    let invited = (every_group && !x.invited.is_empty()).then(|| x.invited.values().sum());
    Ok(Response {
        returned,
        analysed,
        invited,
        rate: invited.map(|i| rate(analysed, i)),
        groups,
    })
}

fn rate(n: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        100.0 * n as f64 / of as f64
    }
}

/// Per scored construct, the share of its item answers above the scale's middle.
pub(super) fn parts(x: &Inputs, measures: &[Measure]) -> Vec<Part> {
    x.inst
        .constructs
        .iter()
        .filter(|c| x.inst.is_scored(c))
        .map(|c| Part {
            construct: c.id.clone(),
            agree: agreement(x, c, measures),
        })
        .collect()
}

/// Counted from the items' published totals, after reverse coding: so the share holds nothing
/// that the items' own frequencies do not already publish, and no subtraction between them
/// can reveal a group the totals leave out.
fn agreement(x: &Inputs, c: &Construct, measures: &[Measure]) -> Option<Agreement> {
    let scale = x.inst.construct_scale(c)?;
    let middle = (scale.min() + scale.max()) as f64 / 2.0;
    let (mut agreeing, mut answers) = (0usize, 0usize);
    for item in c.all_items() {
        let Some(frequencies) = measures
            .iter()
            .find(|m| m.kind == Kind::Item && m.id == item.id)
            .and_then(|m| m.total.frequencies.as_ref())
        else {
            continue;
        };
        for count in &frequencies.counts {
            let code = if item.reverse {
                scale.min() + scale.max() - count.code
            } else {
                count.code
            };
            answers += count.n;
            if code as f64 > middle {
                agreeing += count.n;
            }
        }
    }
    (answers > 0).then(|| Agreement {
        percent: rate(agreeing, answers),
        answers,
        codes: scale
            .points
            .iter()
            .map(|p| p.code)
            .filter(|code| *code as f64 > middle)
            .collect(),
    })
}

/// The headlines in reading order.
pub(super) fn headlines(x: &Inputs, results: &Results) -> Result<Vec<Headline>> {
    let mut out: Vec<Headline> = [
        results.trend.as_ref().and_then(change),
        benchmark(results),
        group_difference(&results.measures),
        results.network.as_ref().and_then(|n| asymmetry(x.inst, n)),
        results.governance.as_ref().and_then(governance_fit),
    ]
    .into_iter()
    .flatten()
    .chain(results.contrasts.iter().filter_map(contrast))
    .collect();
    for m in results
        .measures
        .iter()
        .filter(|m| m.kind == Kind::Construct)
    {
        if let Some(h) = attention(x, m, results.trend.as_ref())? {
            out.push(h);
        }
    }
    Ok(out)
}

/// A contrast whose two sides differ clearly over all statements.
fn contrast(c: &crate::results::Contrast) -> Option<Headline> {
    let compared = c.overall.result.shown()?.comparison.run()?;
    (compared.direction != Direction::Same).then(|| Headline::Contrast {
        contrast: c.id.clone(),
    })
}

/// The total's mean of a construct in each of the trend's last two years.
fn last_two(trend: &Trend, construct: &str) -> Option<(f64, f64)> {
    let c = trend.constructs.iter().find(|c| c.id == construct)?;
    let total = c.series.iter().find(|s| s.who == Who::Total)?;
    let [.., before, now] = total.years.as_slice() else {
        return None;
    };
    Some((before.stats.shown()?.mean?, now.stats.shown()?.mean?))
}

/// The total's change since the year before, where it was tested.
fn total_direction(trend: &Trend, construct: &str) -> Option<Direction> {
    let c = trend.constructs.iter().find(|c| c.id == construct)?;
    let change = c.changes.iter().find(|ch| ch.who == Who::Total)?;
    Some(change.result.shown()?.run()?.direction)
}

fn change(trend: &Trend) -> Option<Headline> {
    let [.., from, to] = trend.years.as_slice() else {
        return None;
    };
    let (mut better, mut worse, mut unclear) = (vec![], vec![], 0);
    for c in trend.constructs.iter().filter(|c| c.judged) {
        let (Some(direction), Some((before, now))) =
            (total_direction(trend, &c.id), last_two(trend, &c.id))
        else {
            continue;
        };
        let moved = Moved {
            construct: c.id.clone(),
            label: c.label.clone(),
            before,
            now,
        };
        match direction {
            Direction::Up => better.push(moved),
            Direction::Down => worse.push(moved),
            Direction::Same => unclear += 1,
        }
    }
    (better.len() + worse.len() + unclear > 0).then(|| Headline::Change {
        from: from.clone(),
        to: to.clone(),
        better,
        worse,
        unclear,
    })
}

fn benchmark(results: &Results) -> Option<Headline> {
    let b = results.benchmark.as_ref()?;
    let (mut higher, mut lower, mut alike) = (vec![], vec![], 0);
    for row in b.rows.iter().filter(|r| r.judged) {
        let Some(shown) = row.result.shown() else {
            continue;
        };
        let (Some(test), Some(this), Some(others)) =
            (shown.comparison.run(), shown.this.mean, shown.others.mean)
        else {
            continue;
        };
        let versus = Versus {
            construct: row.construct.clone(),
            label: row.label.clone(),
            this,
            others,
        };
        match test.direction {
            Direction::Up => higher.push(versus),
            Direction::Down => lower.push(versus),
            Direction::Same => alike += 1,
        }
    }
    (higher.len() + lower.len() + alike > 0).then(|| Headline::Benchmark {
        municipality: b.municipality.clone(),
        higher,
        lower,
        alike,
    })
}

/// A shown group's mean on a measure.
fn group_mean(m: &Measure, code: &str) -> Option<GroupMean> {
    let g = m.groups.iter().find(|g| g.group == code)?;
    Some(GroupMean {
        group: code.to_string(),
        label: g.label.clone(),
        mean: g.summary.shown()?.stats.as_ref()?.mean?,
    })
}

/// Among the constructs whose groups differ after Holm's correction, the pair (Games–Howell)
/// with the largest difference in means.
fn group_difference(measures: &[Measure]) -> Option<Headline> {
    let (mut tested, mut differing) = (0, 0);
    let mut best: Option<(f64, &Measure, GroupMean, GroupMean)> = None;
    for m in measures.iter().filter(|m| m.kind == Kind::Construct) {
        let Some(tests) = &m.tests else { continue };
        let Some(adjusted) = &tests.anova_adjusted else {
            continue;
        };
        tested += 1;
        if !adjusted.differs {
            continue;
        }
        differing += 1;
        for [a, b] in tests.posthoc.iter().flat_map(|p| &p.differing) {
            let (Some(a), Some(b)) = (group_mean(m, a), group_mean(m, b)) else {
                continue;
            };
            let gap = (a.mean - b.mean).abs();
            if best.as_ref().is_none_or(|(g, ..)| gap > *g) {
                let (high, low) = if a.mean >= b.mean { (a, b) } else { (b, a) };
                best = Some((gap, m, high, low));
            }
        }
    }
    let (_, m, high, low) = best?;
    Some(Headline::GroupDifference {
        construct: m.id.clone(),
        label: m.label.clone(),
        high,
        low,
        tested,
        differing,
    })
}

/// The point of a scale nearest to a mean: the rung of the ladder it is closest to.
fn nearest(inst: &Instrument, scale: &str, mean: f64) -> Option<PointInfo> {
    let s = inst.scale(scale)?;
    let p = s.points.iter().min_by(|a, b| {
        (a.code as f64 - mean)
            .abs()
            .total_cmp(&(b.code as f64 - mean).abs())
    })?;
    Some(PointInfo {
        code: p.code,
        label: Text {
            nl: p.nl.clone(),
            en: p.en.clone(),
        },
    })
}

/// The asymmetric pair (any block, any question) with the largest effect.
fn asymmetry(inst: &Instrument, network: &Network) -> Option<Headline> {
    let mut best: Option<(f64, Headline)> = None;
    for block in &network.blocks {
        for gap in &block.gaps {
            let Some(r) = gap.result.shown() else {
                continue;
            };
            let Some(test) = r.comparison.run() else {
                continue;
            };
            let g = test.test.hedges_g.abs();
            let wider = best.as_ref().is_none_or(|(b, _)| g > *b);
            let (Some(ab), Some(ba)) = (r.a_about_b.mean, r.b_about_a.mean) else {
                continue;
            };
            let Some(q) = block.questions.iter().find(|q| q.id == gap.question) else {
                continue;
            };
            if test.direction == Direction::Same || !wider {
                continue;
            }
            let rating = |code: &str, mean: f64| Rating {
                group: code.to_string(),
                label: block.rater_label(code),
                mean,
                nearest: nearest(inst, &q.scale, mean),
            };
            let headline = Headline::PartnerAsymmetry {
                block: block.id.clone(),
                question: q.id.clone(),
                measure: q.measure,
                scale_label: inst
                    .scale(&q.scale)
                    .map_or_else(|| Text::same(&q.scale), |s| s.label.clone()),
                min: q.min,
                max: q.max,
                a: rating(&gap.a, ab),
                b: rating(&gap.b, ba),
                hedges_g: test.test.hedges_g,
            };
            best = Some((g, headline));
        }
    }
    best.map(|(_, h)| h)
}

fn governance_fit(fit: &GovernanceFit) -> Option<Headline> {
    (!fit.predicted.is_empty()).then(|| Headline::GovernanceFit {
        fits: fit.fits,
        perceived: fit.perceived_form,
        predicted: fit.predicted.clone(),
        drivers: fit.drivers.clone(),
    })
}

/// A judged construct that is red or declined since the year before, with what the
/// respondents who rate it lowest wrote about problems and improvements.
fn attention(x: &Inputs, m: &Measure, trend: Option<&Trend>) -> Result<Option<Headline>> {
    let (Some(light), Some(mean)) = (m.total.light, m.total.stats.as_ref().and_then(|s| s.mean))
    else {
        return Ok(None);
    };
    let declined_from = trend
        .filter(|t| total_direction(t, &m.id) == Some(Direction::Down))
        .and_then(|t| last_two(t, &m.id))
        .map(|(before, _)| before);
    let red = light == Light::Red;
    if !red && declined_from.is_none() {
        return Ok(None);
    }
    Ok(Some(Headline::Attention {
        construct: m.id.clone(),
        label: m.label.clone(),
        mean,
        red,
        declined_from,
        quotes: quotes(x, &m.id)?,
    }))
}

/// Answers to the open questions about problems and improvements, of respondents in groups
/// large enough to be shown, those who rate the construct furthest below their own mean over
/// the other judged constructs first (what someone singles out is what they write about); each
/// text once.
fn quotes(x: &Inputs, construct: &str) -> Result<Vec<String>> {
    let questions: Vec<&str> = x
        .inst
        .open
        .iter()
        .filter(|q| q.concerns)
        .map(|q| q.id.as_str())
        .filter(|id| x.frame.column(id).is_ok())
        .collect();
    let others: Vec<Expr> = x
        .inst
        .constructs
        .iter()
        .filter(|c| c.id != construct && c.framework.pk.is_none() && x.inst.is_scored(c))
        .filter(|c| x.frame.column(&c.id).is_ok())
        .map(|c| col(c.id.as_str()))
        .collect();
    if questions.is_empty() || others.is_empty() || x.frame.column(construct).is_err() {
        return Ok(vec![]);
    }
    let shown: Vec<&str> = x
        .names
        .iter()
        .filter(|n| {
            x.disclosure
                .shows(x.sizes.get(&n.code).copied().unwrap_or(0))
        })
        .map(|n| n.code.as_str())
        .collect();
    let mut columns = vec![
        col(x.by).cast(DataType::String).alias("_group"),
        (col(construct) - mean_horizontal(others, true)?).alias("_below"),
    ];
    columns.extend(questions.iter().map(|q| col(*q).cast(DataType::String)));
    let rows = x
        .frame
        .clone()
        .lazy()
        .select(columns)
        .filter(col("_below").is_not_null())
        .sort(
            ["_below"],
            SortMultipleOptions::default().with_maintain_order(true),
        )
        .collect()?;
    let groups = rows.column("_group")?.str()?;
    let mut out: Vec<String> = Vec::new();
    for i in 0..rows.height() {
        if !groups.get(i).is_some_and(|g| shown.contains(&g)) {
            continue;
        }
        for q in &questions {
            let answer = rows.column(q)?.str()?.get(i).map(str::trim).unwrap_or("");
            if !answer.is_empty() && !out.iter().any(|a| a == answer) {
                out.push(answer.to_string());
            }
            if out.len() == QUOTES {
                return Ok(out);
            }
        }
    }
    Ok(out)
}
