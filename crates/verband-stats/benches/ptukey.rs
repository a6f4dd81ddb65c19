//! The studentized range: one call of ptukey_upper / qtukey (the table of the range for each
//! k is built on the first call and shared), a reused `StudentizedRange`, and the one-off
//! cost of building a table.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use verband_stats::{StudentizedRange, ptukey_upper, qtukey};

/// (k, df) over the supported range; q spans p from ~0.5 down to ~1e-12.
const CASES: [(usize, f64); 8] = [
    (2, 2.0),
    (3, 5.0),
    (6, 20.0),
    (6, 122_152.0),
    (10, 2.0),
    (20, 1_000.0),
    (50, 1e7),
    (50, f64::INFINITY),
];
const QS: [f64; 4] = [2.0, 5.0, 9.0, 16.0];

fn calls(c: &mut Criterion) {
    for (k, df) in CASES {
        c.bench_function(&format!("ptukey_upper k={k} df={df} (4 q)"), |b| {
            b.iter(|| {
                for q in QS {
                    black_box(ptukey_upper(black_box(q), k, df));
                }
            })
        });
    }
    for (k, df) in CASES {
        let dist = StudentizedRange::new(k, df);
        c.bench_function(
            &format!("StudentizedRange::upper k={k} df={df} (4 q)"),
            |b| {
                b.iter(|| {
                    for q in QS {
                        black_box(dist.upper(black_box(q)));
                    }
                })
            },
        );
    }
    for (k, df) in [(3, 5.0), (6, 20.0), (20, 1_000.0), (50, f64::INFINITY)] {
        c.bench_function(&format!("qtukey 0.95 k={k} df={df}"), |b| {
            b.iter(|| black_box(qtukey(black_box(0.95), k, df)))
        });
    }
    for k in [2, 6, 50] {
        c.bench_function(&format!("range table build k={k} (once per k)"), |b| {
            b.iter(|| verband_stats::ptukey::build_range_table(black_box(k)))
        });
    }
}

criterion_group!(benches, calls);
criterion_main!(benches);
