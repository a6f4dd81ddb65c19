//! One municipality against the pooled others, per construct: the regional benchmark of NJi's
//! Monitor Aansluiting Onderwijs-Jeugdhulp. Other municipalities are never shown one by one:
//! only their pool, and only when it holds at least two of them and enough respondents.

use std::collections::HashSet;

use polars::prelude::*;
use serde::Serialize;

use super::oneway::{Descriptives, describe};
use super::twosample::{TTest, welch_t};
use super::{adjust, judged, posthoc::Adjust};
use crate::instrument::{Instrument, Lang};

/// Fewest other municipalities in the pool: with one, the pool would be that municipality.
const MIN_OTHERS: usize = 2;

#[derive(Debug, Clone, Serialize)]
pub struct Benchmark {
    pub municipality: String,
    /// How many other municipalities the pool holds; withheld when fewer than two.
    pub others: Option<usize>,
    pub rows: Vec<BenchmarkRow>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BenchmarkRow {
    pub construct: String,
    pub label: String,
    pub judged: bool,
    pub this: Option<Descriptives>,
    pub others: Option<Descriptives>,
    /// Welch's t of this municipality against the others; `p_holm` over the constructs.
    pub test: Option<TTest>,
    pub suppressed: bool,
}

/// `data`: scored responses of several municipalities; `attribute`: the column naming them.
pub fn benchmark(
    inst: &Instrument,
    data: &DataFrame,
    attribute: &str,
    municipality: &str,
    min_group: usize,
    lang: Lang,
) -> anyhow::Result<Benchmark> {
    let key = |s: &str| s.trim().to_lowercase();
    let names: Vec<String> = crate::ingest::value_counts(data, attribute)?
        .into_iter()
        .map(|(name, _)| name)
        .filter(|n| !n.trim().is_empty())
        .collect();
    let others: HashSet<String> = names
        .iter()
        .map(|n| key(n))
        .filter(|n| *n != key(municipality))
        .collect();
    let enough_others = others.len() >= MIN_OTHERS;
    let mut notes = Vec::new();
    if !names.iter().any(|n| key(n) == key(municipality)) {
        notes.push(match lang {
            Lang::Nl => format!("{municipality} komt niet voor in de kolom {attribute}"),
            Lang::En => format!("{municipality} does not appear in column {attribute}"),
        });
    }
    if !enough_others {
        notes.push(match lang {
            Lang::Nl => format!(
                "de vergelijkingsgroep bevat minder dan {MIN_OTHERS} andere gemeenten en wordt niet getoond"
            ),
            Lang::En => format!(
                "the comparison pool holds fewer than {MIN_OTHERS} other municipalities and is not shown"
            ),
        });
    }
    let municipality_key = col(attribute)
        .cast(DataType::String)
        .str()
        .strip_chars(lit(NULL))
        .str()
        .to_lowercase();
    let is_this = municipality_key.clone().eq(lit(key(municipality)));
    let named = col(attribute).is_not_null();
    let mut rows = Vec::new();
    for c in &inst.constructs {
        if !inst.is_scored(c) {
            continue;
        }
        // The scores on one side, and how many municipalities gave them.
        let side = |filter: Expr| -> anyhow::Result<(Vec<f64>, usize)> {
            let v = data
                .clone()
                .lazy()
                .filter(filter)
                .select([
                    col(c.id.as_str()).cast(DataType::Float64).alias("v"),
                    municipality_key.clone().alias("m"),
                ])
                .drop_nulls(None)
                .collect()?;
            let places = v.column("m")?.n_unique()?;
            Ok((v.column("v")?.f64()?.into_no_null_iter().collect(), places))
        };
        let (this, _) = side(is_this.clone())?;
        let (rest, places) = side(named.clone().and(is_this.clone().not()))?;
        // Per construct too: a module only one other municipality asked would show it alone.
        let ok = enough_others
            && places >= MIN_OTHERS
            && this.len() >= min_group.max(1)
            && rest.len() >= min_group.max(1);
        rows.push(BenchmarkRow {
            construct: c.id.clone(),
            label: c.label.get(lang).to_string(),
            judged: judged(c),
            this: ok.then(|| describe(&this, 0.0)),
            others: ok.then(|| describe(&rest, 0.0)),
            test: ok.then(|| welch_t(&this, &rest).ok()).flatten(),
            suppressed: !ok,
        });
    }
    let p: Vec<f64> = rows
        .iter()
        .filter_map(|r| r.test.as_ref().map(|t| t.p))
        .collect();
    let holm = adjust(&p, Adjust::Holm);
    for (t, h) in rows.iter_mut().filter_map(|r| r.test.as_mut()).zip(holm) {
        t.p_holm = Some(h);
    }
    Ok(Benchmark {
        municipality: municipality.to_string(),
        others: enough_others.then_some(others.len()),
        rows,
        notes,
    })
}
