//! Prints the DPIN supply and the sustainability ratio over ten years under the presets'
//! emission schedule in three demand scenarios, and writes the supply as an SVG chart:
//! `scripts/supply-chart.sh` (or `cargo run -p depin-runtime --example supply_chart --
//! <file.svg>`).
//!
//! Every close is the runtime's own [`pallet_emissions::model_close`]: the curve, the demand
//! index's taper, the smoothed burn's re-mint, clipped at the supply cap. The model assumes
//! every proof kind has work and every reward is claimed (the scheduled upper bound), and leaves
//! out the genesis issuance (chain-specific). Hourly reward epochs, as on the production preset.
//!
//! The scenarios (DPIN burned for credits per epoch):
//! - **no demand**: nothing burned;
//! - **growing demand**: 10 DPIN in the first epoch, growing 5 % per epoch until it plateaus at
//!   10,000 DPIN (epoch 142, about six days in; 5 % per hourly epoch without a plateau would
//!   pass the whole supply within weeks);
//! - **demand that comes and goes**: 5,000 DPIN per epoch for 30 days, then nothing for 30
//!   days, and so on.

use std::fmt::Write as _;

use depin_runtime::{
	configs::work::PRODUCTION_EPOCH_LENGTH, genesis_config_presets::default_schedule, Balance,
	DAYS, DPIN,
};
use pallet_emissions::{model_close, DemandState, RATIO_ONE};

const YEARS: u32 = 10;
/// The years whose figures are printed.
const REPORTED: [u32; 3] = [1, 4, 10];
/// The growing scenario's plateau.
const PLATEAU: Balance = 10_000 * DPIN;

struct Scenario {
	name: &'static str,
	colour: &'static str,
	burn: fn(u32, u32) -> Balance,
}

fn scenarios() -> [Scenario; 3] {
	[
		Scenario { name: "no demand", colour: "#2b6cb0", burn: |_, _| 0 },
		Scenario {
			name: "demand growing 5 %/epoch to 10,000 DPIN",
			colour: "#c05621",
			burn: |epoch, _| {
				// 10 DPIN × 1.05^epoch, in integers, until the plateau.
				let mut burn = 10 * DPIN;
				for _ in 0..epoch {
					burn = burn * 105 / 100;
					if burn >= PLATEAU {
						return PLATEAU;
					}
				}
				burn
			},
		},
		Scenario {
			name: "demand that comes and goes (30 days on, 30 off)",
			colour: "#2f855a",
			burn: |epoch, per_day| {
				if (epoch / (30 * per_day)).is_multiple_of(2) {
					5_000 * DPIN
				} else {
					0
				}
			},
		},
	]
}

/// One scenario's supply at the end of each year, and the printed rows.
fn run(scenario: &Scenario, epochs_per_year: u32) -> Vec<(u32, Balance)> {
	let schedule = default_schedule();
	let per_day = epochs_per_year / 365;
	let (mut supply, mut state) = (0 as Balance, DemandState::<Balance>::default());
	let (mut minted_year, mut burned_year, mut reminted_year) = (0, 0, 0);
	let mut points = vec![(0, 0)];
	for epoch in 0..YEARS * epochs_per_year {
		let burned = (scenario.burn)(epoch, per_day);
		// Burns come out of the supply (a consumer cannot burn more than exists).
		let burned = burned.min(supply);
		supply -= burned;
		let (figures, minted, after) =
			model_close(&schedule, epoch, &state, burned, schedule.cap.saturating_sub(supply));
		supply += minted;
		state = after;
		minted_year += minted;
		burned_year += burned;
		reminted_year += figures.remint;
		if (epoch + 1) % epochs_per_year == 0 {
			let year = (epoch + 1) / epochs_per_year;
			points.push((year, supply));
			if REPORTED.contains(&year) {
				println!(
					"{:<48}  {year:>4}  {:>13}  {:>11}  {:>11}  {:>11}  {:>8.3}  {:>6.1}%",
					scenario.name,
					supply / DPIN,
					minted_year / DPIN,
					burned_year / DPIN,
					reminted_year / DPIN,
					ratio(&state),
					f64::from(pallet_emissions::scale_of(&schedule, &state).deconstruct()) / 1e7,
				);
			}
			(minted_year, burned_year, reminted_year) = (0, 0, 0);
		}
	}
	points
}

/// The trailing sustainability ratio (unrepaid burn ÷ the curve's issuance).
fn ratio(state: &DemandState<Balance>) -> f64 {
	state.ratio_ppm() as f64 / RATIO_ONE as f64
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
	let out = std::env::args().nth(1).unwrap_or_else(|| "docs/emissions-supply.svg".into());
	let epochs_per_year = 365 * DAYS / PRODUCTION_EPOCH_LENGTH;
	println!(
		"{:<48}  {:>4}  {:>13}  {:>11}  {:>11}  {:>11}  {:>8}  {:>7}",
		"scenario (DPIN; the year's figures)",
		"year",
		"supply",
		"minted",
		"burned",
		"re-minted",
		"ratio",
		"subsidy"
	);
	let series: Vec<_> = scenarios()
		.into_iter()
		.map(|scenario| {
			let points = run(&scenario, epochs_per_year);
			(scenario, points)
		})
		.collect();
	std::fs::write(&out, svg(&series, default_schedule().cap))?;
	println!("chart written to {out}");
	Ok(())
}

/// A plain line chart: years on x, supply in millions of DPIN on y, one line per scenario.
fn svg(series: &[(Scenario, Vec<(u32, Balance)>)], cap: Balance) -> String {
	let (w, h, left, bottom, top, right) = (640.0, 400.0, 70.0, 40.0, 90.0, 20.0);
	let max = series
		.iter()
		.flat_map(|(_, points)| points.iter().map(|(_, s)| *s))
		.max()
		.unwrap_or(1)
		.max(1) as f64;
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
		r#"<text x="{}" y="14" text-anchor="middle">DPIN supply from emissions, three demand scenarios (cap {} M)</text>"#,
		w / 2.0,
		cap / DPIN / 1_000_000
	);
	for (i, (scenario, _)) in series.iter().enumerate() {
		let ly = 32.0 + 16.0 * i as f64;
		let _ = write!(
			s,
			r#"<line x1="{left}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="2"/><text x="{}" y="{}">{}</text>"#,
			left + 24.0,
			ly - 4.0,
			ly - 4.0,
			scenario.colour,
			left + 30.0,
			ly,
			scenario.name
		);
	}
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
	for year in (0..=YEARS).step_by(2) {
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
	for (scenario, points) in series {
		let line: Vec<String> =
			points.iter().map(|(yr, sup)| format!("{:.1},{:.1}", x(*yr), y(*sup as f64))).collect();
		let _ = write!(
			s,
			r#"<polyline fill="none" stroke="{}" stroke-width="2" points="{}"/>"#,
			scenario.colour,
			line.join(" ")
		);
	}
	s.push_str("</svg>\n");
	s
}
