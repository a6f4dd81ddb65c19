//! `verband report`: disclosure control, escaping, languages, determinism, the results.json
//! contract, and the page as a browser shows it. Runs on the small Zwolle example (26
//! respondents: PO 10, VO 10, MBO 6) with a planted `<script>` answer.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const INSTRUMENT: &str = "instruments/zwolle-2014.toml";
const SCRIPT: &str = "<script>alert('x')</script>";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The Zwolle example with the first respondent's first comment replaced by a script.
fn responses(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(root().join("data/zwolle-2014.csv")).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let header: Vec<&str> = lines[0].split(';').collect();
    let comment = header
        .iter()
        .position(|h| *h == "z06_toelichting")
        .expect("a z06_toelichting column");
    let mut fields: Vec<String> = lines[1].split(';').map(str::to_string).collect();
    fields[comment] = SCRIPT.to_string();
    lines[1] = fields.join(";");
    let path = dir.join("antwoorden.csv");
    std::fs::write(&path, lines.join("\n")).unwrap();
    path
}

struct Report {
    out: PathBuf,
    results: Value,
    html: String,
}

fn report(dir: &Path, name: &str, extra: &[&str]) -> Report {
    let input = responses(dir);
    let out = dir.join(name);
    let mut args = vec![
        "report",
        "--instrument",
        INSTRUMENT,
        "--responses",
        input.to_str().unwrap(),
        "--by",
        "onderwijstype",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ];
    args.extend_from_slice(extra);
    let run = Command::new(env!("CARGO_BIN_EXE_verband"))
        .args(&args)
        .current_dir(root())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "verband {args:?}:\n{stderr}");
    let results =
        serde_json::from_str(&std::fs::read_to_string(out.join("results.json")).unwrap()).unwrap();
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    Report { out, results, html }
}

fn group<'a>(measure: &'a Value, code: &str) -> &'a Value {
    measure["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group"] == code)
        .unwrap()
}

#[test]
fn text_from_the_spreadsheet_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let r = report(dir.path(), "out", &[]);
    assert!(
        !r.html.contains(SCRIPT),
        "the script answer reached the page unescaped"
    );
    assert!(
        r.html.contains("&lt;script&gt;alert("),
        "the script answer is not shown as text"
    );
    assert!(
        !r.html.to_lowercase().contains("<script"),
        "the page holds a script element"
    );
}

#[test]
fn small_groups_are_suppressed_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let r = report(dir.path(), "out", &["--min-group", "7"]);
    assert_eq!(r.results["min_group"], 7);
    let by_group = r.results["respondents"]["by_group"].as_array().unwrap();
    let mbo = by_group.iter().find(|g| g["group"] == "MBO").unwrap();
    assert_eq!(
        (mbo["suppressed"].clone(), mbo["n"].clone()),
        (Value::Bool(true), Value::Null)
    );
    for m in r.results["measures"].as_array().unwrap() {
        let g = group(m, "MBO");
        assert_eq!(g["suppressed"], true, "{}", m["id"]);
        for key in [
            "n",
            "mean",
            "sd",
            "min",
            "max",
            "median",
            "ci95",
            "frequencies",
        ] {
            assert!(
                g.get(key).is_none_or(Value::is_null),
                "{} MBO {key} shown: {}",
                m["id"],
                g[key]
            );
        }
        if let Some(pairs) = m["posthoc"]["bonferroni"].as_array() {
            assert!(
                pairs.iter().all(|p| p["a"] != "MBO" && p["b"] != "MBO"),
                "{}: MBO in a pair",
                m["id"]
            );
        }
        if m["kind"] == "construct" && m["anova"].is_object() {
            assert_eq!(
                m["anova"]["df1"], 1.0,
                "{}: only PO and VO are compared",
                m["id"]
            );
            assert!(
                m["notes"].as_array().unwrap().iter().any(|n| n
                    .as_str()
                    .unwrap()
                    .to_lowercase()
                    .contains("mbo"))
            );
        }
    }
    for q in r.results["open"].as_array().unwrap() {
        for g in q["groups"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|g| g["group"] == "MBO")
        {
            assert_eq!(g["suppressed"], true);
            assert_eq!(g["answers"].as_array().unwrap().len(), 0);
        }
    }
    assert!(
        r.html.contains("&lt; 7"),
        "the response table withholds the MBO count"
    );
    assert!(r.html.contains("niet getoond"));
}

#[test]
fn dutch_and_english() {
    let dir = tempfile::tempdir().unwrap();
    let nl = report(dir.path(), "nl", &[]);
    let en = report(dir.path(), "en", &["--lang", "en"]);
    let mean = nl.results["measures"][0]["overall"]["mean"]
        .as_f64()
        .unwrap();
    let (comma, point) = (format!("{mean:.2}").replace('.', ","), format!("{mean:.2}"));
    assert!(
        nl.html.contains("<html lang=\"nl\">") && nl.html.contains("Samenvatting voor de raad")
    );
    assert!(
        nl.html.contains(&comma),
        "Dutch mean {comma} not on the page"
    );
    assert!(en.html.contains("<html lang=\"en\">") && en.html.contains("Summary for the council"));
    assert!(
        en.html.contains(&point),
        "English mean {point} not on the page"
    );
    assert!(
        !en.html.contains("Samenvatting"),
        "Dutch words in the English report"
    );
    assert_eq!(en.results["measures"][0]["label"], "Results of the pilots");
}

#[test]
fn two_runs_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let a = report(dir.path(), "a", &[]);
    let b = report(dir.path(), "b", &[]);
    for file in ["index.html", "results.json", "scores.csv"] {
        assert!(
            std::fs::read(a.out.join(file)).unwrap() == std::fs::read(b.out.join(file)).unwrap(),
            "{file} differs"
        );
    }
    let figures: Vec<_> = std::fs::read_dir(a.out.join("figures"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(figures.len() >= 8, "{figures:?}");
    for f in figures {
        assert!(
            std::fs::read(a.out.join("figures").join(&f)).unwrap()
                == std::fs::read(b.out.join("figures").join(&f)).unwrap(),
            "{f:?} differs"
        );
    }
    assert!(
        !a.html.contains("2026") && !a.html.contains("2025"),
        "a date on the page without --date"
    );
    let dated = report(dir.path(), "c", &["--date", "1 december 2026"]);
    assert!(dated.html.contains("1 december 2026"));
}

#[test]
fn results_json_keeps_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let r = report(dir.path(), "out", &[]);
    let j = &r.results;
    assert_eq!(
        (
            j["instrument"]["id"].as_str(),
            j["instrument"]["version"].as_str()
        ),
        (Some("zwolle-2014"), Some("1"))
    );
    assert_eq!(j["grouping"], "onderwijstype");
    // The sections a run does not have are there as null, so readers need not guess.
    for key in ["network", "governance", "trend", "benchmark"] {
        assert!(j.get(key).is_some_and(Value::is_null), "{key}");
    }
    let read = j["respondents"]["read"].as_u64().unwrap();
    let analysed = j["respondents"]["analysed"].as_u64().unwrap();
    let excluded = j["respondents"]["excluded"].as_array().unwrap();
    assert_eq!((read, analysed + excluded.len() as u64), (26, 26));
    let measures = j["measures"].as_array().unwrap();
    let kinds: Vec<&str> = measures
        .iter()
        .map(|m| m["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.iter().filter(|k| **k == "construct").count(), 3);
    assert_eq!(kinds.iter().filter(|k| **k == "item").count(), 19);
    assert!(
        kinds
            .iter()
            .all(|k| ["item", "dimension", "construct"].contains(k))
    );
    let c = &measures[0];
    assert_eq!(
        (c["id"].as_str(), c["kind"].as_str()),
        (Some("resultaten"), Some("construct"))
    );
    for key in ["n", "mean", "sd", "min", "max", "se", "ci95"] {
        assert!(!c["overall"][key].is_null(), "overall.{key}");
    }
    assert!(
        c["overall"].get("frequencies").is_some(),
        "overall.frequencies is present (null for constructs)"
    );
    for key in ["group", "n", "mean", "sd", "min", "max", "suppressed"] {
        assert!(group(c, "PO").get(key).is_some(), "groups[].{key}");
    }
    assert!(c["reliability"]["alpha"].is_f64());
    for (test, keys) in [
        ("anova", &["f", "df1", "df2", "p", "eta_sq", "omega_sq"][..]),
        ("welch", &["f", "df1", "df2", "p"][..]),
        ("levene", &["center", "f", "df1", "df2", "p"][..]),
        ("kruskal", &["h", "df", "p"][..]),
    ] {
        for key in keys {
            assert!(!c[test][key].is_null(), "{test}.{key}");
        }
    }
    assert_eq!(c["levene"]["center"], "mean");
    for method in ["bonferroni", "tukey", "games_howell"] {
        let pairs = c["posthoc"][method]
            .as_array()
            .unwrap_or_else(|| panic!("posthoc.{method}"));
        assert_eq!(pairs.len(), 3, "{method}: PO–VO, PO–MBO, VO–MBO");
        for key in ["a", "b", "diff", "se", "p"] {
            assert!(!pairs[0][key].is_null(), "{method}[0].{key}");
        }
    }
    // The mean of the construct equals the mean of the respondents' scores in scores.csv.
    let scores = std::fs::read_to_string(r.out.join("scores.csv")).unwrap();
    let header: Vec<&str> = scores.lines().next().unwrap().split(',').collect();
    let at = header.iter().position(|h| *h == "resultaten").unwrap();
    let values: Vec<f64> = scores
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(at)?.parse().ok())
        .collect();
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    assert!((mean - c["overall"]["mean"].as_f64().unwrap()).abs() < 1e-12);
}

/// The page as a reader sees it: every image loads and no table is wider than its column.
/// Needs Chromium; without it the test says so and passes. Run on a small report and on the
/// bundled example, which has every section (trend, benchmark, network, governance fit).
#[test]
fn in_a_browser_every_image_loads_and_nothing_overflows() {
    let Some(chromium) = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
    else {
        eprintln!("skipped: no Chromium on PATH (apt-get install chromium)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let small = report(dir.path(), "out", &[]);
    in_a_browser(chromium, dir.path(), &small.out);
    let example = dir.path().join("voorbeeld");
    let run = Command::new(env!("CARGO_BIN_EXE_verband"))
        .args(["report", "--quiet", "--out", example.to_str().unwrap()])
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let html = std::fs::read_to_string(example.join("index.html")).unwrap();
    for section in ["ontwikkeling", "benchmark", "netwerk", "bestuursvorm-fit"] {
        assert!(
            html.contains(&format!("<section id=\"{section}\"")),
            "{section}"
        );
    }
    in_a_browser(chromium, dir.path(), &example);
}

fn in_a_browser(chromium: &str, dir: &Path, out: &Path) {
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    let check = r#"<script>window.addEventListener('load', () => {
      const broken = [...document.images].filter(i => !i.complete || i.naturalWidth === 0).length;
      const wide = [...document.querySelectorAll('table')].filter(t => t.scrollWidth > t.parentElement.clientWidth + 1).length;
      document.body.setAttribute('data-check', `images=${document.images.length} broken=${broken} wide=${wide}`);
    });</script></body>"#;
    let probe = out.join("probe.html");
    std::fs::write(&probe, html.replace("</body>", check)).unwrap();
    let flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1200,900",
        "--virtual-time-budget=5000",
    ];
    let profile = format!("--user-data-dir={}", dir.join("profile").display());
    let dom = Command::new(chromium)
        .args(flags)
        .arg(&profile)
        .arg("--dump-dom")
        .arg(&probe)
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&dom.stdout);
    let images = html.matches("<img ").count();
    assert!(
        dom.contains(&format!("data-check=\"images={images} broken=0 wide=0\"")),
        "browser check of {}: {}",
        out.display(),
        dom.lines()
            .find(|l| l.contains("data-check"))
            .unwrap_or("no result")
    );
    let shot = out.join("screenshot.png");
    let screenshot = Command::new(chromium)
        .args(flags)
        .arg(&profile)
        .arg(format!("--screenshot={}", shot.display()))
        .arg(out.join("index.html"))
        .output()
        .unwrap();
    assert!(
        screenshot.status.success() && std::fs::metadata(&shot).unwrap().len() > 10_000,
        "no screenshot of {}",
        out.display()
    );
}

/// Total minus the shown groups must not reveal a suppressed group: with MBO (6) hidden alone,
/// the totals cover PO and VO only.
#[test]
fn the_total_does_not_give_away_a_hidden_group() {
    let dir = tempfile::tempdir().unwrap();
    let r = report(dir.path(), "out", &["--min-group", "7"]);
    for m in r.results["measures"].as_array().unwrap() {
        let shown: u64 = ["PO", "VO"]
            .iter()
            .map(|g| group(m, g)["n"].as_u64().unwrap())
            .sum();
        assert_eq!(m["overall"]["n"].as_u64().unwrap(), shown, "{}", m["id"]);
        if let Some(counts) = m["overall"]["frequencies"]["counts"].as_array() {
            let total: u64 = counts.iter().map(|c| c["n"].as_u64().unwrap()).sum();
            assert_eq!(total, shown, "{} frequencies", m["id"]);
        }
    }
}
