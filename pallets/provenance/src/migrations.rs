//! Storage migrations of the provenance pallet. None does unbounded work in one block: what
//! grows with the chain's history (shipments) is migrated in steps over as many blocks as it
//! takes ([`ShipmentsToCheck`], advanced by `on_initialize` within a fixed budget), and a
//! shipment a call reaches before the steps do is migrated by that call first.

use crate::*;
use bioledger_primitives::OrgKind;
use frame_support::{migrations::VersionedMigration, traits::UncheckedOnRuntimeUpgrade};

/// Shipments one block checks while the v2 shipment migration runs (a read of the shipment and
/// of each of its lots, at most one write).
pub const SHIPMENTS_PER_BLOCK: u32 = 200;

/// v1 → v2: the recall queues and sales under the trust model.
/// - Regulators' recalls still propagating move to their own queue (`UrgentPropagating`);
///   producers' ones are counted per organisation (`ActiveRecallsOf`). Bounded by the queue.
/// - A sale shipment in transit whose sender does not own every lot (a custodian's sale, which
///   v1 allowed) becomes custody only: title stays with the owner. This walks every shipment
///   ever made, so the upgrade only records the range to check ([`ShipmentsToCheck`]); blocks
///   check [`SHIPMENTS_PER_BLOCK`] each until done.
pub mod v2 {
	use super::*;

	/// The migration's body (without the version guard).
	pub struct Inner<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for Inner<T> {
		fn on_runtime_upgrade() -> Weight {
			let (mut reads, mut writes) = (2u64, 3u64);
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
			let end = NextShipmentId::<T>::get();
			if end > 0 {
				ShipmentsToCheck::<T>::put((0, end));
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
			ensure!(
				NextShipmentId::<T>::get() == 0 || ShipmentsToCheck::<T>::get().is_some(),
				"shipments not scheduled for checking"
			);
			Pallet::<T>::do_try_state()
		}
	}

	/// v1 → v2, run only on a chain at v1; sets the version to 2.
	pub type MigrateV1ToV2<T> =
		VersionedMigration<1, 2, Inner<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}

/// v2 → v3: ancestry filters and walk roots. Lots made before it have no filter (they are
/// always walked); the running walks' roots are listed (bounded by the recall queues).
pub mod v3 {
	use super::*;

	/// The migration's body (without the version guard).
	pub struct Inner<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for Inner<T> {
		fn on_runtime_upgrade() -> Weight {
			let running: Vec<RecallId> = UrgentPropagating::<T>::get()
				.into_iter()
				.chain(Propagating::<T>::get())
				.collect();
			let mut reads = 2u64;
			let mut roots: BoundedVec<(RecallId, [u16; 3]), MaxWalks<T>> = Default::default();
			for rid in running {
				reads += 1;
				if let Some(recall) = Recalls::<T>::get(rid) {
					// Fits: the queues together are bounded by `MaxWalks`.
					let _ =
						roots.try_push((rid, crate::features::ancestry::positions(&recall.root)));
				}
			}
			WalkRoots::<T>::put(roots);
			T::DbWeight::get().reads_writes(reads, 1)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			Ok(alloc::vec::Vec::new())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			Pallet::<T>::do_try_state()
		}
	}

	/// v2 → v3, run only on a chain at v2; sets the version to 3.
	pub type MigrateV2ToV3<T> =
		VersionedMigration<2, 3, Inner<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}

impl<T: Config> Pallet<T> {
	/// The v2 rule for one shipment: a sale in transit whose sender does not own every lot
	/// becomes custody only. Returns the lots read.
	fn check_v1_sale(id: ShipmentId) -> u64 {
		let Some(mut s) = Shipments::<T>::get(id) else { return 0 };
		if s.status != ShipmentStatus::InTransit || !s.transfers_ownership {
			return 0;
		}
		let sender_owns =
			s.lots.iter().all(|l| Lots::<T>::get(l).is_some_and(|lot| lot.owner == s.from));
		if !sender_owns {
			s.transfers_ownership = false;
			Shipments::<T>::insert(id, &s);
		}
		s.lots.len() as u64
	}

	/// Check the next [`SHIPMENTS_PER_BLOCK`] shipments of the v2 migration, if it runs; the
	/// weight used.
	pub(crate) fn step_shipment_migration() -> Weight {
		let Some((next, end)) = ShipmentsToCheck::<T>::get() else {
			return T::DbWeight::get().reads(1);
		};
		let stop = end.min(next.saturating_add(SHIPMENTS_PER_BLOCK.into()));
		let mut reads = 1u64;
		for id in next..stop {
			reads += 1 + Self::check_v1_sale(id);
		}
		if stop >= end {
			ShipmentsToCheck::<T>::kill();
		} else {
			ShipmentsToCheck::<T>::put((stop, end));
		}
		T::DbWeight::get().reads_writes(reads, u64::from(SHIPMENTS_PER_BLOCK) + 1)
	}

	/// A call reaches shipment `id` before the migration's steps do: check it first.
	pub(crate) fn migrate_shipment_first(id: ShipmentId) {
		if let Some((next, end)) = ShipmentsToCheck::<T>::get() {
			if (next..end).contains(&id) {
				Self::check_v1_sale(id);
			}
		}
	}
}
