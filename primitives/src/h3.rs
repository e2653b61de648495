//! H3 cell indices with integer bit operations only (no floating point in the runtime).
//!
//! An H3 cell index is a `u64`:
//!
//! | bits  | field |
//! | ----- | ----- |
//! | 63    | reserved, 0 |
//! | 59–62 | mode, 1 for a cell |
//! | 56–58 | mode-dependent, 0 for a cell |
//! | 52–55 | resolution, 0–15 |
//! | 45–51 | base cell, 0–121 |
//! | 0–44  | fifteen 3-bit digits, digit 1 in the highest bits; digits 1..=res are 0–6, the rest 7 |
//!
//! The parent of a cell at a coarser resolution `r` is the same index with resolution `r` and
//! the digits below `r` set to 7: a truncation.

/// Highest H3 resolution.
pub const MAX_RESOLUTION: u8 = 15;
/// Number of base cells.
pub const BASE_CELLS: u64 = 122;
/// Base cells that are pentagons: their first non-zero digit may not be 1.
const PENTAGON_BASE_CELLS: [u64; 12] = [4, 14, 24, 38, 49, 58, 63, 72, 83, 97, 107, 117];

const MODE_SHIFT: u32 = 59;
const RESERVED_SHIFT: u32 = 56;
const RES_SHIFT: u32 = 52;
const BASE_CELL_SHIFT: u32 = 45;
const DIGIT_BITS: u32 = 3;
const DIGIT_MASK: u64 = 0b111;
const CELL_MODE: u64 = 1;

/// Why an index is not a valid H3 cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum H3Error {
	/// The reserved high bit, the mode or the mode-dependent bits are wrong.
	NotACell,
	/// The base cell or a digit is out of range, or a pentagon's deleted subsequence is used.
	Malformed,
	/// The resolution is outside the allowed range.
	Resolution,
}

/// The resolution of an index (bits 52–55).
pub fn resolution(index: u64) -> u8 {
	((index >> RES_SHIFT) & 0xf) as u8
}

fn digit(index: u64, r: u8) -> u64 {
	(index >> ((MAX_RESOLUTION - r) as u32 * DIGIT_BITS)) & DIGIT_MASK
}

/// Checks that `index` is a valid H3 cell with a resolution in `min_res..=max_res`.
pub fn validate(index: u64, min_res: u8, max_res: u8) -> Result<(), H3Error> {
	if index >> 63 != 0
		|| (index >> MODE_SHIFT) & 0xf != CELL_MODE
		|| (index >> RESERVED_SHIFT) & 0b111 != 0
	{
		return Err(H3Error::NotACell);
	}
	let res = resolution(index);
	let base = (index >> BASE_CELL_SHIFT) & 0x7f;
	if base >= BASE_CELLS {
		return Err(H3Error::Malformed);
	}
	let mut first_non_zero = None;
	for r in 1..=MAX_RESOLUTION {
		let d = digit(index, r);
		if r <= res {
			if d == DIGIT_MASK {
				return Err(H3Error::Malformed);
			}
			if d != 0 && first_non_zero.is_none() {
				first_non_zero = Some(d);
			}
		} else if d != DIGIT_MASK {
			return Err(H3Error::Malformed);
		}
	}
	if PENTAGON_BASE_CELLS.contains(&base) && first_non_zero == Some(1) {
		return Err(H3Error::Malformed);
	}
	if res < min_res || res > max_res {
		return Err(H3Error::Resolution);
	}
	Ok(())
}

/// The ancestor of a valid cell at resolution `r`, or `None` if `r` is finer than the cell.
pub fn parent(index: u64, r: u8) -> Option<u64> {
	let res = resolution(index);
	if r > res {
		return None;
	}
	// Digits r+1..=15 become 7: the low (15 - r) * 3 bits are all ones.
	let unused_bits = (MAX_RESOLUTION - r) as u32 * DIGIT_BITS;
	let unused = if unused_bits == 0 { 0 } else { (1u64 << unused_bits) - 1 };
	let cleared = index & !(0xfu64 << RES_SHIFT);
	Some(cleared | ((r as u64) << RES_SHIFT) | unused)
}

/// Whether two valid cells are close (same ancestor at `near_res`) but not the same place
/// (different ancestors at `far_res`). `far_res` is at least as fine as `near_res`.
pub fn in_proximity_band(a: u64, b: u64, near_res: u8, far_res: u8) -> bool {
	match (parent(a, near_res), parent(b, near_res), parent(a, far_res), parent(b, far_res)) {
		(Some(na), Some(nb), Some(fa), Some(fb)) => na == nb && fa != fb,
		_ => false,
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	/// Resolution-9 cell 0x8928308280fffff (San Francisco, from the H3 documentation).
	const SF9: u64 = 0x8928308280fffff;

	#[test]
	fn known_cell_is_valid() {
		assert_eq!(resolution(SF9), 9);
		assert_eq!(validate(SF9, 0, 15), Ok(()));
	}

	#[test]
	fn parent_is_a_truncation() {
		// Its resolution-8 parent, also from the H3 documentation.
		assert_eq!(parent(SF9, 8), Some(0x8828308281fffff));
		assert_eq!(parent(SF9, 9), Some(SF9));
		assert_eq!(parent(SF9, 10), None);
		let p0 = parent(SF9, 0).unwrap();
		assert_eq!(resolution(p0), 0);
		assert_eq!(validate(p0, 0, 15), Ok(()));
	}

	#[test]
	fn bad_indices_are_rejected() {
		assert_eq!(validate(SF9 | (1 << 63), 0, 15), Err(H3Error::NotACell));
		// Mode 2 (directed edge).
		let edge = (SF9 & !(0xf << MODE_SHIFT)) | (2 << MODE_SHIFT);
		assert_eq!(validate(edge, 0, 15), Err(H3Error::NotACell));
		assert_eq!(validate(SF9 | (1 << RESERVED_SHIFT), 0, 15), Err(H3Error::NotACell));
		// A used digit set to 7.
		assert_eq!(
			validate(SF9 | (DIGIT_MASK << (6 * DIGIT_BITS)), 0, 15),
			Err(H3Error::Malformed)
		);
		// An unused digit not 7.
		assert_eq!(validate(SF9 & !DIGIT_MASK, 0, 15), Err(H3Error::Malformed));
		// Base cell 127.
		assert_eq!(validate(SF9 | (0x7f << BASE_CELL_SHIFT), 0, 15), Err(H3Error::Malformed));
		assert_eq!(validate(SF9, 10, 15), Err(H3Error::Resolution));
		assert_eq!(validate(SF9, 0, 8), Err(H3Error::Resolution));
		assert_eq!(validate(0, 0, 15), Err(H3Error::NotACell));
	}

	#[test]
	fn pentagon_deleted_subsequence() {
		// Base cell 4 (a pentagon) at resolution 1 with digit 1 is not a cell; digit 2 is.
		let cell = |d: u64| {
			(CELL_MODE << MODE_SHIFT)
				| (1 << RES_SHIFT)
				| (4 << BASE_CELL_SHIFT)
				| (d << (14 * DIGIT_BITS))
				| ((1u64 << (14 * DIGIT_BITS)) - 1)
		};
		assert_eq!(validate(cell(1), 0, 15), Err(H3Error::Malformed));
		assert_eq!(validate(cell(2), 0, 15), Ok(()));
	}

	#[test]
	fn proximity_band() {
		// Another resolution-9 child of SF9's resolution-8 parent: digit 9 = 0 instead of 3.
		let p8 = parent(SF9, 8).unwrap();
		let digit9 = DIGIT_MASK << (6 * DIGIT_BITS);
		let other9 = ((p8 & !(0xf << RES_SHIFT)) | (9 << RES_SHIFT)) & !digit9;
		assert_eq!(validate(other9, 0, 15), Ok(()));
		assert_ne!(other9, SF9);
		assert!(in_proximity_band(SF9, other9, 8, 9));
		assert!(!in_proximity_band(SF9, SF9, 8, 9), "the same cell is too close");
		assert!(!in_proximity_band(SF9, other9, 8, 10), "far resolution finer than the cells");
	}
}
