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
use verband::results::{Change, Compared, ConstructTrend, Direction, Note, Series, Who, YearStat};

use crate::reference::{Fixture, array, close_at, descriptives, run_report, ttest};

const ARGS: &[&str] = &["--config", "tests/fixtures/monitor/verband.toml"];
const EXPECTED: &str = "tests/fixtures/monitor/expected_monitor.json";
const TOL: f64 = 1e-9;
const TOL_P: f64 = 1e-8;

/// Runs the report once for all tests of this file.
fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| run_report(ARGS, EXPECTED))
}

/// Welch's t and its Holm-adjusted p as results.json carries them.
fn compared(what: &str, got: &Compared, want: &Value) {
    ttest(what, &got.test, want, TOL, TOL_P);
    close_at(
        &format!("{what} p_holm"),
        got.p_holm,
        &want["p_holm"],
        TOL_P,
    );
}

/// A construct of results.json's trend and the expected one, by id.
fn construct(id: &str) -> (&'static ConstructTrend, &'static Value) {
    let f = fixture();
    let got = f.results.trend.as_ref().expect("a trend");
    let got = got
        .constructs
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no construct {id} in the trend"));
    let want = array(&f.expected["trend"]["constructs"], "trend.constructs")
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no construct {id} in the expected trend"));
    (got, want)
}

fn group_of(who: &Who) -> Option<&str> {
    match who {
        Who::Total => None,
        Who::Group { code, .. } => Some(code),
    }
}

/// The series (None: the total) of a trend construct.
fn series<'a>(c: &'a ConstructTrend, group: Option<&str>) -> &'a Series {
    c.series
        .iter()
        .find(|s| group_of(&s.who) == group)
        .unwrap_or_else(|| panic!("no series {group:?} for {}", c.id))
}

fn year<'a>(s: &'a Series, year: &str) -> &'a YearStat {
    s.years
        .iter()
        .find(|y| y.year == year)
        .unwrap_or_else(|| panic!("no year {year} in series {:?}", s.who))
}

fn change<'a>(c: &'a ConstructTrend, group: Option<&str>) -> &'a Change {
    c.changes
        .iter()
        .find(|ch| group_of(&ch.who) == group)
        .unwrap_or_else(|| panic!("no change {group:?} for {}", c.id))
}

/// The change's test, when it was shown and run.
fn tested(ch: &Change) -> Option<&Compared> {
    ch.result.shown()?.run()
}

fn direction(ch: &Change) -> &'static str {
    match tested(ch).map(|c| c.direction) {
        Some(Direction::Up) => "up",
        Some(Direction::Down) => "down",
        Some(Direction::Same) => "same",
        None => "none",
    }
}

#[test]
fn the_last_year_is_analysed_in_full() {
    let f = fixture();
    let r = &f.results.respondents;
    let want = &f.expected["respondents"]["2025"];
    assert_eq!(Some(r.read as u64), want["read"].as_u64());
    assert_eq!(Some(r.analysed as u64), want["analysed"].as_u64());
    // The renamed item's column (headed sw_2) was found: no finding about a missing column.
    assert_eq!(f.results.findings.len(), 0);
    assert_eq!(f.results.instrument.version, "2");
    let trend = f.results.trend.as_ref().unwrap();
    assert_eq!(serde_json::json!(trend.years), f.expected["trend"]["years"]);
    let ids: Vec<&str> = trend.constructs.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["samenwerking", "onderling_vertrouwen", "resultaat"]);
}

#[test]
fn series_match_pandas() {
    let f = fixture();
    let mut compared = 0;
    for want_c in array(&f.expected["trend"]["constructs"], "expected constructs") {
        let id = want_c["id"].as_str().unwrap();
        let (got_c, _) = construct(id);
        let want_series = array(&want_c["series"], "expected series");
        // The total first, then the groups in the attribute's order.
        let groups: Vec<Option<&str>> = got_c.series.iter().map(|s| group_of(&s.who)).collect();
        let want_groups: Vec<Option<&str>> =
            want_series.iter().map(|s| s["group"].as_str()).collect();
        assert_eq!(groups, want_groups, "{id}: series order");
        for (gs, ws) in got_c.series.iter().zip(want_series) {
            for wy in array(&ws["years"], "expected years") {
                let y = wy["year"].as_str().unwrap();
                let what = format!("{id} {} {y}", ws["group"]);
                let got = year(gs, y).stats.shown();
                assert_eq!(got.is_none(), wy["suppressed"] == true, "{what} suppressed");
                if let Some(d) = got {
                    descriptives(&what, d, wy, TOL);
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
    let mut tested_count = 0;
    for want_c in array(&f.expected["trend"]["constructs"], "expected constructs") {
        let id = want_c["id"].as_str().unwrap();
        let (got_c, _) = construct(id);
        let want = array(&want_c["changes"], "expected changes");
        assert_eq!(
            got_c.changes.len(),
            want.len(),
            "{id}: one change per series"
        );
        for (g, w) in got_c.changes.iter().zip(want) {
            let what = format!("{id} change {}", w["group"]);
            assert_eq!(group_of(&g.who), w["group"].as_str(), "{what} group");
            assert_eq!(
                (g.from.as_str(), g.to.as_str()),
                (w["from"].as_str().unwrap(), w["to"].as_str().unwrap())
            );
            assert_eq!(
                g.result.is_suppressed(),
                w["suppressed"] == true,
                "{what} suppressed"
            );
            if w["suppressed"] != true {
                compared(&what, tested(g).expect("tested"), &w["test"]);
                assert_eq!(
                    direction(g),
                    w["direction"].as_str().unwrap(),
                    "{what} direction"
                );
                tested_count += 1;
            }
        }
    }
    assert_eq!(tested_count, 9);
}

#[test]
fn collaboration_rises_for_x_only() {
    let (c, _) = construct("samenwerking");
    assert_eq!(direction(change(c, Some("X"))), "up");
    assert_eq!(direction(change(c, Some("Y"))), "same");
    let x = tested(change(c, Some("X"))).unwrap();
    assert!(x.test.diff > 1.0);
    assert!(x.p_holm < 0.05);
    assert!(tested(change(c, Some("Y"))).unwrap().p_holm >= 0.05);
    for id in ["onderling_vertrouwen", "resultaat"] {
        let (c, _) = construct(id);
        for g in [None, Some("X"), Some("Y")] {
            assert_eq!(direction(change(c, g)), "same", "{id} {g:?}");
        }
    }
}

#[test]
fn holm_is_per_group() {
    // Within the family of group X, the smallest of three p-values is multiplied by 3.
    let (c, _) = construct("samenwerking");
    let t = tested(change(c, Some("X"))).unwrap();
    let (p, holm) = (t.test.p, t.p_holm);
    assert!(
        (holm - 3.0 * p).abs() <= 1e-12 * holm,
        "p {p}, p_holm {holm}"
    );
}

#[test]
fn the_small_group_is_suppressed_and_left_out_of_the_total() {
    let f = fixture();
    for c in &f.results.trend.as_ref().unwrap().constructs {
        let id = &c.id;
        for y in &series(c, Some("Z")).years {
            assert!(y.stats.is_suppressed(), "{id} Z {}", y.year);
        }
        assert!(change(c, Some("Z")).result.is_suppressed(), "{id} Z change");
        // Z (3) is the only hidden group and fewer than 5 on its own: the total is X and Y.
        for y in ["2024", "2025"] {
            let n = |g: Option<&str>| year(series(c, g), y).stats.shown().unwrap().n;
            assert_eq!(n(None), n(Some("X")) + n(Some("Y")), "{id} {y}: total n");
        }
    }
}

#[test]
fn the_renamed_construct_is_matched() {
    let (got, want) = construct("onderling_vertrouwen");
    assert_eq!(want["matched"]["2024"], "vertrouwen");
    // A value for 2024, from the 2024 construct "vertrouwen".
    let y = year(series(got, None), "2024")
        .stats
        .shown()
        .expect("shown");
    descriptives(
        "onderling_vertrouwen total 2024",
        y,
        &array(&array(&want["series"], "series")[0]["years"], "years")
            .iter()
            .find(|v| v["year"] == "2024")
            .unwrap()
            .clone(),
        TOL,
    );
    assert!(tested(change(got, None)).is_some());
    // Same items in both versions: no note, in particular not "not in the questionnaire".
    assert_eq!(version_notes(got).len(), 0, "{:?}", got.notes);
}

#[test]
fn the_renamed_item_is_matched_in_both_places() {
    let (got, want) = construct("samenwerking");
    // Across versions: sw_overleg was sw_2, so the construct's items are the same.
    assert_eq!(version_notes(got).len(), 0, "{:?}", got.notes);
    // Z (3 a year) is hidden every year, so the total leaves it out in all years, and says so.
    assert!(
        got.notes
            .iter()
            .any(|n| matches!(n, Note::TotalLeavesOut { groups }
            if groups.len() == 1 && groups[0].nl == "Type Z")),
        "{:?}",
        got.notes
    );
    // In y2025.csv the column is still headed sw_2; had it not been read, the 2025 scores would
    // be the mean of sw_1 and sw_3 alone, and n and mean would differ from the reference.
    let want_series = array(&want["series"], "series");
    for (i, g) in [None, Some("X"), Some("Y")].into_iter().enumerate() {
        let want_year = array(&want_series[i]["years"], "years")
            .iter()
            .find(|v| v["year"] == "2025")
            .unwrap();
        let got_year = year(series(got, g), "2025").stats.shown().unwrap();
        descriptives(
            &format!("samenwerking {g:?} 2025"),
            got_year,
            want_year,
            TOL,
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
    assert!(
        matches!(notes[0], Note::OtherQuestions { year, added, .. }
            if year == "2024" && added == &["rs_3".to_string()]),
        "note: {:?}",
        notes[0]
    );
    // Still compared: the note warns, it does not withhold.
    assert!(tested(change(got, None)).is_some());
}

#[test]
fn benchmark_matches_scipy() {
    let f = fixture();
    let got = f.results.benchmark.as_ref().expect("a benchmark");
    let want = &f.expected["benchmark"];
    assert_eq!(got.municipality, want["municipality"].as_str().unwrap());
    assert_eq!(got.others.shown().copied(), Some(3));
    assert_eq!(Some(3), want["others"].as_u64().map(|n| n as usize));
    assert!(got.notes.is_empty(), "{:?}", got.notes);
    let want_rows = array(&want["rows"], "expected rows");
    assert_eq!(got.rows.len(), want_rows.len());
    for (g, w) in got.rows.iter().zip(want_rows) {
        let what = format!("benchmark {}", w["construct"]);
        assert_eq!(g.construct, w["construct"].as_str().unwrap());
        let shown = g.result.shown().expect("shown");
        descriptives(&format!("{what} this"), &shown.this, &w["this"], TOL);
        descriptives(&format!("{what} others"), &shown.others, &w["others"], TOL);
        compared(&what, shown.comparison.run().expect("tested"), &w["test"]);
    }
    // The planted difference: Eikdorp higher on resultaat, nothing else.
    let p_holm = |id: &str| {
        let r = got.rows.iter().find(|r| r.construct == id).unwrap();
        r.result.shown().unwrap().comparison.run().unwrap().p_holm
    };
    assert!(p_holm("resultaat") < 0.05);
    assert!(p_holm("samenwerking") >= 0.05 && p_holm("onderling_vertrouwen") >= 0.05);
}

#[test]
fn no_progress_bar_without_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let run = crate::common::verband(&["report", ARGS[0], ARGS[1], "--out", out.to_str().unwrap()]);
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

/// The notes about instrument versions and years, not about the total.
fn version_notes(construct: &ConstructTrend) -> Vec<&Note> {
    construct
        .notes
        .iter()
        .filter(|n| !matches!(n, Note::TotalLeavesOut { .. }))
        .collect()
}
