//! Numbers as each language writes them: 3,41 in Dutch, 3.41 in English; p-values as SPSS
//! users expect them, with "< 0,001" rather than ",000".

use crate::lang::Lang;

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
    // Beyond 10^15 the digits are noise: 1,700e308 instead of 309 of them.
    let s = if x.abs() >= 1e15 {
        format!("{x:.decimals$e}")
    } else {
        format!("{x:.decimals$}")
    };
    // A true minus (−), as `signed` writes it, not a hyphen.
    let s = s.replace('-', "−");
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

/// A difference with its sign, a true minus (−) for negative values; zero has no sign.
pub fn signed(x: f64, lang: Lang) -> String {
    let s = number(x.abs(), 2, lang);
    if s == number(0.0, 2, lang) {
        s
    } else if x > 0.0 {
        format!("+{s}")
    } else if x < 0.0 {
        format!("−{s}")
    } else {
        s
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

/// Splits text into at most `lines` lines of about `width` characters, with an ellipsis when cut.
pub fn wrap(s: &str, width: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = vec![String::new()];
    let pieces = s.split_whitespace().flat_map(|word| {
        // A word longer than a line breaks after its own hyphens ("mbo-" "instellingen"), and
        // else with a hyphen of its own rather than overflowing.
        let chars: Vec<char> = word.chars().collect();
        if chars.len() <= width {
            vec![word.to_string()]
        } else if word.contains('-')
            && word
                .split_inclusive('-')
                .all(|p| p.chars().count() <= width)
        {
            word.split_inclusive('-').map(str::to_string).collect()
        } else {
            let chunks: Vec<String> = chars
                .chunks(width - 1)
                .map(|c| c.iter().collect())
                .collect();
            let last = chunks.len() - 1;
            chunks
                .into_iter()
                .enumerate()
                .map(|(i, c)| if i < last { format!("{c}-") } else { c })
                .collect()
        }
    });
    for word in pieces {
        let word = word.as_str();
        let current = out.last_mut().expect("one line");
        if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width {
            out.push(word.to_string());
        } else {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        }
    }
    if out.len() > lines {
        out.truncate(lines);
        let last = out.last_mut().expect("one line");
        let keep: String = last.chars().take(width.saturating_sub(1)).collect();
        *last = format!("{}…", keep.trim_end());
    }
    out
}

/// "p < 0,001" or "p = 0,023": the p-value with its relation, never "p = < 0,001".
pub fn p_clause(p: f64, lang: Lang) -> String {
    let v = p_value(p, lang);
    if v.starts_with('<') {
        format!("p {v}")
    } else {
        format!("p = {v}")
    }
}

/// Two degrees of freedom, separated so that Dutch decimal commas do not read as a third
/// number: "5; 64,50" in Dutch, "5, 64.50" in English.
pub fn df_pair(df1: f64, df2: f64, lang: Lang) -> String {
    let sep = match lang {
        Lang::Nl => "; ",
        Lang::En => ", ",
    };
    format!("{}{sep}{}", df(df1, lang), df(df2, lang))
}

/// An ISO date (2026-06-12) written out: "12 juni 2026", "12 June 2026"; other text as given.
pub fn date(s: &str, lang: Lang) -> String {
    match ymd(s) {
        Some((y, m, d)) => format!("{d} {} {y}", month(m, lang)),
        None => s.to_string(),
    }
}

/// Two ISO dates as a period, the year once when both share it: "3 maart – 11 april 2025".
pub fn period(from: &str, to: &str, lang: Lang) -> String {
    match (ymd(from), ymd(to)) {
        (Some((y1, m1, d1)), Some((y2, _, _))) if y1 == y2 => {
            format!("{d1} {} – {}", month(m1, lang), date(to, lang))
        }
        _ => format!("{} – {}", date(from, lang), date(to, lang)),
    }
}

fn month(m: u32, lang: Lang) -> &'static str {
    crate::i18n::t(&format!("month.{m}"), lang)
}

fn ymd(s: &str) -> Option<(i32, u32, u32)> {
    let mut parts = s.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let (y, m, d) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    ((1..=12).contains(&m) && (1..=31).contains(&d) && s.len() == 10).then_some((y, m, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_words_break_after_their_own_hyphens_first() {
        assert_eq!(wrap("mbo-instellingen", 13, 3), ["mbo-", "instellingen"]);
        assert_eq!(
            wrap("jeugdhulpaanbieders", 10, 3),
            ["jeugdhulp-", "aanbieder-", "s"]
        );
        assert_eq!(wrap("het wijkteam", 13, 3), ["het wijkteam"]);
    }

    #[test]
    fn negative_numbers_have_a_true_minus() {
        assert_eq!(number(-0.537, 2, Lang::Nl), "−0,54");
        assert_eq!(number(-0.001, 2, Lang::Nl), "0,00");
        assert_eq!(number(-1.7e308, 2, Lang::En), "−1.70e308");
    }
}
