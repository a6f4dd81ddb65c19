//! Numbers exactly as written: "4,17", "1000000000000.4", "-2.5E-3" become an integer mantissa
//! and a power of ten, so that no digit is lost before the analysis chooses its shift.

/// `mantissa × 10^-scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decimal {
    pub mantissa: i128,
    pub scale: i32,
}

/// Reads a written number. A comma is a decimal comma; where both a point and a comma occur,
/// the last one is the decimal separator and the other groups thousands.
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    let t = text.trim();
    let (body, exponent) = match t.find(['e', 'E']) {
        Some(i) => (
            &t[..i],
            t[i + 1..].trim_start_matches('+').parse::<i32>().ok()?,
        ),
        None => (t, 0),
    };
    let decimal_sep = match (body.rfind('.'), body.rfind(',')) {
        (Some(p), Some(c)) => Some(p.max(c)),
        (Some(p), None) => Some(p),
        (None, Some(c)) => Some(c),
        (None, None) => None,
    };
    let (negative, mut digits, mut scale) = (body.starts_with('-'), String::new(), 0i32);
    for (i, ch) in body.char_indices() {
        match ch {
            '0'..='9' => {
                digits.push(ch);
                if decimal_sep.is_some_and(|d| i > d) {
                    scale += 1;
                }
            }
            '-' | '+' if i == 0 => {}
            '.' | ',' => {}
            _ => return None,
        }
    }
    if digits.is_empty() || digits.len() > 36 {
        return None;
    }
    let magnitude: i128 = digits.parse().ok()?;
    Some(Decimal {
        mantissa: if negative { -magnitude } else { magnitude },
        scale: scale.checked_sub(exponent)?,
    })
}

impl Decimal {
    /// The nearest f64; infinite beyond its range.
    pub fn to_f64(self) -> f64 {
        if self.scale >= 0 {
            self.mantissa as f64 / 10f64.powi(self.scale)
        } else {
            self.mantissa as f64 * 10f64.powi(-self.scale)
        }
    }
}

/// Values as `value − offset` in f64, and the offset.
///
/// Exactly where the integers allow it: the subtraction is done in integers at the common
/// scale, with the integer part of the mean as offset, so the shifted values are small and
/// exact and sums of squares around them keep every digit. Where the values span too many
/// orders of magnitude for that (1e18 beside 1e-21), they are taken as the nearest f64 with no
/// offset: the two-pass sums around the group means are still stable then.
pub fn centre(values: &[Decimal]) -> (Vec<f64>, f64) {
    shift_exactly(values).unwrap_or_else(|| (values.iter().map(|d| d.to_f64()).collect(), 0.0))
}

fn shift_exactly(values: &[Decimal]) -> Option<(Vec<f64>, f64)> {
    let scale = values.iter().map(|d| d.scale).max()?.max(0);
    let widen = |d: &Decimal| -> Option<i128> {
        d.mantissa
            .checked_mul(10i128.checked_pow(u32::try_from(scale - d.scale).ok()?)?)
    };
    let ints: Vec<i128> = values.iter().map(widen).collect::<Option<_>>()?;
    let sum = ints.iter().try_fold(0i128, |acc, x| acc.checked_add(*x))?;
    let centre = sum / ints.len() as i128;
    let unit = 10f64.powi(scale);
    let shifted = ints.iter().map(|x| (x - centre) as f64 / unit).collect();
    Some((shifted, centre as f64 / unit))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: i128, s: i32) -> Option<Decimal> {
        Some(Decimal {
            mantissa: m,
            scale: s,
        })
    }

    #[test]
    fn reads_points_commas_and_exponents() {
        assert_eq!(parse_decimal("4.17"), d(417, 2));
        assert_eq!(parse_decimal(" 4,17 "), d(417, 2));
        assert_eq!(parse_decimal("-3"), d(-3, 0));
        assert_eq!(parse_decimal("1.234,5"), d(12345, 1));
        assert_eq!(parse_decimal("1000000000000.4"), d(10000000000004, 1));
        assert_eq!(parse_decimal("2.5E-3"), d(25, 4));
        assert_eq!(parse_decimal("1e3"), d(1, -3));
        assert_eq!(parse_decimal("abc"), None);
        assert_eq!(parse_decimal(""), None);
        assert_eq!(parse_decimal("3-4"), None);
        assert_eq!(parse_decimal("1e-2147483648"), None);
    }

    #[test]
    fn shifts_without_losing_digits() {
        let v: Vec<Decimal> = ["1000000000000.4", "1000000000000.3", "1000000000000.5"]
            .iter()
            .map(|s| parse_decimal(s).unwrap())
            .collect();
        let (shifted, offset) = centre(&v);
        assert_eq!(offset, 1000000000000.4);
        assert_eq!(shifted, vec![0.0, -0.1, 0.1]);
    }

    #[test]
    fn falls_back_to_floats_where_integers_overflow() {
        let v: Vec<Decimal> = ["1e18", "1e-21", "1e40"]
            .iter()
            .map(|s| parse_decimal(s).unwrap())
            .collect();
        let (values, offset) = centre(&v);
        assert_eq!(offset, 0.0);
        assert_eq!(values, vec![1e18, 1e-21, 1e40]);
    }
}
