//! Placeholder weights for `pallet_carbon`, replaced by `./scripts/benchmark.sh carbon`.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::ParityDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_carbon`.
pub trait WeightInfo {
	fn report_emission() -> Weight;
	fn verify_emission() -> Weight;
	fn reject_emission() -> Weight;
	fn issue_credits() -> Weight;
	fn transfer_credits() -> Weight;
	fn retire_credits() -> Weight;
	fn cancel_credits() -> Weight;
}

/// Weights for `pallet_carbon`.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn report_emission() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(4, 4))
	}
	fn verify_emission() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(4, 4))
	}
	fn reject_emission() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(4, 4))
	}
	fn issue_credits() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(4, 4))
	}
	fn transfer_credits() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(4, 4))
	}
	fn retire_credits() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(4, 4))
	}
	fn cancel_credits() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(4, 4))
	}
}

impl WeightInfo for () {
	fn report_emission() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(ParityDbWeight::get().reads_writes(4, 4))
	}
	fn verify_emission() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(ParityDbWeight::get().reads_writes(4, 4))
	}
	fn reject_emission() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(ParityDbWeight::get().reads_writes(4, 4))
	}
	fn issue_credits() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(ParityDbWeight::get().reads_writes(4, 4))
	}
	fn transfer_credits() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(ParityDbWeight::get().reads_writes(4, 4))
	}
	fn retire_credits() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(ParityDbWeight::get().reads_writes(4, 4))
	}
	fn cancel_credits() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(ParityDbWeight::get().reads_writes(4, 4))
	}
}
