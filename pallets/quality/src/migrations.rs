//! Storage migrations of the quality pallet.

use crate::*;
use frame_support::{
	migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade,
};

/// v1 → v2: open nonconformances are indexed per lot ([`LotOpenNcs`]: a lot's release waits
/// for them). Only open ones are read (through [`OpenNcs`], bounded by the parties' open
/// work), not the whole history. Drafts made before v2 hold no deposit, agreements in force
/// have no notice, lots received before v2 have no governing agreement recorded (the active one
/// governs them): nothing to fill for those.
pub mod v2 {
	use super::*;

	/// The migration's body (without the version guard).
	pub struct Inner<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for Inner<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut reads = 0u64;
			let mut writes = 0u64;
			let open: alloc::collections::BTreeSet<NcId> = OpenNcs::<T>::iter_keys()
				.map(|(_, id)| {
					reads += 1;
					id
				})
				.collect();
			for id in open {
				reads += 1;
				if let Some(nc) = Nonconformances::<T>::get(id).filter(|nc| nc.status.is_open()) {
					writes += 1;
					LotOpenNcs::<T>::insert(&nc.lot, id, ());
				}
			}
			T::DbWeight::get().reads_writes(reads, writes)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			ensure!(LotOpenNcs::<T>::iter_keys().next().is_none(), "lot index already filled");
			Ok(alloc::vec::Vec::new())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			Pallet::<T>::do_try_state()
		}
	}

	/// v1 → v2, run only on a chain at v1; sets the version to 2.
	pub type MigrateV1ToV2<T> =
		VersionedMigration<1, 2, Inner<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}
