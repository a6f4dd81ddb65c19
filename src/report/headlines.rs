//! The headline findings in plain words: one or two sentences per `Headline`, in the report's
//! language, with the numbers it carries and no statistical notation.

use super::format::number;
use crate::i18n::{fill, phrase, t};
use crate::lang::Lang;
use crate::results::{Form, Headline, Moved, Rating, RelationalMeasure, Results, Versus};

/// A name inside a sentence: a capital that only starts the name is lowered ("Communicatie"
/// → "communicatie"), an abbreviation is kept ("PO", "MBO-instelling").
pub(super) fn inline(label: &str) -> String {
    let mut chars = label.chars();
    let (Some(first), second) = (chars.next(), chars.next()) else {
        return String::new();
    };
    if second.is_some_and(char::is_uppercase) {
        return label.to_string();
    }
    first.to_lowercase().chain(label.chars().skip(1)).collect()
}

/// A label without the source in brackets at its end: "Samenwerkingsladder (Mehlkopf 2008)"
/// reads "Samenwerkingsladder" inside a sentence.
pub(super) fn without_source(label: &str) -> &str {
    match label.rsplit_once(" (") {
        Some((name, rest)) if rest.ends_with(')') => name,
        _ => label,
    }
}

/// "a", "a en b", "a, b en c".
pub(super) fn list(mut items: Vec<String>, lang: Lang) -> String {
    match items.len() {
        0 => String::new(),
        1 => items.remove(0),
        _ => {
            let last = items.pop().unwrap_or_default();
            format!("{}{}{last}", items.join(", "), t("t.and", lang))
        }
    }
}

/// The lower threshold of a construct's scale: below it a part needs attention.
pub(super) fn amber(results: &Results, construct: &str) -> Option<f64> {
    let m = results.measures.iter().find(|m| m.id == construct)?;
    let th = results
        .instrument
        .thresholds
        .iter()
        .find(|th| th.scale == m.scale.id)?;
    Some(th.amber)
}

fn mean(x: f64, lang: Lang) -> String {
    number(x, 2, lang)
}

pub(super) fn sentence(h: &Headline, results: &Results, lang: Lang) -> String {
    match h {
        Headline::Change {
            from,
            better,
            worse,
            unclear,
            ..
        } => change(from, better, worse, *unclear, lang),
        Headline::Benchmark {
            municipality,
            higher,
            lower,
            alike,
        } => benchmark(municipality, higher, lower, *alike, lang),
        Headline::GroupDifference { .. } => group_difference(h, lang),
        Headline::PartnerAsymmetry { .. } => asymmetry(h, lang),
        Headline::GovernanceFit { .. } => governance(h, lang),
        Headline::Contrast { contrast } => results
            .contrasts
            .iter()
            .find(|c| &c.id == contrast)
            .map_or_else(String::new, |c| super::contrasts::sentence(c, lang)),
        Headline::Attention { .. } => attention(h, results, lang),
    }
}

fn group_difference(h: &Headline, lang: Lang) -> String {
    let Headline::GroupDifference {
        label,
        high,
        low,
        tested,
        differing,
        ..
    } = h
    else {
        return String::new();
    };
    let first = fill(
        "headline.group_difference",
        lang,
        &[
            ("label", inline(label.get(lang))),
            ("high", high.label.get(lang).to_string()),
            ("low", low.label.get(lang).to_string()),
            ("high_mean", mean(high.mean, lang)),
            ("low_mean", mean(low.mean, lang)),
        ],
    );
    let second = if *differing > 1 {
        let n = ("n", (differing - 1).to_string());
        let alike = ("alike", (tested - differing).to_string());
        fill("headline.group_others_differ", lang, &[n, alike])
    } else {
        t("headline.group_others_alike", lang).to_string()
    };
    format!("{first} {second}")
}

fn governance(h: &Headline, lang: Lang) -> String {
    let Headline::GovernanceFit {
        fits,
        perceived,
        predicted,
        drivers,
    } = h
    else {
        return String::new();
    };
    let predicted = ("predicted", forms(predicted, lang));
    match (fits, perceived) {
        (Some(true), Some(seen)) => fill(
            "headline.governance_fits",
            lang,
            &[("seen", phrase("form_phrase", seen, lang))],
        ),
        (Some(false), Some(seen)) => {
            let drivers: Vec<String> = drivers
                .iter()
                .map(|d| phrase("contingency", d, lang))
                .collect();
            fill(
                "headline.governance_misfit",
                lang,
                &[
                    ("seen", phrase("form_phrase", seen, lang)),
                    predicted,
                    ("drivers", list(drivers, lang)),
                ],
            )
        }
        _ => fill("headline.governance_unclear", lang, &[predicted]),
    }
}

fn attention(h: &Headline, results: &Results, lang: Lang) -> String {
    let Headline::Attention {
        construct,
        label,
        mean: now,
        red,
        declined_from,
        ..
    } = h
    else {
        return String::new();
    };
    let label = ("label", label.get(lang).to_string());
    let now = ("mean", mean(*now, lang));
    let amber = (
        "amber",
        number(amber(results, construct).unwrap_or(f64::NAN), 1, lang),
    );
    match (red, declined_from) {
        (true, Some(b)) => fill(
            "headline.attention_both",
            lang,
            &[label, now, amber, ("before", mean(*b, lang))],
        ),
        (true, None) => fill("headline.attention_red", lang, &[label, now, amber]),
        (false, Some(b)) => fill(
            "headline.attention_declined",
            lang,
            &[label, now, ("before", mean(*b, lang))],
        ),
        (false, None) => String::new(),
    }
}

fn forms(forms: &[Form], lang: Lang) -> String {
    let names = forms
        .iter()
        .map(|f| phrase("form_phrase", f, lang))
        .collect();
    list(names, lang)
}

fn change(from: &str, better: &[Moved], worse: &[Moved], unclear: usize, lang: Lang) -> String {
    let moved = |m: &Moved| {
        fill(
            "headline.moved",
            lang,
            &[
                ("label", inline(m.label.get(lang))),
                ("before", mean(m.before, lang)),
                ("now", mean(m.now, lang)),
            ],
        )
    };
    let from = ("from", from.to_string());
    if better.is_empty() && worse.is_empty() {
        return fill("headline.change_none", lang, &[from]);
    }
    let mut out = Vec::new();
    for (key, parts) in [
        ("headline.change_better", better),
        ("headline.change_worse", worse),
    ] {
        if !parts.is_empty() {
            let items = ("list", list(parts.iter().map(moved).collect(), lang));
            out.push(fill(key, lang, &[from.clone(), items]));
        }
    }
    if unclear > 0 {
        let n = ("n", unclear.to_string());
        out.push(fill("headline.change_unclear", lang, &[n, from]));
    }
    out.join(" ")
}

fn benchmark(
    municipality: &str,
    higher: &[Versus],
    lower: &[Versus],
    alike: usize,
    lang: Lang,
) -> String {
    let who = ("municipality", municipality.to_string());
    if higher.is_empty() && lower.is_empty() {
        return fill("headline.benchmark_none", lang, &[who]);
    }
    let versus = |v: &Versus| {
        fill(
            "headline.versus",
            lang,
            &[
                ("label", inline(v.label.get(lang))),
                ("this", mean(v.this, lang)),
                ("others", mean(v.others, lang)),
            ],
        )
    };
    let mut out = Vec::new();
    for (key, rows) in [
        ("headline.benchmark_higher", higher),
        ("headline.benchmark_lower", lower),
    ] {
        if !rows.is_empty() {
            let items = ("list", list(rows.iter().map(versus).collect(), lang));
            out.push(fill(key, lang, &[who.clone(), items]));
        }
    }
    if alike > 0 {
        out.push(fill(
            "headline.benchmark_alike",
            lang,
            &[("n", alike.to_string())],
        ));
    }
    out.join(" ")
}

fn asymmetry(h: &Headline, lang: Lang) -> String {
    let Headline::PartnerAsymmetry {
        measure,
        scale_label,
        min,
        max,
        a,
        b,
        ..
    } = h
    else {
        return String::new();
    };
    let key = match measure {
        RelationalMeasure::Intensity => "headline.asymmetry_intensity",
        RelationalMeasure::Trust => "headline.asymmetry_trust",
        RelationalMeasure::Value => "headline.asymmetry_value",
        RelationalMeasure::Other => "headline.asymmetry_other",
    };
    // A ladder's rungs are read at one decimal: 1,3 is "about rung 1".
    let point = |r: &Rating| {
        r.nearest
            .as_ref()
            .map_or_else(String::new, |p| inline(p.label.get(lang)))
    };
    fill(
        key,
        lang,
        &[
            ("a", a.label.get(lang).to_string()),
            ("b", b.label.get(lang).to_string()),
            ("a_mean", number(a.mean, 1, lang)),
            ("b_mean", number(b.mean, 1, lang)),
            ("a_point", point(a)),
            ("b_point", point(b)),
            ("scale", inline(without_source(scale_label.get(lang)))),
            ("min", min.to_string()),
            ("max", max.to_string()),
        ],
    )
}
