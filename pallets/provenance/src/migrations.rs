//! Storage migrations of the provenance pallet.

use crate::*;
use bioledger_primitives::OrgKind;
use frame_support::{migrations::VersionedMigration, traits::UncheckedOnRuntimeUpgrade};

/// v1 → v2: the recall queues and sales under the trust model.
/// - Regulators' recalls still propagating move to their own queue (`UrgentPropagating`);
///   producers' ones are counted per organisation (`ActiveRecallsOf`).
/// - A sale shipment in transit whose sender does not own every lot (a custodian's sale, which
///   v1 allowed) becomes custody only: title stays with the owner.
pub mod v2 {
	use super::*;

	/// The migration's body (without the version guard).
	pub struct Inner<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for Inner<T> {
		fn on_runtime_upgrade() -> Weight {
			let (mut reads, mut writes) = (1u64, 2u64);
			let mut normal: BoundedVec<RecallId, T::MaxActiveRecalls> = Default::default();
			let mut urgent = UrgentPropagating::<T>::get();
			for rid in Propagating::<T>::get() {
				reads += 2;
				let Some(recall) = Recalls::<T>::get(rid) else { continue };
				if T::Membership::kind_of(recall.by) == Some(OrgKind::Regulator)
					&& urgent.try_push(rid).is_ok()
				{
					continue;
				}
				// Fits: it came from a list of the same bound.
				let _ = normal.try_push(rid);
				ActiveRecallsOf::<T>::mutate(recall.by, |n| *n += 1);
				writes += 1;
			}
			Propagating::<T>::put(normal);
			UrgentPropagating::<T>::put(urgent);
			for (id, mut s) in Shipments::<T>::iter() {
				reads += 1;
				if s.status != ShipmentStatus::InTransit || !s.transfers_ownership {
					continue;
				}
				let sender_owns = s.lots.iter().all(|l| {
					reads += 1;
					Lots::<T>::get(l).is_some_and(|lot| lot.owner == s.from)
				});
				if !sender_owns {
					s.transfers_ownership = false;
					Shipments::<T>::insert(id, s);
					writes += 1;
				}
			}
			T::DbWeight::get().reads_writes(reads, writes)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			use codec::Encode;
			let recalls = Propagating::<T>::get().len() as u32;
			Ok(recalls.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			use codec::Decode;
			let before = u32::decode(&mut &state[..]).map_err(|_| "bad pre-upgrade state")?;
			let after =
				Propagating::<T>::get().len() as u32 + UrgentPropagating::<T>::get().len() as u32;
			ensure!(after >= before, "a propagating recall was lost");
			for (_, s) in Shipments::<T>::iter() {
				if s.status == ShipmentStatus::InTransit && s.transfers_ownership {
					for l in s.lots.iter() {
						let lot = Lots::<T>::get(l).ok_or("shipped lot missing")?;
						ensure!(lot.owner == s.from, "a custodian's sale is still in transit");
					}
				}
			}
			Pallet::<T>::do_try_state()
		}
	}

	/// v1 → v2, run only on a chain at v1; sets the version to 2.
	pub type MigrateV1ToV2<T> =
		VersionedMigration<1, 2, Inner<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}
