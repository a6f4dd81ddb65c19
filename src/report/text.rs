//! Plain-text tables in the order SPSS ONEWAY prints them, for `verband compare`.

use super::format::{df, number, opt, p_value};
use crate::analyse::{Measure, Pair};
use crate::instrument::{Lang, pick};

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

fn measure(m: &Measure, lang: Lang) -> String {
    let t = |nl: &'static str, en: &'static str| pick(lang, nl, en);
    let mut out = format!("== {} ==\n", m.label);
    let mut rows = vec![vec![
        t("Groep", "Group").to_string(),
        "N".into(),
        t("Gemiddelde", "Mean").into(),
        "SD".into(),
        "SE".into(),
        t("95%-BI", "95% CI").into(),
        "Min".into(),
        "Max".into(),
    ]];
    for g in &m.groups {
        match (&g.stats, g.suppressed) {
            (Some(s), false) => rows.push(vec![
                g.label.clone(),
                s.n.to_string(),
                opt(s.mean, 3, lang),
                opt(s.sd, 3, lang),
                opt(s.se, 3, lang),
                s.ci95.map_or("–".into(), |c| {
                    format!("{} – {}", number(c[0], 3, lang), number(c[1], 3, lang))
                }),
                opt(s.min, 2, lang),
                opt(s.max, 2, lang),
            ]),
            _ => rows.push(vec![
                g.label.clone(),
                t("(onderdrukt)", "(suppressed)").into(),
            ]),
        }
    }
    let o = &m.overall.stats;
    rows.push(vec![
        t("Totaal", "Total").into(),
        o.n.to_string(),
        opt(o.mean, 3, lang),
        opt(o.sd, 3, lang),
        opt(o.se, 3, lang),
        o.ci95.map_or("–".into(), |c| {
            format!("{} – {}", number(c[0], 3, lang), number(c[1], 3, lang))
        }),
        opt(o.min, 2, lang),
        opt(o.max, 2, lang),
    ]);
    out.push_str(&table(&rows, 1));
    for l in [&m.levene, &m.levene_median].into_iter().flatten() {
        let centre = match l.center {
            crate::analyse::Center::Mean => t("gemiddelde", "mean"),
            crate::analyse::Center::Median => t("mediaan", "median"),
        };
        out.push_str(&format!(
            "  Levene ({centre}): F({}, {}) = {}, p = {}\n",
            df(l.df1, lang),
            df(l.df2, lang),
            number(l.f, 3, lang),
            p_value(l.p, lang)
        ));
    }
    if let Some(a) = &m.anova {
        let rows = vec![
            vec![
                "ANOVA".into(),
                t("Kwadratensom", "Sum of squares").into(),
                "df".into(),
                t("Gem. kwadraat", "Mean square").into(),
                "F".into(),
                "p".into(),
            ],
            vec![
                t("Tussen groepen", "Between groups").into(),
                number(a.ss_between, 3, lang),
                df(a.df1, lang),
                number(a.ss_between / a.df1, 3, lang),
                number(a.f, 3, lang),
                p_value(a.p, lang),
            ],
            vec![
                t("Binnen groepen", "Within groups").into(),
                number(a.ss_within, 3, lang),
                df(a.df2, lang),
                number(a.ms_within, 3, lang),
            ],
            vec![
                t("Totaal", "Total").into(),
                number(a.ss_total, 3, lang),
                df(a.df1 + a.df2, lang),
            ],
        ];
        out.push_str(&table(&rows, 1));
        out.push_str(&format!(
            "  η² = {}, ω² = {}\n",
            number(a.eta_sq, 3, lang),
            number(a.omega_sq, 3, lang)
        ));
    }
    for (name, f) in [("Welch", &m.welch), ("Brown–Forsythe", &m.brown_forsythe)] {
        if let Some(f) = f {
            out.push_str(&format!(
                "  {name}: F({}; {}) = {}, p = {}\n",
                df(f.df1, lang),
                df(f.df2, lang),
                number(f.f, 3, lang),
                p_value(f.p, lang)
            ));
        }
    }
    if let Some(k) = &m.kruskal {
        out.push_str(&format!(
            "  Kruskal–Wallis: H({}) = {}, p = {}\n",
            df(k.df, lang),
            number(k.h, 3, lang),
            p_value(k.p, lang)
        ));
    }
    if let Some(ph) = &m.posthoc {
        for (name, pairs) in [
            ("Bonferroni", &ph.bonferroni),
            ("Tukey HSD", &ph.tukey),
            ("Games–Howell", &ph.games_howell),
            ("Dunn (Holm)", &ph.dunn_holm),
        ] {
            if let Some(pairs) = pairs {
                out.push_str(&format!("  {name}\n"));
                out.push_str(&pair_table(pairs, lang, name.starts_with("Dunn")));
            }
        }
    }
    for note in &m.notes {
        out.push_str(&format!("  {} {note}\n", t("Let op:", "Note:")));
    }
    out
}

fn pair_table(pairs: &[Pair], lang: Lang, ranks: bool) -> String {
    let diff = match (ranks, lang) {
        (true, Lang::Nl) => "Verschil gem. rang",
        (true, Lang::En) => "Mean rank difference",
        (false, Lang::Nl) => "Verschil (I−J)",
        (false, Lang::En) => "Difference (I−J)",
    };
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
