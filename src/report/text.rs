//! Plain-text tables in the order SPSS ONEWAY prints them, for `verband compare`.

use super::format::{df, number, opt, p_value};
use crate::i18n::t;
use crate::lang::Lang;
use crate::results::{Anova, Center, Descriptives, Measure, Pair, Posthoc, Tests};

/// Columns padded to their widest cell; the first `left` columns left-aligned, numbers right.
fn table(rows: &[Vec<String>], left: usize) -> String {
    let widths: Vec<usize> = (0..rows.iter().map(Vec::len).max().unwrap_or(0))
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, s)| {
                if c < left {
                    format!("{s:<w$}", w = widths[c])
                } else {
                    format!("{s:>w$}", w = widths[c])
                }
            })
            .collect();
        out.push_str("  ");
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

pub fn tables(measures: &[Measure], lang: Lang) -> String {
    measures
        .iter()
        .map(|m| measure(m, lang))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A descriptives row: label, N, mean, SD, SE, CI, min, max.
fn stats_row(label: &str, s: &Descriptives, lang: Lang) -> Vec<String> {
    vec![
        label.to_string(),
        s.n.to_string(),
        opt(s.mean, 3, lang),
        opt(s.sd, 3, lang),
        opt(s.se, 3, lang),
        s.ci95.map_or("–".into(), |c| {
            format!("{} – {}", number(c[0], 3, lang), number(c[1], 3, lang))
        }),
        opt(s.min, 2, lang),
        opt(s.max, 2, lang),
    ]
}

/// A word of the compare tables, in the report's language.
fn word(key: &str, lang: Lang) -> String {
    t(&format!("compare.{key}"), lang).to_string()
}

/// One measure's block: descriptives per group, then every test that was run, then notes.
fn measure(m: &Measure, lang: Lang) -> String {
    let mut out = format!("== {} ==\n", m.label.get(lang));
    out.push_str(&descriptives(m, lang));
    let Some(x) = &m.tests else {
        return out;
    };
    out.push_str(&levene(x, lang));
    if let Some(a) = x.anova.run() {
        out.push_str(&anova(a, lang));
    }
    out.push_str(&robust_tests(x, lang));
    if let Some(ph) = &x.posthoc {
        out.push_str(&posthoc(ph, lang));
    }
    for note in super::constructs::notes(m, 0, lang) {
        out.push_str(&format!("  {} {note}\n", word("note", lang)));
    }
    out
}

/// The descriptives table: a row per group (or a note that it is withheld) and the total.
fn descriptives(m: &Measure, lang: Lang) -> String {
    let w = |key: &str| word(key, lang);
    let mut rows = vec![vec![
        w("group"),
        "N".into(),
        w("mean"),
        "SD".into(),
        "SE".into(),
        w("ci"),
        "Min".into(),
        "Max".into(),
    ]];
    for g in &m.groups {
        let label = g.label.get(lang);
        match g.summary.shown().and_then(|s| s.stats.as_ref()) {
            Some(s) => rows.push(stats_row(label, s, lang)),
            None => rows.push(vec![label.to_string(), w("suppressed")]),
        }
    }
    if let Some(o) = &m.total.stats {
        rows.push(stats_row(&w("total"), o, lang));
    }
    table(&rows, 1)
}

/// Levene's test around the mean and around the median, one line each where run.
fn levene(x: &Tests, lang: Lang) -> String {
    let mut out = String::new();
    for l in [&x.levene, &x.levene_median]
        .into_iter()
        .filter_map(|o| o.run())
    {
        let centre = match l.center {
            Center::Mean => word("mean_centre", lang),
            Center::Median => word("median_centre", lang),
        };
        out.push_str(&format!(
            "  Levene ({centre}): F({}, {}) = {}, p = {}\n",
            df(l.df1, lang),
            df(l.df2, lang),
            number(l.f, 3, lang),
            p_value(l.p, lang)
        ));
    }
    out
}

/// The ANOVA table as SPSS prints it, then the effect sizes.
fn anova(a: &Anova, lang: Lang) -> String {
    let w = |key: &str| word(key, lang);
    let rows = vec![
        vec![
            "ANOVA".into(),
            w("sum_of_squares"),
            "df".into(),
            w("mean_square"),
            "F".into(),
            "p".into(),
        ],
        vec![
            w("between"),
            number(a.ss_between, 3, lang),
            df(a.df1, lang),
            number(a.ms_between, 3, lang),
            number(a.f, 3, lang),
            p_value(a.p, lang),
        ],
        vec![
            w("within"),
            number(a.ss_within, 3, lang),
            df(a.df2, lang),
            number(a.ms_within, 3, lang),
        ],
        vec![
            w("total"),
            number(a.ss_total, 3, lang),
            df(a.df1 + a.df2, lang),
        ],
    ];
    let mut out = table(&rows, 1);
    out.push_str(&format!(
        "  η² = {}, ω² = {}\n",
        number(a.eta_sq, 3, lang),
        number(a.omega_sq, 3, lang)
    ));
    out
}

/// The tests that do not assume equal variances or normality: Welch, Brown–Forsythe and
/// Kruskal–Wallis, one line each where run.
fn robust_tests(x: &Tests, lang: Lang) -> String {
    let mut out = String::new();
    for (name, f) in [("Welch", &x.welch), ("Brown–Forsythe", &x.brown_forsythe)] {
        if let Some(f) = f.run() {
            out.push_str(&format!(
                "  {name}: F({}; {}) = {}, p = {}\n",
                df(f.df1, lang),
                df(f.df2, lang),
                number(f.f, 3, lang),
                p_value(f.p, lang)
            ));
        }
    }
    if let Some(k) = x.kruskal.run() {
        out.push_str(&format!(
            "  Kruskal–Wallis: H({}) = {}, p = {}\n",
            df(k.df, lang),
            number(k.h, 3, lang),
            p_value(k.p, lang)
        ));
    }
    out
}

/// A table of pairs per post hoc test that was run; Dunn's compares mean ranks.
fn posthoc(ph: &Posthoc, lang: Lang) -> String {
    let mut out = String::new();
    for (name, pairs) in [
        ("Bonferroni", &ph.bonferroni),
        ("Tukey HSD", &ph.tukey),
        ("Games–Howell", &ph.games_howell),
        ("Dunn (Holm)", &ph.dunn_holm),
    ] {
        if let Some(pairs) = pairs.run() {
            out.push_str(&format!("  {name}\n"));
            out.push_str(&pair_table(pairs, lang, name.starts_with("Dunn")));
        }
    }
    out
}

fn pair_table(pairs: &[Pair], lang: Lang, ranks: bool) -> String {
    let diff = t(
        if ranks {
            "compare.rank_difference"
        } else {
            "compare.difference"
        },
        lang,
    );
    let mut rows = vec![vec![
        "(I)".to_string(),
        "(J)".into(),
        diff.into(),
        "SE".into(),
        "p".into(),
    ]];
    rows.extend(pairs.iter().map(|p| {
        vec![
            p.a.clone(),
            p.b.clone(),
            number(p.diff, 3, lang),
            number(p.se, 3, lang),
            p_value(p.p, lang),
        ]
    }));
    table(&rows, 2)
}
