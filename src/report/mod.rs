//! The `report` stage: `Results` → index.html (self-contained), figures/*.png, results.json.
//! Numbers are formatted here, per language; the templates only place text.

mod charts;
mod findings;
pub mod format;
mod monitor_section;
mod network_charts;
mod network_section;
pub mod text;
mod trend_chart;

pub use findings::key_findings;

use std::path::{Path, PathBuf};

use base64::Engine;
use serde_json::{Value, json};

use crate::analyse::{Kind, Light, Measure, Results};
use crate::instrument::{Lang, pick};
use format::{df, number, opt, p_value};

const TEMPLATE: &str = include_str!("../../reports/templates/report.html.tera");
const CSS: &str = include_str!("../../reports/assets/report.css");
const TEMPLATE_NAME: &str = "report.html";

pub struct Options {
    pub out: PathBuf,
    /// A folder whose `report.html.tera` replaces the built-in template.
    pub templates: Option<PathBuf>,
    pub date: Option<String>,
    pub gemeente: Option<String>,
}

pub fn render(results: &Results, opts: &Options) -> anyhow::Result<()> {
    let figures = opts.out.join("figures");
    std::fs::create_dir_all(&figures)
        .map_err(|e| crate::unreadable(format!("{}: cannot create: {e}", figures.display())))?;
    let lang = results.lang;
    let constructs: Vec<&Measure> = results
        .measures
        .iter()
        .filter(|m| m.kind == Kind::Construct && m.scale.ordinal)
        .collect();
    let mut images = Images { dir: &figures };
    let heatmap = images.make("heatmap.png", |p| charts::heatmap(p, &constructs, lang))?;
    let profile = images.make("profiel.png", |p| charts::profile(p, &constructs, lang))?;
    let sections = constructs
        .iter()
        .map(|m| construct_section(results, m, &mut images))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let network = network_section::network(results, &mut images)?;
    let governance = network_section::governance(results, &mut images)?;
    let trend = monitor_section::trend(results, &mut images)?;
    let mut findings = monitor_section::change_findings(results);
    findings.extend(key_findings(results));
    let context = json!({
        "t": labels(lang),
        "lang": match lang { Lang::Nl => "nl", Lang::En => "en" },
        "css": CSS,
        "gemeente": opts.gemeente,
        "date": opts.date,
        "years": results.years.join(", "),
        "instrument": &results.instrument,
        "grouping": &results.grouping_label,
        "response": response(results),
        "summary": constructs.iter().map(|m| {
            let mut row = summary_row(m, lang);
            row["change"] = monitor_section::summary_change(results, &m.id);
            row
        }).collect::<Vec<_>>(),
        "change_since": results.trend.as_ref().and_then(|t| t.years.iter().rev().nth(1)),
        "thresholds": results.instrument.thresholds.iter().map(|t| threshold_text(t.amber, t.green, &t.scale_label, lang)).collect::<Vec<_>>(),
        "findings": findings,
        "trend": trend,
        "benchmark": monitor_section::benchmark(results),
        "heatmap": heatmap,
        "profile": profile,
        "constructs": sections,
        "nominal": results.measures.iter().filter(|m| !m.scale.ordinal).map(|m| nominal(m, lang)).collect::<Vec<_>>(),
        "network": network,
        "governance_fit": governance,
        "open": &results.open,
        "min_group": results.min_group,
        "min_answered": number(100.0 * results.respondents.min_answered, 0, lang),
        "excluded": &results.respondents.excluded,
        "data_findings": &results.findings,
    });
    let mut tera = tera::Tera::default();
    let template = match &opts.templates {
        Some(dir) => {
            let file = dir.join("report.html.tera");
            std::fs::read_to_string(&file)
                .map_err(|e| crate::unreadable(format!("{}: {e}", file.display())))?
        }
        None => TEMPLATE.to_string(),
    };
    tera.add_raw_template(TEMPLATE_NAME, &template)
        .map_err(|e| crate::unreadable(format!("report template: {e}")))?;
    let context = tera::Context::from_serialize(&context)
        .map_err(|e| anyhow::anyhow!("report context: {e}"))?;
    let html = tera
        .render(TEMPLATE_NAME, &context)
        .map_err(|e| anyhow::anyhow!("rendering the report: {e:?}"))?;
    write(&opts.out.join("index.html"), html.as_bytes())?;
    write(
        &opts.out.join("results.json"),
        serde_json::to_string_pretty(results)?.as_bytes(),
    )?;
    Ok(())
}

fn write(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::write(path, bytes)
        .map_err(|e| crate::unreadable(format!("{}: cannot write: {e}", path.display())))
}

/// Charts written to figures/ and embedded as data URIs.
pub(super) struct Images<'a> {
    dir: &'a Path,
}

impl Images<'_> {
    pub(super) fn make(
        &mut self,
        name: &str,
        draw: impl FnOnce(&Path) -> anyhow::Result<()>,
    ) -> anyhow::Result<Value> {
        let path = self.dir.join(name);
        // A chart with nothing to show writes no file; an old one must not stand in for it.
        let _ = std::fs::remove_file(&path);
        draw(&path)?;
        if !path.exists() {
            return Ok(Value::Null);
        }
        let bytes = std::fs::read(&path)?;
        let uri = format!(
            "data:image/png;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        );
        Ok(json!({ "uri": uri, "file": format!("figures/{name}") }))
    }
}

fn light_word(light: Option<Light>, lang: Lang) -> &'static str {
    match light {
        Some(Light::Red) => pick(lang, "rood", "red"),
        Some(Light::Amber) => pick(lang, "oranje", "amber"),
        Some(Light::Green) => pick(lang, "groen", "green"),
        None => "",
    }
}

fn light_class(light: Option<Light>) -> &'static str {
    match light {
        Some(Light::Red) => "red",
        Some(Light::Amber) => "amber",
        Some(Light::Green) => "green",
        None => "none",
    }
}

fn threshold_text(amber: f64, green: f64, scale: &str, lang: Lang) -> String {
    let (a, g) = (number(amber, 1, lang), number(green, 1, lang));
    match lang {
        Lang::Nl => format!("{scale}: rood onder {a}, oranje van {a} tot {g}, groen vanaf {g}."),
        Lang::En => format!("{scale}: red below {a}, amber from {a} to {g}, green from {g}."),
    }
}

fn response(r: &Results) -> Value {
    let lang = r.lang;
    json!({
        "read": r.respondents.read,
        "analysed": r.respondents.analysed,
        "excluded": r.respondents.excluded.len(),
        "groups": r.respondents.by_group.iter().map(|g| json!({
            "label": g.label,
            "n": g.n.map_or_else(|| format!("< {}", r.min_group), |n| n.to_string()),
            "suppressed": g.suppressed,
        })).collect::<Vec<_>>(),
        "rule": match lang {
            Lang::Nl => format!("Respondenten die minder dan {}% van de vragen beantwoordden, tellen niet mee.", number(100.0 * r.respondents.min_answered, 0, lang)),
            Lang::En => format!("Respondents who answered fewer than {}% of the questions are not counted.", number(100.0 * r.respondents.min_answered, 0, lang)),
        },
    })
}

fn summary_row(m: &Measure, lang: Lang) -> Value {
    json!({
        "id": m.id,
        "label": m.label,
        "mean": opt(m.overall.stats.mean, 2, lang),
        "n": m.overall.stats.n,
        "light": light_class(m.overall.light),
        "light_word": light_word(m.overall.light, lang),
        "alpha": m.reliability.as_ref().and_then(|r| r.alpha).map(|a| number(a, 2, lang)),
        "p": m.anova.as_ref().map(|a| p_value(a.p_holm.unwrap_or(a.p), lang)),
    })
}

fn construct_section(results: &Results, m: &Measure, images: &mut Images) -> anyhow::Result<Value> {
    let lang = results.lang;
    let bands = results
        .instrument
        .thresholds
        .iter()
        .find(|t| t.scale == m.scale.id && m.overall.light.is_some())
        .map(|t| (t.amber, t.green));
    let means = images.make(&format!("{}-gemiddelden.png", m.id), |p| {
        charts::means(p, m, bands, lang)
    })?;
    let items: Vec<&Measure> = results
        .measures
        .iter()
        .filter(|i| i.kind == Kind::Item && i.construct.as_deref() == Some(m.id.as_str()))
        .collect();
    let likert = images.make(&format!("{}-items.png", m.id), |p| {
        charts::likert(p, &items)
    })?;
    let dimensions: Vec<Value> = results
        .measures
        .iter()
        .filter(|d| d.kind == Kind::Dimension && d.construct.as_deref() == Some(m.id.as_str()))
        .map(|d| json!({ "label": d.label, "mean": opt(d.overall.stats.mean, 2, lang), "rows": group_rows(d, lang) }))
        .collect();
    Ok(json!({
        "id": m.id,
        "label": m.label,
        "mean": opt(m.overall.stats.mean, 2, lang),
        "light": light_class(m.overall.light),
        "light_word": light_word(m.overall.light, lang),
        "framework": framework_text(m, lang),
        "alpha": m.reliability.as_ref().map(|r| json!({
            "value": opt(r.alpha, 2, lang),
            "items": r.items,
            "n": r.n,
            "note": r.note,
        })),
        "rows": group_rows(m, lang),
        "tests": tests(m, lang),
        "posthoc": posthoc_rows(m, lang),
        "notes": m.notes,
        "means_chart": means,
        "items_chart": likert,
        "points": m.scale.points.iter().map(|(_, label)| label).collect::<Vec<_>>(),
        "dimensions": dimensions,
        "items": items.iter().map(|i| item_row(i, lang)).collect::<Vec<_>>(),
    }))
}

fn framework_text(m: &Measure, lang: Lang) -> String {
    use crate::instrument::{EnbComponent as E, KkVariable as K, PkContingency as P};
    let Some(f) = &m.framework else {
        return String::new();
    };
    let mut parts = Vec::new();
    if let Some(e) = f.enb {
        let name = match e {
            E::PrincipledEngagement => {
                pick(lang, "principiële betrokkenheid", "principled engagement")
            }
            E::SharedMotivation => pick(lang, "gedeelde motivatie", "shared motivation"),
            E::CapacityForJointAction => pick(
                lang,
                "vermogen tot gezamenlijk handelen",
                "capacity for joint action",
            ),
            E::SystemContext => pick(lang, "systeemcontext", "system context"),
            E::Outcomes => pick(lang, "uitkomsten", "outcomes"),
        };
        parts.push(format!("Emerson, Nabatchi & Balogh: {name}"));
    }
    if let Some(p) = f.pk {
        let name = match p {
            P::Trust => pick(lang, "vertrouwen", "trust"),
            P::Participants => pick(lang, "aantal deelnemers", "number of participants"),
            P::GoalConsensus => pick(lang, "doelconsensus", "goal consensus"),
            P::Competencies => pick(
                lang,
                "behoefte aan netwerkcompetenties",
                "need for network-level competencies",
            ),
            P::GovernanceForm => pick(lang, "bestuursvorm", "governance form"),
        };
        parts.push(format!("Provan & Kenis: {name}"));
    }
    if let Some(k) = f.kk {
        let name = match k {
            K::Process => pick(lang, "procesvariabele", "process variable"),
            K::Structure => pick(lang, "structuurvariabele", "structure variable"),
        };
        parts.push(format!("Klijn & Koppenjan: {name}"));
    }
    parts.join(" · ")
}

fn group_rows(m: &Measure, lang: Lang) -> Vec<Value> {
    let row =
        |label: &str, s: Option<&crate::analyse::Descriptives>, suppressed: bool, total: bool| {
            json!({
                "label": label,
                "suppressed": suppressed,
                "total": total,
                "n": s.map(|s| s.n),
                "min": s.map(|s| opt(s.min, 2, lang)),
                "max": s.map(|s| opt(s.max, 2, lang)),
                "mean": s.map(|s| opt(s.mean, 2, lang)),
                "sd": s.map(|s| opt(s.sd, 2, lang)),
            })
        };
    m.groups
        .iter()
        .filter(|g| g.suppressed || g.stats.as_ref().is_some_and(|s| s.n > 0))
        .map(|g| row(&g.label, g.stats.as_ref(), g.suppressed, false))
        .chain(std::iter::once(row(
            pick(lang, "Totaal", "Total"),
            Some(&m.overall.stats),
            false,
            true,
        )))
        .collect()
}

fn tests(m: &Measure, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(a) = &m.anova {
        let adjusted = a
            .p_holm
            .map(|p| format!(", p<sub>Holm</sub> = {}", p_value(p, lang)))
            .unwrap_or_default();
        out.push(format!(
            "ANOVA: F({}, {}) = {}, p = {}{adjusted}; η² = {}, ω² = {}",
            df(a.df1, lang),
            df(a.df2, lang),
            number(a.f, 2, lang),
            p_value(a.p, lang),
            number(a.eta_sq, 3, lang),
            number(a.omega_sq, 3, lang)
        ));
    }
    if let Some(w) = &m.welch {
        out.push(format!(
            "Welch: F({}, {}) = {}, p = {}",
            df(w.df1, lang),
            df(w.df2, lang),
            number(w.f, 2, lang),
            p_value(w.p, lang)
        ));
    }
    if let Some(l) = &m.levene {
        out.push(format!(
            "Levene: F({}, {}) = {}, p = {}",
            df(l.df1, lang),
            df(l.df2, lang),
            number(l.f, 2, lang),
            p_value(l.p, lang)
        ));
    }
    if let Some(k) = &m.kruskal {
        out.push(format!(
            "Kruskal–Wallis: H({}) = {}, p = {}",
            df(k.df, lang),
            number(k.h, 2, lang),
            p_value(k.p, lang)
        ));
    }
    out
}

/// Bonferroni (as SPSS, the evaluators' convention) beside Games–Howell (robust to unequal
/// variances), per pair.
fn posthoc_rows(m: &Measure, lang: Lang) -> Vec<Value> {
    let Some(ph) = &m.posthoc else { return vec![] };
    let (Some(bonf), Some(gh)) = (&ph.bonferroni, &ph.games_howell) else {
        return vec![];
    };
    let label = |code: &str| {
        m.groups
            .iter()
            .find(|g| g.group == code)
            .map_or(code.to_string(), |g| g.label.clone())
    };
    bonf.iter()
        .zip(gh)
        .map(|(b, g)| {
            json!({
                "a": label(&b.a),
                "b": label(&b.b),
                "diff": number(b.diff, 2, lang),
                "p_bonferroni": p_value(b.p, lang),
                "p_games_howell": p_value(g.p, lang),
                "significant": b.p < 0.05 || g.p < 0.05,
            })
        })
        .collect()
}

fn item_row(m: &Measure, lang: Lang) -> Value {
    json!({
        "id": m.id,
        "text": m.text,
        "reversed": m.reversed,
        "n": m.overall.stats.n,
        "mean": opt(m.overall.stats.mean, 2, lang),
        "sd": opt(m.overall.stats.sd, 2, lang),
        "missing": m.overall.frequencies.as_ref().map(|f| f.missing),
        "counts": m.overall.frequencies.as_ref().map(|f| f.counts.iter().map(|c| json!({
            "label": c.label, "n": c.n, "percent": number(c.percent, 0, lang),
        })).collect::<Vec<_>>()),
    })
}

fn nominal(m: &Measure, lang: Lang) -> Value {
    json!({
        "label": m.text.clone().unwrap_or_else(|| m.label.clone()),
        "n": m.overall.stats.n,
        "counts": m.overall.frequencies.as_ref().map(|f| f.counts.iter().map(|c| json!({
            "label": c.label, "n": c.n, "percent": number(c.percent, 0, lang),
        })).collect::<Vec<_>>()),
        "groups": m.groups.iter().map(|g| json!({
            "label": g.label,
            "suppressed": g.suppressed,
            "counts": g.frequencies.as_ref().map(|f| f.counts.iter().map(|c| c.n).collect::<Vec<_>>()),
        })).collect::<Vec<_>>(),
    })
}

/// The report's fixed words, per language.
fn labels(lang: Lang) -> Value {
    let pairs: &[(&str, &str, &str)] = &[
        ("report", "Samenwerkingsmonitor", "Collaboration monitor"),
        ("instrument", "Vragenlijst", "Instrument"),
        ("response", "Respons", "Response"),
        ("read", "Ingelezen", "Read"),
        ("analysed", "Geanalyseerd", "Analysed"),
        ("excluded", "Uitgesloten", "Excluded"),
        (
            "summary",
            "Samenvatting voor de raad",
            "Summary for the council",
        ),
        ("key_findings", "Belangrijkste bevindingen", "Key findings"),
        ("construct", "Onderdeel", "Construct"),
        ("score", "Score", "Score"),
        ("light", "Beoordeling", "Rating"),
        ("reliability", "Betrouwbaarheid (α)", "Reliability (α)"),
        (
            "difference",
            "Verschil tussen groepen (p, Holm)",
            "Difference between groups (p, Holm)",
        ),
        ("thresholds", "Drempels", "Thresholds"),
        ("overview", "Overzicht per groep", "Overview by group"),
        (
            "heatmap_caption",
            "Gemiddelde score per onderdeel en groep. Kleur: beoordeling volgens de drempels; grijs: niet getoond (te weinig respondenten).",
            "Mean score per construct and group. Colour: rating by the thresholds; grey: not shown (too few respondents).",
        ),
        (
            "profile_caption",
            "Profiel: de gemiddelden van elke groep over alle onderdelen.",
            "Profile: each group's means across all constructs.",
        ),
        ("group", "Groep", "Group"),
        ("mean", "Gemiddelde", "Mean"),
        ("sd", "SD", "SD"),
        ("min", "Min", "Min"),
        ("max", "Max", "Max"),
        ("suppressed", "niet getoond", "not shown"),
        ("tests", "Toetsen", "Tests"),
        (
            "posthoc",
            "Paarsgewijze vergelijkingen",
            "Pairwise comparisons",
        ),
        ("pair", "Groepen", "Groups"),
        ("diff", "Verschil", "Difference"),
        ("items", "Vragen", "Questions"),
        ("question", "Vraag", "Question"),
        ("reversed", "omgekeerd gescoord", "reverse scored"),
        ("missing", "geen antwoord", "no answer"),
        (
            "means_caption",
            "Gemiddelde met 95%-betrouwbaarheidsinterval per groep.",
            "Mean with 95% confidence interval per group.",
        ),
        (
            "items_caption",
            "Antwoorden per vraag: oneens links, eens rechts, neutraal in het midden.",
            "Answers per question: disagreement left, agreement right, neutral centred.",
        ),
        ("dimensions", "Dimensies", "Dimensions"),
        (
            "governance",
            "Bestuursvorm en context (Provan & Kenis)",
            "Governance form and context (Provan & Kenis)",
        ),
        (
            "network",
            "Samenwerking tussen partners",
            "Collaboration between partners",
        ),
        (
            "network_intro",
            "Elke respondent beoordeelde per partner hoe ver de samenwerking gaat, het vertrouwen en de waarde. Rijen: wie beoordeelt; kolommen: wie wordt beoordeeld. Grijs: te weinig antwoorden om te tonen.",
            "Each respondent rated, per partner, how far the collaboration goes, trust and value. Rows: who rates; columns: who is rated. Grey: too few answers to show.",
        ),
        (
            "gaps",
            "Hoe zien partners elkaar?",
            "How do partners see each other?",
        ),
        (
            "gaps_intro",
            "Per paar: hoe groep A de samenwerking met B beoordeelt, en hoe B die met A beoordeelt. Een verschil dat na Holm-correctie significant is (p < 0,05), heet asymmetrisch: de twee kanten ervaren de samenwerking anders.",
            "Per pair: how group A rates its collaboration with B, and how B rates it with A. A difference significant after Holm's correction (p < 0.05) is called asymmetric: the two sides experience the collaboration differently.",
        ),
        ("a_about_b", "A over B", "A about B"),
        ("b_about_a", "B over A", "B about A"),
        ("asymmetric", "asymmetrisch", "asymmetric"),
        (
            "graph",
            "Netwerk van organisaties",
            "Network of organisations",
        ),
        (
            "graph_intro",
            "Een lijn tussen twee organisaties betekent dat iemand van de ene de samenwerking met de andere op de ladder plaatste (\"geen contact\" telt niet); hoe dikker, hoe intensiever gemiddeld. Grotere stippen hebben meer verbindingen. De organisaties staan op een cirkel, gegroepeerd per type; hun plaats zegt verder niets.",
            "A line between two organisations means someone from one placed the collaboration with the other on the ladder (\"no contact\" does not count); the thicker, the more intensive on average. Larger dots have more ties. Organisations sit on a circle grouped by type; their position means nothing else.",
        ),
        ("organisations", "Organisaties", "Organisations"),
        ("ties", "Verbindingen", "Ties"),
        ("density", "Dichtheid", "Density"),
        ("weighted_density", "Gewogen dichtheid", "Weighted density"),
        (
            "centralisation",
            "Centralisatie (graad)",
            "Degree centralisation",
        ),
        ("organisation", "Organisatie", "Organisation"),
        ("degree", "Verbindingen", "Ties"),
        ("strength", "Som intensiteit", "Sum of intensity"),
        ("betweenness", "Tussenpositie", "Betweenness"),
        (
            "graph_measures",
            "Dichtheid: het deel van alle mogelijke verbindingen dat er is. Gewogen dichtheid: hetzelfde, gewogen naar intensiteit (1 = iedereen werkt met iedereen op de hoogste trede). Centralisatie: 1 als één organisatie met iedereen verbonden is en de rest alleen met haar, 0 als iedereen even veel verbindingen heeft. Tussenpositie: het deel van de kortste wegen tussen andere organisaties dat via deze loopt (genormaliseerd, 0–1).",
            "Density: the share of all possible ties that exist. Weighted density: the same, weighted by intensity (1 = everyone works with everyone on the highest step). Centralisation: 1 when one organisation is tied to all others and they only to it, 0 when all have as many ties. Betweenness: the share of shortest paths between other organisations that pass through this one (normalised, 0–1).",
        ),
        (
            "unmatched",
            "respondenten noemden een organisatie die niet in de lijst staat; hun antwoorden tellen niet mee in het netwerk",
            "respondents named an organisation that is not on the list; their answers are not in the network",
        ),
        (
            "fit",
            "Past de bestuursvorm? (Provan & Kenis)",
            "Does the governance form fit? (Provan & Kenis)",
        ),
        (
            "fit_intro",
            "Provan & Kenis (2008) noemen vier omstandigheden die bepalen welke bestuursvorm een netwerk effectief maakt: vertrouwen, aantal deelnemers, doelconsensus en behoefte aan netwerksturing. Elke omstandigheid wordt ingedeeld als laag, midden of hoog (onderste, middelste of bovenste derde van de schaal) en wijst op de vorm die bij dat niveau past. Dit is een eigen indicator van verband, gebouwd op hun proposities; het is geen gevalideerde schaal.",
            "Provan & Kenis (2008) name four conditions that decide which governance form makes a network effective: trust, number of participants, goal consensus and need for network-level competencies. Each is classed low, moderate or high (bottom, middle or top third of the scale) and points to the form that fits that level. This is verband's own indicator, built on their propositions; it is not a validated scale.",
        ),
        ("condition", "Omstandigheid", "Condition"),
        (
            "perceived_by_group",
            "Welke bestuursvorm zien de groepen nu?",
            "Which governance form do the groups see now?",
        ),
        ("level", "Niveau", "Level"),
        ("basis", "Gemeten als", "Measured as"),
        ("favours", "Wijst op", "Points to"),
        (
            "trend",
            "Ontwikkeling door de jaren",
            "Change over the years",
        ),
        (
            "trend_intro",
            "Per onderdeel de verandering sinds vorig jaar, voor alle respondenten en per groep. ↑ beter, ↓ slechter, → geen aantoonbaar verschil (Welch-t, Holm-gecorrigeerd over de onderdelen, p < 0,05). Bij de omstandigheden van Provan & Kenis is hoger niet beter of slechter. g: Hedges' g, de effectgrootte (0,2 klein, 0,5 middel, 0,8 groot).",
            "Per construct the change since last year, for all respondents and per group. ↑ better, ↓ worse, → no demonstrable difference (Welch t, Holm-adjusted over the constructs, p < 0.05). For the Provan & Kenis conditions higher is neither better nor worse. g: Hedges' g, the effect size (0.2 small, 0.5 medium, 0.8 large).",
        ),
        (
            "trend_caption",
            "Gemiddelde per jaar met 95%-betrouwbaarheidsinterval, alle respondenten; alle panelen hebben dezelfde as.",
            "Mean per year with 95% confidence interval, all respondents; all panels share one axis.",
        ),
        ("total", "Totaal", "Total"),
        ("since", "Sinds", "Since"),
        ("trend_groups", "Verandering per groep", "Change per group"),
        (
            "trend_groups_note",
            "–: te weinig respondenten in een van beide jaren.",
            "–: too few respondents in one of the two years.",
        ),
        (
            "benchmark",
            "Vergeleken met andere gemeenten",
            "Compared with other municipalities",
        ),
        (
            "benchmark_intro",
            "Het gemiddelde van deze gemeente naast dat van de respondenten uit de andere gemeenten samen (Welch-t, Holm-gecorrigeerd). Andere gemeenten worden nooit afzonderlijk getoond, en de vergelijkingsgroep alleen als die uit minstens twee gemeenten bestaat.",
            "This municipality's mean next to that of the respondents of the other municipalities together (Welch t, Holm-adjusted). Other municipalities are never shown separately, and the pool only when it holds at least two.",
        ),
        ("others", "Andere gemeenten", "Other municipalities"),
        ("open", "Open antwoorden", "Open answers"),
        (
            "open_suppressed",
            "niet getoond: minder respondenten dan de ondergrens",
            "not shown: fewer respondents than the minimum",
        ),
        ("method", "Verantwoording", "Method"),
        ("sources", "Bronnen", "Sources"),
        (
            "conventions",
            "Statistische keuzes",
            "Statistical conventions",
        ),
        (
            "disclosure",
            "Bescherming van respondenten",
            "Protecting respondents",
        ),
        ("exclusions", "Uitgesloten rijen", "Excluded rows"),
        ("file", "Bestand", "File"),
        ("row", "Rij", "Row"),
        ("reason", "Reden", "Reason"),
        (
            "data_findings",
            "Opmerkingen bij de invoer",
            "Notes on the input",
        ),
        ("notes", "Let op", "Note"),
        ("none", "geen", "none"),
    ];
    let mut map = serde_json::Map::new();
    for (key, nl, en) in pairs {
        map.insert((*key).into(), Value::String(pick(lang, nl, en).into()));
    }
    map.insert(
        "conventions_two_groups".into(),
        Value::String(pick(lang, TWO_GROUPS_NL, TWO_GROUPS_EN).into()),
    );
    map.insert(
        "conventions_text".into(),
        Value::String(pick(lang, CONVENTIONS_NL, CONVENTIONS_EN).into()),
    );
    Value::Object(map)
}

const CONVENTIONS_NL: &str = "Scores zijn het gemiddelde van de geldige antwoorden op de vragen van een onderdeel, na omkeren van negatief geformuleerde vragen; \"weet niet\" en \"n.v.t.\" tellen als ontbrekend, niet als nul. SD is de steekproef-SD (n − 1), zoals SPSS die geeft. Groepen worden vergeleken met de klassieke one-way ANOVA (SPSS ONEWAY) en met Welch' F, die geen gelijke varianties veronderstelt; Levene's toets (rond het gemiddelde, zoals SPSS) toetst die gelijkheid. Paarsgewijze vergelijkingen: Bonferroni zoals SPSS (gepoolde MS binnen, df = N − k, p × aantal paren, maximaal 1) en Games–Howell (studentized range met Welch-df). Kruskal–Wallis (met correctie voor knopen) is de rangtoets ernaast. Omdat er veel onderdelen worden getoetst, staat bij elk onderdeel ook de p-waarde na Holm-correctie; een verschil heet alleen significant als die onder 0,05 ligt. Effectgrootte: η² en ω² (ω² kan negatief zijn; dat betekent: geen verschil). Betrouwbaarheid: Cronbachs α op de respondenten die alle vragen van het onderdeel beantwoordden. Sommen van kwadraten worden in twee stappen rond de groepsgemiddelden berekend; p-waarden komen uit de bovenstaart van de verdeling.";
const CONVENTIONS_EN: &str = "Scores are the mean of the valid answers to a construct's questions, after reversing negatively worded questions; \"don't know\" and \"not applicable\" count as missing, not as zero. SD is the sample SD (n − 1), as SPSS reports it. Groups are compared with the classic one-way ANOVA (SPSS ONEWAY) and with Welch's F, which does not assume equal variances; Levene's test (centred on the mean, as SPSS) tests that equality. Pairwise comparisons: Bonferroni as SPSS (pooled MS within, df = N − k, p × number of pairs, capped at 1) and Games–Howell (studentized range with Welch df). Kruskal–Wallis (tie-corrected) is the rank test beside them. Because many constructs are tested, each also shows its p-value after Holm's correction; a difference is called significant only when that is below 0.05. Effect sizes: η² and ω² (ω² can be negative, meaning no difference). Reliability: Cronbach's α on the respondents who answered every question of the construct. Sums of squares are computed in two passes around the group means; p-values come from the upper tail of the distribution.";

const TWO_GROUPS_NL: &str = "Twee groepen (dit jaar tegen vorig jaar, deze gemeente tegen de andere, hoe A over B oordeelt tegen hoe B over A oordeelt) worden vergeleken met Welch' t-toets, die geen gelijke varianties veronderstelt. Holm-correctie geldt per familie: over de onderdelen, apart voor het totaal en voor elke groep (ontwikkeling), over de onderdelen (vergelijking met andere gemeenten), en over de paren van een vraag (hoe partners elkaar zien). Effectgrootte: Hedges' g, het verschil gedeeld door de gepoolde SD met de exacte correctie voor kleine steekproeven. Het totaal van elk jaar bevat dezelfde groepen: een groep die in een jaar te klein was om af te schermen, telt in geen enkel jaar mee. Netwerkmaten: dichtheid en gewogen dichtheid over alle paren organisaties, Freemans centralisatie op graad, tussenpositie (betweenness) op de ongewogen verbindingen, genormaliseerd zoals networkx.";
const TWO_GROUPS_EN: &str = "Two groups (this year against last year, this municipality against the others, how A rates B against how B rates A) are compared with Welch's t-test, which does not assume equal variances. Holm's correction applies per family: over the constructs, separately for the total and for each group (change over the years), over the constructs (comparison with other municipalities), and over the pairs of a question (how partners see each other). Effect size: Hedges' g, the difference over the pooled SD with the exact small-sample correction. Each year's total holds the same groups: a group too small to shield in any year counts in none. Network measures: density and weighted density over all pairs of organisations, Freeman's degree centralisation, and betweenness on the unweighted ties, normalised as networkx does.";
