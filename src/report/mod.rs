//! The `report` stage: `Results` → index.html (self-contained), figures/*.png, results.json.
//! Numbers are formatted and sentences worded here, per language; the template only places
//! them. The report reads nothing but `Results`.

mod charts;
mod constructs;
mod context;
mod contrasts;
pub mod format;
mod headlines;
mod monitor;
mod network;
pub mod pdf;
mod summary;
pub mod text;

pub use context::{exclusion_text, finding_text};

use std::path::{Path, PathBuf};

use base64::Engine;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::files;
use crate::lang::Lang;
use crate::results::Results;

const TEMPLATE: &str = include_str!("../../reports/templates/report.html.tera");
const TEMPLATE_NAME: &str = "report.html";

pub struct Options {
    pub out: PathBuf,
    pub lang: Lang,
    /// A folder whose `report.html.tera` replaces the built-in template.
    pub templates: Option<PathBuf>,
}

pub fn render(results: &Results, opts: &Options) -> Result<()> {
    let figures = files::own_folder(&opts.out, "figures")?;
    let images = Images { dir: &figures };
    let context = context::build(results, opts, &images)?;
    let template = match &opts.templates {
        Some(dir) => {
            let file = dir.join("report.html.tera");
            files::read_text(&file, 1 << 20)?
        }
        None => TEMPLATE.to_string(),
    };
    let mut tera = tera::Tera::default();
    tera.add_raw_template(TEMPLATE_NAME, &template)
        .map_err(|e| Error::usage(format!("report template: {e}")))?;
    let context = tera::Context::from_serialize(&context)
        .map_err(|e| Error::Internal(format!("report context: {e}")))?;
    let html = tera
        .render(TEMPLATE_NAME, &context)
        .map_err(|e| Error::usage(format!("rendering the report: {e:?}")))?;
    files::write(&opts.out.join("index.html"), html.as_bytes())?;
    files::write(
        &opts.out.join("results.json"),
        serde_json::to_string_pretty(results)?.as_bytes(),
    )
}

/// A chart as the report embeds it, and where its PNG lies beside the page.
#[derive(Serialize)]
struct Image {
    uri: String,
    file: String,
}

/// Charts written to figures/ and embedded as data URIs.
struct Images<'a> {
    dir: &'a Path,
}

impl Images<'_> {
    /// Writes the chart under `name` (an id-based file name) and embeds it; a chart with
    /// nothing to show writes no file, and an old file of that name is removed.
    fn add(&self, name: &str, chart: Option<charts::Png>) -> Result<Option<Image>> {
        let path = files::inside(self.dir, name)?;
        let Some(charts::Png(bytes)) = chart else {
            let _ = std::fs::remove_file(&path);
            return Ok(None);
        };
        files::write(&path, &bytes)?;
        Ok(Some(Image {
            uri: format!(
                "data:image/png;base64,{}",
                base64::engine::general_purpose::STANDARD.encode(&bytes)
            ),
            file: format!("figures/{name}"),
        }))
    }
}
