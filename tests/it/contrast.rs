//! The parents' contrast, end to end: `verband report` on instruments/ouders.toml with 36
//! invented parents (tests/fixtures/contrast/ouders.csv) against R's paired t-test and Holm
//! (make_contrast.R writes expected_contrast.json). Every number at 1e-9 relative, p at 1e-8.

use std::sync::OnceLock;

use serde_json::Value;
use verband::results::{Contrast, ContrastRow, Direction};

use crate::reference::{Fixture, array, close_at, run_report, ttest};

const ARGS: &[&str] = &[
    "--instrument",
    "instruments/ouders.toml",
    "--responses",
    "tests/fixtures/contrast/ouders.csv",
];
const EXPECTED: &str = "tests/fixtures/contrast/expected_contrast.json";
const TOL: f64 = 1e-9;
const TOL_P: f64 = 1e-8;

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| run_report(ARGS, EXPECTED))
}

fn contrast() -> &'static Contrast {
    let c = &fixture().results.contrasts;
    assert_eq!(c.len(), 1, "ouders.toml has one contrast");
    &c[0]
}

/// A row against R: the two sides' means and SDs, the paired test and its Holm-adjusted p.
fn row(what: &str, got: &ContrastRow, want: &Value) {
    let r = got.result.shown().expect("shown");
    assert_eq!(Some(r.n as u64), want["n"].as_u64(), "{what} n");
    close_at(
        &format!("{what} mean a"),
        r.a.mean.unwrap(),
        &want["mean_a"],
        TOL,
    );
    close_at(
        &format!("{what} mean b"),
        r.b.mean.unwrap(),
        &want["mean_b"],
        TOL,
    );
    close_at(&format!("{what} sd a"), r.a.sd.unwrap(), &want["sd_a"], TOL);
    close_at(&format!("{what} sd b"), r.b.sd.unwrap(), &want["sd_b"], TOL);
    let c = r.comparison.run().expect("tested");
    ttest(what, &c.test, want, TOL, TOL_P);
    close_at(&format!("{what} p_holm"), c.p_holm, &want["p_holm"], TOL_P);
}

#[test]
fn every_statement_matches_rs_paired_t_and_holm() {
    let f = fixture();
    assert_eq!(
        Some(f.results.respondents.analysed as u64),
        f.expected["analysed"].as_u64()
    );
    let want = array(&f.expected["statements"], "statements");
    let c = contrast();
    assert_eq!(c.statements.len(), want.len());
    for (got, w) in c.statements.iter().zip(want) {
        let items = got.items.as_ref().unwrap();
        assert_eq!(
            (items[0].as_str(), items[1].as_str()),
            (w["a"].as_str().unwrap(), w["b"].as_str().unwrap())
        );
        row(&items[0], got, w);
    }
}

#[test]
fn the_overall_contrast_matches_r() {
    row(
        "overall",
        &contrast().overall,
        &fixture().expected["overall"],
    );
}

/// The planted finding of the source study: parents rate the care worker higher than the
/// school, and the report says so.
#[test]
fn parents_rate_the_care_worker_higher_and_the_report_shows_it() {
    let c = contrast().overall.result.shown().unwrap();
    let compared = c.comparison.run().unwrap();
    assert_eq!(
        compared.direction,
        Direction::Down,
        "school below care worker"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut args = vec!["report"];
    args.extend_from_slice(ARGS);
    args.extend(["--out", out.to_str().unwrap(), "--quiet"]);
    assert_eq!(crate::common::verband(&args).code, 0);
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.contains("id=\"contrasten\""), "no contrast section");
    assert!(html.contains("De hulpverlener"), "the sides are named");
    // The summary's key findings lead with it, the side after "dan" in lower case.
    let headline = "<li data-headline=\"contrast\">De hulpverlener wordt gemiddeld duidelijk hoger \
                    beoordeeld dan de school (3,86 tegen 3,26).</li>";
    assert!(
        html.contains(headline),
        "no contrast among the key findings"
    );
}
