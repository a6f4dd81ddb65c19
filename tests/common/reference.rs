//! Comparing a report's results.json with values computed outside verband (a fixture script's
//! expected JSON): run the report once, then compare numbers at a stated relative tolerance.

use std::path::Path;

use serde_json::Value;

pub struct Fixture {
    pub results: Value,
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
    let text = std::fs::read_to_string(out.join("results.json")).unwrap();
    let results = serde_json::from_str(&text).expect("results.json is JSON");
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(expected);
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let expected = serde_json::from_str(&text).expect("the expected values are JSON");
    Fixture { results, expected }
}

pub fn num(v: &Value, what: &str) -> f64 {
    v.as_f64()
        .unwrap_or_else(|| panic!("{what}: not a number: {v}"))
}

pub fn close_at(what: &str, got: &Value, want: &Value, tol: f64) {
    let (g, w) = (num(got, what), num(want, what));
    assert!(
        (g - w).abs() <= tol * w.abs(),
        "{what}: verband {g}, reference {w} (relative diff {:e})",
        ((g - w) / w).abs()
    );
}

pub fn array<'a>(v: &'a Value, what: &str) -> &'a Vec<Value> {
    v.as_array()
        .unwrap_or_else(|| panic!("{what}: not an array: {v}"))
}
