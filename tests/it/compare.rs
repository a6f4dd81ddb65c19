//! `verband compare` on a Dutch table: `;` separators, decimal commas, a BOM. The numbers must
//! be R's (tests/fixtures/stats/plantgrowth.json), read exactly as written.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{Run, verband};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// PlantGrowth as a Dutch spreadsheet program saves it.
fn dutch_csv(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(
        root().join("crates/verband-stats/tests/fixtures/stats/plantgrowth.csv"),
    )
    .unwrap();
    let mut out = String::from("\u{feff}groep;gewicht\n");
    for line in text.lines().skip(1) {
        let (g, v) = line.split_once(',').unwrap();
        out.push_str(&format!(
            "{};{}\n",
            g.trim_matches('"'),
            v.replace('.', ",")
        ));
    }
    let path = dir.join("planten.csv");
    std::fs::write(&path, out).unwrap();
    path
}

fn compare(args: &[&str]) -> Run {
    verband(&[&["compare"], args].concat())
}

fn reference() -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(
            root().join("crates/verband-stats/tests/fixtures/stats/plantgrowth.json"),
        )
        .unwrap(),
    )
    .unwrap()
}

#[test]
fn dutch_table_prints_spss_like_tables_with_decimal_commas() {
    let dir = tempfile::tempdir().unwrap();
    let file = dutch_csv(dir.path());
    let Run {
        code,
        stdout: out,
        stderr: err,
    } = compare(&[
        file.to_str().unwrap(),
        "--by",
        "groep",
        "--value",
        "gewicht",
    ]);
    assert_eq!(code, 0, "{err}");
    let r = reference();
    let f = r["anova"]["f"].as_f64().unwrap();
    let ms = r["anova"]["ms_within"].as_f64().unwrap();
    for expected in [
        "== gewicht ==".to_string(),
        "Welch".to_string(),
        "Levene (gemiddelde)".to_string(),
        "Tukey HSD".to_string(),
        "Games–Howell".to_string(),
        "Bonferroni".to_string(),
        "Kruskal–Wallis".to_string(),
    ] {
        assert!(out.contains(&expected), "missing {expected:?} in:\n{out}");
    }
    let row = |start: &str| {
        out.lines()
            .find(|l| l.trim_start().starts_with(start))
            .unwrap_or_else(|| panic!("no {start} row:\n{out}"))
    };
    let between = row("Tussen groepen");
    assert!(
        between.contains(&format!("{f:.3}").replace('.', ",")) && between.contains(" 2 "),
        "{between}"
    );
    let within = row("Binnen groepen");
    assert!(
        within.contains(&format!("{ms:.3}").replace('.', ",")) && within.contains(" 27 "),
        "{within}"
    );
    // The descriptives row of ctrl: N 10, mean 5,032, SD 0,583.
    let ctrl = out
        .lines()
        .find(|l| l.trim_start().starts_with("ctrl"))
        .unwrap();
    for cell in ["10", "5,032", "0,583"] {
        assert!(ctrl.contains(cell), "ctrl row {ctrl:?} lacks {cell}");
    }
}

#[test]
fn json_carries_r_s_numbers_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let file = dutch_csv(dir.path());
    let Run {
        code,
        stdout: out,
        stderr: err,
    } = compare(&[
        file.to_str().unwrap(),
        "--by",
        "groep",
        "--value",
        "gewicht",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let measures: Vec<verband::results::Measure> = serde_json::from_str(&out).unwrap();
    let m = &measures[0];
    let r = reference();
    let a = m.tests.as_ref().unwrap().anova.run().unwrap();
    for (key, got) in [
        ("f", a.f),
        ("ss_between", a.ss_between),
        ("ss_within", a.ss_within),
        ("eta_sq", a.eta_sq),
        ("omega_sq", a.omega_sq),
    ] {
        let want = r["anova"][key].as_f64().unwrap();
        assert!(
            ((got - want) / want).abs() < 1e-9,
            "anova {key}: {got} vs R {want}"
        );
    }
    let want = r["anova"]["p"].as_f64().unwrap();
    assert!(
        ((a.p - want) / want).abs() < 1e-7,
        "anova p: {} vs R {want}",
        a.p
    );
    let ctrl = m.groups[0].summary.shown().unwrap().stats.as_ref().unwrap();
    let mean = ctrl.mean.unwrap();
    assert!((mean - 5.032).abs() < 1e-12, "ctrl mean {mean}");
}

#[test]
fn a_cell_that_is_not_a_number_is_named_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fout.csv");
    std::fs::write(&path, "groep;gewicht\nA;1,5\nA;2,5\nB;veel\nB;3\n").unwrap();
    let Run {
        code, stderr: err, ..
    } = compare(&[
        path.to_str().unwrap(),
        "--by",
        "groep",
        "--value",
        "gewicht",
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!(
            "{}, B4: \"veel\" is not a usable number",
            path.display()
        )),
        "{err}"
    );
}

#[test]
fn an_unknown_column_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let file = dutch_csv(dir.path());
    let Run {
        code, stderr: err, ..
    } = compare(&[
        file.to_str().unwrap(),
        "--by",
        "soort",
        "--value",
        "gewicht",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("no column \"soort\""), "{err}");
}
