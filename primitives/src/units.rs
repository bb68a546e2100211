//! Quantities in integer base units and temperature ranges in centi-degrees Celsius.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// The base unit a quantity is counted in. Quantities are integers of the base unit so that mass
/// balance is exact (no floating point on chain).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum Unit {
	/// Milligram (solids: API, excipients). 1 kg = 1,000,000 mg.
	#[codec(index = 0)]
	Milligram,
	/// Microlitre (liquids: bulk solution, buffers). 1 L = 1,000,000 µL.
	#[codec(index = 1)]
	Microlitre,
	/// Countable units (vials, syringes, packs, cartons).
	#[codec(index = 2)]
	Each,
}

/// An amount of material: an integer number of base units.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct Quantity {
	/// Number of base units.
	pub amount: u128,
	/// The base unit.
	pub unit: Unit,
}

impl Quantity {
	/// `amount` of `unit`.
	pub const fn new(amount: u128, unit: Unit) -> Self {
		Self { amount, unit }
	}

	/// `self - other` if the units match and `other` is not larger.
	pub fn checked_sub(self, other: Quantity) -> Option<Quantity> {
		(self.unit == other.unit)
			.then(|| self.amount.checked_sub(other.amount))
			.flatten()
			.map(|amount| Quantity { amount, unit: self.unit })
	}

	/// `self + other` if the units match and it does not overflow.
	pub fn checked_add(self, other: Quantity) -> Option<Quantity> {
		(self.unit == other.unit)
			.then(|| self.amount.checked_add(other.amount))
			.flatten()
			.map(|amount| Quantity { amount, unit: self.unit })
	}
}

/// A temperature in hundredths of a degree Celsius (`250` = 2.50 °C, `-2000` = -20.00 °C).
pub type CentiCelsius = i32;

/// An allowed temperature range, inclusive at both ends, in centi-degrees Celsius.
/// The cold chain of the product brief is `TemperatureRange { min: 200, max: 800 }` (2–8 °C).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct TemperatureRange {
	/// Lowest allowed temperature (inclusive).
	pub min: CentiCelsius,
	/// Highest allowed temperature (inclusive).
	pub max: CentiCelsius,
}

impl TemperatureRange {
	/// The 2–8 °C cold chain.
	pub const COLD_CHAIN: TemperatureRange = TemperatureRange { min: 200, max: 800 };

	/// Whether `min <= max`.
	pub const fn is_well_formed(&self) -> bool {
		self.min <= self.max
	}

	/// Whether an observed `[low, high]` stays inside the range.
	pub const fn covers(&self, low: CentiCelsius, high: CentiCelsius) -> bool {
		low >= self.min && high <= self.max
	}

	/// The range both allow, if any.
	pub fn intersection(&self, other: &Self) -> Option<Self> {
		let r = TemperatureRange { min: self.min.max(other.min), max: self.max.min(other.max) };
		r.is_well_formed().then_some(r)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn quantity_arithmetic_checks_units() {
		let kg = Quantity::new(1_000_000, Unit::Milligram);
		let half = Quantity::new(500_000, Unit::Milligram);
		assert_eq!(kg.checked_sub(half), Some(half));
		assert_eq!(half.checked_sub(kg), None);
		assert_eq!(kg.checked_sub(Quantity::new(1, Unit::Each)), None);
		assert_eq!(half.checked_add(half), Some(kg));
		assert_eq!(
			Quantity::new(u128::MAX, Unit::Each).checked_add(Quantity::new(1, Unit::Each)),
			None
		);
	}

	#[test]
	fn cold_chain_range() {
		let r = TemperatureRange::COLD_CHAIN;
		assert!(r.is_well_formed());
		assert!(r.covers(200, 800));
		assert!(!r.covers(199, 500));
		assert!(!r.covers(300, 801));
		assert!(!TemperatureRange { min: 5, max: 4 }.is_well_formed());
	}
}
