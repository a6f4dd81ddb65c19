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

mod common;
#[path = "common/reference.rs"]
mod reference;
use reference::{Fixture, array, close_at, run_report};

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

fn close(what: &str, got: &Value, want: &Value) {
    close_at(what, got, want, TOL);
}

/// A block of results.json's network, and the expected one, by id.
fn block(id: &str) -> (&'static Value, &'static Value) {
    let f = fixture();
    let find = |blocks: &'static Value| {
        array(blocks, "blocks")
            .iter()
            .find(|b| b["id"] == id)
            .unwrap_or_else(|| panic!("no block {id}"))
    };
    (
        find(&f.results["network"]["blocks"]),
        find(&f.expected["blocks"]),
    )
}

/// Descriptives as the matrix cells and gap sides carry them.
fn descriptives(what: &str, got: &Value, want: &Value) {
    assert_eq!(got["n"], want["n"], "{what} n");
    for k in ["mean", "sd", "se", "min", "max", "median"] {
        close(&format!("{what} {k}"), &got[k], &want[k]);
    }
    for i in 0..2 {
        close(
            &format!("{what} ci95[{i}]"),
            &got["ci95"][i],
            &want["ci95"][i],
        );
    }
}

#[test]
fn every_respondent_is_analysed() {
    let f = fixture();
    let r = &f.results["respondents"];
    assert_eq!(r["read"], f.expected["respondents"]);
    assert_eq!(r["analysed"], f.expected["respondents"]);
    assert_eq!(array(&r["excluded"], "excluded").len(), 0);
    let blocks = array(&f.results["network"]["blocks"], "blocks");
    let ids: Vec<&str> = blocks.iter().map(|b| b["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["types", "orgs"]);
}

#[test]
fn raters_below_the_minimum_are_suppressed() {
    let (got, want) = block("types");
    let raters = array(&got["raters"], "raters");
    let want = array(&want["raters"], "expected raters");
    assert_eq!(raters.len(), want.len());
    for (g, w) in raters.iter().zip(want) {
        assert_eq!(g["code"], w["code"]);
        // `suppressed` is left out when false
        assert_eq!(
            g["suppressed"].as_bool().unwrap_or(false),
            w["suppressed"].as_bool().unwrap(),
            "rater {}",
            w["code"]
        );
    }
    let codes: Vec<&str> = array(&got["partners"], "partners")
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["A", "B", "C"]);
}

#[test]
fn matrix_cells_match_pandas() {
    let (got, want) = block("types");
    let cells = array(&got["matrix"], "matrix");
    let want = array(&want["matrix"], "expected matrix");
    assert_eq!(
        cells.len(),
        want.len(),
        "one cell per question, rater, partner"
    );
    let mut suppressed = 0;
    for (g, w) in cells.iter().zip(want) {
        let what = format!(
            "cell {} {} about {}",
            w["question"], w["rater"], w["partner"]
        );
        for k in ["question", "rater", "partner", "suppressed"] {
            assert_eq!(g[k], w[k], "{what} {k}");
        }
        if w["suppressed"] == true {
            suppressed += 1;
            for k in ["n", "mean", "sd", "median"] {
                assert!(g.get(k).is_none(), "{what}: suppressed but shows {k}");
            }
        } else {
            descriptives(&what, g, w);
        }
    }
    // The six cells of rater group C (4 respondents) and A's trust in C (4 valid answers).
    assert_eq!(suppressed, 7);

    // The hand-checked cell (see the top of this file).
    let c = cells
        .iter()
        .find(|c| c["question"] == "intensity" && c["rater"] == "B" && c["partner"] == "A")
        .unwrap();
    assert_eq!(c["n"], 10);
    close("hand mean", &c["mean"], &Value::from(1.3));
    close("hand sd", &c["sd"], &Value::from((4.1f64 / 9.0).sqrt()));
    close("hand median", &c["median"], &Value::from(1.0));
}

#[test]
fn gaps_match_scipy_welch_and_holm() {
    let (got, want) = block("types");
    let gaps = array(&got["gaps"], "gaps");
    let want = array(&want["gaps"], "expected gaps");
    assert_eq!(gaps.len(), want.len(), "three pairs per question");
    for (g, w) in gaps.iter().zip(want) {
        let what = format!("gap {} {}–{}", w["question"], w["a"], w["b"]);
        for k in ["question", "a", "b", "suppressed", "asymmetric"] {
            assert_eq!(g[k], w[k], "{what} {k}");
        }
        if w["suppressed"] == true {
            for k in ["a_about_b", "b_about_a", "test"] {
                assert!(g[k].is_null(), "{what}: suppressed but shows {k}");
            }
            continue;
        }
        descriptives(
            &format!("{what} a_about_b"),
            &g["a_about_b"],
            &w["a_about_b"],
        );
        descriptives(
            &format!("{what} b_about_a"),
            &g["b_about_a"],
            &w["b_about_a"],
        );
        let (t, e) = (&g["test"], &w["test"]);
        for k in ["diff", "se", "t", "df", "hedges_g"] {
            close(&format!("{what} {k}"), &t[k], &e[k]);
        }
        for i in 0..2 {
            close(&format!("{what} ci95[{i}]"), &t["ci95"][i], &e["ci95"][i]);
        }
        close_at(&format!("{what} p"), &t["p"], &e["p"], TOL_P);
        close_at(&format!("{what} p_holm"), &t["p_holm"], &e["p_holm"], TOL_P);
    }
    // The planted asymmetry: A puts its collaboration with B far higher than B does with A.
    let ab = gaps
        .iter()
        .find(|g| g["question"] == "intensity" && g["a"] == "A" && g["b"] == "B")
        .unwrap();
    assert_eq!(ab["asymmetric"], true);
    assert!(ab["test"]["diff"].as_f64().unwrap() > 2.0);
}

#[test]
fn organisation_graph_matches_networkx() {
    let (got, want) = block("orgs");
    let g = &got["graph"];
    assert!(g.is_object(), "the orgs block has a graph");
    assert_eq!(g["question"], want["question"]);
    // The organisation block is a network, not a matrix of rater groups.
    assert_eq!(array(&got["matrix"], "matrix").len(), 0);

    let orgs = array(&g["organisations"], "organisations");
    let want_orgs = array(&want["organisations"], "expected organisations");
    assert_eq!(orgs.len(), want_orgs.len());
    for (o, w) in orgs.iter().zip(want_orgs) {
        assert_eq!(o["code"], w["code"]);
        // the modal actor type of its respondents, all spellings of its name together
        assert_eq!(o["group"], w["group"], "group of {}", w["code"]);
    }

    let ties = array(&g["ties"], "ties");
    let want_ties = array(&want["ties"], "expected ties");
    assert_eq!(ties.len(), want_ties.len(), "tie count");
    for (t, w) in ties.iter().zip(want_ties) {
        let what = format!("tie {}–{}", w["a"], w["b"]);
        assert_eq!((&t["a"], &t["b"]), (&w["a"], &w["b"]), "{what}");
        assert_eq!(t["answers"], w["answers"], "{what} answers");
        close(&format!("{what} weight"), &t["weight"], &w["weight"]);
    }
    // The hand-checked ties (see the top of this file).
    let tie = |a: u64, b: u64| {
        ties.iter()
            .find(|t| t["a"] == a && t["b"] == b)
            .unwrap_or_else(|| panic!("no tie {a}–{b}"))
    };
    assert_eq!(tie(3, 4)["answers"], 5);
    close("hand VO–JZ", &tie(3, 4)["weight"], &Value::from(21.0 / 5.0));
    assert_eq!(tie(0, 3)["answers"], 9);
    close(
        "hand GEM–VO",
        &tie(0, 3)["weight"],
        &Value::from(12.0 / 9.0),
    );

    assert_eq!(g["nodes"], want["nodes"]);
    assert_eq!(g["tie_count"], want["tie_count"], "ties (count)");
    for k in ["density", "weighted_density", "centralisation"] {
        close(k, &g[k], &want[k]);
    }
    close(
        "hand centralisation",
        &g["centralisation"],
        &Value::from(5.0 / 12.0),
    );
    let nodes = array(&g["per_node"], "per_node");
    let want_nodes = array(&want["per_node"], "expected per_node");
    assert_eq!(nodes.len(), want_nodes.len());
    for (n, w) in nodes.iter().zip(want_nodes) {
        let what = format!("node {}", w["code"]);
        assert_eq!(n["degree"], w["degree"], "{what} degree");
        close(&format!("{what} strength"), &n["strength"], &w["strength"]);
        close(
            &format!("{what} degree_centrality"),
            &n["degree_centrality"],
            &w["degree_centrality"],
        );
        // 0 for the nodes on no shortest path: then exactly 0
        close(
            &format!("{what} betweenness"),
            &n["betweenness"],
            &w["betweenness"],
        );
    }
    // Two respondents named an organisation outside the list ("Gemeente Kampen", "Stichting
    // Elders"); one named none, which is not an unmatched name.
    assert_eq!(g["unmatched_respondents"], want["unmatched_respondents"]);
    assert_eq!(want["unmatched_respondents"], 2);
}
