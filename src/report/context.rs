//! What the template sees: every number formatted and every sentence worded, typed.

use rayon::prelude::*;
use std::collections::BTreeMap;

use serde::Serialize;

use super::constructs::{self, ConstructView};
use super::format::number;
use super::monitor::{self, BenchmarkView, TrendView};
use super::network::{self, BlockView, GovernanceView};
use super::summary::{self, SummaryView};
use super::{Image, Images, Options, charts};
use crate::error::Result;
use crate::i18n::{fill, phrase, section};
use crate::lang::Lang;
use crate::results::{Kind, Measure, Results};

const CSS: &str = include_str!("../../reports/assets/report.css");

#[derive(Serialize)]
pub(super) struct Context {
    t: BTreeMap<String, String>,
    lang: &'static str,
    css: &'static str,
    /// The print footer's text, escaped for a CSS string.
    footer: String,
    municipality: Option<String>,
    years: String,
    instrument: InstrumentView,
    grouping: String,
    response: ResponseView,
    summary: SummaryView,
    trend: Option<TrendView>,
    benchmark: Option<BenchmarkView>,
    heatmap: Option<Image>,
    profile: Option<Image>,
    constructs: Vec<ConstructView>,
    contrasts: Vec<super::contrasts::ContrastView>,
    nominal: Vec<NominalView>,
    network: Vec<BlockView>,
    governance_fit: Option<GovernanceView>,
    open: Vec<OpenView>,
    min_group: usize,
    appendix_note: String,
    /// The open answers' one note on groups too small to show.
    open_note: String,
    disclosure: String,
    excluded: Vec<ExclusionRow>,
    data_findings: Vec<String>,
}

#[derive(Serialize)]
struct InstrumentView {
    id: String,
    version: String,
    title: String,
    description: String,
    sources: Vec<Citation>,
}

#[derive(Serialize)]
struct Citation {
    citation: String,
}

#[derive(Serialize)]
struct ResponseView {
    read: usize,
    analysed: usize,
    excluded: usize,
    /// The excluded rows counted by reason.
    reasons: String,
    /// Whether the configuration gives invited counts.
    invited: bool,
    groups: Vec<GroupCountRow>,
    rule: String,
}

#[derive(Serialize)]
struct GroupCountRow {
    label: String,
    n: String,
    suppressed: bool,
    invited: Option<usize>,
    rate: Option<String>,
}

#[derive(Serialize)]
struct NominalView {
    label: String,
    counts: Vec<CountRow>,
}

#[derive(Serialize)]
struct CountRow {
    label: String,
    n: usize,
    percent: String,
}

#[derive(Serialize)]
struct OpenView {
    text: String,
    about: Option<String>,
    groups: Vec<OpenGroupView>,
}

#[derive(Serialize)]
struct OpenGroupView {
    label: String,
    suppressed: bool,
    answers: Vec<String>,
}

#[derive(Serialize)]
struct ExclusionRow {
    file: String,
    row: String,
    reason: String,
}

pub(super) fn build(results: &Results, opts: &Options, images: &Images) -> Result<Context> {
    let lang = opts.lang;
    let constructs: Vec<&Measure> = results
        .measures
        .iter()
        .filter(|m| m.kind == Kind::Construct && m.scale.ordinal)
        .collect();
    let heatmap = images.add("heatmap.png", charts::heatmap(&constructs, lang)?)?;
    let profile = images.add("profile.png", charts::profile(&constructs, lang)?)?;
    let sections = constructs
        .par_iter()
        .map(|m| constructs::construct(results, m, lang, images))
        .collect::<Result<Vec<_>>>()?;
    let share = number(100.0 * results.policy.min_answered, 0, lang);
    let summary = summary::summary(results, lang);
    Ok(Context {
        t: section("t", lang),
        lang: lang.code(),
        css: CSS,
        footer: css_string(&footer(results, lang)),
        municipality: results.about.municipality.clone(),
        years: results.years.join(", "),
        instrument: instrument(results, lang),
        grouping: results.grouping.label.get(lang).to_string(),
        response: response(results, lang, &share),
        summary,
        trend: monitor::trend(results, lang, images)?,
        benchmark: monitor::benchmark(results, lang),
        heatmap,
        profile,
        constructs: sections,
        contrasts: super::contrasts::contrasts(results, lang),
        nominal: results
            .measures
            .iter()
            .filter(|m| !m.scale.ordinal)
            .map(|m| nominal(m, lang))
            .collect(),
        network: network::network(results, lang, images)?,
        governance_fit: network::governance(results, lang, images)?,
        open: open(results, lang),
        min_group: results.policy.min_group,
        open_note: fill(
            "t.open_suppressed",
            lang,
            &[("min_group", results.policy.min_group.to_string())],
        ),
        appendix_note: fill(
            "t.appendix_note",
            lang,
            &[("min_group", results.policy.min_group.to_string())],
        ),
        disclosure: fill(
            "t.disclosure_text",
            lang,
            &[
                ("min_group", results.policy.min_group.to_string()),
                ("share", share),
            ],
        ),
        excluded: results
            .respondents
            .excluded
            .iter()
            .map(|x| ExclusionRow {
                file: x.file.clone(),
                row: x.rows_text(),
                reason: exclusion_text(x, lang),
            })
            .collect(),
        data_findings: results
            .findings
            .iter()
            .map(|f| finding_text(f, lang))
            .collect(),
    })
}

fn instrument(results: &Results, lang: Lang) -> InstrumentView {
    let i = &results.instrument;
    InstrumentView {
        id: i.id.clone(),
        version: i.version.clone(),
        title: i.title.get(lang).to_string(),
        description: i.description.get(lang).to_string(),
        sources: i
            .sources
            .iter()
            .map(|c| Citation {
                citation: c.clone(),
            })
            .collect(),
    }
}

fn response(results: &Results, lang: Lang, share: &str) -> ResponseView {
    let r = &results.respondents;
    let fewer = fill(
        "t.fewer_than",
        lang,
        &[("min_group", results.policy.min_group.to_string())],
    );
    let rates = &results.summary.response.groups;
    ResponseView {
        read: r.read,
        analysed: r.analysed,
        excluded: crate::ingest::excluded_rows(&r.excluded),
        reasons: summary::exclusion_counts(results, lang),
        invited: !rates.is_empty(),
        groups: r
            .groups
            .iter()
            .map(|g| {
                let rate = rates.iter().find(|x| x.group == g.group);
                GroupCountRow {
                    label: g.label.get(lang).to_string(),
                    n: g.n.shown().map_or_else(|| fewer.clone(), |n| n.to_string()),
                    suppressed: g.n.is_suppressed(),
                    invited: rate.map(|x| x.invited),
                    rate: rate.map(|x| {
                        x.rate
                            .shown()
                            .map_or("–".into(), |p| format!("{}\u{a0}%", number(*p, 0, lang)))
                    }),
                }
            })
            .collect(),
        rule: fill("t.response_rule", lang, &[("share", share.to_string())]),
    }
}

/// "Samenwerkingsmonitor Rijnstad 2025 · 12 juni 2026": what every printed page's foot says.
fn footer(results: &Results, lang: Lang) -> String {
    let mut out = crate::i18n::t("t.report", lang).to_string();
    if let Some(m) = &results.about.municipality {
        out.push(' ');
        out.push_str(m);
    }
    if !results.years.is_empty() {
        out.push(' ');
        out.push_str(&results.years.join(", "));
    }
    if let Some(d) = &results.about.date {
        out.push_str(" · ");
        out.push_str(&super::format::date(d, lang));
    }
    out
}

/// Text for a CSS string: every character but letters, digits and spaces as a hex escape, so
/// nothing from the data can end the string or the style element, and HTML escaping leaves it
/// as it is.
fn css_string(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == ' ' {
                c.to_string()
            } else {
                // An escape ends at a space, which CSS drops: a space after it stays a space.
                format!("\\{:X} ", c as u32)
            }
        })
        .collect()
}

fn nominal(m: &Measure, lang: Lang) -> NominalView {
    NominalView {
        label: m.label.get(lang).to_string(),
        counts: m.total.frequencies.as_ref().map_or(vec![], |f| {
            f.counts
                .iter()
                .map(|c| CountRow {
                    label: c.label.get(lang).to_string(),
                    n: c.n,
                    percent: number(c.percent, 0, lang),
                })
                .collect()
        }),
    }
}

fn open(results: &Results, lang: Lang) -> Vec<OpenView> {
    results
        .open
        .iter()
        .map(|q| OpenView {
            text: q.text.get(lang).to_string(),
            about: q.about.clone(),
            groups: q
                .groups
                .iter()
                .map(|g| OpenGroupView {
                    label: g.label.get(lang).to_string(),
                    suppressed: g.answers.is_suppressed(),
                    answers: g.answers.shown().cloned().unwrap_or_default(),
                })
                .collect(),
        })
        .collect()
}

/// Why a row was not analysed, and whether the survey tool called the response incomplete.
pub fn exclusion_text(x: &crate::ingest::Exclusion, lang: Lang) -> String {
    let reason = phrase("exclusion", &x.reason, lang);
    if x.partial {
        format!("{reason} ({})", crate::i18n::t("exclusion.partial", lang))
    } else {
        reason
    }
}

/// A problem in the input, as "file, sheet S, C7: message".
pub fn finding_text(f: &crate::ingest::Finding, lang: Lang) -> String {
    let mut place = f.file.clone();
    if let Some(sheet) = &f.sheet {
        place.push_str(&format!(", {} {sheet}", crate::i18n::t("t.sheet", lang)));
    }
    if let Some(cell) = &f.cell {
        place.push_str(&format!(", {cell}"));
    }
    let hint = f.problem.suggestion().map_or(String::new(), |closest| {
        crate::i18n::fill(
            "problem.suggestion",
            lang,
            &[("closest", closest.to_string())],
        )
    });
    let text = crate::i18n::phrase_with("problem", &f.problem, lang, &[("hint", hint)]);
    format!("{place}: {text}")
}
