//! Descriptives and the one-way ANOVA family on groups of values.
//!
//! Values arrive shifted by an offset (see `exact`): sums of squares are computed in two passes
//! around the group means of the shifted values, and the offset is added back only to
//! location statistics (mean, min, max, median, confidence interval).

use serde::Serialize;

use crate::instrument::Lang;
use statrs::distribution::{ContinuousCDF, FisherSnedecor, StudentsT};

/// Groups of values to compare, in display order.
#[derive(Debug, Clone)]
pub struct Groups {
    pub names: Vec<String>,
    /// Each value minus `offset`.
    pub values: Vec<Vec<f64>>,
    pub offset: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Descriptives {
    pub n: usize,
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    pub se: Option<f64>,
    pub ci95: Option<[f64; 2]>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub median: Option<f64>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FTest {
    pub f: f64,
    pub df1: f64,
    pub df2: f64,
    pub p: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Anova {
    pub f: f64,
    pub df1: f64,
    pub df2: f64,
    pub p: f64,
    pub ss_between: f64,
    pub ss_within: f64,
    pub ss_total: f64,
    pub ms_within: f64,
    pub eta_sq: f64,
    /// May be negative when the groups differ less than chance would make them.
    pub omega_sq: f64,
    /// The p-value adjusted over all constructs of the report (Holm, Benjamini–Hochberg).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p_holm: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p_bh: Option<f64>,
}

/// A result, or why there is none.
pub type Tested<T> = Result<T, Why>;

/// Why a test could not be run, worded per language where it is shown.
#[derive(Debug, Clone, PartialEq)]
pub enum Why {
    TooFewGroups,
    NotFinite,
    SmallGroup { group: String, n: usize },
    EmptyGroup(String),
    NoVariance,
    FlatGroup(String),
    FlatPair(String, String),
    AllEqual,
    SameSpread,
}

impl Why {
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (Why::TooFewGroups, Lang::Nl) => "er zijn minstens twee groepen nodig".into(),
            (Why::TooFewGroups, Lang::En) => "needs at least two groups".into(),
            (Why::NotFinite, Lang::Nl) => "de waarden bevatten NaN of oneindig".into(),
            (Why::NotFinite, Lang::En) => "the values include NaN or infinity".into(),
            (Why::SmallGroup { group, n }, Lang::Nl) => {
                format!("groep {group} heeft n = {n}; elke groep heeft er minstens 2 nodig")
            }
            (Why::SmallGroup { group, n }, Lang::En) => {
                format!("group {group} has n = {n}; every group needs at least 2")
            }
            (Why::EmptyGroup(g), Lang::Nl) => format!("groep {g} is leeg"),
            (Why::EmptyGroup(g), Lang::En) => format!("group {g} is empty"),
            (Why::NoVariance, Lang::Nl) => "er is geen spreiding binnen de groepen".into(),
            (Why::NoVariance, Lang::En) => "no variance within the groups".into(),
            (Why::FlatGroup(g), Lang::Nl) => {
                format!("groep {g} heeft geen spreiding; Welch weegt met 1/variantie")
            }
            (Why::FlatGroup(g), Lang::En) => {
                format!("group {g} has no variance; Welch weights by 1/variance")
            }
            (Why::FlatPair(a, b), Lang::Nl) => format!("groepen {a} en {b} hebben geen spreiding"),
            (Why::FlatPair(a, b), Lang::En) => format!("groups {a} and {b} have no variance"),
            (Why::AllEqual, Lang::Nl) => "alle waarden zijn gelijk".into(),
            (Why::AllEqual, Lang::En) => "all values are equal".into(),
            (Why::SameSpread, Lang::Nl) => "de spreiding is in elke groep precies gelijk".into(),
            (Why::SameSpread, Lang::En) => {
                "the spread is the same in every group (no variance of deviations)".into()
            }
        }
    }
}

impl std::fmt::Display for Why {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

pub fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

/// Sample variance (n − 1), two passes.
pub fn variance(v: &[f64]) -> f64 {
    let m = mean(v);
    v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len() as f64 - 1.0)
}

pub fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    }
}

pub fn describe(values: &[f64], offset: f64) -> Descriptives {
    let n = values.len();
    if n == 0 {
        return Descriptives {
            n,
            mean: None,
            sd: None,
            se: None,
            ci95: None,
            min: None,
            max: None,
            median: None,
        };
    }
    let m = mean(values);
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let (sd, se, ci95) = if n >= 2 {
        let sd = variance(values).sqrt();
        let se = sd / (n as f64).sqrt();
        let t = StudentsT::new(0.0, 1.0, n as f64 - 1.0)
            .map(|t| t.inverse_cdf(0.975))
            .unwrap_or(f64::NAN);
        (
            Some(sd),
            Some(se),
            Some([offset + m - t * se, offset + m + t * se]),
        )
    } else {
        (None, None, None)
    };
    Descriptives {
        n,
        mean: Some(offset + m),
        sd,
        se,
        ci95,
        min: Some(offset + min),
        max: Some(offset + max),
        median: Some(offset + median(values)),
    }
}

/// Why a comparison of these groups cannot be run, if it cannot.
pub fn unusable(groups: &Groups) -> Option<Why> {
    if groups.values.len() < 2 {
        return Some(Why::TooFewGroups);
    }
    if groups.values.iter().flatten().any(|x| !x.is_finite()) {
        return Some(Why::NotFinite);
    }
    if let Some((name, v)) = groups
        .names
        .iter()
        .zip(&groups.values)
        .find(|(_, v)| v.len() < 2)
    {
        return Some(Why::SmallGroup {
            group: name.clone(),
            n: v.len(),
        });
    }
    None
}

/// Classic one-way ANOVA (SPSS ONEWAY): F from the pooled within-group variance.
pub fn anova(groups: &Groups) -> Tested<Anova> {
    if let Some(why) = unusable(groups) {
        return Err(why);
    }
    let (k, n) = (
        groups.values.len(),
        groups.values.iter().map(Vec::len).sum::<usize>(),
    );
    let means: Vec<f64> = groups.values.iter().map(|v| mean(v)).collect();
    let grand = groups.values.iter().flatten().sum::<f64>() / n as f64;
    let ss_between: f64 = groups
        .values
        .iter()
        .zip(&means)
        .map(|(v, m)| v.len() as f64 * (m - grand).powi(2))
        .sum();
    let ss_within: f64 = groups
        .values
        .iter()
        .zip(&means)
        .map(|(v, m)| v.iter().map(|x| (x - m).powi(2)).sum::<f64>())
        .sum();
    if ss_within == 0.0 {
        return Err(Why::NoVariance);
    }
    let ss_total = ss_between + ss_within;
    let (df1, df2) = ((k - 1) as f64, (n - k) as f64);
    let ms_within = ss_within / df2;
    let f = (ss_between / df1) / ms_within;
    Ok(Anova {
        f,
        df1,
        df2,
        p: f_upper(f, df1, df2),
        ss_between,
        ss_within,
        ss_total,
        ms_within,
        eta_sq: ss_between / ss_total,
        omega_sq: (ss_between - df1 * ms_within) / (ss_total + ms_within),
        p_holm: None,
        p_bh: None,
    })
}

/// Welch's (1951) ANOVA for unequal variances.
pub fn welch(groups: &Groups) -> Tested<FTest> {
    if let Some(why) = unusable(groups) {
        return Err(why);
    }
    let k = groups.values.len() as f64;
    let stats: Vec<(f64, f64, f64)> = groups
        .values
        .iter()
        .map(|v| (v.len() as f64, mean(v), variance(v)))
        .collect();
    if let Some(i) = stats.iter().position(|s| s.2 == 0.0) {
        return Err(Why::FlatGroup(groups.names[i].clone()));
    }
    let w: Vec<f64> = stats.iter().map(|(n, _, v)| n / v).collect();
    let sw: f64 = w.iter().sum();
    let mw = stats
        .iter()
        .zip(&w)
        .map(|((_, m, _), w)| w * m)
        .sum::<f64>()
        / sw;
    let a = stats
        .iter()
        .zip(&w)
        .map(|((_, m, _), w)| w * (m - mw).powi(2))
        .sum::<f64>()
        / (k - 1.0);
    let tmp: f64 = stats
        .iter()
        .zip(&w)
        .map(|((n, _, _), w)| (1.0 - w / sw).powi(2) / (n - 1.0))
        .sum();
    let b = 1.0 + 2.0 * (k - 2.0) / (k * k - 1.0) * tmp;
    let (f, df1, df2) = (a / b, k - 1.0, (k * k - 1.0) / (3.0 * tmp));
    Ok(FTest {
        f,
        df1,
        df2,
        p: f_upper(f, df1, df2),
    })
}

/// Brown & Forsythe's (1974) F* for means, with df1 = k − 1 and Satterthwaite's df2.
pub fn brown_forsythe(groups: &Groups) -> Tested<FTest> {
    if let Some(why) = unusable(groups) {
        return Err(why);
    }
    let n: f64 = groups.values.iter().map(Vec::len).sum::<usize>() as f64;
    let grand = groups.values.iter().flatten().sum::<f64>() / n;
    let ss_between: f64 = groups
        .values
        .iter()
        .map(|v| v.len() as f64 * (mean(v) - grand).powi(2))
        .sum();
    let parts: Vec<(f64, f64)> = groups
        .values
        .iter()
        .map(|v| {
            (
                (1.0 - v.len() as f64 / n) * variance(v),
                v.len() as f64 - 1.0,
            )
        })
        .collect();
    let denom: f64 = parts.iter().map(|p| p.0).sum();
    if denom == 0.0 {
        return Err(Why::NoVariance);
    }
    let inv_df2: f64 = parts.iter().map(|(c, dfi)| (c / denom).powi(2) / dfi).sum();
    let (f, df1, df2) = (
        ss_between / denom,
        groups.values.len() as f64 - 1.0,
        1.0 / inv_df2,
    );
    Ok(FTest {
        f,
        df1,
        df2,
        p: f_upper(f, df1, df2),
    })
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Center {
    Mean,
    Median,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Levene {
    pub center: Center,
    pub f: f64,
    pub df1: f64,
    pub df2: f64,
    pub p: f64,
}

/// Levene's test: the ANOVA of absolute deviations from each group's mean (SPSS) or median
/// (Brown–Forsythe, as R's car::leveneTest by default).
pub fn levene(groups: &Groups, center: Center) -> Tested<Levene> {
    if let Some(why) = unusable(groups) {
        return Err(why);
    }
    let deviations = Groups {
        names: groups.names.clone(),
        values: groups
            .values
            .iter()
            .map(|v| {
                let c = match center {
                    Center::Mean => mean(v),
                    Center::Median => median(v),
                };
                v.iter().map(|x| (x - c).abs()).collect()
            })
            .collect(),
        offset: 0.0,
    };
    let a = anova(&deviations).map_err(|_| Why::SameSpread)?;
    Ok(Levene {
        center,
        f: a.f,
        df1: a.df1,
        df2: a.df2,
        p: a.p,
    })
}

/// Upper tail of F, with statrs' survival function (never 1 − cdf).
pub fn f_upper(f: f64, df1: f64, df2: f64) -> f64 {
    FisherSnedecor::new(df1, df2)
        .map(|d| d.sf(f))
        .unwrap_or(f64::NAN)
}

/// Two-sided p of a t statistic.
pub fn t_two_sided(t: f64, df: f64) -> f64 {
    StudentsT::new(0.0, 1.0, df)
        .map(|d| 2.0 * d.sf(t.abs()))
        .unwrap_or(f64::NAN)
}
