//! A construct's section: its groups and items in the report, and its tests, pairs (of the
//! construct and of each item), dimensions and answer distributions in the technical appendix.

use serde::Serialize;

use super::Images;
use super::charts;
use super::format::{df, df_pair, number, opt, p_clause, p_value};
use crate::error::Result;
use crate::i18n::{fill, phrase, phrase_with, t};
use crate::lang::Lang;
use crate::results::{
    Coverage, Descriptives, Kind, Light, Measure, NotTestable, Outcome, Results, Tests,
};

#[derive(Serialize)]
pub(super) struct ConstructView {
    id: String,
    label: String,
    mean: String,
    light: &'static str,
    light_word: String,
    /// Mean, verdict, % agree and n in one sentence.
    line: String,
    framework: String,
    alpha: Option<AlphaView>,
    rows: Vec<GroupRow>,
    tests: Vec<String>,
    posthoc: Vec<PairRow>,
    notes: Vec<String>,
    means_chart: Option<super::Image>,
    items_chart: Option<super::Image>,
    points: Vec<String>,
    dimensions: Vec<DimensionView>,
    items: Vec<ItemRow>,
}

#[derive(Serialize)]
struct AlphaView {
    value: String,
    items: usize,
    n: usize,
    note: Option<String>,
}

#[derive(Serialize)]
pub(super) struct GroupRow {
    label: String,
    suppressed: bool,
    total: bool,
    n: Option<usize>,
    min: Option<String>,
    max: Option<String>,
    mean: Option<String>,
    sd: Option<String>,
}

#[derive(Serialize)]
struct PairRow {
    a: String,
    b: String,
    diff: String,
    p_bonferroni: String,
    p_games_howell: String,
    significant: bool,
}

#[derive(Serialize)]
struct DimensionView {
    label: String,
    mean: String,
}

#[derive(Serialize)]
struct ItemRow {
    text: String,
    reversed: bool,
    n: usize,
    mean: String,
    sd: String,
    counts: Vec<Percent>,
    missing: Option<usize>,
    /// Bonferroni and Games–Howell per pair of groups.
    pairs: Vec<PairRow>,
}

#[derive(Serialize)]
struct Percent {
    percent: String,
}

pub(super) fn light_class(light: Option<Light>) -> &'static str {
    match light {
        Some(Light::Red) => "red",
        Some(Light::Amber) => "amber",
        Some(Light::Green) => "green",
        None => "none",
    }
}

pub(super) fn light_word(light: Option<Light>, lang: Lang) -> String {
    light.map_or(String::new(), |l| phrase("light", &l, lang))
}

pub(super) fn mean_of(stats: Option<&Descriptives>) -> Option<f64> {
    stats.and_then(|s| s.mean)
}

pub(super) fn construct(
    results: &Results,
    m: &Measure,
    lang: Lang,
    images: &Images,
) -> Result<ConstructView> {
    let bands = results
        .instrument
        .thresholds
        .iter()
        .find(|t| t.scale == m.scale.id && m.total.light.is_some())
        .map(|t| (t.amber, t.green));
    let means_chart = images.add(
        &format!("{}-means.png", m.id),
        charts::means(m, bands, lang)?,
    )?;
    let of_construct = |kind: Kind| {
        results
            .measures
            .iter()
            .filter(move |i| i.kind == kind && i.construct.as_deref() == Some(m.id.as_str()))
    };
    let items: Vec<&Measure> = of_construct(Kind::Item).collect();
    let items_chart = images.add(
        &format!("{}-items.png", m.id),
        charts::likert(&items, lang)?,
    )?;
    Ok(ConstructView {
        id: m.id.clone(),
        label: m.label.get(lang).to_string(),
        mean: opt(mean_of(m.total.stats.as_ref()), 2, lang),
        light: light_class(m.total.light),
        light_word: light_word(m.total.light, lang),
        line: part_line(results, m, lang),
        framework: framework_text(m, lang),
        alpha: m.reliability.as_ref().map(|r| AlphaView {
            value: opt(r.alpha.run().map(|a| a.alpha), 2, lang),
            items: r.items.len(),
            n: r.n,
            note: match &r.alpha {
                Outcome::NotRun(why) => Some(phrase("not_testable", why, lang)),
                Outcome::Run(_) => None,
            },
        }),
        rows: group_rows(m, lang),
        tests: m.tests.as_ref().map_or(vec![], |x| test_lines(x, lang)),
        posthoc: posthoc_rows(m, lang),
        notes: test_notes(m, lang),
        means_chart,
        items_chart,
        points: m
            .scale
            .points
            .iter()
            .map(|p| p.label.get(lang).to_string())
            .collect(),
        dimensions: of_construct(Kind::Dimension)
            .map(|d| DimensionView {
                label: d.label.get(lang).to_string(),
                mean: opt(mean_of(d.total.stats.as_ref()), 2, lang),
            })
            .collect(),
        items: items.iter().map(|i| item_row(i, lang)).collect(),
    })
}

/// "Gemiddeld 3,49 (voldoende), 58 % eens, 200 respondenten."
fn part_line(results: &Results, m: &Measure, lang: Lang) -> String {
    let mean = ("mean", opt(mean_of(m.total.stats.as_ref()), 2, lang));
    let n = ("n", m.total.n.to_string());
    match (m.total.light, results.summary.agreement(&m.id)) {
        (Some(light), Some(a)) => fill(
            "t.part_line",
            lang,
            &[
                mean,
                ("verdict", light_word(Some(light), lang)),
                ("agree", number(a.percent, 0, lang)),
                n,
            ],
        ),
        _ => fill("t.part_line_plain", lang, &[mean, n]),
    }
}

fn framework_text(m: &Measure, lang: Lang) -> String {
    let Some(f) = &m.framework else {
        return String::new();
    };
    let mut parts = Vec::new();
    if let Some(e) = f.enb {
        parts.push(format!(
            "Emerson, Nabatchi & Balogh: {}",
            phrase("enb", &e, lang)
        ));
    }
    if let Some(p) = f.pk {
        parts.push(format!("Provan & Kenis: {}", phrase("pk", &p, lang)));
    }
    if let Some(k) = f.kk {
        parts.push(format!("Klijn & Koppenjan: {}", phrase("kk", &k, lang)));
    }
    parts.join(" · ")
}

pub(super) fn group_rows(m: &Measure, lang: Lang) -> Vec<GroupRow> {
    let row = |label: &str, s: Option<&Descriptives>, suppressed: bool, total: bool| GroupRow {
        label: label.to_string(),
        suppressed,
        total,
        n: s.map(|s| s.n),
        min: s.map(|s| opt(s.min, 2, lang)),
        max: s.map(|s| opt(s.max, 2, lang)),
        mean: s.map(|s| opt(s.mean, 2, lang)),
        sd: s.map(|s| opt(s.sd, 2, lang)),
    };
    m.groups
        .iter()
        .filter_map(|g| match g.summary.shown() {
            None => Some(row(g.label.get(lang), None, true, false)),
            Some(s) => s
                .stats
                .as_ref()
                .filter(|d| d.n > 0)
                .map(|d| row(g.label.get(lang), Some(d), false, false)),
        })
        .chain(std::iter::once(row(
            t("t.total", lang),
            m.total.stats.as_ref(),
            false,
            true,
        )))
        .collect()
}

/// Each test as one line: "ANOVA: F(5; 193) = 2,31; p = 0,046; …".
fn test_lines(x: &Tests, lang: Lang) -> Vec<String> {
    let f_line = |name: &str, df1: f64, df2: f64, f: f64, p: f64| {
        format!(
            "{name}: F({}) = {}; {}",
            df_pair(df1, df2, lang),
            number(f, 2, lang),
            p_clause(p, lang)
        )
    };
    let mut out = Vec::new();
    if let Some(a) = x.anova.run() {
        let mut line = f_line("ANOVA", a.df1, a.df2, a.f, a.p);
        if let Some(j) = &x.anova_adjusted {
            line.push_str(&format!("; Holm: {}", p_clause(j.holm, lang)));
        }
        // A negative ω² estimates no effect at all; it is not a size to read.
        let omega = if a.omega_sq < 0.0 {
            t("t.omega_negative", lang).to_string()
        } else {
            format!("ω² = {}", number(a.omega_sq, 3, lang))
        };
        line.push_str(&format!("; η² = {}, {omega}", number(a.eta_sq, 3, lang)));
        out.push(line);
    }
    if let Some(w) = x.welch.run() {
        out.push(f_line("Welch", w.df1, w.df2, w.f, w.p));
    }
    if let Some(l) = x.levene.run() {
        out.push(f_line("Levene", l.df1, l.df2, l.f, l.p));
    }
    if let Some(k) = x.kruskal.run() {
        out.push(format!(
            "Kruskal–Wallis: H({}) = {}; {}",
            df(k.df, lang),
            number(k.h, 2, lang),
            p_clause(k.p, lang)
        ));
    }
    out
}

/// Bonferroni (as SPSS, the evaluators' convention) beside Games–Howell (robust to unequal
/// variances), per pair; the pairs the analysis calls different are marked.
fn posthoc_rows(m: &Measure, lang: Lang) -> Vec<PairRow> {
    let Some(ph) = m.tests.as_ref().and_then(|x| x.posthoc.as_ref()) else {
        return vec![];
    };
    let (Some(bonf), Some(gh)) = (ph.bonferroni.run(), ph.games_howell.run()) else {
        return vec![];
    };
    let label = |code: &str| {
        m.groups
            .iter()
            .find(|g| g.group == code)
            .map_or(code.to_string(), |g| g.label.get(lang).to_string())
    };
    bonf.iter()
        .zip(gh)
        .map(|(b, g)| PairRow {
            a: label(&b.a),
            b: label(&b.b),
            diff: number(b.diff, 2, lang),
            p_bonferroni: p_value(b.p, lang),
            p_games_howell: p_value(g.p, lang),
            significant: ph.differing.iter().any(|[x, y]| *x == b.a && *y == b.b),
        })
        .collect()
}

/// The measure's notes as `compare` words them: groups left out, tests that could not run
/// (each reason once), and a total that covers the shown groups only.
pub(super) fn notes(m: &Measure, min_group: usize, lang: Lang) -> Vec<String> {
    let min = [("min_group", min_group.to_string())];
    let mut out: Vec<String> = m
        .notes
        .iter()
        .map(|n| phrase_with("note", n, lang, &min))
        .collect();
    for note in test_notes(m, lang) {
        if !out.contains(&note) {
            out.push(note);
        }
    }
    if m.total.covers == Coverage::ShownGroups && m.scale.ordinal {
        out.push(fill("note.total_covers_shown_groups", lang, &min));
    }
    out
}

/// The tests that could not run, each reason once. The report says once, in its summary, which
/// groups are too small to show, rather than under every measure.
fn test_notes(m: &Measure, lang: Lang) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if let Some(x) = &m.tests {
        let posthoc = x.posthoc.as_ref();
        let reasons: [(&str, Option<&NotTestable>); 9] = [
            ("anova", not_run(&x.anova)),
            ("welch", not_run(&x.welch)),
            ("brown_forsythe", not_run(&x.brown_forsythe)),
            ("levene", not_run(&x.levene)),
            ("levene_median", not_run(&x.levene_median)),
            ("kruskal", not_run(&x.kruskal)),
            ("bonferroni", posthoc.and_then(|p| not_run(&p.bonferroni))),
            ("tukey", posthoc.and_then(|p| not_run(&p.tukey))),
            (
                "games_howell",
                posthoc.and_then(|p| not_run(&p.games_howell)),
            ),
        ];
        for (test, why) in reasons {
            let Some(why) = why else { continue };
            let note = format!(
                "{}: {}: {}",
                t(&format!("test.{test}"), lang),
                t("t.not_computed", lang),
                phrase("not_testable", why, lang)
            );
            if !out.contains(&note) {
                out.push(note);
            }
        }
    }
    out
}

fn not_run<T>(o: &Outcome<T>) -> Option<&NotTestable> {
    match o {
        Outcome::NotRun(why) => Some(why),
        Outcome::Run(_) => None,
    }
}

fn item_row(m: &Measure, lang: Lang) -> ItemRow {
    let f = m.total.frequencies.as_ref();
    ItemRow {
        text: m.label.get(lang).to_string(),
        reversed: m.reversed,
        n: m.total.n,
        mean: opt(mean_of(m.total.stats.as_ref()), 2, lang),
        sd: opt(m.total.stats.as_ref().and_then(|s| s.sd), 2, lang),
        counts: f.map_or(vec![], |f| {
            f.counts
                .iter()
                .map(|c| Percent {
                    percent: number(c.percent, 0, lang),
                })
                .collect()
        }),
        missing: f.map(|f| f.missing),
        pairs: posthoc_rows(m, lang),
    }
}
