//! The `network` part of results.json, end to end: `verband report` on a small relational survey
//! (tests/fixtures/network/relational.toml and relational.csv: actor types A 15, B 15, C 4, five
//! named organisations) against values computed independently from the same CSV with pandas,
//! scipy and networkx (make_relational.py writes expected_relational.json; see
//! tests/fixtures/README.md). Every number at 1e-9 relative, p-values at 1e-8.
//!
//! Checked by hand, from relational.csv:
//!
//! * Cell intensity, rater B, partner A. The 15 B respondents answered intensity_A with
//!   2 1 9 2 0 1 1 9 2 8 1 9 9 1 2 (R07 R10 R13 R14 R15 R16 R17 R18 R19 R22 R26 R27 R29 R32 R33);
//!   8 ("geen contact") and 9 ("weet niet") are missing, leaving n = 10:
//!   2 1 2 0 1 1 2 1 1 2, sum 13, mean 1.3. Squared deviations: four 2s 4 × 0.49 = 1.96, five 1s
//!   5 × 0.09 = 0.45, one 0 1.69; SS = 4.1, sd = √(4.1 / 9) = √0.4556 = 0.67495. Sorted
//!   0 1 1 1 1 1 2 2 2 2, median (1 + 1) / 2 = 1.
//! * Tie VO–JZ (nodes 3–4). Nobody works at JZ, so only VO's side counts: its 7 respondents
//!   answered contact_JZ with 5 8 5 3 3 5 8 (R02 R03 R07 R18 R19 R28 R29); without the two 8s,
//!   5 answers, sum 5 + 5 + 3 + 3 + 5 = 21, weight 21 / 5 = 4.2. It is a tie although JZ never
//!   answered ("or vice versa"). Likewise GEM–VO: VO answered 8 about GEM seven times, GEM's
//!   nine respondents about VO 0 1 4 1 1 0 0 3 2, weight 12 / 9 = 1.3333 (a 0 is contact).
//! * The graph is the triangle GEM–WT–PO with GEM–VO–JZ hanging off it: degrees 3 2 2 2 1,
//!   density 5 / 10, centralisation ((3−3) + 1 + 1 + 1 + 2) / (4 · 3) = 5/12; GEM lies on the
//!   shortest paths of WT–VO, WT–JZ, PO–VO, PO–JZ (4 of the 6 pairs of others, 0.6667), VO on
//!   those of JZ with GEM, WT, PO (3 of 6, 0.5).

use std::sync::OnceLock;

use serde_json::Value;
use verband::results::{Direction, OrganisationGraph, PartnerBlock};

use crate::reference::{Fixture, array, close_at, descriptives, run_report, ttest};

const ARGS: &[&str] = &[
    "--instrument",
    "tests/fixtures/network/relational.toml",
    "--responses",
    "tests/fixtures/network/relational.csv",
    "--min-group",
    "5",
];
const EXPECTED: &str = "tests/fixtures/network/expected_relational.json";
const TOL: f64 = 1e-9;
const TOL_P: f64 = 1e-8;

/// Runs the report once for all tests of this file.
fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| run_report(ARGS, EXPECTED))
}

fn close(what: &str, got: f64, want: &Value) {
    close_at(what, got, want, TOL);
}

/// A block of results.json's network, and the expected one, by id.
fn block(id: &str) -> (&'static PartnerBlock, &'static Value) {
    let f = fixture();
    let got = f.results.network.as_ref().expect("a network");
    let got = got
        .blocks
        .iter()
        .find(|b| b.id == id)
        .unwrap_or_else(|| panic!("no block {id}"));
    let want = array(&f.expected["blocks"], "blocks")
        .iter()
        .find(|b| b["id"] == id)
        .unwrap_or_else(|| panic!("no expected block {id}"));
    (got, want)
}

#[test]
fn every_respondent_is_analysed() {
    let f = fixture();
    let r = &f.results.respondents;
    assert_eq!(Some(r.read as u64), f.expected["respondents"].as_u64());
    assert_eq!(Some(r.analysed as u64), f.expected["respondents"].as_u64());
    assert_eq!(r.excluded.len(), 0);
    let ids: Vec<&str> = f
        .results
        .network
        .as_ref()
        .unwrap()
        .blocks
        .iter()
        .map(|b| b.id.as_str())
        .collect();
    assert_eq!(ids, ["types", "orgs"]);
}

#[test]
fn raters_below_the_minimum_are_suppressed() {
    let (got, want) = block("types");
    let want = array(&want["raters"], "expected raters");
    assert_eq!(got.raters.len(), want.len());
    for (g, w) in got.raters.iter().zip(want) {
        assert_eq!(g.code, w["code"].as_str().unwrap());
        assert_eq!(
            g.suppressed,
            w["suppressed"].as_bool().unwrap(),
            "rater {}",
            w["code"]
        );
    }
    let codes: Vec<&str> = got.partners.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(codes, ["A", "B", "C"]);
}

#[test]
fn matrix_cells_match_pandas() {
    let (got, want) = block("types");
    let want = array(&want["matrix"], "expected matrix");
    assert_eq!(
        got.matrix.len(),
        want.len(),
        "one cell per question, rater, partner"
    );
    let mut suppressed = 0;
    for (g, w) in got.matrix.iter().zip(want) {
        let what = format!(
            "cell {} {} about {}",
            w["question"], w["rater"], w["partner"]
        );
        assert_eq!(
            (g.question.as_str(), g.rater.as_str(), g.partner.as_str()),
            (
                w["question"].as_str().unwrap(),
                w["rater"].as_str().unwrap(),
                w["partner"].as_str().unwrap()
            ),
            "{what}"
        );
        assert_eq!(
            g.stats.is_suppressed(),
            w["suppressed"] == true,
            "{what} suppressed"
        );
        match g.stats.shown() {
            None => suppressed += 1,
            Some(d) => descriptives(&what, d, w, TOL),
        }
    }
    // The six cells of rater group C (4 respondents) and A's trust in C (4 valid answers).
    assert_eq!(suppressed, 7);

    // The hand-checked cell (see the top of this file).
    let c = got
        .matrix
        .iter()
        .find(|c| c.question == "intensity" && c.rater == "B" && c.partner == "A")
        .and_then(|c| c.stats.shown())
        .unwrap();
    assert_eq!(c.n, 10);
    close("hand mean", c.mean.unwrap(), &Value::from(1.3));
    close(
        "hand sd",
        c.sd.unwrap(),
        &Value::from((4.1f64 / 9.0).sqrt()),
    );
    close("hand median", c.median.unwrap(), &Value::from(1.0));
}

#[test]
fn gaps_match_scipy_welch_and_holm() {
    let (got, want) = block("types");
    let want = array(&want["gaps"], "expected gaps");
    assert_eq!(got.gaps.len(), want.len(), "three pairs per question");
    for (g, w) in got.gaps.iter().zip(want) {
        let what = format!("gap {} {}–{}", w["question"], w["a"], w["b"]);
        assert_eq!(
            (g.question.as_str(), g.a.as_str(), g.b.as_str()),
            (
                w["question"].as_str().unwrap(),
                w["a"].as_str().unwrap(),
                w["b"].as_str().unwrap()
            ),
            "{what}"
        );
        assert_eq!(
            g.result.is_suppressed(),
            w["suppressed"] == true,
            "{what} suppressed"
        );
        let Some(r) = g.result.shown() else {
            continue;
        };
        descriptives(
            &format!("{what} a_about_b"),
            &r.a_about_b,
            &w["a_about_b"],
            TOL,
        );
        descriptives(
            &format!("{what} b_about_a"),
            &r.b_about_a,
            &w["b_about_a"],
            TOL,
        );
        let c = r.comparison.run().expect("tested");
        ttest(&what, &c.test, &w["test"], TOL, TOL_P);
        close_at(
            &format!("{what} p_holm"),
            c.p_holm,
            &w["test"]["p_holm"],
            TOL_P,
        );
        let asymmetric = c.direction != Direction::Same;
        assert_eq!(
            Some(asymmetric),
            w["asymmetric"].as_bool(),
            "{what} asymmetric"
        );
    }
    // The planted asymmetry: A puts its collaboration with B far higher than B does with A.
    let ab = got
        .gaps
        .iter()
        .find(|g| g.question == "intensity" && g.a == "A" && g.b == "B")
        .and_then(|g| g.result.shown()?.comparison.run())
        .unwrap();
    assert_eq!(ab.direction, Direction::Up);
    assert!(ab.test.diff > 2.0);
}

/// The organisation block, its graph, and the expected block.
fn organisation_graph() -> (
    &'static PartnerBlock,
    &'static OrganisationGraph,
    &'static Value,
) {
    let (got, want) = block("orgs");
    let g = got.graph.as_ref().expect("the orgs block has a graph");
    (got, g, want)
}

#[test]
fn organisation_graph_matches_networkx() {
    let (got, g, want) = organisation_graph();
    assert_eq!(g.question, want["question"].as_str().unwrap());
    // The organisation block is a network, not a matrix of rater groups.
    assert_eq!(got.matrix.len(), 0);

    let want_orgs = array(&want["organisations"], "expected organisations");
    assert_eq!(g.organisations.len(), want_orgs.len());
    for (o, w) in g.organisations.iter().zip(want_orgs) {
        assert_eq!(o.code, w["code"].as_str().unwrap());
        // the modal actor type of its respondents, all spellings of its name together
        assert_eq!(
            o.group.as_deref(),
            w["group"].as_str(),
            "group of {}",
            w["code"]
        );
    }
    // Two respondents named an organisation outside the list ("Gemeente Kampen", "Stichting
    // Elders"); one named none, which is not an unmatched name.
    assert_eq!(
        Some(g.unmatched_respondents as u64),
        want["unmatched_respondents"].as_u64()
    );
    assert_eq!(g.unmatched_respondents, 2);
}

#[test]
fn organisation_ties_match_networkx() {
    let (_, g, want) = organisation_graph();
    let want_ties = array(&want["ties"], "expected ties");
    assert_eq!(g.ties.len(), want_ties.len(), "tie count");
    for (t, w) in g.ties.iter().zip(want_ties) {
        let what = format!("tie {}–{}", w["a"], w["b"]);
        assert_eq!(
            (t.a as u64, t.b as u64),
            (w["a"].as_u64().unwrap(), w["b"].as_u64().unwrap()),
            "{what}"
        );
        assert_eq!(
            Some(t.answers as u64),
            w["answers"].as_u64(),
            "{what} answers"
        );
        close(
            &format!("{what} weight"),
            *t.weight.shown().unwrap(),
            &w["weight"],
        );
    }
    // The hand-checked ties (see the top of this file).
    let tie = |a: usize, b: usize| {
        g.ties
            .iter()
            .find(|t| t.a == a && t.b == b)
            .unwrap_or_else(|| panic!("no tie {a}–{b}"))
    };
    assert_eq!(tie(3, 4).answers, 5);
    close(
        "hand VO–JZ",
        *tie(3, 4).weight.shown().unwrap(),
        &Value::from(21.0 / 5.0),
    );
    assert_eq!(tie(0, 3).answers, 9);
    close(
        "hand GEM–VO",
        *tie(0, 3).weight.shown().unwrap(),
        &Value::from(12.0 / 9.0),
    );
}

#[test]
fn organisation_network_measures_match_networkx() {
    let (_, g, want) = organisation_graph();
    let m = &g.measures;
    assert_eq!(Some(m.nodes as u64), want["nodes"].as_u64());
    assert_eq!(
        Some(m.tie_count as u64),
        want["tie_count"].as_u64(),
        "ties (count)"
    );
    close("density", m.density, &want["density"]);
    close(
        "weighted_density",
        m.weighted_density,
        &want["weighted_density"],
    );
    close(
        "centralisation",
        m.centralisation.unwrap(),
        &want["centralisation"],
    );
    close(
        "hand centralisation",
        m.centralisation.unwrap(),
        &Value::from(5.0 / 12.0),
    );
    let want_nodes = array(&want["per_node"], "expected per_node");
    assert_eq!(m.per_node.len(), want_nodes.len());
    for (n, w) in m.per_node.iter().zip(want_nodes) {
        let what = format!("node {}", w["code"]);
        assert_eq!(Some(n.degree as u64), w["degree"].as_u64(), "{what} degree");
        close(&format!("{what} strength"), n.strength, &w["strength"]);
        close(
            &format!("{what} degree_centrality"),
            n.degree_centrality,
            &w["degree_centrality"],
        );
        close(
            &format!("{what} betweenness"),
            n.betweenness,
            &w["betweenness"],
        );
    }
}

/// With --min-group 7 the VO–JZ tie (5 answers) stays in the graph without a weight, and
/// strength and weighted density count the published weights only (networkx, `strict`).
#[test]
fn ties_from_too_few_answers_are_shown_without_a_weight() {
    let mut args = ARGS.to_vec();
    let at = args.iter().position(|a| *a == "--min-group").unwrap();
    args[at + 1] = "7";
    let f = run_report(&args, EXPECTED);
    let want = &f.expected["blocks"][1]["strict"];
    assert_eq!(want["min_group"], 7);
    let block = f
        .results
        .network
        .as_ref()
        .unwrap()
        .blocks
        .iter()
        .find(|b| b.id == "orgs")
        .unwrap();
    let g = block.graph.as_ref().unwrap();
    let weighed: Vec<Value> = g
        .ties
        .iter()
        .filter(|t| t.weight.shown().is_some())
        .map(|t| serde_json::json!([t.a, t.b]))
        .collect();
    assert_eq!(Value::from(weighed), want["weighed"]);
    assert_eq!(g.ties.len(), 5, "every tie keeps its place");
    close(
        "strict weighted_density",
        g.measures.weighted_density,
        &want["weighted_density"],
    );
    for (node, w) in g
        .measures
        .per_node
        .iter()
        .zip(array(&want["strength"], "strength"))
    {
        close("strict strength", node.strength, w);
    }
}
