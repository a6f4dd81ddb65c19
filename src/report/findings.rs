//! Key findings in plain language, generated from the results: the strongest and weakest
//! constructs, group differences that hold up after correction for many tests (and those that
//! do not), and scales that are not reliable enough to read.

use super::constructs::mean_of;
use super::format::{number, p_value};
use crate::i18n::fill;
use crate::lang::Lang;
use crate::results::{Kind, Light, Measure, Results};

/// Below this, a scale's items do not measure one thing well enough to read its mean.
const WEAK_ALPHA: f64 = 0.6;

fn mean(m: &Measure) -> Option<f64> {
    mean_of(m.total.stats.as_ref())
}

pub(super) fn key_findings(results: &Results, lang: Lang) -> Vec<String> {
    let mut constructs: Vec<&Measure> = results
        .measures
        .iter()
        .filter(|m| m.kind == Kind::Construct && mean(m).is_some())
        .collect();
    let mut out = levels(&constructs, lang);
    // Largest differences first, so the council reads the clearest ones.
    constructs.sort_by(|a, b| {
        spread(b)
            .partial_cmp(&spread(a))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let mut not_significant = Vec::new();
    for m in &constructs {
        let tested = m.tests.as_ref().is_some_and(|x| x.anova.run().is_some());
        match difference(m, lang) {
            Some(sentence) if out.len() < 8 => out.push(sentence),
            Some(_) => {}
            None if tested => not_significant.push(m.label.get(lang)),
            None => {}
        }
    }
    if !not_significant.is_empty() {
        let labels = ("labels", not_significant.join(", "));
        out.push(fill("finding.no_difference", lang, &[labels]));
    }
    for m in &constructs {
        if let Some(alpha) = m
            .reliability
            .as_ref()
            .and_then(|r| r.alpha.run())
            .map(|a| a.alpha)
            .filter(|a| *a < WEAK_ALPHA)
        {
            let label = ("label", m.label.get(lang).to_lowercase());
            let alpha = ("alpha", number(alpha, 2, lang));
            out.push(fill("finding.weak_alpha", lang, &[label, alpha]));
        }
    }
    let suppressed: Vec<&str> = results
        .respondents
        .groups
        .iter()
        .filter(|g| g.n.is_suppressed())
        .map(|g| g.label.get(lang))
        .collect();
    if !suppressed.is_empty() {
        out.push(fill(
            "finding.hidden_groups",
            lang,
            &[
                ("min_group", results.policy.min_group.to_string()),
                ("labels", suppressed.join(", ")),
            ],
        ));
    }
    out.truncate(10);
    out
}

/// The highest and lowest judged construct, and the red ones.
fn levels(constructs: &[&Measure], lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let judged: Vec<&Measure> = constructs
        .iter()
        .copied()
        .filter(|m| m.total.light.is_some())
        .collect();
    let by_mean = |a: &&&Measure, b: &&&Measure| {
        mean(a)
            .partial_cmp(&mean(b))
            .unwrap_or(std::cmp::Ordering::Equal)
    };
    if let Some(best) = judged.iter().max_by(by_mean) {
        out.push(level(best, lang, true));
    }
    let worst = judged.iter().min_by(by_mean);
    if let Some(worst) = worst.filter(|_| judged.len() > 1) {
        out.push(level(worst, lang, false));
    }
    let reds: Vec<&str> = judged
        .iter()
        .filter(|m| m.total.light == Some(Light::Red))
        .map(|m| m.label.get(lang))
        .collect();
    if !reds.is_empty() {
        out.push(fill("finding.red", lang, &[("labels", reds.join(", "))]));
    }
    out
}

fn level(m: &Measure, lang: Lang, high: bool) -> String {
    let key = if high {
        "finding.highest"
    } else {
        "finding.lowest"
    };
    let values = [
        ("label", m.label.get(lang).to_lowercase()),
        ("mean", number(mean(m).unwrap_or(f64::NAN), 1, lang)),
    ];
    fill(key, lang, &values)
}

/// The range of the shown group means.
fn spread(m: &Measure) -> f64 {
    let means: Vec<f64> = m
        .groups
        .iter()
        .filter_map(|g| mean_of(g.summary.shown()?.stats.as_ref()))
        .collect();
    let max = means.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let min = means.iter().copied().fold(f64::INFINITY, f64::min);
    max - min
}

/// The largest pairwise difference the analysis calls different, when the groups differ after
/// Holm's correction over constructs.
fn difference(m: &Measure, lang: Lang) -> Option<String> {
    let tests = m.tests.as_ref()?;
    if !tests.anova_adjusted.as_ref()?.differs {
        return None;
    }
    let posthoc = tests.posthoc.as_ref()?;
    let pairs = posthoc.games_howell.run()?;
    let differs = |a: &str, b: &str| posthoc.differing.iter().any(|[x, y]| x == a && y == b);
    let best = pairs
        .iter()
        .filter(|p| differs(&p.a, &p.b))
        .max_by(|a, b| {
            a.diff
                .abs()
                .partial_cmp(&b.diff.abs())
                .unwrap_or(std::cmp::Ordering::Equal)
        })?;
    let group = |code: &str| m.groups.iter().find(|g| g.group == code);
    let label =
        |code: &str| group(code).map_or(code.to_string(), |g| g.label.get(lang).to_string());
    let mean = |code: &str| {
        group(code)
            .and_then(|g| mean_of(g.summary.shown()?.stats.as_ref()))
            .unwrap_or(f64::NAN)
    };
    let (hi, lo) = if best.diff > 0.0 {
        (&best.a, &best.b)
    } else {
        (&best.b, &best.a)
    };
    Some(fill(
        "finding.difference",
        lang,
        &[
            ("label", m.label.get(lang).to_string()),
            ("high", label(hi)),
            ("low", label(lo)),
            ("high_mean", number(mean(hi), 1, lang)),
            ("low_mean", number(mean(lo), 1, lang)),
            ("p", p_text(best.p, lang)),
        ],
    ))
}

fn p_text(p: f64, lang: Lang) -> String {
    let v = p_value(p, lang);
    if v.starts_with('<') {
        v
    } else {
        format!("= {v}")
    }
}
