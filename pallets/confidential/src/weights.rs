//! Weights for `pallet_confidential`.
//!
//! PROVISIONAL: written by hand from the shape of comparable benchmarked calls (carbon,
//! consortium), with every storage access counted, until `./scripts/benchmark.sh` is run for
//! this pallet (its benchmarks are in `benchmarking.rs` and run as tests in CI).

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::ParityDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_confidential`.
pub trait WeightInfo {
	fn create(m: u32, ) -> Weight;
	fn accept() -> Weight;
	fn commit() -> Weight;
	fn grant() -> Weight;
	fn revoke() -> Weight;
	fn purge(g: u32, ) -> Weight;
}

/// Weights for `pallet_confidential`, using the runtime's `DbWeight`.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn create(m: u32, ) -> Weight {
		Weight::from_parts(40_000_000, 12_000)
			.saturating_add(Weight::from_parts(3_000_000, 0).saturating_mul(m.into()))
			.saturating_add(T::DbWeight::get().reads(m as u64))
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	fn accept() -> Weight {
		Weight::from_parts(30_000_000, 12_000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn commit() -> Weight {
		Weight::from_parts(35_000_000, 12_000)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	fn grant() -> Weight {
		Weight::from_parts(35_000_000, 12_000)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	fn revoke() -> Weight {
		Weight::from_parts(30_000_000, 12_000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	fn purge(g: u32, ) -> Weight {
		Weight::from_parts(40_000_000, 12_000)
			.saturating_add(Weight::from_parts(2_000_000, 0).saturating_mul(g.into()))
			.saturating_add(T::DbWeight::get().writes(g as u64))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	fn create(m: u32, ) -> Weight {
		Weight::from_parts(40_000_000, 12_000)
			.saturating_add(Weight::from_parts(3_000_000, 0).saturating_mul(m.into()))
			.saturating_add(ParityDbWeight::get().reads(m as u64))
			.saturating_add(ParityDbWeight::get().reads(6_u64))
			.saturating_add(ParityDbWeight::get().writes(4_u64))
	}
	fn accept() -> Weight {
		Weight::from_parts(30_000_000, 12_000)
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn commit() -> Weight {
		Weight::from_parts(35_000_000, 12_000)
			.saturating_add(ParityDbWeight::get().reads(5_u64))
			.saturating_add(ParityDbWeight::get().writes(4_u64))
	}
	fn grant() -> Weight {
		Weight::from_parts(35_000_000, 12_000)
			.saturating_add(ParityDbWeight::get().reads(5_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
	fn revoke() -> Weight {
		Weight::from_parts(30_000_000, 12_000)
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
	fn purge(g: u32, ) -> Weight {
		Weight::from_parts(40_000_000, 12_000)
			.saturating_add(Weight::from_parts(2_000_000, 0).saturating_mul(g.into()))
			.saturating_add(ParityDbWeight::get().writes(g as u64))
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
}
