//! One municipality against the pooled others, per construct: the regional benchmark of NJi's
//! Monitor Aansluiting Onderwijs-Jeugdhulp. Other municipalities are never shown one by one:
//! only their pool, and only when it holds at least two of them and enough respondents. The
//! municipality's own side holds the groups its totals hold (`Disclosure::kept_in_total`), so
//! that it cannot be set against a total to reveal a hidden group.

use std::collections::HashSet;

use polars::prelude::*;
use verband_stats::{describe, welch_t};

use crate::analyse::Pool;
use crate::analyse::disclosure::Disclosure;
use crate::analyse::family;
use crate::error::Result;
use crate::ingest;
use crate::instrument::{Construct, Instrument};
use crate::results::{Benchmark, BenchmarkResult, BenchmarkRow, Note, Shown};

/// Fewest other municipalities in the pool: with one, the pool would be that municipality.
const MIN_OTHERS: usize = 2;

pub(in crate::analyse) fn benchmark(
    inst: &Instrument,
    pool: &Pool,
    by: &str,
    disclosure: Disclosure,
) -> Result<Benchmark> {
    let (data, attribute, municipality) = (&pool.scores.data, &pool.attribute, &pool.municipality);
    let key = |s: &str| s.trim().to_lowercase();
    let names: Vec<String> = ingest::value_counts(data, attribute)?
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
        notes.push(Note::MunicipalityNotFound {
            municipality: municipality.clone(),
            attribute: attribute.clone(),
        });
    }
    if !enough_others {
        notes.push(Note::TooFewOthers { min: MIN_OTHERS });
    }
    let sides = sides(inst, pool, by, enough_others, disclosure)?;
    let tests = sides
        .iter()
        .filter(|s| s.3)
        .map(|(_, this, rest, _)| welch_t(this, rest))
        .collect();
    let mut compared = family::compare_family(tests).into_iter();
    let rows = sides
        .into_iter()
        .map(|(c, this, rest, visible)| BenchmarkRow {
            construct: c.id.clone(),
            label: c.label.clone(),
            judged: c.framework.pk.is_none(),
            result: Shown::when(visible, || BenchmarkResult {
                this: describe(&this, 0.0),
                others: describe(&rest, 0.0),
                comparison: compared.next().expect("one comparison per shown row"),
            }),
        })
        .collect();
    Ok(Benchmark {
        municipality: municipality.clone(),
        others: Shown::when(enough_others, || others.len()),
        rows,
        notes,
    })
}

/// One scored construct's two sides: this municipality's scores, the others' scores, and
/// whether they may be shown.
type Side<'a> = (&'a Construct, Vec<f64>, Vec<f64>, bool);

fn sides<'a>(
    inst: &'a Instrument,
    pool: &Pool,
    by: &str,
    enough_others: bool,
    disclosure: Disclosure,
) -> Result<Vec<Side<'a>>> {
    let (data, attribute) = (&pool.scores.data, pool.attribute.as_str());
    let municipality_key = col(attribute)
        .cast(DataType::String)
        .str()
        .strip_chars(lit(NULL))
        .str()
        .to_lowercase();
    let is_this = municipality_key
        .clone()
        .eq(lit(pool.municipality.trim().to_lowercase()));
    let named = col(attribute).is_not_null();
    let mut sides = Vec::new();
    for c in inst.constructs.iter().filter(|c| inst.is_scored(c)) {
        // The others' scores, and how many municipalities gave them.
        let side = |filter: Expr| -> Result<(Vec<f64>, usize)> {
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
        let this = own_side(data, is_this.clone(), by, c, disclosure)?;
        let (rest, places) = side(named.clone().and(is_this.clone().not()))?;
        // Per construct too: a module only one other municipality asked would show it alone.
        let visible = enough_others
            && places >= MIN_OTHERS
            && disclosure.shows(this.len())
            && disclosure.shows(rest.len());
        sides.push((c, this, rest, visible));
    }
    Ok(sides)
}

/// The municipality's own scores on a construct, from the groups a total of them would hold.
fn own_side(
    data: &DataFrame,
    is_this: Expr,
    by: &str,
    construct: &Construct,
    disclosure: Disclosure,
) -> Result<Vec<f64>> {
    let own = data
        .clone()
        .lazy()
        .filter(is_this)
        .select([
            col(construct.id.as_str())
                .cast(DataType::Float64)
                .alias("v"),
            col(by).cast(DataType::String).alias("g"),
        ])
        .filter(col("v").is_not_null())
        .collect()?;
    let groups = own.column("g")?.str()?;
    let values = own.column("v")?.f64()?;
    let mut by_group: Vec<(Option<&str>, Vec<f64>)> = Vec::new();
    for (g, v) in groups.iter().zip(values.into_no_null_iter()) {
        match by_group.iter_mut().find(|(name, _)| *name == g) {
            Some((_, list)) => list.push(v),
            None => by_group.push((g, vec![v])),
        }
    }
    let sizes: Vec<usize> = by_group.iter().map(|(_, v)| v.len()).collect();
    Ok(by_group
        .into_iter()
        .zip(disclosure.kept_in_total(&sizes))
        .filter(|(_, kept)| *kept)
        .flat_map(|((_, v), _)| v)
        .collect())
}
