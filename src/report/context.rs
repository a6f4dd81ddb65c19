//! What the template sees: every number formatted and every sentence worded, typed.

use std::collections::BTreeMap;

use serde::Serialize;

use super::constructs::{self, ConstructView, light_class, light_word, mean_of};
use super::format::{number, opt, p_value};
use super::monitor::{self, BenchmarkView, ChangeMark, TrendView};
use super::network::{self, BlockView, GovernanceView};
use super::{Image, Images, Options, charts, findings};
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
    municipality: Option<String>,
    date: Option<String>,
    years: String,
    instrument: InstrumentView,
    grouping: String,
    response: ResponseView,
    summary: Vec<SummaryRow>,
    change_since: Option<String>,
    thresholds: Vec<String>,
    findings: Vec<String>,
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
    groups: Vec<GroupCountRow>,
    rule: String,
}

#[derive(Serialize)]
struct GroupCountRow {
    label: String,
    n: String,
    suppressed: bool,
}

#[derive(Serialize)]
struct SummaryRow {
    id: String,
    label: String,
    mean: String,
    n: usize,
    light: &'static str,
    light_word: String,
    alpha: Option<String>,
    p: Option<String>,
    change: Option<ChangeMark>,
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
    row: u32,
    reason: String,
}

pub(super) fn build(results: &Results, opts: &Options, images: &mut Images) -> Result<Context> {
    let lang = opts.lang;
    let constructs: Vec<&Measure> = results
        .measures
        .iter()
        .filter(|m| m.kind == Kind::Construct && m.scale.ordinal)
        .collect();
    let heatmap = images.add("heatmap.png", charts::heatmap(&constructs, lang)?)?;
    let profile = images.add("profile.png", charts::profile(&constructs, lang)?)?;
    let sections = constructs
        .iter()
        .map(|m| constructs::construct(results, m, lang, images))
        .collect::<Result<Vec<_>>>()?;
    let mut key_findings = monitor::change_findings(results, lang);
    key_findings.extend(findings::key_findings(results, lang));
    let share = number(100.0 * results.policy.min_answered, 0, lang);
    Ok(Context {
        t: section("t", lang),
        lang: lang.code(),
        css: CSS,
        municipality: opts.municipality.clone(),
        date: opts.date.clone(),
        years: results.years.join(", "),
        instrument: instrument(results, lang),
        grouping: results.grouping.label.get(lang).to_string(),
        response: response(results, lang, &share),
        summary: constructs
            .iter()
            .map(|m| summary_row(results, m, lang))
            .collect(),
        change_since: results
            .trend
            .as_ref()
            .and_then(|t| t.years.iter().rev().nth(1).cloned()),
        thresholds: thresholds(results, lang),
        findings: key_findings,
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
                row: x.row,
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
    ResponseView {
        read: r.read,
        analysed: r.analysed,
        excluded: r.excluded.len(),
        groups: r
            .groups
            .iter()
            .map(|g| GroupCountRow {
                label: g.label.get(lang).to_string(),
                n: g.n.shown().map_or_else(|| fewer.clone(), |n| n.to_string()),
                suppressed: g.n.is_suppressed(),
            })
            .collect(),
        rule: fill("t.response_rule", lang, &[("share", share.to_string())]),
    }
}

fn summary_row(results: &Results, m: &Measure, lang: Lang) -> SummaryRow {
    let tests = m.tests.as_ref();
    SummaryRow {
        id: m.id.clone(),
        label: m.label.get(lang).to_string(),
        mean: opt(mean_of(m.total.stats.as_ref()), 2, lang),
        n: m.total.n,
        light: light_class(m.total.light),
        light_word: light_word(m.total.light, lang),
        alpha: m
            .reliability
            .as_ref()
            .and_then(|r| r.alpha.run())
            .map(|a| number(a.alpha, 2, lang)),
        p: tests.and_then(|x| {
            let p = x.anova_adjusted.as_ref().map(|a| a.holm);
            Some(p_value(p.or(x.anova.run().map(|a| a.p))?, lang))
        }),
        change: monitor::summary_change(results, &m.id, lang),
    }
}

fn thresholds(results: &Results, lang: Lang) -> Vec<String> {
    results
        .instrument
        .thresholds
        .iter()
        .map(|t| {
            let (a, g) = (number(t.amber, 1, lang), number(t.green, 1, lang));
            fill(
                "t.threshold",
                lang,
                &[
                    ("scale", t.scale_label.get(lang).to_string()),
                    ("amber", a),
                    ("green", g),
                ],
            )
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
