//! Issue 16: the summary for the council. Its headlines follow from results.json, kind by kind;
//! its own numbers (% agree, response rates) match a pandas reference; it holds no statistical
//! notation; each language is that language throughout; and nothing in the report folder names
//! a respondent or an absolute path.

use std::path::Path;

use serde_json::Value;
use verband::results::{Direction, Headline, Kind, Light, Results, Who};

use crate::common::{example, read_results, root, verband};

fn html(out: &Path) -> String {
    std::fs::read_to_string(out.join("index.html")).unwrap()
}

/// The text of an element's inside, tags removed, `<blockquote>`s (respondents' own words)
/// left out.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        out.push(' ');
        let tag = &rest[at..];
        let skip = if tag.starts_with("<blockquote") {
            tag.find("</blockquote>").map(|e| e + 13)
        } else if tag.starts_with("<style") {
            tag.find("</style>").map(|e| e + 8)
        } else {
            tag.find('>').map(|e| e + 1)
        };
        rest = &tag[skip.unwrap_or(tag.len())..];
    }
    out.push_str(rest);
    out.replace("&#x27;", "'").replace("&amp;", "&")
}

/// The summary section of a page.
fn summary_section(html: &str) -> &str {
    let start = html
        .find("<section id=\"samenvatting\"")
        .expect("a summary");
    let end = start + html[start..].find("</section>").expect("its end");
    &html[start..end]
}

fn kinds(results: &Results) -> Vec<&'static str> {
    results
        .summary
        .headlines
        .iter()
        .map(Headline::kind)
        .collect()
}

/// Each kind of headline is there exactly when results.json holds such a finding, it picks the
/// finding the issue names (the largest difference, the largest asymmetry), and the page words
/// each one in the summary.
/// The headline kinds the bundled example and the monitor fixture can hold.
const KINDS: [&str; 6] = [
    "change",
    "benchmark",
    "group_difference",
    "partner_asymmetry",
    "governance_fit",
    "attention",
];

#[test]
fn each_kind_of_headline_appears_when_the_results_hold_it() {
    let out = example("nl");
    let r = read_results(out);
    let page = html(out);
    let summary = summary_section(&page);
    let kinds = kinds(&r);
    for kind in KINDS {
        let expected = holds(&r, kind);
        assert!(expected > 0, "the example holds a {kind} finding");
        let found = kinds.iter().filter(|k| **k == kind).count();
        assert_eq!(found, expected, "{kind} headlines");
        let on_page = summary
            .matches(&format!("data-headline=\"{kind}\""))
            .count();
        assert_eq!(on_page, expected, "{kind} sentences in the summary");
    }
    check_choices(&r);
}

/// How many headlines of a kind the results call for, decided from the results themselves.
fn holds(r: &Results, kind: &str) -> usize {
    let judged = |m: &&verband::results::Measure| {
        m.kind == Kind::Construct && m.framework.as_ref().is_none_or(|f| f.pk.is_none())
    };
    let total_change = |id: &str| {
        let c = r.trend.as_ref()?.constructs.iter().find(|c| c.id == id)?;
        let ch = c.changes.iter().find(|ch| ch.who == Who::Total)?;
        Some(ch.result.shown()?.run()?.direction)
    };
    match kind {
        "change" => usize::from(r.trend.as_ref().is_some_and(|t| {
            t.constructs
                .iter()
                .any(|c| c.judged && total_change(&c.id).is_some())
        })),
        "benchmark" => usize::from(r.benchmark.as_ref().is_some_and(|b| {
            b.rows.iter().any(|row| {
                row.judged
                    && row
                        .result
                        .shown()
                        .is_some_and(|s| s.comparison.run().is_some())
            })
        })),
        "group_difference" => usize::from(r.measures.iter().any(|m| {
            m.kind == Kind::Construct
                && m.tests.as_ref().is_some_and(|t| {
                    t.anova_adjusted.as_ref().is_some_and(|a| a.differs)
                        && t.posthoc.as_ref().is_some_and(|p| !p.differing.is_empty())
                })
        })),
        "partner_asymmetry" => usize::from(r.network.as_ref().is_some_and(|n| {
            n.blocks.iter().flat_map(|b| &b.gaps).any(|g| {
                g.result
                    .shown()
                    .and_then(|s| s.comparison.run())
                    .is_some_and(|c| c.direction != Direction::Same)
            })
        })),
        "governance_fit" => usize::from(
            r.governance
                .as_ref()
                .is_some_and(|g| !g.predicted.is_empty()),
        ),
        "attention" => r
            .measures
            .iter()
            .filter(judged)
            .filter(|m| {
                m.total.light == Some(Light::Red) || total_change(&m.id) == Some(Direction::Down)
            })
            .count(),
        _ => unreachable!(),
    }
}

/// The largest group difference and the largest asymmetry are the largest, and every changed
/// or differing part is named.
fn check_choices(r: &Results) {
    for h in &r.summary.headlines {
        match h {
            Headline::GroupDifference { high, low, .. } => {
                let widest = r
                    .measures
                    .iter()
                    .filter_map(|m| Some((m, m.tests.as_ref()?)))
                    .filter(|(_, t)| t.anova_adjusted.as_ref().is_some_and(|a| a.differs))
                    .flat_map(|(m, t)| {
                        let mean = move |g: &str| {
                            m.groups
                                .iter()
                                .find(|x| x.group == g)?
                                .summary
                                .shown()?
                                .stats
                                .as_ref()?
                                .mean
                        };
                        t.posthoc
                            .iter()
                            .flat_map(|p| &p.differing)
                            .filter_map(move |[a, b]| Some((mean(a)? - mean(b)?).abs()))
                    })
                    .fold(0.0, f64::max);
                assert!(
                    (high.mean - low.mean - widest).abs() < 1e-12,
                    "not the widest pair"
                );
            }
            Headline::PartnerAsymmetry { hedges_g, .. } => {
                let largest = r
                    .network
                    .iter()
                    .flat_map(|n| &n.blocks)
                    .flat_map(|b| &b.gaps)
                    .filter_map(|g| g.result.shown()?.comparison.run())
                    .filter(|c| c.direction != Direction::Same)
                    .map(|c| c.test.hedges_g.abs())
                    .fold(0.0, f64::max);
                assert_eq!(hedges_g.abs(), largest, "not the largest asymmetry");
            }
            Headline::Change { better, worse, .. } => {
                let trend = r.trend.as_ref().unwrap();
                for c in trend.constructs.iter().filter(|c| c.judged) {
                    let d = c.changes[0]
                        .result
                        .shown()
                        .and_then(|o| o.run())
                        .map(|x| x.direction);
                    assert_eq!(
                        d == Some(Direction::Up),
                        better.iter().any(|m| m.construct == c.id),
                        "{}",
                        c.id
                    );
                    assert_eq!(
                        d == Some(Direction::Down),
                        worse.iter().any(|m| m.construct == c.id),
                        "{}",
                        c.id
                    );
                }
            }
            Headline::Attention { quotes, .. } => assert!(quotes.len() <= 2),
            _ => {}
        }
    }
}

/// A monitor without a network, governance form or group differences says nothing of them.
#[test]
fn a_run_without_such_findings_has_no_such_headlines() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let run = verband(&[
        "report",
        "--quiet",
        "--config",
        "tests/fixtures/monitor/verband.toml",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r = read_results(&out);
    let summary = summary_section(&html(&out)).to_string();
    for kind in KINDS {
        let expected = holds(&r, kind);
        let found = kinds(&r).iter().filter(|k| **k == kind).count();
        assert_eq!(found, expected, "{kind}");
        let on_page = summary
            .matches(&format!("data-headline=\"{kind}\""))
            .count();
        assert_eq!(on_page, expected, "{kind} on the page");
    }
    assert!(r.network.is_none() && r.governance.is_none());
}

/// "% eens" and the response rates against tests/fixtures/summary/expected_summary.json
/// (make_summary.py, pandas), to 1e-9.
#[test]
fn agreement_and_response_rates_match_the_pandas_reference() {
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/fixtures/summary/expected_summary.json"))
            .unwrap(),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let from = root().join("tests/fixtures/monitor");
    for name in ["v1.toml", "v2.toml", "y2024.csv", "y2025.csv", "regio.csv"] {
        std::fs::copy(from.join(name), dir.path().join(name)).unwrap();
    }
    let mut config = std::fs::read_to_string(from.join("verband.toml")).unwrap();
    config.push_str("\n[invited]\n");
    for (group, n) in expected["invited"].as_object().unwrap() {
        config.push_str(&format!("{group} = {n}\n"));
    }
    std::fs::write(dir.path().join("verband.toml"), config).unwrap();
    let out = dir.path().join("out");
    let run = verband(&[
        "report",
        "--quiet",
        "--config",
        dir.path().join("verband.toml").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r = read_results(&out);
    let close = |a: f64, b: &Value| (a - b.as_f64().unwrap()).abs() < 1e-9;
    let response = &r.summary.response;
    let want = &expected["response"];
    assert_eq!(response.returned as u64, want["returned"].as_u64().unwrap());
    assert_eq!(response.analysed as u64, want["analysed"].as_u64().unwrap());
    assert_eq!(response.invited.map(|n| n as u64), want["invited"].as_u64());
    assert!(
        close(response.rate.unwrap(), &want["rate"]),
        "{:?}",
        response.rate
    );
    for g in &response.groups {
        match (g.rate.shown(), &want["groups"][&g.group]) {
            (Some(rate), w) if !w.is_null() => assert!(close(*rate, w), "{}: {rate}", g.group),
            (None, Value::Null) => {}
            (got, w) => panic!("{}: {got:?} against {w}", g.group),
        }
    }
    assert_eq!(
        r.summary.parts.len(),
        expected["parts"].as_object().unwrap().len()
    );
    for p in &r.summary.parts {
        let w = &expected["parts"][&p.construct];
        let a = p.agree.as_ref().unwrap();
        assert!(
            close(a.percent, &w["percent"]),
            "{}: {}",
            p.construct,
            a.percent
        );
        assert_eq!(
            a.answers as u64,
            w["answers"].as_u64().unwrap(),
            "{}",
            p.construct
        );
        let codes: Vec<i64> = w["codes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_i64().unwrap())
            .collect();
        assert_eq!(a.codes, codes);
    }
}

/// The words the summary must not hold: notation a council member cannot read.
const NOTATION: [&str; 9] = [
    "p =", "p <", "Holm", "Welch", "η²", "ω²", "α", "F(", "gelijk",
];

#[test]
fn the_summary_holds_no_statistical_notation() {
    for lang in ["nl", "en"] {
        let page = html(example(lang));
        let text = text_of(summary_section(&page));
        for word in NOTATION {
            assert!(
                !text.contains(word),
                "{lang}: \"{word}\" in the summary:\n{text}"
            );
        }
        // The scale is named in words.
        let scale = if lang == "nl" {
            "helemaal eens"
        } else {
            "strongly agree"
        };
        assert!(text.contains(scale), "{lang}: the scale is not named");
    }
}

/// Words that belong to the other language, in the report's own text (headings, table heads,
/// the summary; the respondents' quoted words and the sources' titles are theirs).
#[test]
fn each_language_is_that_language_throughout() {
    let cases = [
        (
            "nl",
            &[
                "answered",
                "Summary",
                "better",
                "worse",
                "not shown",
                "respondent id",
                "Mean",
                "agree",
                "concern",
                "strong",
                "version",
            ][..],
        ),
        (
            "en",
            &[
                "Samenvatting",
                "onderdelen",
                "gemiddeld",
                "respondenten",
                "niet getoond",
                "Oordeel",
                "duidelijk",
                "Sinds",
                "aandachtspunt",
                "voldoende",
                "versie",
                "Cronbachs",
                "uitgenodigden",
                "beantwoord",
            ][..],
        ),
    ];
    for (lang, foreign) in cases {
        let page = html(example(lang));
        let mut own = text_of(summary_section(&page));
        for tag in [
            "h1",
            "h2",
            "h3",
            "h4",
            "th",
            "figcaption",
            "summary",
            "dt",
            "li",
        ] {
            let open = format!("<{tag}");
            let close = format!("</{tag}>");
            let mut rest = page.as_str();
            while let Some(at) = rest.find(&open) {
                let part = &rest[at..];
                let end = part.find(&close).map_or(part.len(), |e| e + close.len());
                own.push_str(&text_of(&part[..end]));
                own.push('\n');
                rest = &part[end..];
            }
        }
        // Open answers and citations are quoted as written.
        let own = strip_sources(&own, &page);
        for word in foreign {
            assert!(
                !own.split(|c: char| !c.is_alphanumeric() && c != ' ')
                    .any(|s| s.contains(word)),
                "{lang}: \"{word}\" in the report's own words"
            );
        }
    }
}

/// The text without the sources' citations (titles are in their own language).
fn strip_sources(own: &str, page: &str) -> String {
    let mut out = own.to_string();
    let Some(at) = page.find("<ul><li>") else {
        return out;
    };
    let end = at + page[at..].find("</ul>").unwrap_or(0);
    for cite in page[at..end].split("<li>").skip(1) {
        let cite = text_of(cite.trim_end_matches("</li>"));
        out = out.replace(cite.trim(), "");
    }
    out
}

/// The report folder names no respondent and no absolute path; the duplicate id is counted, and
/// named only by `validate`.
#[test]
fn no_respondent_ids_or_paths_in_the_report() {
    let out = example("nl");
    let page = html(out);
    let json = std::fs::read_to_string(out.join("results.json")).unwrap();
    for text in [&page, &json] {
        assert!(!text.contains("RS25-"), "a respondent id");
        assert!(!text.contains(root().to_str().unwrap()), "an absolute path");
    }
    assert!(text_of(summary_section(&page)).contains("1 dubbel respondentnummer"));
    let run = verband(&[
        "validate",
        "--instrument",
        "instruments/netwerk-effectiviteit.toml",
        "--responses",
        "voorbeeld/antwoorden-2025.xlsx",
    ]);
    assert!(
        run.stdout.contains("RS25-0041") || run.stderr.contains("RS25-0041"),
        "validate names the duplicate id:\n{}{}",
        run.stdout,
        run.stderr
    );
}
