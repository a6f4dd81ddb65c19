//! The Provan–Kenis governance fit of the bundled example, derived again here from the
//! numbers results.json shows: thirds of the scale for the levels, Provan & Kenis's (2008)
//! Table 2 typed out independently, the trust density from the partner matrix, the votes, the
//! predicted form, the perceived form and the drivers of a mismatch. With the corrected
//! Provan–Kenis items of version 2 the example fits: its conditions point to an NAO, which most
//! respondents see.

use verband::results::{Basis, Form, GovernanceFit, Kind, Level, Measure, PkContingency, Results};

use crate::common::read_results;

fn example() -> Results {
    read_results(crate::common::example("nl"))
}

/// Provan & Kenis (2008), Table 2, per contingency and level; participants are scored so
/// that higher means fewer (a manageable number).
fn table(contingency: PkContingency, level: Level) -> Vec<Form> {
    use Form::*;
    use Level::*;
    use PkContingency::*;
    match (contingency, level) {
        (Trust, High) | (Participants, High) | (GoalConsensus, High) => vec![Shared],
        (Competencies, Low) => vec![Shared],
        (Trust, Low) | (GoalConsensus, Low) | (Competencies, Moderate) => vec![Lead],
        (Participants, Moderate) => vec![Lead, Nao],
        (Trust, Moderate) | (GoalConsensus, Moderate) => vec![Nao],
        (Participants, Low) | (Competencies, High) => vec![Nao],
        other => panic!("no cell {other:?}"),
    }
}

fn thirds(x: f64, lo: f64, hi: f64) -> Level {
    let third = (hi - lo) / 3.0;
    if x < lo + third {
        Level::Low
    } else if x > hi - third {
        Level::High
    } else {
        Level::Moderate
    }
}

fn measure<'a>(r: &'a Results, id: &str, kind: Kind) -> &'a Measure {
    r.measures
        .iter()
        .find(|m| m.id == id && m.kind == kind)
        .unwrap_or_else(|| panic!("no {kind:?} {id}"))
}

/// Percent of the valid answers per form code (1 shared, 2 lead, 3 NAO).
fn percents(f: &verband::results::Frequencies) -> [f64; 3] {
    [1, 2, 3].map(|code| f.counts.iter().find(|c| c.code == code).unwrap().percent)
}

#[test]
fn the_fit_follows_the_propositions() {
    let r = example();
    let fit = r.governance.as_ref().expect("a governance fit");
    let share = assert_trust_density(&r, fit);
    let (levels, predicted) = assert_votes_and_prediction(&r, fit, share);
    let seen = assert_perceived_form(&r, fit);
    // Fit: the perceived form is among the predicted. The drivers of a mismatch are the
    // contingencies that do not point to the perceived form; with a fit there are none.
    assert_eq!(fit.fits, Some(predicted.contains(&seen)));
    let drivers: Vec<PkContingency> = levels
        .iter()
        .filter(|(_, f)| fit.fits == Some(false) && !f.contains(&seen))
        .map(|(n, _)| *n)
        .collect();
    assert_eq!(fit.drivers, drivers);
}

/// Trust density: shown cells of the trust question with a mean of at least 3 (the green
/// threshold of vertrouwen4, "Redelijk"). Returns that share.
#[track_caller]
fn assert_trust_density(r: &Results, fit: &GovernanceFit) -> f64 {
    let ladder = r
        .network
        .as_ref()
        .unwrap()
        .blocks
        .iter()
        .find(|b| b.id == "ladder")
        .unwrap();
    let means: Vec<f64> = ladder
        .matrix
        .iter()
        .filter(|c| c.question == "vertrouwen")
        .filter_map(|c| c.stats.shown()?.mean)
        .collect();
    let share = means.iter().filter(|&&m| m >= 3.0).count() as f64 / means.len() as f64;
    let density = fit.trust_density.as_ref().unwrap();
    assert_eq!(density.cells, means.len());
    assert!((density.share - share).abs() < 1e-15);
    assert_eq!(density.level, thirds(share, 0.0, 1.0));
    share
}

/// Each contingency's level and the forms it favours, the votes, and the forms with the
/// most votes. Returns the forms each contingency favours, and the predicted forms.
#[track_caller]
fn assert_votes_and_prediction(
    r: &Results,
    fit: &GovernanceFit,
    share: f64,
) -> (Vec<(PkContingency, Vec<Form>)>, Vec<Form>) {
    let mut votes =
        std::collections::BTreeMap::from([(Form::Shared, 0), (Form::Lead, 0), (Form::Nao, 0)]);
    let mut levels = Vec::new();
    for c in &fit.contingencies {
        let construct = measure(r, &c.construct, Kind::Construct);
        let mean = construct.total.stats.as_ref().unwrap().mean.unwrap();
        assert_eq!(c.mean, Some(mean));
        let level = if c.contingency == PkContingency::Trust {
            assert_eq!(c.basis, Basis::TrustDensity);
            thirds(share, 0.0, 1.0)
        } else {
            assert_eq!(c.basis, Basis::Construct);
            thirds(mean, construct.scale.min as f64, construct.scale.max as f64)
        };
        assert_eq!(c.level, Some(level), "{:?}", c.contingency);
        let favours = table(c.contingency, level);
        assert_eq!(c.favours, favours, "{:?}", c.contingency);
        for f in &favours {
            *votes.get_mut(f).unwrap() += 1;
        }
        levels.push((c.contingency, favours));
    }
    assert_eq!(levels.len(), 4, "four contingencies");
    for v in &fit.votes {
        assert_eq!(v.votes, votes[&v.form], "{:?}", v.form);
    }
    let top = *votes.values().max().unwrap();
    let predicted: Vec<Form> = votes
        .iter()
        .filter(|(_, v)| **v == top)
        .map(|(f, _)| *f)
        .collect();
    let mut got = fit.predicted.clone();
    got.sort();
    assert_eq!(got, predicted);
    (levels, predicted)
}

/// Perceived: the largest share of pk_vorm_nu answers, in all and per shown group. Returns
/// the perceived form.
#[track_caller]
fn assert_perceived_form(r: &Results, fit: &GovernanceFit) -> Form {
    let item = measure(r, "pk_vorm_nu", Kind::Item);
    let shares = percents(item.total.frequencies.as_ref().unwrap());
    let forms = [Form::Shared, Form::Lead, Form::Nao];
    let seen = forms[(0..3)
        .max_by(|&a, &b| shares[a].total_cmp(&shares[b]))
        .unwrap()];
    assert_eq!(fit.perceived_form, Some(seen));
    // Per group: the shown groups' own frequencies; the gemeente (4) is withheld.
    let shown: Vec<_> = item
        .groups
        .iter()
        .filter_map(|g| Some((g, g.summary.shown()?)))
        .collect();
    assert_eq!(fit.perceived_by_group.len(), shown.len());
    assert!(fit.perceived_by_group.iter().all(|g| g.group != "gemeente"));
    for (got, (group, summary)) in fit.perceived_by_group.iter().zip(shown) {
        assert_eq!(got.group, group.group);
        let want = percents(summary.frequencies.as_ref().unwrap());
        for (share, want) in got.shares.iter().zip(want) {
            assert_eq!(share.percent, want, "{}", got.group);
        }
    }
    seen
}

#[test]
fn the_report_says_it_is_our_own_indicator() {
    for (lang, words) in [
        ("nl", "eigen indicator van verband"),
        ("en", "verband's own indicator"),
    ] {
        let out = crate::common::example(lang);
        let html = std::fs::read_to_string(out.join("index.html")).unwrap();
        // Tera escapes the apostrophe.
        let escaped = words.replace('\'', "&#39;");
        assert!(
            html.contains(&escaped),
            "{lang}: the governance section must say it is verband's own indicator"
        );
    }
}
