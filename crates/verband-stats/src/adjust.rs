//! p-value adjustment for a family of tests, as R's `p.adjust`.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Adjust {
    Bonferroni,
    Holm,
    /// Benjamini–Hochberg false discovery rate.
    Bh,
}

/// Adjusted p-values in the order given. NaN stays NaN and is not counted.
pub fn adjust(p: &[f64], method: Adjust) -> Vec<f64> {
    let idx: Vec<usize> = (0..p.len()).filter(|&i| !p[i].is_nan()).collect();
    let m = idx.len() as f64;
    let mut out = vec![f64::NAN; p.len()];
    let mut order = idx.clone();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    match method {
        Adjust::Bonferroni => idx.iter().for_each(|&i| out[i] = (p[i] * m).min(1.0)),
        Adjust::Holm => {
            let mut running: f64 = 0.0;
            for (rank, &i) in order.iter().enumerate() {
                running = running.max((m - rank as f64) * p[i]);
                out[i] = running.min(1.0);
            }
        }
        Adjust::Bh => {
            let mut running: f64 = 1.0;
            for (rank, &i) in order.iter().enumerate().rev() {
                running = running.min(m / (rank as f64 + 1.0) * p[i]);
                out[i] = running.min(1.0);
            }
        }
    }
    out
}
