//! Prints the DPIN supply over time under the presets' emission schedule, and writes it as an
//! SVG chart: `scripts/supply-chart.sh` (or `cargo run -p depin-runtime --example
//! supply_chart -- <file.svg>`).
//!
//! The figures are the *scheduled* upper bound: every epoch's emission fully minted (all
//! rewards claimed, every proof kind with work), no tokens burned, clipped at the supply cap.
//! Hourly reward epochs, as on the production preset.

use std::fmt::Write as _;

use depin_runtime::{
	configs::work::PRODUCTION_EPOCH_LENGTH, genesis_config_presets::default_schedule, DAYS, DPIN,
};
use pallet_emissions::scheduled_emission;

const YEARS: u32 = 20;

fn main() -> Result<(), Box<dyn std::error::Error>> {
	let out = std::env::args().nth(1).unwrap_or_else(|| "docs/emissions-supply.svg".into());
	let schedule = default_schedule();
	let epochs_per_year = 365 * DAYS / PRODUCTION_EPOCH_LENGTH;

	// Supply at the end of each year (genesis issuance left out: it is chain-specific).
	let mut supply: u128 = 0;
	let mut points = vec![(0u32, 0u128)];
	println!("year  emission per epoch (DPIN)  emitted that year (DPIN)  supply (DPIN)");
	for year in 1..=YEARS {
		let first = (year - 1) * epochs_per_year;
		let before = supply;
		for epoch in first..first + epochs_per_year {
			supply = (supply + scheduled_emission(&schedule, epoch)).min(schedule.cap);
		}
		println!(
			"{year:>4}  {:>25}  {:>24}  {:>13}",
			scheduled_emission(&schedule, first) / DPIN,
			(supply - before) / DPIN,
			supply / DPIN
		);
		points.push((year, supply));
	}

	std::fs::write(&out, svg(&points, schedule.cap))?;
	println!("chart written to {out}");
	Ok(())
}

/// A plain line chart: years on x, supply in millions of DPIN on y.
fn svg(points: &[(u32, u128)], cap: u128) -> String {
	let (w, h, left, bottom, top, right) = (640.0, 360.0, 70.0, 40.0, 20.0, 20.0);
	let max = points.iter().map(|(_, s)| *s).max().unwrap_or(1).max(1) as f64;
	let x = |year: u32| left + (w - left - right) * f64::from(year) / f64::from(YEARS);
	let y = |supply: f64| h - bottom - (h - bottom - top) * supply / max;
	let mut s = String::new();
	let _ = write!(
		s,
		r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">"#
	);
	let _ = write!(s, r#"<rect width="{w}" height="{h}" fill="white"/>"#);
	let _ = write!(
		s,
		r#"<text x="{}" y="14" text-anchor="middle">DPIN supply from emissions (scheduled upper bound; cap {} M)</text>"#,
		w / 2.0,
		cap / DPIN / 1_000_000
	);
	for i in 0..=5 {
		let value = max * f64::from(i) / 5.0;
		let _ = write!(
			s,
			r##"<line x1="{left}" x2="{}" y1="{y}" y2="{y}" stroke="#ddd"/><text x="{}" y="{}" text-anchor="end">{:.0} M</text>"##,
			w - right,
			left - 6.0,
			y(value) + 4.0,
			value / DPIN as f64 / 1e6,
			y = y(value)
		);
	}
	for year in (0..=YEARS).step_by(4) {
		let _ = write!(
			s,
			r#"<text x="{}" y="{}" text-anchor="middle">{year}</text>"#,
			x(year),
			h - bottom + 16.0
		);
	}
	let _ = write!(
		s,
		r#"<text x="{}" y="{}" text-anchor="middle">years after genesis</text>"#,
		(left + w - right) / 2.0,
		h - 6.0
	);
	let line: Vec<String> =
		points.iter().map(|(yr, sup)| format!("{:.1},{:.1}", x(*yr), y(*sup as f64))).collect();
	let _ = write!(
		s,
		r##"<polyline fill="none" stroke="#2b6cb0" stroke-width="2" points="{}"/></svg>"##,
		line.join(" ")
	);
	s.push('\n');
	s
}
