//! Developer tools, apart from the user's commands: `depin simulate` runs a simulated fleet of
//! devices against a node, `depin bench` measures throughput under load. Both hold every key
//! they use (derived from a seed) and set the chain up through sudo: they are for dev and test
//! chains.

pub mod bench;
pub mod simulate;

use anyhow::{anyhow, ensure, Result};

use crate::text::cell_from_lat_lon;

/// Hotspots per resolution-8 neighbourhood in [`hotspot_cells`]: one per resolution-10 cell.
pub const NEIGHBOURHOOD: usize = 49;

/// Hotspot cells: resolution-10 cells, 49 per resolution-8 neighbourhood, so that hotspots of
/// one neighbourhood can witness each other (same resolution-8 parent, different
/// resolution-10 cells). Neighbourhoods are taken ring by ring around the origin: at least
/// eight rings, more if `count` needs them.
pub fn hotspot_cells(count: usize) -> Result<Vec<u64>> {
	let origin = h3o::CellIndex::try_from(cell_from_lat_lon(52.52, 13.405, 8)?)
		.map_err(|e| anyhow!("origin cell: {e}"))?;
	// A disk of k rings holds 3k² + 3k + 1 neighbourhoods of 49 cells each.
	let parents = count.div_ceil(NEIGHBOURHOOD);
	let mut rings = 8u32;
	while ((3 * rings * rings + 3 * rings + 1) as usize) < parents {
		rings += 1;
	}
	let mut cells = Vec::with_capacity(count);
	for parent in origin.grid_disk::<Vec<_>>(rings) {
		for child in parent.children(h3o::Resolution::Ten) {
			if cells.len() == count {
				return Ok(cells);
			}
			cells.push(u64::from(child));
		}
	}
	ensure!(cells.len() == count, "too many hotspots for the simulated area");
	Ok(cells)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn hotspots_share_neighbourhoods_in_distinct_cells() {
		let cells = hotspot_cells(2 * NEIGHBOURHOOD + 1).unwrap();
		assert_eq!(cells.len(), 2 * NEIGHBOURHOOD + 1);
		let parent = |c: u64| depin_primitives::h3::parent(c, 8);
		assert!(cells[..NEIGHBOURHOOD].iter().all(|c| parent(*c) == parent(cells[0])));
		assert_ne!(parent(cells[0]), parent(cells[NEIGHBOURHOOD]));
		let mut unique = cells.clone();
		unique.sort_unstable();
		unique.dedup();
		assert_eq!(unique.len(), cells.len());
	}
}
