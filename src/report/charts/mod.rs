//! PNG charts for the report, drawn in pixels on plotters' bitmap backend with an embedded
//! font, so no system fonts are needed. 1600 px wide: sharp when printed at A4 width.
//! Colours are colour-blind safe (ColorBrewer RdBu for agreement, Okabe–Ito for groups) and
//! every colour also carries a number or a label. Each chart returns its PNG, or nothing when
//! it has nothing to show.

mod governance;
mod likert;
mod means;
mod network;
mod overview;
mod partners;
mod trend;

pub(super) use governance::governance;
pub(super) use likert::likert;
pub(super) use means::means;
pub(super) use network::network;
pub(super) use overview::{heatmap, profile};
pub(super) use partners::{gaps, partner_heatmap};
pub(super) use trend::trend;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::error::{Error, Result};
use crate::results::Light;

pub(super) use super::format::wrap;

/// A chart, encoded.
pub(super) struct Png(pub Vec<u8>);

pub(super) const WIDTH: u32 = 1600;
const FONT: &[u8] = include_bytes!("../../../reports/assets/DejaVuSans.ttf");
pub(super) const INK: RGBColor = RGBColor(33, 33, 33);
pub(super) const GRID: RGBColor = RGBColor(200, 200, 200);
pub(super) const SUPPRESSED: RGBColor = RGBColor(235, 235, 235);

/// Okabe–Ito, without yellow (too light on white); black is the total.
pub(super) const GROUP_COLOURS: [RGBColor; 7] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(213, 94, 0),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(120, 94, 60),
];

/// The verdicts as report.css colours them: orange, grey, blue (apart for colour-blind readers
/// and in grey print).
pub(super) fn light_colour(light: Light) -> RGBColor {
    match light {
        Light::Red => RGBColor(253, 184, 99),
        Light::Amber => RGBColor(223, 229, 234),
        Light::Green => RGBColor(67, 147, 195),
    }
}

/// Registers the embedded font once; plotters keeps it for the process.
fn register_font() -> Result<()> {
    static DONE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    let ok = *DONE.get_or_init(|| {
        plotters::style::register_font("sans-serif", FontStyle::Normal, FONT).is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err(Error::Internal(
            "the embedded font could not be loaded".into(),
        ))
    }
}

pub(super) type Area<'a> = DrawingArea<BitMapBackend<'a>, Shift>;

pub(super) fn fail<E: std::fmt::Debug>(e: E) -> Error {
    Error::Internal(format!("drawing a chart: {e:?}"))
}

pub(super) fn text(
    area: &Area,
    s: &str,
    (x, y): (i32, i32),
    size: f64,
    h: HPos,
    colour: &RGBColor,
) -> Result<()> {
    let style = TextStyle::from(("sans-serif", size).into_font())
        .color(colour)
        .pos(Pos::new(h, VPos::Center));
    area.draw(&Text::new(s.to_string(), (x, y), style))
        .map_err(fail)
}

/// The headings of a grid's columns, centred over columns `cell_w` wide from `x0`, the first
/// line at `top`: each in type small enough for the longest word of any heading to fit its
/// column (Dutch compounds such as "jeugdhulpaanbieders" are not broken), from `largest` px
/// down to 15, on at most `lines` lines. DejaVu Sans takes about 0.54 em a character.
pub(super) fn column_heads(
    area: &Area,
    heads: &[&str],
    (x0, cell_w): (i32, i32),
    top: i32,
    largest: f64,
    lines: usize,
) -> Result<()> {
    let longest = heads
        .iter()
        .flat_map(|h| h.split_whitespace())
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(1);
    let room = (cell_w - 12) as f64;
    let size = (room / (longest as f64 * 0.54)).clamp(15.0, largest);
    let chars = (room / (size * 0.54)).round() as usize;
    for (c, head) in heads.iter().enumerate() {
        let x = x0 + c as i32 * cell_w + cell_w / 2;
        for (l, s) in wrap(head, chars, lines).iter().enumerate() {
            let y = top + l as i32 * (size * 1.2) as i32;
            text(area, s, (x, y), size, HPos::Center, &INK)?;
        }
    }
    Ok(())
}

pub(super) fn rect(
    area: &Area,
    (x0, y0): (i32, i32),
    (x1, y1): (i32, i32),
    colour: &RGBColor,
) -> Result<()> {
    area.draw(&Rectangle::new([(x0, y0), (x1, y1)], colour.filled()))
        .map_err(fail)
}

pub(super) fn line(
    area: &Area,
    from: (i32, i32),
    to: (i32, i32),
    colour: &RGBColor,
    width: u32,
) -> Result<()> {
    area.draw(&PathElement::new(
        vec![from, to],
        colour.stroke_width(width),
    ))
    .map_err(fail)
}

/// A white canvas of the report's width, painted and encoded as PNG.
pub(super) fn draw(height: u32, paint: impl FnOnce(&Area) -> Result<()>) -> Result<Png> {
    register_font()?;
    let mut pixels = vec![0u8; WIDTH as usize * height as usize * 3];
    {
        let area = BitMapBackend::with_buffer(&mut pixels, (WIDTH, height)).into_drawing_area();
        area.fill(&WHITE).map_err(fail)?;
        paint(&area)?;
        area.present().map_err(fail)?;
    }
    let mut png = Vec::new();
    // Charts are flat colour in horizontal bands: the Up filter alone compresses them to half
    // the size the adaptive choice gives, in the same time (the PNGs are embedded in the page).
    let encoder = image::codecs::png::PngEncoder::new_with_quality(
        &mut png,
        image::codecs::png::CompressionType::Default,
        image::codecs::png::FilterType::Up,
    );
    image::ImageEncoder::write_image(encoder, &pixels, WIDTH, height, image::ColorType::Rgb8)
        .map_err(fail)?;
    Ok(Png(png))
}

/// A vertical grid line and its label at every code of a scale, on a horizontal value axis.
pub(super) fn scale_ticks(
    area: &Area,
    codes: std::ops::RangeInclusive<i64>,
    x_of: impl Fn(f64) -> i32,
    (top, bottom): (i32, i32),
) -> Result<()> {
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
