//! Weights for `pallet_quality`.
//!
//! PLACEHOLDER until `scripts/benchmark.sh quality` regenerates this file.

#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::Weight};

/// Weight functions needed for `pallet_quality`.
pub trait WeightInfo {
	fn draft(s: u32) -> Weight;
	fn sign() -> Weight;
	fn terminate() -> Weight;
	fn expire() -> Weight;
	fn respond() -> Weight;
	fn close() -> Weight;
	fn escalate() -> Weight;
	fn dispute() -> Weight;
	fn arbitrate() -> Weight;
	fn set_thresholds() -> Weight;
}

/// Weights measured on the reference machine.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn draft(_s: u32) -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn sign() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn terminate() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn expire() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn respond() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn close() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn escalate() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn dispute() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn arbitrate() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn set_thresholds() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
}

impl WeightInfo for () {
	fn draft(_s: u32) -> Weight {
		Weight::zero()
	}
	fn sign() -> Weight {
		Weight::zero()
	}
	fn terminate() -> Weight {
		Weight::zero()
	}
	fn expire() -> Weight {
		Weight::zero()
	}
	fn respond() -> Weight {
		Weight::zero()
	}
	fn close() -> Weight {
		Weight::zero()
	}
	fn escalate() -> Weight {
		Weight::zero()
	}
	fn dispute() -> Weight {
		Weight::zero()
	}
	fn arbitrate() -> Weight {
		Weight::zero()
	}
	fn set_thresholds() -> Weight {
		Weight::zero()
	}
}
