//! A monitor over two years with two instrument versions, end to end: `verband report --config
//! tests/fixtures/monitor/verband.toml` against values computed independently from the same
//! CSVs with pandas and scipy (make_monitor.py writes expected_monitor.json; see
//! tests/fixtures/README.md). Every number at 1e-9 relative, p-values at 1e-8.
//!
//! 2024 answered v1.toml, 2025 v2.toml, which renames item sw_2 to sw_overleg, renames
//! construct vertrouwen to onderling_vertrouwen and adds item rs_3 to resultaat. y2025.csv still
//! heads the renamed item's column sw_2: it is read through the item's `renamed_from`. Actor
//! types X 25, Y 25, Z 3 each year (min_group 5): Z is suppressed and left out of the total.
//! Collaboration rises for X only. In the region, Eikdorp scores higher on resultaat than the
//! three other municipalities.

use std::sync::OnceLock;

use serde_json::Value;

mod common;
#[path = "common/reference.rs"]
mod reference;
use reference::{Fixture, array, close_at, num, run_report};

const ARGS: &[&str] = &["--config", "tests/fixtures/monitor/verband.toml"];
const EXPECTED: &str = "tests/fixtures/monitor/expected_monitor.json";
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

/// Welch's t as results.json carries it: diff, se, t, df, ci95, Hedges' g at 1e-9; p and the
/// Holm-adjusted p at 1e-8.
fn ttest(what: &str, got: &Value, want: &Value) {
    for k in ["diff", "se", "t", "df", "hedges_g"] {
        close(&format!("{what} {k}"), &got[k], &want[k]);
    }
    for i in 0..2 {
        close(
            &format!("{what} ci95[{i}]"),
            &got["ci95"][i],
            &want["ci95"][i],
        );
    }
    for k in ["p", "p_holm"] {
        close_at(&format!("{what} {k}"), &got[k], &want[k], TOL_P);
    }
}

/// A construct of results.json's trend and the expected one, by id.
fn construct(id: &str) -> (&'static Value, &'static Value) {
    let f = fixture();
    let find = |v: &'static Value| {
        array(&v["trend"]["constructs"], "trend.constructs")
            .iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("no construct {id} in the trend"))
    };
    (find(&f.results), find(&f.expected))
}

/// The series (None: the total) of a trend construct.
fn series<'a>(c: &'a Value, group: Option<&str>) -> &'a Value {
    array(&c["series"], "series")
        .iter()
        .find(|s| s["group"].as_str() == group)
        .unwrap_or_else(|| panic!("no series {group:?} for {}", c["id"]))
}

fn year<'a>(s: &'a Value, year: &str) -> &'a Value {
    array(&s["years"], "years")
        .iter()
        .find(|y| y["year"] == year)
        .unwrap_or_else(|| panic!("no year {year} in series {}", s["group"]))
}

fn change<'a>(c: &'a Value, group: Option<&str>) -> &'a Value {
    array(&c["changes"], "changes")
        .iter()
        .find(|ch| ch["group"].as_str() == group)
        .unwrap_or_else(|| panic!("no change {group:?} for {}", c["id"]))
}

#[test]
fn the_last_year_is_analysed_in_full() {
    let f = fixture();
    let r = &f.results["respondents"];
    let want = &f.expected["respondents"]["2025"];
    assert_eq!(r["read"], want["read"]);
    assert_eq!(r["analysed"], want["analysed"]);
    // The renamed item's column (headed sw_2) was found: no finding about a missing column.
    assert_eq!(array(&f.results["findings"], "findings").len(), 0);
    assert_eq!(f.results["instrument"]["version"], "2");
    assert_eq!(f.results["trend"]["years"], f.expected["trend"]["years"]);
    let ids: Vec<&str> = array(&f.results["trend"]["constructs"], "constructs")
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["samenwerking", "onderling_vertrouwen", "resultaat"]);
}

#[test]
fn series_match_pandas() {
    let f = fixture();
    let mut compared = 0;
    for want_c in array(&f.expected["trend"]["constructs"], "expected constructs") {
        let id = want_c["id"].as_str().unwrap();
        let (got_c, _) = construct(id);
        let got_series = array(&got_c["series"], "series");
        let want_series = array(&want_c["series"], "expected series");
        // The total first, then the groups in the attribute's order.
        let groups: Vec<&Value> = got_series.iter().map(|s| &s["group"]).collect();
        let want_groups: Vec<&Value> = want_series.iter().map(|s| &s["group"]).collect();
        assert_eq!(groups, want_groups, "{id}: series order");
        for (gs, ws) in got_series.iter().zip(want_series) {
            for wy in array(&ws["years"], "expected years") {
                let y = wy["year"].as_str().unwrap();
                let gy = year(gs, y);
                let what = format!("{id} {} {y}", ws["group"]);
                assert_eq!(gy["suppressed"], wy["suppressed"], "{what} suppressed");
                if wy["suppressed"] == true {
                    for k in ["n", "mean", "sd"] {
                        assert!(gy.get(k).is_none(), "{what}: suppressed but shows {k}");
                    }
                } else {
                    descriptives(&what, gy, wy);
                    compared += 1;
                }
            }
        }
    }
    // 3 constructs × (total, X, Y) × 2 years.
    assert_eq!(compared, 18);
}

#[test]
fn changes_match_scipy() {
    let f = fixture();
    let mut tested = 0;
    for want_c in array(&f.expected["trend"]["constructs"], "expected constructs") {
        let id = want_c["id"].as_str().unwrap();
        let (got_c, _) = construct(id);
        let got = array(&got_c["changes"], "changes");
        let want = array(&want_c["changes"], "expected changes");
        assert_eq!(got.len(), want.len(), "{id}: one change per series");
        for (g, w) in got.iter().zip(want) {
            let what = format!("{id} change {}", w["group"]);
            for k in ["group", "from", "to", "suppressed"] {
                assert_eq!(g[k], w[k], "{what} {k}");
            }
            if w["suppressed"] == true {
                assert!(g["test"].is_null(), "{what}: suppressed but tested");
                assert!(
                    g["direction"].is_null(),
                    "{what}: suppressed but has a direction"
                );
            } else {
                ttest(&what, &g["test"], &w["test"]);
                assert_eq!(g["direction"], w["direction"], "{what} direction");
                tested += 1;
            }
        }
    }
    assert_eq!(tested, 9);
}

#[test]
fn collaboration_rises_for_x_only() {
    let (c, _) = construct("samenwerking");
    assert_eq!(change(c, Some("X"))["direction"], "up");
    assert_eq!(change(c, Some("Y"))["direction"], "same");
    assert!(num(&change(c, Some("X"))["test"]["diff"], "diff") > 1.0);
    assert!(num(&change(c, Some("X"))["test"]["p_holm"], "p_holm") < 0.05);
    assert!(num(&change(c, Some("Y"))["test"]["p_holm"], "p_holm") >= 0.05);
    for id in ["onderling_vertrouwen", "resultaat"] {
        let (c, _) = construct(id);
        for g in [None, Some("X"), Some("Y")] {
            assert_eq!(change(c, g)["direction"], "same", "{id} {g:?}");
        }
    }
}

#[test]
fn holm_is_per_group() {
    // Within the family of group X, the smallest of three p-values is multiplied by 3.
    let (c, _) = construct("samenwerking");
    let t = &change(c, Some("X"))["test"];
    let (p, holm) = (num(&t["p"], "p"), num(&t["p_holm"], "p_holm"));
    assert!(
        (holm - 3.0 * p).abs() <= 1e-12 * holm,
        "p {p}, p_holm {holm}"
    );
}

#[test]
fn the_small_group_is_suppressed_and_left_out_of_the_total() {
    let f = fixture();
    for c in array(&f.results["trend"]["constructs"], "constructs") {
        let id = &c["id"];
        let z = series(c, Some("Z"));
        for y in array(&z["years"], "years") {
            assert_eq!(y["suppressed"], true, "{id} Z {}", y["year"]);
            assert!(
                y.get("n").is_none() && y.get("mean").is_none(),
                "{id} Z shows numbers"
            );
        }
        let ch = change(c, Some("Z"));
        assert_eq!(ch["suppressed"], true, "{id} Z change");
        assert!(ch["test"].is_null(), "{id} Z change tested");
        // Z (3) is the only hidden group and fewer than 5 on its own: the total is X and Y.
        for y in ["2024", "2025"] {
            let n = |g: Option<&str>| num(&year(series(c, g), y)["n"], "n");
            assert_eq!(n(None), n(Some("X")) + n(Some("Y")), "{id} {y}: total n");
        }
    }
}

#[test]
fn the_renamed_construct_is_matched() {
    let (got, want) = construct("onderling_vertrouwen");
    assert_eq!(want["matched"]["2024"], "vertrouwen");
    // A value for 2024, from the 2024 construct "vertrouwen".
    let y = year(series(got, None), "2024");
    assert_eq!(y["suppressed"], false);
    descriptives(
        "onderling_vertrouwen total 2024",
        y,
        year(series(want, None), "2024"),
    );
    assert!(!change(got, None)["test"].is_null());
    // Same items in both versions: no note, in particular not "not in the questionnaire".
    assert_eq!(version_notes(got).len(), 0, "{}", got["notes"]);
}

#[test]
fn the_renamed_item_is_matched_in_both_places() {
    let (got, want) = construct("samenwerking");
    // Across versions: sw_overleg was sw_2, so the construct's items are the same.
    assert_eq!(version_notes(got).len(), 0, "{}", got["notes"]);
    // Z (3 a year) is hidden every year, so the total leaves it out in all years, and says so.
    let notes = array(&got["notes"], "notes");
    assert!(
        notes.iter().any(|n| n
            .as_str()
            .is_some_and(|s| s.starts_with("het totaal") && s.ends_with(": Type Z"))),
        "{notes:?}"
    );
    // In y2025.csv the column is still headed sw_2; had it not been read, the 2025 scores would
    // be the mean of sw_1 and sw_3 alone, and n and mean would differ from the reference.
    for g in [None, Some("X"), Some("Y")] {
        descriptives(
            &format!("samenwerking {g:?} 2025"),
            year(series(got, g), "2025"),
            year(series(want, g), "2025"),
        );
    }
}

#[test]
fn an_added_item_is_noted() {
    let (got, want) = construct("resultaat");
    assert_eq!(
        want["notes"][0]["new"],
        serde_json::json!(["rs_3"]),
        "the fixture's design"
    );
    let notes = version_notes(got);
    assert_eq!(notes.len(), 1, "{notes:?}");
    let note = notes[0].as_str().unwrap();
    assert!(
        note.starts_with("2024:") && note.contains("rs_3"),
        "note: {note}"
    );
    // Still compared: the note warns, it does not withhold.
    assert!(!change(got, None)["test"].is_null());
}

#[test]
fn benchmark_matches_scipy() {
    let f = fixture();
    let got = &f.results["benchmark"];
    let want = &f.expected["benchmark"];
    assert_eq!(got["municipality"], want["municipality"]);
    assert_eq!(got["others"], want["others"]);
    assert_eq!(got["others"], 3);
    assert_eq!(array(&got["notes"], "notes").len(), 0, "{}", got["notes"]);
    let rows = array(&got["rows"], "rows");
    let want_rows = array(&want["rows"], "expected rows");
    assert_eq!(rows.len(), want_rows.len());
    for (g, w) in rows.iter().zip(want_rows) {
        let what = format!("benchmark {}", w["construct"]);
        assert_eq!(g["construct"], w["construct"]);
        assert_eq!(g["suppressed"], w["suppressed"], "{what} suppressed");
        descriptives(&format!("{what} this"), &g["this"], &w["this"]);
        descriptives(&format!("{what} others"), &g["others"], &w["others"]);
        ttest(&what, &g["test"], &w["test"]);
    }
    // The planted difference: Eikdorp higher on resultaat, nothing else.
    let p_holm = |id: &str| {
        let r = rows.iter().find(|r| r["construct"] == id).unwrap();
        num(&r["test"]["p_holm"], "p_holm")
    };
    assert!(p_holm("resultaat") < 0.05);
    assert!(p_holm("samenwerking") >= 0.05 && p_holm("onderling_vertrouwen") >= 0.05);
}

#[test]
fn no_progress_bar_without_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let run = common::verband(&["report", ARGS[0], ARGS[1], "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    // The test's stderr is a pipe: indicatif draws nothing there.
    assert!(
        !run.stderr.contains("reading"),
        "progress on a pipe:\n{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("wrote ") && run.stdout.contains("index.html"),
        "stdout: {}",
        run.stdout
    );
}

/// The notes about instrument versions and years ("2024: …"), not about the total.
fn version_notes(construct: &Value) -> Vec<Value> {
    array(&construct["notes"], "notes")
        .iter()
        .filter(|n| n.as_str().is_some_and(|s| s.starts_with("20")))
        .cloned()
        .collect()
}
