//! Weights for `pallet_consortium`.
//!
//! PLACEHOLDER until `scripts/benchmark.sh` regenerates this file from
//! `bioledger benchmark pallet --pallet pallet_consortium` on the reference machine.

#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// Weight functions needed for `pallet_consortium`.
pub trait WeightInfo {
	fn apply(c: u32) -> Weight;
	fn withdraw_application() -> Weight;
	fn approve_application(c: u32) -> Weight;
	fn reject_application() -> Weight;
	fn suspend() -> Weight;
	fn reinstate() -> Weight;
	fn revoke(n: u32) -> Weight;
	fn link_account() -> Weight;
	fn set_roles() -> Weight;
	fn unlink_account() -> Weight;
	fn move_council_seat() -> Weight;
	fn add_credential() -> Weight;
	fn renew_credential() -> Weight;
	fn revoke_credential() -> Weight;
	fn remove_credential() -> Weight;
	fn rotate_eseal_key() -> Weight;
	fn register_node() -> Weight;
	fn update_node() -> Weight;
	fn remove_node() -> Weight;
	fn propose_validator() -> Weight;
	fn approve_validator() -> Weight;
	fn remove_validator() -> Weight;
	fn expire_credentials(n: u32) -> Weight;
	fn set_min_validators() -> Weight;
}

/// Weights measured on the reference machine.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn apply(_c: u32) -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn withdraw_application() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn approve_application(_c: u32) -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn reject_application() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn suspend() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn reinstate() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn revoke(_n: u32) -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn link_account() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn set_roles() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn unlink_account() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn move_council_seat() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn add_credential() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn renew_credential() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn revoke_credential() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn remove_credential() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn rotate_eseal_key() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn register_node() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn update_node() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn remove_node() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn propose_validator() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn approve_validator() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn remove_validator() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn expire_credentials(_n: u32) -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
	fn set_min_validators() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
}

impl WeightInfo for () {
	fn apply(_c: u32) -> Weight {
		Weight::zero()
	}
	fn withdraw_application() -> Weight {
		Weight::zero()
	}
	fn approve_application(_c: u32) -> Weight {
		Weight::zero()
	}
	fn reject_application() -> Weight {
		Weight::zero()
	}
	fn suspend() -> Weight {
		Weight::zero()
	}
	fn reinstate() -> Weight {
		Weight::zero()
	}
	fn revoke(_n: u32) -> Weight {
		Weight::zero()
	}
	fn link_account() -> Weight {
		Weight::zero()
	}
	fn set_roles() -> Weight {
		Weight::zero()
	}
	fn unlink_account() -> Weight {
		Weight::zero()
	}
	fn move_council_seat() -> Weight {
		Weight::zero()
	}
	fn add_credential() -> Weight {
		Weight::zero()
	}
	fn renew_credential() -> Weight {
		Weight::zero()
	}
	fn revoke_credential() -> Weight {
		Weight::zero()
	}
	fn remove_credential() -> Weight {
		Weight::zero()
	}
	fn rotate_eseal_key() -> Weight {
		Weight::zero()
	}
	fn register_node() -> Weight {
		Weight::zero()
	}
	fn update_node() -> Weight {
		Weight::zero()
	}
	fn remove_node() -> Weight {
		Weight::zero()
	}
	fn propose_validator() -> Weight {
		Weight::zero()
	}
	fn approve_validator() -> Weight {
		Weight::zero()
	}
	fn remove_validator() -> Weight {
		Weight::zero()
	}
	fn expire_credentials(_n: u32) -> Weight {
		Weight::zero()
	}
	fn set_min_validators() -> Weight {
		Weight::zero()
	}
}
