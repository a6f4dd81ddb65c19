//! The summary for the council, pages 1 and 2: the facts of the survey, the headline findings,
//! each part's score in words, the parts that need attention with what to do about them, and
//! the municipality's own explanation. Worded from `Results.summary` and `Results.about`; no
//! statistical notation.

use serde::Serialize;

use super::constructs::{light_class, light_word, mean_of};
use super::format::{date, number, opt};
use super::headlines::{self, list, without_source};
use crate::i18n::{fill, phrase, t};
use crate::ingest::excluded_rows;
use crate::lang::Lang;
use crate::results::{
    Basis, Coverage, Direction, ExclusionReason, Headline, Kind, Measure, Results, Who,
};

#[derive(Serialize)]
pub(super) struct SummaryView {
    date: Option<String>,
    facts: Vec<Fact>,
    headlines: Vec<HeadlineView>,
    reading: Vec<String>,
    parts: Vec<PartRow>,
    since: Option<String>,
    conditions: Vec<ConditionRow>,
    coverage: Option<String>,
    attention: Vec<AttentionView>,
    general_actions: Option<String>,
    commentary: Vec<Said>,
    /// The "Score (1–5)" head.
    score_head: String,
}

#[derive(Serialize)]
struct Fact {
    label: String,
    text: String,
}

#[derive(Serialize)]
struct HeadlineView {
    kind: &'static str,
    text: String,
}

#[derive(Serialize)]
struct PartRow {
    id: String,
    label: String,
    mean: String,
    agree: String,
    light: &'static str,
    verdict: String,
    change: Option<ChangeCell>,
}

#[derive(Serialize)]
struct ChangeCell {
    arrow: &'static str,
    class: &'static str,
    word: String,
    was: String,
}

#[derive(Serialize)]
struct ConditionRow {
    label: String,
    mean: String,
    level: String,
    favours: String,
}

#[derive(Serialize)]
struct AttentionView {
    id: String,
    text: String,
    quotes: Vec<String>,
    /// The municipality's explanation of this part.
    explanation: Option<String>,
    action: String,
    /// Whether `action` is the municipality's own.
    own: bool,
}

#[derive(Serialize)]
struct Said {
    label: Option<String>,
    text: String,
}

pub(super) fn summary(results: &Results, lang: Lang) -> SummaryView {
    let about = &results.about;
    let judged: Vec<&Measure> = constructs(results).filter(|m| judged(m)).collect();
    let attention = attention(results, lang);
    SummaryView {
        date: about
            .date
            .as_deref()
            .map(|d| fill("t.report_date", lang, &[("date", date(d, lang))])),
        facts: facts(results, lang),
        headlines: results
            .summary
            .headlines
            .iter()
            .filter(|h| !matches!(h, Headline::Attention { .. }))
            .map(|h| HeadlineView {
                kind: h.kind(),
                text: headlines::sentence(h, results, lang),
            })
            .collect(),
        reading: reading(results, &judged, lang),
        parts: judged.iter().map(|m| part_row(results, m, lang)).collect(),
        since: results
            .trend
            .as_ref()
            .and_then(|t| t.years.iter().rev().nth(1))
            .map(|y| format!("{} {y}", t("t.since", lang))),
        conditions: conditions(results, lang),
        coverage: coverage(results, lang),
        attention,
        general_actions: about.actions.general.clone(),
        commentary: commentary(results, lang),
        score_head: judged.first().map_or_else(String::new, |m| {
            fill(
                "t.score_range",
                lang,
                &[
                    ("min", m.scale.min.to_string()),
                    ("max", m.scale.max.to_string()),
                ],
            )
        }),
    }
}

fn constructs(results: &Results) -> impl Iterator<Item = &Measure> {
    results
        .measures
        .iter()
        .filter(|m| m.kind == Kind::Construct && m.scale.ordinal)
}

/// A construct with a verdict: not a Provan–Kenis condition.
fn judged(m: &Measure) -> bool {
    m.framework.as_ref().is_none_or(|f| f.pk.is_none())
}

fn facts(results: &Results, lang: Lang) -> Vec<Fact> {
    let about = &results.about;
    let mut out = vec![Fact {
        label: t("t.fact_response", lang).to_string(),
        text: response(results, lang),
    }];
    if let Some(f) = &about.fieldwork {
        out.push(Fact {
            label: t("t.fact_fieldwork", lang).to_string(),
            text: super::format::period(&f.from, &f.to, lang),
        });
    }
    if let Some(contact) = &about.contact {
        out.push(Fact {
            label: t("t.fact_contact", lang).to_string(),
            text: contact.clone(),
        });
    }
    out
}

/// "204 van de 340 uitgenodigden (60 %) tellen mee. 207 vragenlijsten ingevuld, 3 niet
/// meegeteld: …. Per groep: …."
fn response(results: &Results, lang: Lang) -> String {
    let r = &results.summary.response;
    let analysed = ("analysed", r.analysed.to_string());
    let mut out = match (r.invited, r.rate) {
        (Some(invited), Some(rate)) => fill(
            "t.response_rate",
            lang,
            &[
                analysed,
                ("invited", invited.to_string()),
                ("rate", number(rate, 0, lang)),
            ],
        ),
        _ => fill("t.response_plain", lang, &[analysed]),
    };
    let excluded = &results.respondents.excluded;
    if !excluded.is_empty() {
        out.push(' ');
        out.push_str(&fill(
            "t.response_returned",
            lang,
            &[
                ("returned", r.returned.to_string()),
                ("excluded", excluded_rows(excluded).to_string()),
                ("reasons", exclusion_counts(results, lang)),
            ],
        ));
    }
    if !r.groups.is_empty() {
        let groups: Vec<String> = r
            .groups
            .iter()
            .map(|g| {
                let group = ("group", g.label.get(lang).to_string());
                match g.rate.shown() {
                    Some(rate) => fill(
                        "t.group_rate",
                        lang,
                        &[group, ("rate", number(*rate, 0, lang))],
                    ),
                    None => fill("t.group_rate_hidden", lang, &[group]),
                }
            })
            .collect();
        out.push(' ');
        out.push_str(&fill(
            "t.response_by_group",
            lang,
            &[("list", groups.join(", "))],
        ));
    }
    out
}

/// The excluded rows counted by reason: "2 met te weinig antwoorden, 1 dubbel respondentnummer".
pub(super) fn exclusion_counts(results: &Results, lang: Lang) -> String {
    let mut counts: Vec<(&ExclusionReason, usize)> = Vec::new();
    for x in &results.respondents.excluded {
        let same = |r: &ExclusionReason| {
            std::mem::discriminant(r) == std::mem::discriminant(&x.reason)
                && reason_attribute(r) == reason_attribute(&x.reason)
        };
        match counts.iter_mut().find(|(r, _)| same(r)) {
            Some((_, n)) => *n += x.rows(),
            None => counts.push((&x.reason, x.rows())),
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    let parts: Vec<String> = counts
        .iter()
        .map(|(reason, n)| {
            let section = if *n == 1 {
                "excluded_one"
            } else {
                "excluded_many"
            };
            crate::i18n::phrase_with(section, reason, lang, &[("n", n.to_string())])
        })
        .collect();
    parts.join(", ")
}

fn reason_attribute(r: &ExclusionReason) -> Option<&str> {
    match r {
        ExclusionReason::MissingRequired { attribute }
        | ExclusionReason::Invalid { attribute, .. } => Some(attribute),
        _ => None,
    }
}

/// How to read the table: the scale in words, what "% eens" counts, the verdict's bands.
fn reading(results: &Results, judged: &[&Measure], lang: Lang) -> Vec<String> {
    let Some(m) = judged.first() else {
        return vec![];
    };
    let s = &m.scale;
    let point = |code: i64| {
        s.points
            .iter()
            .find(|p| p.code == code)
            .map_or_else(String::new, |p| p.label.get(lang).to_lowercase())
    };
    let mut out = vec![fill(
        "t.scale_words",
        lang,
        &[
            ("min", s.min.to_string()),
            ("min_label", point(s.min)),
            ("max", s.max.to_string()),
            ("max_label", point(s.max)),
        ],
    )];
    if let Some(a) = results.summary.parts.iter().find_map(|p| p.agree.as_ref()) {
        let labels: Vec<String> = a.codes.iter().map(|c| point(*c)).collect();
        out.push(fill(
            "t.agree_words",
            lang,
            &[("labels", labels.join(t("t.or", lang)))],
        ));
    }
    if let Some(th) = results
        .instrument
        .thresholds
        .iter()
        .find(|th| th.scale == s.id)
    {
        out.push(fill(
            "t.threshold",
            lang,
            &[
                ("amber", number(th.amber, 1, lang)),
                ("green", number(th.green, 1, lang)),
            ],
        ));
    }
    if results.trend.is_some() {
        out.push(t("t.colour_cue", lang).to_string());
    }
    out
}

fn part_row(results: &Results, m: &Measure, lang: Lang) -> PartRow {
    let agree = results.summary.agreement(&m.id);
    PartRow {
        id: m.id.clone(),
        label: m.label.get(lang).to_string(),
        mean: opt(mean_of(m.total.stats.as_ref()), 2, lang),
        agree: agree.map_or("–".into(), |a| {
            format!("{}\u{a0}%", number(a.percent, 0, lang))
        }),
        light: light_class(m.total.light),
        verdict: light_word(m.total.light, lang),
        change: change_cell(results, &m.id, lang),
    }
}

/// The total's change since last year in words, with last year's value.
fn change_cell(results: &Results, construct: &str, lang: Lang) -> Option<ChangeCell> {
    let c = results
        .trend
        .as_ref()?
        .constructs
        .iter()
        .find(|c| c.id == construct)?;
    let total = c.series.iter().find(|s| s.who == Who::Total)?;
    let before = total.years.iter().rev().nth(1)?.stats.shown()?.mean?;
    let change = c.changes.iter().find(|ch| ch.who == Who::Total)?;
    let direction = change.result.shown()?.run()?.direction;
    let (arrow, class, word) = match direction {
        Direction::Up => ("↑", "better", "change.better"),
        Direction::Down => ("↓", "worse", "change.worse"),
        Direction::Same => ("", "same", "change.same"),
    };
    Some(ChangeCell {
        arrow,
        class,
        word: t(word, lang).to_string(),
        was: fill("t.was", lang, &[("value", number(before, 2, lang))]),
    })
}

fn conditions(results: &Results, lang: Lang) -> Vec<ConditionRow> {
    let Some(fit) = &results.governance else {
        return vec![];
    };
    fit.contingencies
        .iter()
        .map(|c| {
            let level = c.level.map_or("–".into(), |l| phrase("level", &l, lang));
            // Trust's level is how widely it is shared, not its mean: say so beside it.
            let level = match (c.basis, &fit.trust_density) {
                (Basis::TrustDensity, Some(d)) if c.level.is_some() => fill(
                    "t.level_by_density",
                    lang,
                    &[
                        ("level", level),
                        ("share", number(100.0 * d.share, 0, lang)),
                    ],
                ),
                _ => level,
            };
            ConditionRow {
                label: without_source(c.label.get(lang)).to_string(),
                mean: opt(c.mean, 2, lang),
                level,
                favours: super::network::forms_text(&c.favours, lang),
            }
        })
        .collect()
}

/// The one note on groups too small to show, and whether the totals hold them.
fn coverage(results: &Results, lang: Lang) -> Option<String> {
    let hidden: Vec<&str> = results
        .respondents
        .groups
        .iter()
        .filter(|g| g.n.is_suppressed())
        .map(|g| g.label.get(lang))
        .collect();
    if hidden.is_empty() {
        return None;
    }
    let left_out = constructs(results).any(|m| m.total.covers == Coverage::ShownGroups);
    let key = if left_out {
        "t.coverage_out"
    } else {
        "t.coverage_in"
    };
    Some(fill(
        key,
        lang,
        &[
            (
                "groups",
                list(hidden.iter().map(|s| s.to_string()).collect(), lang),
            ),
            ("min_group", results.policy.min_group.to_string()),
        ],
    ))
}

/// Each part that needs attention, with what respondents wrote and what to do: the
/// municipality's own recommendation, or a question for the partners in Wilder's terms.
fn attention(results: &Results, lang: Lang) -> Vec<AttentionView> {
    let actions = &results.about.actions.parts;
    results
        .summary
        .headlines
        .iter()
        .filter_map(|h| match h {
            Headline::Attention {
                construct,
                quotes,
                red,
                ..
            } => {
                let own = actions.get(construct);
                let discuss = if *red {
                    let amber = headlines::amber(results, construct).unwrap_or(f64::NAN);
                    fill("t.discuss_red", lang, &[("amber", number(amber, 1, lang))])
                } else {
                    t("t.discuss_declined", lang).to_string()
                };
                Some(AttentionView {
                    explanation: results.about.commentary.parts.get(construct).cloned(),
                    id: construct.clone(),
                    text: headlines::sentence(h, results, lang),
                    quotes: quotes.clone(),
                    own: own.is_some(),
                    action: own.cloned().unwrap_or(discuss),
                })
            }
            _ => None,
        })
        .collect()
}

/// The municipality's explanation: about the whole, and of the parts that are not among the
/// points of attention (those carry theirs).
fn commentary(results: &Results, lang: Lang) -> Vec<Said> {
    let c = &results.about.commentary;
    let attention = |id: &str| {
        results
            .summary
            .headlines
            .iter()
            .any(|h| matches!(h, Headline::Attention { construct, .. } if construct == id))
    };
    let label = |id: &str| {
        results
            .measures
            .iter()
            .find(|m| m.id == id)
            .map_or_else(|| id.to_string(), |m| m.label.get(lang).to_string())
    };
    c.general
        .iter()
        .map(|text| Said {
            label: None,
            text: text.clone(),
        })
        .chain(
            c.parts
                .iter()
                .filter(|(id, _)| !attention(id))
                .map(|(id, text)| Said {
                    label: Some(label(id)),
                    text: text.clone(),
                }),
        )
        .collect()
}
