//! Placeholder weights for `pallet_pledge`, replaced by `./scripts/benchmark.sh pledge`.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::ParityDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_pledge`.
pub trait WeightInfo {
	fn issue_receipt(l: u32, ) -> Weight;
	fn transfer_receipt() -> Weight;
	fn redeem(l: u32, ) -> Weight;
	fn post_price(p: u32, ) -> Weight;
	fn propose_pledge(r: u32, ) -> Weight;
	fn withdraw_pledge(r: u32, ) -> Weight;
	fn accept_pledge(r: u32, ) -> Weight;
	fn add_collateral(r: u32, ) -> Weight;
	fn record_repayment(r: u32, ) -> Weight;
	fn release(r: u32, ) -> Weight;
	fn foreclose(r: u32, ) -> Weight;
	fn set_risk_params() -> Weight;
}

/// Weights for `pallet_pledge`.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn issue_receipt(l: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(Weight::from_parts(10_000_000, 1_000).saturating_mul(l.into())).saturating_add(T::DbWeight::get().reads_writes(4, 4))
	}
	fn transfer_receipt() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(4, 4))
	}
	fn redeem(l: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(Weight::from_parts(10_000_000, 1_000).saturating_mul(l.into())).saturating_add(T::DbWeight::get().reads_writes(4, 4))
	}
	fn post_price(p: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(Weight::from_parts(10_000_000, 1_000).saturating_mul(p.into())).saturating_add(T::DbWeight::get().reads_writes(4, 4))
	}
	fn propose_pledge(r: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(Weight::from_parts(10_000_000, 1_000).saturating_mul(r.into())).saturating_add(T::DbWeight::get().reads_writes(4, 4))
	}
	fn withdraw_pledge(r: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(Weight::from_parts(10_000_000, 1_000).saturating_mul(r.into())).saturating_add(T::DbWeight::get().reads_writes(4, 4))
	}
	fn accept_pledge(r: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(Weight::from_parts(10_000_000, 1_000).saturating_mul(r.into())).saturating_add(T::DbWeight::get().reads_writes(4, 4))
	}
	fn add_collateral(r: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(Weight::from_parts(10_000_000, 1_000).saturating_mul(r.into())).saturating_add(T::DbWeight::get().reads_writes(4, 4))
	}
	fn record_repayment(r: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(Weight::from_parts(10_000_000, 1_000).saturating_mul(r.into())).saturating_add(T::DbWeight::get().reads_writes(4, 4))
	}
	fn release(r: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(Weight::from_parts(10_000_000, 1_000).saturating_mul(r.into())).saturating_add(T::DbWeight::get().reads_writes(4, 4))
	}
	fn foreclose(r: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(Weight::from_parts(10_000_000, 1_000).saturating_mul(r.into())).saturating_add(T::DbWeight::get().reads_writes(4, 4))
	}
	fn set_risk_params() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(4, 4))
	}
}

impl WeightInfo for () {
	fn issue_receipt(l: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(Weight::from_parts(10_000_000, 1_000).saturating_mul(l.into())).saturating_add(ParityDbWeight::get().reads_writes(4, 4))
	}
	fn transfer_receipt() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(ParityDbWeight::get().reads_writes(4, 4))
	}
	fn redeem(l: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(Weight::from_parts(10_000_000, 1_000).saturating_mul(l.into())).saturating_add(ParityDbWeight::get().reads_writes(4, 4))
	}
	fn post_price(p: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(Weight::from_parts(10_000_000, 1_000).saturating_mul(p.into())).saturating_add(ParityDbWeight::get().reads_writes(4, 4))
	}
	fn propose_pledge(r: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(Weight::from_parts(10_000_000, 1_000).saturating_mul(r.into())).saturating_add(ParityDbWeight::get().reads_writes(4, 4))
	}
	fn withdraw_pledge(r: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(Weight::from_parts(10_000_000, 1_000).saturating_mul(r.into())).saturating_add(ParityDbWeight::get().reads_writes(4, 4))
	}
	fn accept_pledge(r: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(Weight::from_parts(10_000_000, 1_000).saturating_mul(r.into())).saturating_add(ParityDbWeight::get().reads_writes(4, 4))
	}
	fn add_collateral(r: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(Weight::from_parts(10_000_000, 1_000).saturating_mul(r.into())).saturating_add(ParityDbWeight::get().reads_writes(4, 4))
	}
	fn record_repayment(r: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(Weight::from_parts(10_000_000, 1_000).saturating_mul(r.into())).saturating_add(ParityDbWeight::get().reads_writes(4, 4))
	}
	fn release(r: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(Weight::from_parts(10_000_000, 1_000).saturating_mul(r.into())).saturating_add(ParityDbWeight::get().reads_writes(4, 4))
	}
	fn foreclose(r: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(Weight::from_parts(10_000_000, 1_000).saturating_mul(r.into())).saturating_add(ParityDbWeight::get().reads_writes(4, 4))
	}
	fn set_risk_params() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(ParityDbWeight::get().reads_writes(4, 4))
	}
}
