//! The trend chart: one small panel per construct with its mean per year and 95% interval,
//! on one shared axis so that panels compare at a glance.

use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::{Area, GRID, INK, Png, WIDTH, draw, fail, line, text, wrap};
use crate::error::Result;
use crate::lang::Lang;
use crate::report::format::number;
use crate::results::{ConstructTrend, Direction, Trend};

const COLUMNS: usize = 3;
const PANEL_H: i32 = 300;

pub fn trend(trend: &Trend, lang: Lang) -> Result<Option<Png>> {
    let panels: Vec<_> = trend
        .constructs
        .iter()
        .filter(|c| c.series[0].years.iter().any(|y| !y.stats.is_suppressed()))
        .collect();
    if panels.is_empty() {
        return Ok(None);
    }
    let (lo, hi) = shared_range(&panels);
    let rows = panels.len().div_ceil(COLUMNS) as i32;
    let height = (rows * PANEL_H + 20) as u32;
    let panel_w = WIDTH as i32 / COLUMNS as i32;
    let n_years = trend.years.len();
    draw(height, |area| {
        for (k, c) in panels.iter().enumerate() {
            let x0 = (k % COLUMNS) as i32 * panel_w;
            let y0 = (k / COLUMNS) as i32 * PANEL_H;
            let panel = Panel {
                left: x0 + 80,
                right: x0 + panel_w - 50,
                top: y0 + 80,
                bottom: y0 + PANEL_H - 50,
                lo,
                hi,
                n_years,
            };
            title(area, c, (x0, y0), lang)?;
            value_axis(area, &panel, lang)?;
            series(area, &panel, c)?;
        }
        Ok(())
    })
    .map(Some)
}

/// One axis for all panels: the range of the intervals, to the nearest half point.
fn shared_range(panels: &[&ConstructTrend]) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for c in panels {
        for y in &c.series[0].years {
            if let Some(s) = y.stats.shown() {
                let [a, b] = s.ci95.unwrap_or([s.mean.unwrap_or(0.0); 2]);
                lo = lo.min(a);
                hi = hi.max(b);
            }
        }
    }
    let (lo, hi) = ((lo * 2.0).floor() / 2.0, (hi * 2.0).ceil() / 2.0);
    let hi = if hi - lo < 0.5 { lo + 0.5 } else { hi };
    (lo, hi)
}

/// The plot area of one construct's panel, and its shared value range.
struct Panel {
    left: i32,
    right: i32,
    top: i32,
    bottom: i32,
    lo: f64,
    hi: f64,
    n_years: usize,
}

impl Panel {
    fn y_of(&self, v: f64) -> i32 {
        let (lo, hi) = (self.lo, self.hi);
        self.bottom - ((v - lo) / (hi - lo) * (self.bottom - self.top) as f64).round() as i32
    }

    /// The x of the i-th year; a single year sits in the middle.
    fn x_of(&self, i: usize) -> i32 {
        let (left, right) = (self.left, self.right);
        if self.n_years < 2 {
            (left + right) / 2
        } else {
            left + ((right - left) as f64 * i as f64 / (self.n_years - 1) as f64).round() as i32
        }
    }
}

/// The construct's name with an arrow for the latest change, top left of its panel.
fn title(area: &Area, c: &ConstructTrend, (x0, y0): (i32, i32), lang: Lang) -> Result<()> {
    let arrow = match c.changes[0].result.shown().and_then(|o| o.run()) {
        Some(c) if c.direction == Direction::Up => " ↑",
        Some(c) if c.direction == Direction::Down => " ↓",
        Some(_) => " →",
        None => "",
    };
    let title = wrap(&format!("{}{arrow}", c.label.get(lang)), 34, 2);
    for (l, s) in title.iter().enumerate() {
        text(
            area,
            s,
            (x0 + 20, y0 + 20 + 27 * l as i32),
            24.0,
            HPos::Left,
            &INK,
        )?;
    }
    Ok(())
}

/// Horizontal grid lines with their values, every half point on a short range.
fn value_axis(area: &Area, panel: &Panel, lang: Lang) -> Result<()> {
    let (lo, hi) = (panel.lo, panel.hi);
    let step = if hi - lo <= 2.0 { 0.5 } else { 1.0 };
    let ticks = ((hi - lo) / step).round() as i32;
    for v in (0..=ticks).map(|i| lo + step * i as f64) {
        let y = panel.y_of(v);
        line(area, (panel.left, y), (panel.right, y), &GRID, 1)?;
        text(
            area,
            &number(v, 1, lang),
            (panel.left - 8, y),
            20.0,
            HPos::Right,
            &INK,
        )?;
    }
    Ok(())
}

/// The years below the axis, and the mean of each shown year with its interval; the line
/// between means breaks at a withheld year.
fn series(area: &Area, panel: &Panel, c: &ConstructTrend) -> Result<()> {
    let mut previous: Option<(i32, i32)> = None;
    for (i, y) in c.series[0].years.iter().enumerate() {
        text(
            area,
            &y.year,
            (panel.x_of(i), panel.bottom + 26),
            20.0,
            HPos::Center,
            &INK,
        )?;
        let Some(s) = y.stats.shown() else {
            previous = None;
            continue;
        };
        let Some(mean) = s.mean else { continue };
        let p = (panel.x_of(i), panel.y_of(mean));
        if let Some([a, b]) = s.ci95 {
            let grey = RGBColor(120, 120, 120);
            line(area, (p.0, panel.y_of(a)), (p.0, panel.y_of(b)), &grey, 2)?;
            for end in [a, b] {
                let y = panel.y_of(end);
                line(area, (p.0 - 8, y), (p.0 + 8, y), &grey, 2)?;
            }
        }
        if let Some(q) = previous {
            line(area, q, p, &RGBColor(0, 114, 178), 3)?;
        }
        area.draw(&Circle::new(p, 7, RGBColor(0, 114, 178).filled()))
            .map_err(fail)?;
        previous = Some(p);
    }
    Ok(())
}
