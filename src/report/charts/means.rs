//! A construct's mean per group with its confidence interval, over the traffic-light bands.

use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::{
    Area, GROUP_COLOURS, INK, Png, WIDTH, draw, fail, line, rect, scale_ticks, text, wrap,
};
use crate::error::Result;
use crate::i18n::t;
use crate::lang::Lang;
use crate::report::format::number;
use crate::results::Measure;

/// One dot of the chart: a group's (or the total's) label, mean and interval.
struct Row {
    label: String,
    mean: f64,
    ci: Option<[f64; 2]>,
    /// The total is drawn in black, the groups in their colours.
    total: bool,
}

/// The value axis: where the scale's range lies across the chart.
struct Axis {
    label_w: i32,
    plot_w: i32,
    lo: f64,
    hi: f64,
}

impl Axis {
    fn x_of(&self, v: f64) -> i32 {
        self.label_w + ((v - self.lo) / (self.hi - self.lo) * self.plot_w as f64).round() as i32
    }
}

/// Mean per group with its 95% confidence interval, on the scale's full range, over the
/// traffic-light bands where the construct has them.
pub fn means(m: &Measure, bands: Option<(f64, f64)>, lang: Lang) -> Result<Option<Png>> {
    let rows = rows(m, lang);
    let row = 56;
    let top = 20;
    let height = top + row * rows.len() as u32 + 70;
    let (label_w, right_pad) = (470, 130);
    let axis = Axis {
        label_w,
        plot_w: WIDTH as i32 - label_w - right_pad,
        lo: m.scale.min as f64,
        hi: m.scale.max as f64,
    };
    let x_of = |v: f64| axis.x_of(v);
    let bottom = (top + row * rows.len() as u32) as i32;
    draw(height, |area| {
        if let Some(bands) = bands {
            light_bands(area, &axis, bands, (top as i32, bottom))?;
        }
        scale_ticks(area, m.scale.min..=m.scale.max, x_of, (top as i32, bottom))?;
        for (i, r) in rows.iter().enumerate() {
            let y = top as i32 + i as i32 * row as i32 + row as i32 / 2;
            let colour = if r.total {
                INK
            } else {
                GROUP_COLOURS[i % GROUP_COLOURS.len()]
            };
            row_label(area, &r.label, label_w, y)?;
            mean_with_interval(area, &axis, r, y, &colour)?;
            text(
                area,
                &number(r.mean, 2, lang),
                (WIDTH as i32 - right_pad + 20, y),
                24.0,
                HPos::Left,
                &INK,
            )?;
        }
        Ok(())
    })
    .map(Some)
}

/// The groups that are shown and have a mean, then the total.
fn rows(m: &Measure, lang: Lang) -> Vec<Row> {
    let total = m.total.stats.as_ref();
    m.groups
        .iter()
        .filter_map(|g| {
            let s = g.summary.shown()?.stats.as_ref()?;
            let label = g.label.get(lang).to_string();
            Some(Row {
                label,
                mean: s.mean?,
                ci: s.ci95,
                total: false,
            })
        })
        .chain(total.and_then(|s| {
            let label = t("chart.total", lang).to_string();
            Some(Row {
                label,
                mean: s.mean?,
                ci: s.ci95,
                total: true,
            })
        }))
        .collect()
}

/// The red, amber and green bands behind the dots, split at the two thresholds.
fn light_bands(
    area: &Area,
    axis: &Axis,
    (amber, green): (f64, f64),
    (top, bottom): (i32, i32),
) -> Result<()> {
    let x_of = |v: f64| axis.x_of(v);
    let (lo, hi) = (axis.lo, axis.hi);
    rect(
        area,
        (x_of(lo), top),
        (x_of(amber), bottom),
        &RGBColor(253, 224, 221),
    )?;
    rect(
        area,
        (x_of(amber), top),
        (x_of(green), bottom),
        &RGBColor(254, 240, 200),
    )?;
    rect(
        area,
        (x_of(green), top),
        (x_of(hi), bottom),
        &RGBColor(220, 240, 214),
    )
}

/// A row's label, right-aligned before the axis, in up to two lines around `y`.
fn row_label(area: &Area, label: &str, label_w: i32, y: i32) -> Result<()> {
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
    Ok(())
}

/// The interval as a capped bar, cut off at the scale's ends, and the mean as a dot.
fn mean_with_interval(area: &Area, axis: &Axis, r: &Row, y: i32, colour: &RGBColor) -> Result<()> {
    let x_of = |v: f64| axis.x_of(v);
    let (lo, hi) = (axis.lo, axis.hi);
    if let Some([a, b]) = r.ci {
        line(area, (x_of(a.max(lo)), y), (x_of(b.min(hi)), y), colour, 4)?;
        line(
            area,
            (x_of(a.max(lo)), y - 10),
            (x_of(a.max(lo)), y + 10),
            colour,
            3,
        )?;
        line(
            area,
            (x_of(b.min(hi)), y - 10),
            (x_of(b.min(hi)), y + 10),
            colour,
            3,
        )?;
    }
    area.draw(&Circle::new((x_of(r.mean), y), 11, colour.filled()))
        .map_err(fail)?;
    Ok(())
}
