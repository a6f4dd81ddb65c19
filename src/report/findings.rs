//! Key findings in plain language, generated from the results: the strongest and weakest
//! constructs, group differences that hold up after correction for many tests (and those that
//! do not), and scales that are not reliable enough to read.

use super::format::{number, p_value};
use crate::analyse::{Kind, Light, Measure, Results};
use crate::instrument::Lang;

/// The significance level, after Holm's correction over all constructs.
const ALPHA: f64 = 0.05;
/// Below this, a scale's items do not measure one thing well enough to read its mean.
const WEAK_ALPHA: f64 = 0.6;

pub fn key_findings(results: &Results) -> Vec<String> {
    let lang = results.lang;
    let mut constructs: Vec<&Measure> = results
        .measures
        .iter()
        .filter(|m| m.kind == Kind::Construct && m.overall.stats.mean.is_some())
        .collect();
    let mut out = Vec::new();
    let judged: Vec<&Measure> = constructs
        .iter()
        .copied()
        .filter(|m| m.overall.light.is_some())
        .collect();
    if let Some(best) = judged.iter().max_by(|a, b| {
        a.overall
            .stats
            .mean
            .partial_cmp(&b.overall.stats.mean)
            .unwrap_or(std::cmp::Ordering::Equal)
    }) {
        out.push(level(best, lang, true));
    }
    let worst = judged.iter().min_by(|a, b| {
        a.overall
            .stats
            .mean
            .partial_cmp(&b.overall.stats.mean)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    if let Some(worst) = worst.filter(|_| judged.len() > 1) {
        out.push(level(worst, lang, false));
    }
    let reds: Vec<&str> = judged
        .iter()
        .filter(|m| m.overall.light == Some(Light::Red))
        .map(|m| m.label.as_str())
        .collect();
    if !reds.is_empty() {
        out.push(match lang {
            Lang::Nl => format!("Onder de ondergrens (rood): {}.", reds.join(", ")),
            Lang::En => format!("Below the lower threshold (red): {}.", reds.join(", ")),
        });
    }
    // Largest differences first, so the council reads the clearest ones.
    constructs.sort_by(|a, b| {
        spread(b)
            .partial_cmp(&spread(a))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let mut not_significant = Vec::new();
    for m in &constructs {
        match difference(m, lang) {
            Some(sentence) if out.len() < 8 => out.push(sentence),
            Some(_) => {}
            None if m.anova.is_some() => not_significant.push(m.label.as_str()),
            None => {}
        }
    }
    if !not_significant.is_empty() {
        out.push(match lang {
            Lang::Nl => format!(
                "Geen significant verschil tussen de groepen bij: {} (na correctie voor het aantal toetsen).",
                not_significant.join(", ")
            ),
            Lang::En => format!(
                "No significant difference between the groups on: {} (after correcting for the number of tests).",
                not_significant.join(", ")
            ),
        });
    }
    for m in &constructs {
        if let Some(alpha) = m
            .reliability
            .as_ref()
            .and_then(|r| r.alpha)
            .filter(|a| *a < WEAK_ALPHA)
        {
            out.push(match lang {
                Lang::Nl => format!(
                    "De vragen over {} hangen weinig samen (α = {}): lees die score met voorzichtigheid.",
                    m.label.to_lowercase(),
                    number(alpha, 2, lang)
                ),
                Lang::En => format!(
                    "The questions on {} hang together weakly (α = {}): read that score with care.",
                    m.label.to_lowercase(),
                    number(alpha, 2, lang)
                ),
            });
        }
    }
    let suppressed: Vec<&str> = results
        .respondents
        .by_group
        .iter()
        .filter(|g| g.suppressed)
        .map(|g| g.label.as_str())
        .collect();
    if !suppressed.is_empty() {
        out.push(match lang {
            Lang::Nl => format!(
                "Niet apart getoond (minder dan {} respondenten): {}.",
                results.min_group,
                suppressed.join(", ")
            ),
            Lang::En => format!(
                "Not shown separately (fewer than {} respondents): {}.",
                results.min_group,
                suppressed.join(", ")
            ),
        });
    }
    out.truncate(10);
    out
}

fn level(m: &Measure, lang: Lang, high: bool) -> String {
    let mean = number(m.overall.stats.mean.unwrap_or(f64::NAN), 1, lang);
    match (lang, high) {
        (Lang::Nl, true) => format!("Het hoogst scoort {} ({mean}).", m.label.to_lowercase()),
        (Lang::Nl, false) => format!("Het laagst scoort {} ({mean}).", m.label.to_lowercase()),
        (Lang::En, true) => format!(
            "The highest score is for {} ({mean}).",
            m.label.to_lowercase()
        ),
        (Lang::En, false) => format!(
            "The lowest score is for {} ({mean}).",
            m.label.to_lowercase()
        ),
    }
}

/// The range of the shown group means.
fn spread(m: &Measure) -> f64 {
    let means: Vec<f64> = m
        .groups
        .iter()
        .filter_map(|g| g.stats.as_ref().and_then(|s| s.mean))
        .collect();
    let max = means.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let min = means.iter().copied().fold(f64::INFINITY, f64::min);
    max - min
}

/// The largest pairwise difference that Games–Howell finds significant, when the ANOVA is
/// significant after Holm's correction over constructs.
fn difference(m: &Measure, lang: Lang) -> Option<String> {
    let anova = m.anova.as_ref()?;
    if anova.p_holm.unwrap_or(anova.p) >= ALPHA {
        return None;
    }
    let pairs = m.posthoc.as_ref()?.games_howell.as_ref()?;
    let best = pairs.iter().filter(|p| p.p < ALPHA).max_by(|a, b| {
        a.diff
            .abs()
            .partial_cmp(&b.diff.abs())
            .unwrap_or(std::cmp::Ordering::Equal)
    })?;
    let label = |code: &str| {
        m.groups
            .iter()
            .find(|g| g.group == code)
            .map_or(code.to_string(), |g| g.label.clone())
    };
    let mean = |code: &str| {
        m.groups
            .iter()
            .find(|g| g.group == code)
            .and_then(|g| g.stats.as_ref()?.mean)
            .unwrap_or(f64::NAN)
    };
    let (hi, lo) = if best.diff > 0.0 {
        (&best.a, &best.b)
    } else {
        (&best.b, &best.a)
    };
    let (mh, ml) = (number(mean(hi), 1, lang), number(mean(lo), 1, lang));
    Some(match lang {
        Lang::Nl => format!(
            "{}: {} oordeelt positiever dan {} ({mh} tegen {ml}; verschil significant, p {}).",
            m.label,
            label(hi),
            label(lo),
            p_text(best.p, lang)
        ),
        Lang::En => format!(
            "{}: {} is more positive than {} ({mh} against {ml}; significant difference, p {}).",
            m.label,
            label(hi),
            label(lo),
            p_text(best.p, lang)
        ),
    })
}

fn p_text(p: f64, lang: Lang) -> String {
    let v = p_value(p, lang);
    if v.starts_with('<') {
        v
    } else {
        format!("= {v}")
    }
}
