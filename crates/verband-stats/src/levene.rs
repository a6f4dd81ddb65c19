//! Levene's test of equal spread.

use crate::descriptive::{mean, median};
use crate::oneway::anova;
use crate::{Groups, NotTestable, Tested};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Center {
    Mean,
    Median,
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    if let Some(why) = groups.unusable() {
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
    let a = anova(&deviations).map_err(|_| NotTestable::SameSpread)?;
    Ok(Levene {
        center,
        f: a.f,
        df1: a.df1,
        df2: a.df2,
        p: a.p,
    })
}
