//! Issue 12: disclosure control across every published number. An attacker holds results.json
//! and subtracts: one published (n, mean) from another, or the shown groups from a total. For
//! every group hidden under `min_group` (and every pool of hidden groups still under it), in
//! every year and in the benchmark's own municipality, on every construct, dimension and item,
//! these tests compute the group's true size and sum from the data, and require that no
//! published number, no pair of published numbers and no total minus the shown groups gives it.
//! Every figure in index.html must be one of results.json's, so the page adds no number to
//! subtract.

use std::collections::HashMap;
use std::path::Path;

use polars::prelude::*;
use serde_json::Value;
use verband::instrument::Instrument;

use crate::common::{root, verband};

/// A set of respondents' values on one variable: how many, and their sum.
#[derive(Debug, Clone, Copy)]
struct Cell {
    n: usize,
    sum: f64,
}

/// A published cell, and whether it pools groups (a total, the benchmark's own side): only
/// such a cell holds another published cell's respondents, so only it can be subtracted from.
#[derive(Debug, Clone, Copy)]
struct Published {
    cell: Cell,
    pooled: bool,
}

/// What the attacker must not learn: a hidden group's (or pool's) size and sum.
#[derive(Debug)]
struct Secret {
    key: Key,
    what: String,
    hidden: Cell,
    /// The groups shown on the same variable, together.
    shown: Cell,
}

/// Which year and variable a published number is about.
type Key = (String, String);

/// Every (n, mean) object in results.json, as (n, n × mean), by the year and variable it is
/// about: the measures and the benchmark's own side in the current year, the trend's cells in
/// theirs, the network's cells and perception gaps by question and partner.
fn published(results: &Value) -> HashMap<Key, Vec<Published>> {
    let year = results["years"]
        .as_array()
        .and_then(|y| y.last())
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let mut out: HashMap<Key, Vec<Published>> = HashMap::new();
    let mut add = |year: &str, variable: &str, v: &Value, pooled: bool| {
        let mut cells = Vec::new();
        walk(v, &mut cells);
        let key = (year.to_string(), variable.to_string());
        let list = out.entry(key).or_default();
        list.extend(cells.into_iter().map(|cell| Published { cell, pooled }));
    };
    let list = |v: &Value| v.as_array().cloned().unwrap_or_default();
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    for m in list(&results["measures"]) {
        add(&year, &text(&m["id"]), &m["total"], true);
        add(&year, &text(&m["id"]), &m["groups"], false);
    }
    for c in list(&results["trend"]["constructs"]) {
        for series in list(&c["series"]) {
            let pooled = series["who"] == "total";
            for cell in list(&series["years"]) {
                add(&text(&cell["year"]), &text(&c["id"]), &cell, pooled);
            }
        }
    }
    for row in list(&results["benchmark"]["rows"]) {
        let this = &row["result"]["shown"]["this"];
        add(&year, &text(&row["construct"]), this, true);
    }
    for block in list(&results["network"]["blocks"]) {
        for cell in list(&block["matrix"]) {
            let column = format!("{}_{}", text(&cell["question"]), text(&cell["partner"]));
            add(&year, &column, &cell, false);
        }
        for gap in list(&block["gaps"]) {
            let q = text(&gap["question"]);
            let shown = &gap["result"]["shown"];
            add(
                &year,
                &format!("{q}_{}", text(&gap["b"])),
                &shown["a_about_b"],
                false,
            );
            add(
                &year,
                &format!("{q}_{}", text(&gap["a"])),
                &shown["b_about_a"],
                false,
            );
        }
    }
    out
}

fn walk(v: &Value, out: &mut Vec<Cell>) {
    match v {
        Value::Object(o) => {
            if let (Some(n), Some(mean)) = (
                o.get("n").and_then(Value::as_u64),
                o.get("mean").and_then(Value::as_f64),
            ) {
                out.push(Cell {
                    n: n as usize,
                    sum: n as f64 * mean,
                });
            }
            o.values().for_each(|x| walk(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
        _ => {}
    }
}

fn same_sum(a: f64, b: f64, scale: f64) -> bool {
    (a - b).abs() <= 1e-9 * scale.abs().max(1.0)
}

/// Every way of learning a secret from the published cells: the cell itself, a difference of
/// two, or one minus the shown groups.
fn leaks(published: &HashMap<Key, Vec<Published>>, secrets: &[Secret]) -> Vec<String> {
    let mut out = Vec::new();
    for s in secrets {
        let Some(cells) = published.get(&s.key) else {
            continue;
        };
        let mut by_n: HashMap<usize, Vec<f64>> = HashMap::new();
        for c in cells {
            by_n.entry(c.cell.n).or_default().push(c.cell.sum);
        }
        let mut pooled: HashMap<usize, Vec<f64>> = HashMap::new();
        for c in cells.iter().filter(|c| c.pooled) {
            pooled.entry(c.cell.n).or_default().push(c.cell.sum);
        }
        let h = s.hidden;
        let direct = by_n
            .get(&h.n)
            .is_some_and(|sums| sums.iter().any(|x| same_sum(*x, h.sum, h.sum)));
        if direct {
            out.push(format!("{}: published as such", s.what));
        }
        let with_shown = by_n
            .get(&(s.shown.n + h.n))
            .is_some_and(|sums| sums.iter().any(|x| same_sum(*x - s.shown.sum, h.sum, *x)));
        if s.shown.n > 0 && with_shown {
            out.push(format!("{}: a total minus the shown groups", s.what));
        }
        for a in cells
            .iter()
            .filter(|a| a.pooled && a.cell.n > h.n)
            .map(|a| a.cell)
        {
            let Some(sums) = by_n.get(&(a.n - h.n)) else {
                continue;
            };
            if sums.iter().any(|b| same_sum(a.sum - b, h.sum, a.sum)) {
                out.push(format!("{}: n {} minus n {}", s.what, a.n, a.n - h.n));
                break;
            }
        }
    }
    out
}

/// Per group, the size and sum of a column's values.
fn group_cells<'a>(column: &Column, groups: &'a [Option<String>]) -> HashMap<&'a str, Cell> {
    let values = column.cast(&DataType::Float64).unwrap();
    let mut cells: HashMap<&str, Cell> = HashMap::new();
    for (g, v) in groups.iter().zip(values.f64().unwrap().iter()) {
        if let (Some(g), Some(v)) = (g, v) {
            let c = cells.entry(g.as_str()).or_insert(Cell { n: 0, sum: 0.0 });
            c.n += 1;
            c.sum += v;
        }
    }
    cells
}

/// Per variable of a scored frame, the secrets of its hidden groups: each group under
/// `min_group`, and each pool of them still under it, with an item's reverse-coded sum too.
fn secrets(
    frame: &DataFrame,
    inst: &Instrument,
    by: &str,
    min_group: usize,
    year: &str,
    label: &str,
) -> Vec<Secret> {
    let reversible: HashMap<String, i64> = inst
        .items()
        .iter()
        .map(|i| (i.item.id.clone(), i.scale.min() + i.scale.max()))
        .collect();
    let groups = frame.column(by).unwrap().cast(&DataType::String).unwrap();
    let groups: Vec<Option<String>> = groups
        .str()
        .unwrap()
        .iter()
        .map(|g| g.map(str::to_string))
        .collect();
    let mut out = Vec::new();
    for column in frame.columns() {
        let name = column.name().as_str();
        if !column.dtype().is_primitive_numeric() || name.starts_with('_') {
            continue;
        }
        let cells = group_cells(column, &groups);
        let shown =
            cells
                .values()
                .filter(|c| c.n >= min_group)
                .fold(Cell { n: 0, sum: 0.0 }, |a, c| Cell {
                    n: a.n + c.n,
                    sum: a.sum + c.sum,
                });
        let hidden: Vec<(&str, Cell)> = cells
            .iter()
            .filter(|(_, c)| c.n < min_group)
            .map(|(g, c)| (*g, *c))
            .collect();
        for mask in 1u32..(1 << hidden.len()) {
            let pool: Vec<&(&str, Cell)> = (0..hidden.len())
                .filter(|k| mask & (1 << k) != 0)
                .map(|k| &hidden[k])
                .collect();
            let n: usize = pool.iter().map(|(_, c)| c.n).sum();
            if n >= min_group {
                continue;
            }
            let sum: f64 = pool.iter().map(|(_, c)| c.sum).sum();
            let names: Vec<&str> = pool.iter().map(|(g, _)| *g).collect();
            let what = format!("{label} {name} {names:?} (n {n})");
            let key = (year.to_string(), name.to_string());
            out.push(Secret {
                key: key.clone(),
                what: what.clone(),
                hidden: Cell { n, sum },
                shown,
            });
            if let Some(c) = reversible.get(name) {
                let reversed = Cell {
                    n,
                    sum: n as f64 * *c as f64 - sum,
                };
                let shown = Cell {
                    n: shown.n,
                    sum: shown.n as f64 * *c as f64 - shown.sum,
                };
                out.push(Secret {
                    key,
                    what: format!("{what} reversed"),
                    hidden: reversed,
                    shown,
                });
            }
        }
    }
    out
}

/// A monitor's rounds and benchmark, read and scored through the library as the report does.
fn monitor_secrets(config: &Path) -> Vec<Secret> {
    let cfg = verband::config::load(config).unwrap();
    let min_group = cfg.min_group.unwrap_or(verband::analyse::DEFAULT_MIN_GROUP);
    let current = verband::instrument::load_merged(&cfg.instruments).unwrap();
    let by = current.grouping().unwrap().id.clone();
    let mut out = Vec::new();
    for year in &cfg.years {
        let inst = match &year.instruments {
            Some(paths) => verband::instrument::load_merged(paths).unwrap(),
            None => current.clone(),
        };
        let options = verband::ingest::Options {
            year: Some(year.year),
            ..Default::default()
        };
        let r = verband::ingest::ingest(&year.responses, &inst, &options).unwrap();
        let scores = verband::score::score(&r, &inst).unwrap();
        out.extend(secrets(
            &scores.data,
            &inst,
            &by,
            min_group,
            &year.year.to_string(),
            &year.year.to_string(),
        ));
    }
    if let (Some(b), Some(town)) = (&cfg.benchmark, &cfg.municipality) {
        let year = cfg.years.last().map(|y| y.year);
        let options = verband::ingest::Options {
            year,
            ..Default::default()
        };
        let r = verband::ingest::ingest(&b.responses, &current, &options).unwrap();
        let scores = verband::score::score(&r, &current).unwrap();
        let attribute = b.attribute.clone().unwrap_or_else(|| "gemeente".into());
        let own = scores
            .data
            .clone()
            .lazy()
            .filter(
                col(attribute.as_str())
                    .str()
                    .strip_chars(lit(NULL))
                    .str()
                    .to_lowercase()
                    .eq(lit(town.to_lowercase())),
            )
            .collect()
            .unwrap();
        let y = year.map(|y| y.to_string()).unwrap_or_default();
        out.extend(secrets(&own, &current, &by, min_group, &y, "benchmark"));
    }
    out
}

/// Numbers as the page prints them ("3,49", "3.49", "−0,3", "204"), each with half its last
/// printed digit: the most rounding can have moved it. Charts (inline images) and styles are
/// not text.
fn page_numbers(html: &str) -> Vec<(f64, f64)> {
    let mut text = String::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        text.push_str(&rest[..at]);
        text.push(' ');
        let tag = &rest[at..];
        let skip_to = if tag.starts_with("<style") {
            tag.find("</style>").map(|e| e + 8)
        } else if tag.starts_with("<script") {
            tag.find("</script>").map(|e| e + 9)
        } else {
            tag.find('>').map(|e| e + 1)
        };
        rest = &tag[skip_to.unwrap_or(tag.len())..];
    }
    text.push_str(rest);
    text.split(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.' || c == '−' || c == '-'))
        .filter_map(|w| {
            let w = w.trim_end_matches([',', '.', '-', '−']);
            let digits = w.find(|c: char| c.is_ascii_digit())?;
            let negative = w[..digits].ends_with(['-', '−']);
            let body = &w[digits..];
            let decimals = body
                .rsplit_once([',', '.'])
                .map_or(0, |(_, d)| d.len() as i32);
            let value = body.replace(',', ".").parse::<f64>().ok()?;
            let value = if negative { -value } else { value };
            Some((value, 0.5 * 10f64.powi(-decimals) + 1e-9))
        })
        .collect()
}

/// Every number in results.json, those written inside texts included.
fn json_numbers(v: &Value, out: &mut Vec<f64>) {
    match v {
        Value::Number(n) => out.extend(n.as_f64()),
        // Years, and numbers inside texts (a citation's year and pages).
        Value::String(s) => out.extend(page_numbers(s).into_iter().map(|(x, _)| x)),
        Value::Array(a) => a.iter().for_each(|x| json_numbers(x, out)),
        Value::Object(o) => o.values().for_each(|x| json_numbers(x, out)),
        _ => {}
    }
}

/// The report of a monitor, written to `out`.
fn render(config: &Path, out: &Path) -> std::path::PathBuf {
    let run = verband(&[
        "report",
        "--config",
        config.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    out.to_path_buf()
}

#[track_caller]
fn assert_nothing_leaks(config: &Path, out: &Path) {
    let text = std::fs::read_to_string(out.join("results.json")).unwrap();
    let results: Value = serde_json::from_str(&text).unwrap();
    let secrets = monitor_secrets(config);
    assert!(!secrets.is_empty(), "the case has hidden groups");
    let found = leaks(&published(&results), &secrets);
    assert!(
        found.is_empty(),
        "{} leaks, e.g.:\n{}",
        found.len(),
        found[..found.len().min(20)].join("\n")
    );
    agreement_is_counted_from_the_item_totals(&results);
    // The page prints results.json's numbers, rounded, and no others of its own.
    let mut known = Vec::new();
    json_numbers(&results, &mut known);
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    // 95 (%) names the confidence intervals; the rest must be results.json's.
    known.push(95.0);
    let strays: Vec<f64> = page_numbers(&html)
        .into_iter()
        .filter(|(x, within)| !known.iter().any(|k| (k - x).abs() <= *within))
        .map(|(x, _)| x)
        .collect();
    assert!(
        strays.is_empty(),
        "numbers on the page that results.json lacks: {strays:?}"
    );
}

/// Each part's "% eens" is the items' published totals added up, after reverse coding: a
/// number made of published numbers only, so no subtraction with them reveals anything.
fn agreement_is_counted_from_the_item_totals(results: &Value) {
    for part in results["summary"]["parts"].as_array().unwrap() {
        let Some(agree) = part["agree"].as_object() else {
            continue;
        };
        let (mut answers, mut agreeing) = (0u64, 0u64);
        for m in results["measures"].as_array().unwrap() {
            if m["kind"] != "item" || m["construct"] != part["construct"] {
                continue;
            }
            let (min, max) = (
                m["scale"]["min"].as_i64().unwrap(),
                m["scale"]["max"].as_i64().unwrap(),
            );
            let Some(counts) = m["total"]["frequencies"]["counts"].as_array() else {
                continue;
            };
            for c in counts {
                let (code, n) = (c["code"].as_i64().unwrap(), c["n"].as_u64().unwrap());
                let code = if m["reversed"] == true {
                    min + max - code
                } else {
                    code
                };
                answers += n;
                if agree["codes"]
                    .as_array()
                    .unwrap()
                    .contains(&Value::from(code))
                {
                    agreeing += n;
                }
            }
        }
        assert_eq!(
            agree["answers"].as_u64(),
            Some(answers),
            "{}",
            part["construct"]
        );
        let percent = agree["percent"].as_f64().unwrap();
        let want = 100.0 * agreeing as f64 / answers as f64;
        assert!(
            (percent - want).abs() < 1e-9,
            "{}: {percent} vs {want}",
            part["construct"]
        );
    }
}

#[test]
fn the_bundled_example_leaks_no_hidden_group() {
    // The bundled example, as the other tests have it rendered.
    let out = crate::common::example("nl");
    assert_nothing_leaks(&root().join("voorbeeld/verband.toml"), out);
}

#[test]
fn the_monitor_fixture_leaks_no_hidden_group() {
    let dir = tempfile::tempdir().unwrap();
    let config = root().join("tests/fixtures/monitor/verband.toml");
    assert_nothing_leaks(&config, &render(&config, dir.path()));
}

/// A monitor whose groups are hidden in one year and shown in the next: in 2025 two small
/// groups (W 3, V 3) that together reach min_group, and Z grown from 3 to 6.
#[test]
fn a_monitor_with_groups_hidden_in_one_year_only_leaks_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let from = root().join("tests/fixtures/monitor");
    for name in [
        "v1.toml",
        "v2.toml",
        "verband.toml",
        "y2024.csv",
        "regio.csv",
    ] {
        let text = std::fs::read_to_string(from.join(name)).unwrap();
        let text = text.replace(
            "  { code = \"Z\", nl = \"Type Z\", en = \"Type Z\" },\n",
            "  { code = \"Z\", nl = \"Type Z\", en = \"Type Z\" },\n  { code = \"W\", nl = \"Type W\", en = \"Type W\" },\n  { code = \"V\", nl = \"Type V\", en = \"Type V\" },\n",
        );
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let y2025 = std::fs::read_to_string(from.join("y2025.csv")).unwrap();
    let mut relabelled = 0;
    let lines: Vec<String> = y2025
        .lines()
        .map(|line| {
            if !line.contains(",X,") || relabelled >= 9 {
                return line.to_string();
            }
            relabelled += 1;
            let to = ["Z", "W", "V"][(relabelled - 1) / 3];
            line.replacen(",X,", &format!(",{to},"), 1)
        })
        .collect();
    std::fs::write(dir.path().join("y2025.csv"), lines.join("\n") + "\n").unwrap();
    let out = dir.path().join("rapport");
    let config = dir.path().join("verband.toml");
    assert_nothing_leaks(&config, &render(&config, &out));
}
