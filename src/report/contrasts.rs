//! The contrasts: the same statements about two sides (the school and the care worker),
//! compared within respondents.

use serde::Serialize;

use super::format::{number, opt, p_value, signed};
use crate::i18n::fill;
use crate::lang::Lang;
use crate::results::{Compared, Contrast, ContrastRow, Direction, Results};

#[derive(Serialize)]
pub(super) struct ContrastView {
    label: String,
    a: String,
    b: String,
    summary: String,
    rows: Vec<RowView>,
}

#[derive(Serialize)]
struct RowView {
    label: String,
    a: String,
    b: String,
    n: Option<usize>,
    diff: String,
    g: String,
    p: String,
    differs: bool,
    suppressed: bool,
}

pub(super) fn contrasts(results: &Results, lang: Lang) -> Vec<ContrastView> {
    results
        .contrasts
        .iter()
        .map(|c| {
            let (a, b) = (c.a.get(lang).to_string(), c.b.get(lang).to_string());
            let overall = row(
                &c.overall,
                crate::i18n::t("t.all_statements", lang).to_string(),
                lang,
            );
            let mut rows = vec![overall];
            rows.extend(c.statements.iter().map(|s| {
                let label = s
                    .label
                    .as_ref()
                    .map_or(String::new(), |l| l.get(lang).to_string());
                row(s, label, lang)
            }));
            ContrastView {
                label: c.label.get(lang).to_string(),
                summary: sentence(c, lang),
                a,
                b,
                rows,
            }
        })
        .collect()
}

fn row(r: &ContrastRow, label: String, lang: Lang) -> RowView {
    let shown = r.result.shown();
    let test: Option<&Compared> = shown.and_then(|s| s.comparison.run());
    RowView {
        label,
        a: opt(shown.and_then(|s| s.a.mean), 2, lang),
        b: opt(shown.and_then(|s| s.b.mean), 2, lang),
        n: shown.map(|s| s.n),
        diff: test.map_or("–".into(), |x| signed(x.test.diff, lang)),
        g: test.map_or("–".into(), |x| number(x.test.hedges_g, 2, lang)),
        p: test.map_or("–".into(), |x| p_value(x.p_holm, lang)),
        differs: test.is_some_and(|x| x.direction != Direction::Same),
        suppressed: shown.is_none(),
    }
}

/// One sentence on all statements together; a side named after "than" starts in lower case
/// ("dan de school"), unless it is an abbreviation ("dan PO").
pub(super) fn sentence(c: &Contrast, lang: Lang) -> String {
    let Some(shown) = c.overall.result.shown() else {
        return fill("contrast.too_few", lang, &[]);
    };
    let (a, b) = (c.a.get(lang), c.b.get(lang));
    let means = [
        ("a", a.to_string()),
        ("b", b.to_string()),
        ("a_after", in_sentence(a)),
        ("b_after", in_sentence(b)),
        ("mean_a", opt(shown.a.mean, 2, lang)),
        ("mean_b", opt(shown.b.mean, 2, lang)),
    ];
    let key = match shown.comparison.run().map(|c| c.direction) {
        Some(Direction::Up) => "contrast.a_higher",
        Some(Direction::Down) => "contrast.b_higher",
        _ => "contrast.no_difference",
    };
    fill(key, lang, &means)
}

fn in_sentence(name: &str) -> String {
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if second.is_lowercase() => {
            first.to_lowercase().chain(name.chars().skip(1)).collect()
        }
        _ => name.to_string(),
    }
}
