//! Weights for `pallet_provenance`.
//!
//! PLACEHOLDER until `scripts/benchmark.sh provenance` regenerates this file.

#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::Weight};

/// Weight functions needed for `pallet_provenance`.
pub trait WeightInfo {
	fn create_lot() -> Weight;
	fn transform(o: u32, i: u32) -> Weight;
	fn split(n: u32) -> Weight;
	fn merge(n: u32) -> Weight;
	fn ship(n: u32) -> Weight;
	fn receive(n: u32) -> Weight;
	fn refuse(n: u32) -> Weight;
	fn record_qc_result(p: u32) -> Weight;
	fn set_status() -> Weight;
	fn recall() -> Weight;
	fn report_excursion() -> Weight;
	fn destroy() -> Weight;
	fn add_document() -> Weight;
	fn set_contract_lab() -> Weight;
	fn check_ancestry(a: u32) -> Weight;
	fn propagate_recall(v: u32) -> Weight;
}

/// Weights measured on the reference machine.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn create_lot() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn transform(_o: u32, _i: u32) -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn split(_n: u32) -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn merge(_n: u32) -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn ship(_n: u32) -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn receive(_n: u32) -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn refuse(_n: u32) -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn record_qc_result(_p: u32) -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn set_status() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn recall() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn report_excursion() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn destroy() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn add_document() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn set_contract_lab() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn check_ancestry(_a: u32) -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn propagate_recall(_v: u32) -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
}

impl WeightInfo for () {
	fn create_lot() -> Weight {
		Weight::zero()
	}
	fn transform(_o: u32, _i: u32) -> Weight {
		Weight::zero()
	}
	fn split(_n: u32) -> Weight {
		Weight::zero()
	}
	fn merge(_n: u32) -> Weight {
		Weight::zero()
	}
	fn ship(_n: u32) -> Weight {
		Weight::zero()
	}
	fn receive(_n: u32) -> Weight {
		Weight::zero()
	}
	fn refuse(_n: u32) -> Weight {
		Weight::zero()
	}
	fn record_qc_result(_p: u32) -> Weight {
		Weight::zero()
	}
	fn set_status() -> Weight {
		Weight::zero()
	}
	fn recall() -> Weight {
		Weight::zero()
	}
	fn report_excursion() -> Weight {
		Weight::zero()
	}
	fn destroy() -> Weight {
		Weight::zero()
	}
	fn add_document() -> Weight {
		Weight::zero()
	}
	fn set_contract_lab() -> Weight {
		Weight::zero()
	}
	fn check_ancestry(_a: u32) -> Weight {
		Weight::zero()
	}
	fn propagate_recall(_v: u32) -> Weight {
		Weight::zero()
	}
}
