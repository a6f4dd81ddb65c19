//! The Provan–Kenis governance fit of the bundled example, derived again here from the
//! numbers results.json shows: thirds of the scale for the levels, Provan & Kenis's (2008)
//! Table 2 typed out independently, the trust density from the partner matrix, the votes, the
//! predicted form, the perceived form and the drivers of a mismatch. The example is built to
//! mismatch: low trust density points to a lead organisation while most respondents see an NAO.

mod common;

use serde_json::Value;

use common::verband;

fn example() -> Value {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let run = verband(&["report", "--out", out, "--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "", "--quiet prints nothing");
    let text = std::fs::read_to_string(dir.path().join("results.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Provan & Kenis (2008), Table 2, per contingency and level; participants are scored so
/// that higher means fewer (a manageable number).
fn table(contingency: &str, level: &str) -> Vec<&'static str> {
    match (contingency, level) {
        ("trust", "high") | ("participants", "high") | ("goal_consensus", "high") => {
            vec!["shared"]
        }
        ("competencies", "low") => vec!["shared"],
        ("trust", "low") | ("goal_consensus", "low") | ("competencies", "moderate") => {
            vec!["lead"]
        }
        ("participants", "moderate") => vec!["lead", "nao"],
        ("trust", "moderate") | ("goal_consensus", "moderate") => vec!["nao"],
        ("participants", "low") | ("competencies", "high") => vec!["nao"],
        other => panic!("no cell {other:?}"),
    }
}

fn thirds(x: f64, lo: f64, hi: f64) -> &'static str {
    let third = (hi - lo) / 3.0;
    if x < lo + third {
        "low"
    } else if x > hi - third {
        "high"
    } else {
        "moderate"
    }
}

#[test]
fn the_fit_follows_the_propositions() {
    let r = example();
    let fit = &r["governance"];
    // Trust density: shown cells of the trust question with a mean of at least 3 (the green
    // threshold of vertrouwen4, "Redelijk").
    let ladder = r["network"]["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["id"] == "ladder")
        .unwrap();
    let means: Vec<f64> = ladder["matrix"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["question"] == "vertrouwen" && !c["suppressed"].as_bool().unwrap())
        .map(|c| c["mean"].as_f64().unwrap())
        .collect();
    let share = means.iter().filter(|&&m| m >= 3.0).count() as f64 / means.len() as f64;
    let density = &fit["trust_density"];
    assert_eq!(density["cells"].as_u64().unwrap() as usize, means.len());
    assert!((density["share"].as_f64().unwrap() - share).abs() < 1e-15);
    assert_eq!(density["level"], thirds(share, 0.0, 1.0));

    let mut votes = std::collections::BTreeMap::from([("lead", 0), ("nao", 0), ("shared", 0)]);
    let mut levels = Vec::new();
    for c in fit["contingencies"].as_array().unwrap() {
        let name = c["contingency"].as_str().unwrap();
        let construct = r["measures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == c["construct"] && m["kind"] == "construct")
            .unwrap();
        let mean = construct["overall"]["mean"].as_f64().unwrap();
        assert_eq!(c["mean"].as_f64().unwrap(), mean);
        let level = if name == "trust" {
            assert_eq!(c["basis"], "trust_density");
            thirds(share, 0.0, 1.0)
        } else {
            assert_eq!(c["basis"], "construct");
            let (lo, hi) = (
                construct["scale"]["min"].as_f64().unwrap(),
                construct["scale"]["max"].as_f64().unwrap(),
            );
            thirds(mean, lo, hi)
        };
        assert_eq!(c["level"], level, "{name}");
        let favours = table(name, level);
        assert_eq!(c["favours"], serde_json::json!(favours), "{name}");
        for f in &favours {
            *votes.get_mut(f).unwrap() += 1;
        }
        levels.push((name, favours));
    }
    assert_eq!(levels.len(), 4, "four contingencies");
    for pair in fit["votes"].as_array().unwrap() {
        let form = pair[0].as_str().unwrap();
        assert_eq!(pair[1].as_u64().unwrap(), votes[form] as u64, "{form}");
    }
    let top = *votes.values().max().unwrap();
    let predicted: Vec<&str> = votes
        .iter()
        .filter(|(_, v)| **v == top)
        .map(|(f, _)| *f)
        .collect();
    let mut got: Vec<&str> = fit["predicted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    got.sort();
    assert_eq!(got, predicted);

    // Perceived: the largest share of pk_vorm_nu answers (codes 1 shared, 2 lead, 3 NAO).
    let item = r["measures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "pk_vorm_nu")
        .unwrap();
    let counts = item["overall"]["frequencies"]["counts"].as_array().unwrap();
    let pct = |code: i64| {
        counts.iter().find(|c| c["code"] == code).unwrap()["percent"]
            .as_f64()
            .unwrap()
    };
    let shares = [("shared", pct(1)), ("lead", pct(2)), ("nao", pct(3))];
    let seen = shares.iter().max_by(|a, b| a.1.total_cmp(&b.1)).unwrap().0;
    assert_eq!(fit["perceived_form"], seen);
    // Per group: the shown groups' own frequencies; the gemeente (4) is withheld.
    let by_group = fit["perceived_by_group"].as_array().unwrap();
    let shown: Vec<&Value> = item["groups"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| !g["suppressed"].as_bool().unwrap())
        .collect();
    assert_eq!(by_group.len(), shown.len());
    assert!(by_group.iter().all(|g| g["group"] != "gemeente"));
    for (got, want) in by_group.iter().zip(shown) {
        let counts = want["frequencies"]["counts"].as_array().unwrap();
        for (k, code) in [1, 2, 3].into_iter().enumerate() {
            let pct = counts.iter().find(|c| c["code"] == code).unwrap()["percent"].clone();
            assert_eq!(got["shares"][k][1], pct, "{}", got["group"]);
        }
    }
    // The example is built so that the two disagree; the drivers are the contingencies that
    // do not point to the perceived form.
    assert_eq!(fit["fits"], predicted.contains(&seen));
    assert_eq!(fit["fits"], false, "the example plants a mismatch");
    let drivers: Vec<&str> = levels
        .iter()
        .filter(|(_, f)| !f.contains(&seen))
        .map(|(n, _)| *n)
        .collect();
    assert_eq!(fit["drivers"], serde_json::json!(drivers));
}

#[test]
fn the_report_says_it_is_our_own_indicator() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    for (lang, words) in [
        ("nl", "eigen indicator van verband"),
        ("en", "verband's own indicator"),
    ] {
        let run = verband(&["report", "--out", out, "--quiet", "--lang", lang]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let html = std::fs::read_to_string(dir.path().join("index.html")).unwrap();
        // Tera escapes the apostrophe.
        let escaped = words.replace('\'', "&#39;");
        assert!(
            html.contains(&escaped),
            "{lang}: the governance section must say it is verband's own indicator"
        );
    }
}
