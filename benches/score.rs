//! Scoring speed: 100,000 respondents on the shipped netwerk-effectiviteit instrument (70+
//! scored items), column-wise in polars. Prints respondents per second.

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use polars::prelude::*;
use verband::ingest::{FILE_COL, ROW_COL, Responses};
use verband::instrument::{self, AttributeKind, Column as Spec};

const RESPONDENTS: usize = 100_000;

/// Synthetic answers: every item a code on its scale, one in twenty missing.
fn responses(inst: &instrument::Instrument) -> Responses {
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut columns = vec![
        Column::new(FILE_COL.into(), vec![0u32; RESPONDENTS]),
        Column::new(
            ROW_COL.into(),
            (2..RESPONDENTS as u32 + 2).collect::<Vec<u32>>(),
        ),
    ];
    for spec in inst.columns() {
        let id = spec.id().into();
        let column = match &spec {
            Spec::Item(i) => {
                let (lo, span) = (i.scale.min(), (i.scale.max() - i.scale.min() + 1) as u64);
                let v: Vec<Option<i64>> = (0..RESPONDENTS)
                    .map(|_| {
                        let r = next();
                        (r % 20 != 0).then(|| lo + ((r >> 8) % span) as i64)
                    })
                    .collect();
                Column::new(id, v)
            }
            Spec::Attribute(a) if a.kind == AttributeKind::Category => Column::new(
                id,
                (0..RESPONDENTS)
                    .map(|i| a.values[i % a.values.len()].code.clone())
                    .collect::<Vec<_>>(),
            ),
            Spec::Attribute(a) if a.kind == AttributeKind::Number => {
                Column::new(id, vec![2025.0; RESPONDENTS])
            }
            _ => Column::full_null(id, RESPONDENTS, &DataType::String),
        };
        columns.push(column);
    }
    Responses {
        data: DataFrame::new_infer_height(columns).expect("equal heights"),
        files: vec!["bench".into()],
        read: RESPONDENTS,
        excluded: vec![],
        findings: vec![],
        layouts: vec![],
        min_answered: 0.5,
    }
}

fn bench(c: &mut Criterion) {
    let inst = instrument::load(Path::new("instruments/netwerk-effectiviteit.toml"))
        .expect("shipped instrument");
    let items = inst.items().iter().filter(|i| i.scale.is_scored()).count();
    let data = responses(&inst);
    let start = Instant::now();
    let scores = verband::score::score(&data, &inst).expect("scores");
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "scored {} respondents × {items} items (with α per construct) in {seconds:.3} s: {:.0} respondents/s",
        scores.data.height(),
        RESPONDENTS as f64 / seconds
    );
    let mut group = c.benchmark_group("score");
    group.sample_size(10);
    group.bench_function("100k respondents", |b| {
        b.iter(|| verband::score::score(black_box(&data), &inst).expect("scores"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
