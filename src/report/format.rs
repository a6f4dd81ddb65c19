//! Numbers as each language writes them: 3,41 in Dutch, 3.41 in English; p-values as SPSS
//! users expect them, with "< 0,001" rather than ",000".

use crate::instrument::Lang;

pub fn number(x: f64, decimals: usize, lang: Lang) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    // Avoid "-0,00".
    let x = if (x * 10f64.powi(decimals as i32)).round() == 0.0 {
        0.0
    } else {
        x
    };
    let s = format!("{x:.decimals$}");
    match lang {
        Lang::Nl => s.replace('.', ","),
        Lang::En => s,
    }
}

pub fn opt(x: Option<f64>, decimals: usize, lang: Lang) -> String {
    x.map_or_else(|| "–".into(), |x| number(x, decimals, lang))
}

pub fn p_value(p: f64, lang: Lang) -> String {
    if p.is_nan() {
        "–".into()
    } else if p < 0.001 {
        format!("< {}", number(0.001, 3, lang))
    } else {
        number(p, 3, lang)
    }
}

/// Degrees of freedom: whole numbers without decimals, Welch's with two.
pub fn df(x: f64, lang: Lang) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        number(x, 2, lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_uses_the_decimal_comma() {
        assert_eq!(number(3.4567, 2, Lang::Nl), "3,46");
        assert_eq!(number(3.4567, 2, Lang::En), "3.46");
        assert_eq!(number(-0.001, 2, Lang::Nl), "0,00");
        assert_eq!(p_value(0.0004, Lang::Nl), "< 0,001");
        assert_eq!(p_value(0.0123, Lang::En), "0.012");
        assert_eq!(df(27.0, Lang::Nl), "27");
        assert_eq!(df(16.52358, Lang::Nl), "16,52");
    }
}
