//! The answers to a construct's items as diverging stacked bars.

use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::{Area, GRID, INK, Png, WIDTH, draw, line, rect, text, wrap};
use crate::error::Result;
use crate::lang::Lang;
use crate::results::{Measure, PointInfo};

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

/// Where the parts of a likert chart go, in pixels.
struct Layout {
    /// The top of the first bar row.
    top: i32,
    /// The height of one item's row.
    row: i32,
    /// The number of item rows.
    rows: i32,
    /// The width of the item labels, left of the bars.
    label_w: i32,
    /// The width of the bars' area.
    plot_w: i32,
    /// The x of the centre line between disagreement and agreement.
    centre: i32,
    /// The percentage at either end of the axis.
    reach: f64,
}

impl Layout {
    /// The width in pixels of a percentage.
    fn px(&self, pct: f64) -> i32 {
        (pct / self.reach * self.plot_w as f64 / 2.0).round() as i32
    }

    /// The bottom of the last bar row.
    fn bottom(&self) -> i32 {
        self.top + self.row * self.rows
    }
}

/// Diverging stacked bars, one per item: disagreement left of the centre line, agreement
/// right, a neutral middle answer split over both sides.
pub fn likert(items: &[&Measure], lang: Lang) -> Result<Option<Png>> {
    let Some(first) = items.first() else {
        return Ok(None);
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
    let layout = Layout {
        top: top as i32,
        row: row as i32,
        rows: items.len() as i32,
        label_w,
        plot_w,
        centre: label_w + plot_w / 2,
        reach: reach(items, n),
    };
    draw(height, |area| {
        axis(area, &layout)?;
        for (r, m) in items.iter().enumerate() {
            item_row(area, &layout, r, m, &colours, lang)?;
        }
        let ly = (height - legend / 2) as i32;
        legend_row(area, points, &colours, ly, lang)
    })
    .map(Some)
}

/// The axis reaches the longest side, rounded up to a quarter, so bars use the width.
fn reach(items: &[&Measure], n: usize) -> f64 {
    let side = |m: &&Measure| -> f64 {
        let pct: Vec<f64> = m
            .total
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
    (items.iter().map(side).fold(0.0, f64::max) / 25.0)
        .ceil()
        .clamp(1.0, 4.0)
        * 25.0
}

/// The centre line, and a grid line with its percentage at every quarter.
fn axis(area: &Area, layout: &Layout) -> Result<()> {
    let centre = layout.centre;
    let bottom = layout.bottom();
    line(area, (centre, layout.top - 10), (centre, bottom), &INK, 2)?;
    let ticks = (layout.reach / 25.0) as i32;
    for t in -ticks..=ticks {
        let pct = t as f64 * 25.0;
        let x = centre + layout.px(pct);
        if t != 0 {
            line(area, (x, layout.top - 10), (x, bottom), &GRID, 1)?;
        }
        text(
            area,
            &format!("{}%", pct.abs()),
            (x, bottom + 18),
            20.0,
            HPos::Center,
            &INK,
        )?;
    }
    Ok(())
}

/// One item: its label left, its answers as a bar placed so the disagreement ends at the
/// centre line (half of a neutral answer on either side).
fn item_row(
    area: &Area,
    layout: &Layout,
    r: usize,
    m: &Measure,
    colours: &[RGBColor],
    lang: Lang,
) -> Result<()> {
    let n = colours.len();
    let row = layout.row;
    let y0 = layout.top + r as i32 * row;
    let lines = wrap(m.label.get(lang), 46, 2);
    for (l, s) in lines.iter().enumerate() {
        let y = y0 + row / 2 + (l as i32 * 2 - lines.len() as i32 + 1) * 14;
        text(area, s, (layout.label_w - 16, y), 22.0, HPos::Right, &INK)?;
    }
    let Some(f) = &m.total.frequencies else {
        return Ok(());
    };
    let pct: Vec<f64> = f.counts.iter().map(|c| c.percent).collect();
    let half = n / 2;
    let neutral = (n % 2 == 1).then_some(half);
    let left: f64 = pct[..half].iter().sum::<f64>() + neutral.map_or(0.0, |i| pct[i] / 2.0);
    let mut x = layout.centre - layout.px(left);
    let (bar_top, bar_bottom) = (y0 + 16, y0 + row - 16);
    for (i, p) in pct.iter().enumerate() {
        let w = layout.px(*p);
        rect(area, (x, bar_top), (x + w, bar_bottom), &colours[i])?;
        // Too narrow a segment stays unlabelled; the dark ends get white text.
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
    Ok(())
}

/// The answer points with their colours, side by side at height `ly`.
fn legend_row(
    area: &Area,
    points: &[PointInfo],
    colours: &[RGBColor],
    ly: i32,
    lang: Lang,
) -> Result<()> {
    let slot = (WIDTH as i32 - 80) / points.len() as i32;
    for (i, point) in points.iter().enumerate() {
        let x = 40 + i as i32 * slot;
        rect(area, (x, ly - 14), (x + 28, ly + 14), &colours[i])?;
        let short: String = point.label.get(lang).chars().take(26).collect();
        text(area, &short, (x + 38, ly), 20.0, HPos::Left, &INK)?;
    }
    Ok(())
}
