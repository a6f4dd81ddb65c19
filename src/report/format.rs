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
        // A word longer than a line is broken with a hyphen rather than overflowing.
        let chars: Vec<char> = word.chars().collect();
        if chars.len() <= width {
            vec![word.to_string()]
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
