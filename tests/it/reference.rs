//! Comparing a report's results.json with values computed outside verband (a fixture script's
//! expected JSON): run the report once, read results.json back into the typed contract (which
//! refuses unknown fields), then compare numbers at a stated relative tolerance.

use std::path::Path;

use serde_json::Value;
use verband::results::{Descriptives, Results, TTest};

pub struct Fixture {
    pub results: Results,
    pub expected: Value,
}

/// Runs `verband report ARGS --out TMP --quiet` and reads its results.json and `expected`.
pub fn run_report(args: &[&str], expected: &str) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut all = vec!["report"];
    all.extend_from_slice(args);
    all.extend(["--out", out.to_str().unwrap(), "--quiet"]);
    let run = crate::common::verband(&all);
    assert_eq!(
        run.code, 0,
        "verband report failed:\n{}\n{}",
        run.stdout, run.stderr
    );
    let results = crate::common::read_results(&out);
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(expected);
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let expected = serde_json::from_str(&text).expect("the expected values are JSON");
    Fixture { results, expected }
}

pub fn num(v: &Value, what: &str) -> f64 {
    v.as_f64()
        .unwrap_or_else(|| panic!("{what}: not a number: {v}"))
}

#[track_caller]
pub fn close_at(what: &str, got: f64, want: &Value, tol: f64) {
    let w = num(want, what);
    assert!(
        (got - w).abs() <= tol * w.abs(),
        "{what}: verband {got}, reference {w} (relative diff {:e})",
        ((got - w) / w).abs()
    );
}

pub fn array<'a>(v: &'a Value, what: &str) -> &'a Vec<Value> {
    v.as_array()
        .unwrap_or_else(|| panic!("{what}: not an array: {v}"))
}

/// Descriptives against a reference object with n, mean, sd, se, min, max, median and ci95.
#[track_caller]
pub fn descriptives(what: &str, got: &Descriptives, want: &Value, tol: f64) {
    assert_eq!(Some(got.n as u64), want["n"].as_u64(), "{what} n");
    for (k, v) in [
        ("mean", got.mean),
        ("sd", got.sd),
        ("se", got.se),
        ("min", got.min),
        ("max", got.max),
        ("median", got.median),
    ] {
        close_at(&format!("{what} {k}"), v.unwrap(), &want[k], tol);
    }
    let ci = got.ci95.unwrap();
    for i in 0..2 {
        close_at(&format!("{what} ci95[{i}]"), ci[i], &want["ci95"][i], tol);
    }
}

/// A two-sample t-test against a reference object: diff, se, t, df, ci95 and Hedges' g at
/// `tol`; p at `tol_p`.
#[track_caller]
pub fn ttest(what: &str, got: &TTest, want: &Value, tol: f64, tol_p: f64) {
    for (k, v) in [
        ("diff", got.diff),
        ("se", got.se),
        ("t", got.t),
        ("df", got.df),
        ("hedges_g", got.hedges_g),
    ] {
        close_at(&format!("{what} {k}"), v, &want[k], tol);
    }
    for i in 0..2 {
        close_at(
            &format!("{what} ci95[{i}]"),
            got.ci95[i],
            &want["ci95"][i],
            tol,
        );
    }
    close_at(&format!("{what} p"), got.p, &want["p"], tol_p);
}
