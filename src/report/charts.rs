//! PNG charts for the report, drawn in pixels on plotters' bitmap backend with an embedded
//! font, so no system fonts are needed. 1600 px wide: sharp when printed at A4 width.
//! Colours are colour-blind safe (ColorBrewer RdBu for agreement, Okabe–Ito for groups) and
//! every colour also carries a number or a label.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::format::number;
use crate::analyse::{Light, Measure};
use crate::instrument::{Lang, pick};

pub(super) const WIDTH: u32 = 1600;
const FONT: &[u8] = include_bytes!("../../reports/assets/DejaVuSans.ttf");
pub(super) const INK: RGBColor = RGBColor(33, 33, 33);
pub(super) const GRID: RGBColor = RGBColor(200, 200, 200);
pub(super) const SUPPRESSED: RGBColor = RGBColor(235, 235, 235);

/// Okabe–Ito, without yellow (too light on white); black is the total.
pub const GROUP_COLOURS: [RGBColor; 7] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(213, 94, 0),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(120, 94, 60),
];

pub fn light_colour(light: Light) -> RGBColor {
    match light {
        Light::Red => RGBColor(244, 165, 130),
        Light::Amber => RGBColor(253, 219, 139),
        Light::Green => RGBColor(166, 217, 160),
    }
}

/// Registers the embedded font once; plotters keeps it for the process.
pub fn register_font() -> anyhow::Result<()> {
    static DONE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    let ok = *DONE.get_or_init(|| {
        plotters::style::register_font("sans-serif", FontStyle::Normal, FONT).is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err(anyhow::anyhow!("the embedded font could not be loaded"))
    }
}

pub(super) type Area<'a> = DrawingArea<BitMapBackend<'a>, Shift>;

pub(super) fn fail<E: std::fmt::Debug>(e: E) -> anyhow::Error {
    anyhow::anyhow!("drawing a chart: {e:?}")
}

pub(super) fn text(
    area: &Area,
    s: &str,
    (x, y): (i32, i32),
    size: f64,
    h: HPos,
    colour: &RGBColor,
) -> anyhow::Result<()> {
    let style = TextStyle::from(("sans-serif", size).into_font())
        .color(colour)
        .pos(Pos::new(h, VPos::Center));
    area.draw(&Text::new(s.to_string(), (x, y), style))
        .map_err(fail)
}

pub(super) fn rect(
    area: &Area,
    (x0, y0): (i32, i32),
    (x1, y1): (i32, i32),
    colour: &RGBColor,
) -> anyhow::Result<()> {
    area.draw(&Rectangle::new([(x0, y0), (x1, y1)], colour.filled()))
        .map_err(fail)
}

pub(super) fn line(
    area: &Area,
    from: (i32, i32),
    to: (i32, i32),
    colour: &RGBColor,
    width: u32,
) -> anyhow::Result<()> {
    area.draw(&PathElement::new(
        vec![from, to],
        colour.stroke_width(width),
    ))
    .map_err(fail)
}

/// Splits text into at most `lines` lines of about `width` characters, with an ellipsis when cut.
pub(super) fn wrap(s: &str, width: usize, lines: usize) -> Vec<String> {
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

pub(super) fn draw(
    path: &Path,
    height: u32,
    paint: impl FnOnce(&Area) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    register_font()?;
    let area = BitMapBackend::new(path, (WIDTH, height)).into_drawing_area();
    area.fill(&WHITE).map_err(fail)?;
    paint(&area)?;
    area.present().map_err(fail)
}

/// A vertical grid line and its label at every code of a scale, on a horizontal value axis.
pub(super) fn scale_ticks(
    area: &Area,
    codes: std::ops::RangeInclusive<i64>,
    x_of: impl Fn(f64) -> i32,
    (top, bottom): (i32, i32),
) -> anyhow::Result<()> {
    for v in codes {
        let x = x_of(v as f64);
        line(area, (x, top), (x, bottom), &GRID, 1)?;
        text(
            area,
            &v.to_string(),
            (x, bottom + 22),
            22.0,
            HPos::Center,
            &INK,
        )?;
    }
    Ok(())
}

/// Diverging colours for n answer points, disagreement (red) to agreement (blue).
fn diverging(n: usize) -> Vec<RGBColor> {
    let five = [
        RGBColor(202, 0, 32),
        RGBColor(244, 165, 130),
        RGBColor(210, 210, 210),
        RGBColor(146, 197, 222),
        RGBColor(5, 113, 176),
    ];
    match n {
        2 => vec![five[1], five[3]],
        3 => vec![five[1], five[2], five[3]],
        4 => vec![five[0], five[1], five[3], five[4]],
        5 => five.to_vec(),
        _ => {
            let seven = [
                RGBColor(178, 24, 43),
                RGBColor(239, 138, 98),
                RGBColor(253, 219, 199),
                RGBColor(210, 210, 210),
                RGBColor(209, 229, 240),
                RGBColor(103, 169, 207),
                RGBColor(33, 102, 172),
            ];
            (0..n).map(|i| seven[(i * 6) / (n - 1).max(1)]).collect()
        }
    }
}

/// Diverging stacked bars, one per item: disagreement left of the centre line, agreement
/// right, a neutral middle answer split over both sides.
pub fn likert(path: &Path, items: &[&Measure]) -> anyhow::Result<()> {
    let Some(first) = items.first() else {
        return Ok(());
    };
    let points = &first.scale.points;
    let n = points.len();
    let colours = diverging(n);
    let row = 84;
    let top = 30;
    let legend = 90;
    let height = top + row * items.len() as u32 + legend + 40;
    let (label_w, right_pad) = (620, 30);
    let plot_w = WIDTH as i32 - label_w - right_pad;
    let centre = label_w + plot_w / 2;
    // The axis reaches the longest side, rounded up to a quarter, so bars use the width.
    let side = |m: &&Measure| -> f64 {
        let pct: Vec<f64> = m
            .overall
            .frequencies
            .as_ref()
            .map_or(vec![], |f| f.counts.iter().map(|c| c.percent).collect());
        let half = n / 2;
        let middle = if n % 2 == 1 {
            pct.get(half).copied().unwrap_or(0.0) / 2.0
        } else {
            0.0
        };
        let left: f64 = pct.iter().take(half).sum();
        let right: f64 = pct.iter().skip(n - half).sum();
        left.max(right) + middle
    };
    let reach = (items.iter().map(side).fold(0.0, f64::max) / 25.0)
        .ceil()
        .clamp(1.0, 4.0)
        * 25.0;
    let px = |pct: f64| (pct / reach * plot_w as f64 / 2.0).round() as i32;
    draw(path, height, |area| {
        line(
            area,
            (centre, top as i32 - 10),
            (centre, (top + row * items.len() as u32) as i32),
            &INK,
            2,
        )?;
        let ticks = (reach / 25.0) as i32;
        for t in -ticks..=ticks {
            let pct = t as f64 * 25.0;
            let x = centre + px(pct);
            if t != 0 {
                line(
                    area,
                    (x, top as i32 - 10),
                    (x, (top + row * items.len() as u32) as i32),
                    &GRID,
                    1,
                )?;
            }
            text(
                area,
                &format!("{}%", pct.abs()),
                (x, (top + row * items.len() as u32 + 18) as i32),
                20.0,
                HPos::Center,
                &INK,
            )?;
        }
        for (r, m) in items.iter().enumerate() {
            let y0 = top as i32 + r as i32 * row as i32;
            let label = m.text.clone().unwrap_or_else(|| m.label.clone());
            let lines = wrap(&label, 46, 2);
            for (l, s) in lines.iter().enumerate() {
                let y = y0 + row as i32 / 2 + (l as i32 * 2 - lines.len() as i32 + 1) * 14;
                text(area, s, (label_w - 16, y), 22.0, HPos::Right, &INK)?;
            }
            let Some(f) = &m.overall.frequencies else {
                continue;
            };
            let pct: Vec<f64> = f.counts.iter().map(|c| c.percent).collect();
            let half = n / 2;
            let neutral = (n % 2 == 1).then_some(half);
            let left: f64 = pct[..half].iter().sum::<f64>() + neutral.map_or(0.0, |i| pct[i] / 2.0);
            let mut x = centre - px(left);
            let (bar_top, bar_bottom) = (y0 + 16, y0 + row as i32 - 16);
            for (i, p) in pct.iter().enumerate() {
                let w = px(*p);
                rect(area, (x, bar_top), (x + w, bar_bottom), &colours[i])?;
                if w >= 44 {
                    let ink = if i == 0 || i + 1 == n && n >= 4 {
                        WHITE
                    } else {
                        INK
                    };
                    text(
                        area,
                        &format!("{:.0}%", p),
                        (x + w / 2, (bar_top + bar_bottom) / 2),
                        19.0,
                        HPos::Center,
                        &ink,
                    )?;
                }
                x += w;
            }
        }
        let ly = (height - legend / 2) as i32;
        let slot = (WIDTH as i32 - 80) / n as i32;
        for (i, (_, label)) in points.iter().enumerate() {
            let x = 40 + i as i32 * slot;
            rect(area, (x, ly - 14), (x + 28, ly + 14), &colours[i])?;
            let short: String = label.chars().take(26).collect();
            text(area, &short, (x + 38, ly), 20.0, HPos::Left, &INK)?;
        }
        Ok(())
    })
}

/// Mean per group with its 95% confidence interval, on the scale's full range, over the
/// traffic-light bands where the construct has them.
pub fn means(
    path: &Path,
    m: &Measure,
    bands: Option<(f64, f64)>,
    lang: Lang,
) -> anyhow::Result<()> {
    let rows: Vec<(String, f64, Option<[f64; 2]>, bool)> = m
        .groups
        .iter()
        .filter_map(|g| {
            g.stats
                .as_ref()
                .and_then(|s| Some((g.label.clone(), s.mean?, s.ci95, false)))
        })
        .chain(m.overall.stats.mean.map(|mean| {
            (
                pick(lang, "Totaal", "Total").to_string(),
                mean,
                m.overall.stats.ci95,
                true,
            )
        }))
        .collect();
    let row = 56;
    let top = 20;
    let height = top + row * rows.len() as u32 + 70;
    let (label_w, right_pad) = (470, 130);
    let plot_w = WIDTH as i32 - label_w - right_pad;
    let (lo, hi) = (m.scale.min as f64, m.scale.max as f64);
    let x_of = |v: f64| label_w + ((v - lo) / (hi - lo) * plot_w as f64).round() as i32;
    let bottom = (top + row * rows.len() as u32) as i32;
    draw(path, height, |area| {
        if let Some((amber, green)) = bands {
            rect(
                area,
                (x_of(lo), top as i32),
                (x_of(amber), bottom),
                &RGBColor(253, 224, 221),
            )?;
            rect(
                area,
                (x_of(amber), top as i32),
                (x_of(green), bottom),
                &RGBColor(254, 240, 200),
            )?;
            rect(
                area,
                (x_of(green), top as i32),
                (x_of(hi), bottom),
                &RGBColor(220, 240, 214),
            )?;
        }
        scale_ticks(area, m.scale.min..=m.scale.max, x_of, (top as i32, bottom))?;
        for (i, (label, mean, ci, total)) in rows.iter().enumerate() {
            let y = top as i32 + i as i32 * row as i32 + row as i32 / 2;
            let colour = if *total {
                INK
            } else {
                GROUP_COLOURS[i % GROUP_COLOURS.len()]
            };
            let lines = wrap(label, 34, 2);
            for (l, s) in lines.iter().enumerate() {
                text(
                    area,
                    s,
                    (
                        label_w - 16,
                        y + (l as i32 * 2 - lines.len() as i32 + 1) * 12,
                    ),
                    22.0,
                    HPos::Right,
                    &INK,
                )?;
            }
            if let Some([a, b]) = ci {
                line(area, (x_of(a.max(lo)), y), (x_of(b.min(hi)), y), &colour, 4)?;
                line(
                    area,
                    (x_of(a.max(lo)), y - 10),
                    (x_of(a.max(lo)), y + 10),
                    &colour,
                    3,
                )?;
                line(
                    area,
                    (x_of(b.min(hi)), y - 10),
                    (x_of(b.min(hi)), y + 10),
                    &colour,
                    3,
                )?;
            }
            area.draw(&Circle::new((x_of(*mean), y), 11, colour.filled()))
                .map_err(fail)?;
            text(
                area,
                &number(*mean, 2, lang),
                (WIDTH as i32 - right_pad + 20, y),
                24.0,
                HPos::Left,
                &INK,
            )?;
        }
        Ok(())
    })
}

/// A heatmap of constructs (rows) by groups (columns), each cell its mean, coloured by the
/// traffic light where the construct has one.
pub fn heatmap(path: &Path, constructs: &[&Measure], lang: Lang) -> anyhow::Result<()> {
    let Some(first) = constructs.first() else {
        return Ok(());
    };
    let columns: Vec<(usize, String)> = first
        .groups
        .iter()
        .enumerate()
        .filter(|(i, _)| constructs.iter().any(|m| !m.groups[*i].suppressed))
        .map(|(i, g)| (i, g.label.clone()))
        .collect();
    let total = pick(lang, "Totaal", "Total").to_string();
    let (label_w, head) = (420, 90);
    let row = 58;
    let height = head + row * constructs.len() as u32 + 20;
    let n_cols = columns.len() as i32 + 1;
    let cell_w = (WIDTH as i32 - label_w - 20) / n_cols;
    draw(path, height, |area| {
        for (c, name) in columns
            .iter()
            .map(|(_, l)| l)
            .chain(std::iter::once(&total))
            .enumerate()
        {
            let x = label_w + c as i32 * cell_w + cell_w / 2;
            for (l, s) in wrap(name, 14, 2).iter().enumerate() {
                text(area, s, (x, 30 + l as i32 * 26), 21.0, HPos::Center, &INK)?;
            }
        }
        for (r, m) in constructs.iter().enumerate() {
            let y0 = head as i32 + r as i32 * row as i32;
            let lines = wrap(&m.label, 30, 2);
            for (l, s) in lines.iter().enumerate() {
                let y = y0 + row as i32 / 2 + (l as i32 * 2 - lines.len() as i32 + 1) * 12;
                text(area, s, (label_w - 14, y), 21.0, HPos::Right, &INK)?;
            }
            let cells = columns
                .iter()
                .map(|(i, _)| {
                    (
                        m.groups[*i].stats.as_ref().and_then(|s| s.mean),
                        m.groups[*i].light,
                    )
                })
                .chain(std::iter::once((m.overall.stats.mean, m.overall.light)));
            for (c, (mean, light)) in cells.enumerate() {
                let x0 = label_w + c as i32 * cell_w;
                let fill = match (mean, light) {
                    (None, _) => SUPPRESSED,
                    (Some(_), Some(l)) => light_colour(l),
                    (Some(_), None) => RGBColor(222, 235, 247),
                };
                rect(
                    area,
                    (x0 + 2, y0 + 2),
                    (x0 + cell_w - 2, y0 + row as i32 - 2),
                    &fill,
                )?;
                let label = mean.map_or("–".to_string(), |v| number(v, 2, lang));
                text(
                    area,
                    &label,
                    (x0 + cell_w / 2, y0 + row as i32 / 2),
                    23.0,
                    HPos::Center,
                    &INK,
                )?;
            }
        }
        Ok(())
    })
}

/// The profile of every construct per group: a dot per group on each construct's row, on an
/// axis zoomed to where the means are (in half points), so that differences can be seen.
pub fn profile(path: &Path, constructs: &[&Measure], lang: Lang) -> anyhow::Result<()> {
    let Some(first) = constructs.first() else {
        return Ok(());
    };
    let shown: Vec<usize> = (0..first.groups.len())
        .filter(|i| {
            constructs.iter().all(|m| {
                m.groups[*i]
                    .stats
                    .as_ref()
                    .is_some_and(|s| s.mean.is_some())
            })
        })
        .collect();
    let (label_w, right_pad, top, row) = (420, 40, 20, 54);
    let legend_rows = shown.len().div_ceil(3) as u32;
    let height = top + row * constructs.len() as u32 + 60 + legend_rows * 40 + 20;
    let plot_w = WIDTH as i32 - label_w - right_pad;
    let means: Vec<f64> = constructs
        .iter()
        .flat_map(|m| {
            shown
                .iter()
                .filter_map(|&g| m.groups[g].stats.as_ref()?.mean)
        })
        .collect();
    let (scale_lo, scale_hi) = (first.scale.min as f64, first.scale.max as f64);
    let lo = ((means.iter().copied().fold(scale_hi, f64::min) - 0.25) * 2.0)
        .floor()
        .max(scale_lo * 2.0)
        / 2.0;
    let hi = ((means.iter().copied().fold(scale_lo, f64::max) + 0.25) * 2.0)
        .ceil()
        .min(scale_hi * 2.0)
        / 2.0;
    let x_of = |v: f64| label_w + ((v - lo) / (hi - lo) * plot_w as f64).round() as i32;
    let bottom = (top + row * constructs.len() as u32) as i32;
    draw(path, height, |area| {
        let steps = ((hi - lo) * 2.0).round() as i32;
        for step in 0..=steps {
            let v = lo + step as f64 / 2.0;
            let x = x_of(v);
            line(area, (x, top as i32), (x, bottom), &GRID, 1)?;
            text(
                area,
                &number(v, 1, lang),
                (x, bottom + 22),
                22.0,
                HPos::Center,
                &INK,
            )?;
        }
        for (r, m) in constructs.iter().enumerate() {
            let y = top as i32 + r as i32 * row as i32 + row as i32 / 2;
            line(
                area,
                (label_w, y),
                (WIDTH as i32 - right_pad, y),
                &RGBColor(238, 238, 238),
                1,
            )?;
            text(
                area,
                &wrap(&m.label, 32, 1)[0],
                (label_w - 16, y),
                21.0,
                HPos::Right,
                &INK,
            )?;
        }
        for (s, &g) in shown.iter().enumerate() {
            let colour = GROUP_COLOURS[g % GROUP_COLOURS.len()];
            let points: Vec<(i32, i32)> = constructs
                .iter()
                .enumerate()
                .filter_map(|(r, m)| {
                    let mean = m.groups[g].stats.as_ref()?.mean?;
                    Some((
                        x_of(mean),
                        top as i32 + r as i32 * row as i32 + row as i32 / 2,
                    ))
                })
                .collect();
            for p in points {
                area.draw(&Circle::new(p, 9, colour.filled()))
                    .map_err(fail)?;
            }
            let (lx, ly) = (40 + (s % 3) as i32 * 520, bottom + 60 + (s / 3) as i32 * 40);
            rect(area, (lx, ly - 10), (lx + 36, ly + 10), &colour)?;
            text(
                area,
                &first.groups[g].label,
                (lx + 46, ly),
                21.0,
                HPos::Left,
                &INK,
            )?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrapping_cuts_with_an_ellipsis() {
        assert_eq!(wrap("een twee drie", 8, 2), vec!["een twee", "drie"]);
        assert_eq!(
            wrap("een twee drie vier vijf", 8, 2),
            vec!["een twee", "drie…"]
        );
        assert_eq!(
            wrap("Samenwerkingsverband", 10, 3),
            vec!["Samenwerk-", "ingsverba-", "nd"]
        );
    }
}
