//! The usage chart: monthly kWh as a bar chart, drawn in memory and encoded as PNG.
//!
//! Pure computation: plotters' bitmap backend draws into a buffer and the font is compiled
//! into the binary (DejaVu Sans, which covers Vietnamese), so nothing looks up system fonts
//! or touches the disk at run time.

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use plotters::prelude::*;
use plotters::style::FontStyle;

/// DejaVu Sans from Debian's fonts-dejavu-core; licence in `assets/fonts/`.
static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// The family name the chart asks plotters for; registered once per process.
const FAMILY: &str = "gridchat-sans";

const WIDTH: u32 = 900;
const HEIGHT: u32 = 500;

/// What the chart says, already in the reader's language.
#[derive(Debug, Clone)]
pub struct ChartText {
    pub title: String,
    pub y_label: String,
}

/// One bar: its label under the axis and its value in watt-hours.
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub wh: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("the embedded chart font could not be read")]
    Font,
    #[error("drawing the chart failed: {0}")]
    Draw(String),
    #[error("encoding the chart as PNG failed")]
    Encode(#[from] png::EncodingError),
}

fn register_font() -> Result<(), ChartError> {
    static DONE: OnceLock<bool> = OnceLock::new();
    let ok = *DONE
        .get_or_init(|| plotters::style::register_font(FAMILY, FontStyle::Normal, FONT).is_ok());
    ok.then_some(()).ok_or(ChartError::Font)
}

/// The months to chart: the first day of each of the `count` months ending with `last`.
pub fn months_ending(last: NaiveDate, count: u32) -> Vec<NaiveDate> {
    let last = last.with_day0(0).unwrap_or(last);
    (0..count)
        .rev()
        .filter_map(|i| last.checked_sub_months(chrono::Months::new(i)))
        .collect()
}

/// Draws the bars and returns the PNG bytes.
///
/// # Errors
/// The font or the drawing failed (neither depends on the data: a bug, reported as such).
pub fn bar_chart_png(text: &ChartText, bars: &[Bar]) -> Result<Vec<u8>, ChartError> {
    register_font()?;
    let mut rgb = vec![255u8; (WIDTH * HEIGHT * 3) as usize];
    draw(&mut rgb, text, bars).map_err(|e| ChartError::Draw(e.to_string()))?;
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(&rgb)?;
    }
    Ok(out)
}

fn draw<'a>(
    rgb: &'a mut [u8],
    text: &ChartText,
    bars: &[Bar],
) -> Result<(), Box<dyn std::error::Error + 'a>> {
    let root = BitMapBackend::with_buffer(rgb, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE)?;
    let kwh: Vec<f64> = bars.iter().map(|b| b.wh as f64 / 1000.0).collect();
    // Headroom above the tallest bar so its value label fits; a flat year still gets an axis.
    let top = kwh.iter().copied().fold(0.0, f64::max).max(1.0) * 1.15;
    let n = bars.len().max(2) as u32;
    let mut chart = ChartBuilder::on(&root)
        .caption(&text.title, (FAMILY, 26))
        .margin(16)
        .x_label_area_size(56)
        .y_label_area_size(72)
        // A segmented range over 0..k holds k + 1 slots: one per bar.
        .build_cartesian_2d((0u32..n - 1).into_segmented(), 0.0..top)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE)
        .y_desc(&text.y_label)
        .y_label_formatter(&|v| format!("{v:.0}"))
        .x_labels(n as usize)
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => bars
                .get(*i as usize)
                .map(|b| b.label.clone())
                .unwrap_or_default(),
            _ => String::new(),
        })
        .label_style((FAMILY, 14))
        .axis_desc_style((FAMILY, 16))
        .draw()?;
    let fill = RGBColor(0x2b, 0x6c, 0xb0).filled();
    chart.draw_series(kwh.iter().enumerate().map(|(i, v)| {
        let i = i as u32;
        let mut bar = Rectangle::new(
            [
                (SegmentValue::Exact(i), 0.0),
                (SegmentValue::Exact(i + 1), *v),
            ],
            fill,
        );
        bar.set_margin(0, 0, 6, 6);
        bar
    }))?;
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_is_a_png_with_vietnamese_labels() {
        let bars: Vec<Bar> = (1..=13)
            .map(|m| Bar {
                label: format!("T{m}"),
                wh: 300_000 + m * 10_000,
            })
            .collect();
        let text = ChartText {
            title: "Điện năng tiêu thụ hằng tháng — tài khoản …0003".into(),
            y_label: "kWh".into(),
        };
        let png = bar_chart_png(&text, &bars).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    }

    #[test]
    fn thirteen_months_end_with_the_given_one() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let m = months_ending(d, 13);
        assert_eq!(m.len(), 13);
        assert_eq!(m[0], NaiveDate::from_ymd_opt(2025, 12, 1).unwrap());
        assert_eq!(m[12], NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
    }
}
