//! Storage migrations of the pledge pallet.

use crate::*;
use frame_support::{
	migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade,
};

/// v1 → v2: receipts list their lots with quantity, expiry and condition (collateral that is
/// recalled, rejected, quarantined or expired values at zero), and the title of every receipted
/// lot follows its receipt; feeds (which now keep a prior point) are cleared, since v1 let any
/// price feeder post: only sources governance admits post from v2 on.
pub mod v2 {
	use super::*;
	use alloc::vec::Vec;

	/// The v1 layouts.
	pub mod old {
		use super::*;
		use bioledger_primitives::TemperatureRange;

		/// A v1 receipt: its lots as bare ids.
		#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
		#[scale_info(skip_type_params(MaxLots))]
		#[codec(mel_bound())]
		pub struct Receipt<MaxLots: Get<u32>> {
			pub warehouse: OrgId,
			pub depositor: OrgId,
			pub holder: OrgId,
			pub product: ProductCode,
			pub lots: BoundedVec<LotId, MaxLots>,
			pub quantity: Quantity,
			pub storage: TemperatureRange,
			pub issued_at: Moment,
			pub expires_at: Moment,
			pub document: DocHash,
			pub pledge: Option<PledgeId>,
			pub status: ReceiptStatus,
			pub trail: bioledger_primitives::Trail,
		}

		/// A v1 feed: no prior point.
		#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug)]
		pub struct Feed {
			pub org: OrgId,
			pub price: Price,
			pub posted_at: Moment,
		}
	}

	/// What the checks compare before and after.
	#[cfg(feature = "try-runtime")]
	#[derive(Encode, Decode)]
	struct Counts {
		receipts: u32,
		lots: u32,
		feeds: u32,
	}

	/// The migration's body (without the version guard).
	pub struct Inner<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for Inner<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut reads = 0u64;
			let mut writes = 0u64;
			Receipts::<T>::translate::<old::Receipt<T::MaxLotsPerReceipt>, _>(|id, r| {
				reads += 1;
				writes += 1;
				let active = r.status == ReceiptStatus::Active;
				let lots: Vec<ReceiptLot> = r
					.lots
					.iter()
					.map(|lot| {
						reads += 1;
						let facts = T::Lots::facts(lot);
						if active && facts.as_ref().is_some_and(|f| f.owner != r.holder) {
							// Before v2 a receipt could change hands without the title: give the
							// holder the title it paid for.
							writes += 1;
							let _ = T::LotLock::transfer_title(
								lot,
								Pallet::<T>::lock_holder(id),
								r.holder,
							);
						}
						ReceiptLot {
							lot: lot.clone(),
							amount: facts.as_ref().map(|f| f.remaining.amount).unwrap_or(0),
							expires_at: facts.as_ref().map(|f| f.expires_at).unwrap_or(0),
							condition: facts
								.as_ref()
								.map(|f| Condition::of(f, Condition::Good, Pallet::<T>::now()))
								.unwrap_or(Condition::Unusable),
						}
					})
					.collect();
				Some(Receipt {
					warehouse: r.warehouse,
					depositor: r.depositor,
					holder: r.holder,
					product: r.product,
					lots: BoundedVec::truncate_from(lots),
					quantity: r.quantity,
					storage: r.storage,
					issued_at: r.issued_at,
					expires_at: r.expires_at,
					document: r.document,
					pledge: r.pledge,
					status: r.status,
					trail: r.trail,
				})
			});
			// v1 feeds came from any price feeder of any member, lenders' and borrowers' own
			// desks among them: none is kept. Governance admits the sources of each product (in
			// the upgrade's motion) and they post again; until then running pledges keep their
			// margin level and can be foreclosed only on the maturity ground.
			let cleared = Feeds::<T>::clear(u32::MAX, None);
			reads += u64::from(cleared.loops);
			writes += u64::from(cleared.unique);
			T::DbWeight::get().reads_writes(reads, writes)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			let mut counts = Counts { receipts: 0, lots: 0, feeds: 0 };
			// Decode with the old layouts: the new ones would not decode v1 data.
			for key in Receipts::<T>::iter_keys() {
				let raw =
					frame_support::storage::unhashed::get_raw(&Receipts::<T>::hashed_key_for(key))
						.ok_or("receipt vanished")?;
				let r = old::Receipt::<T::MaxLotsPerReceipt>::decode(&mut &raw[..])
					.map_err(|_| "a receipt does not decode as v1")?;
				counts.receipts += 1;
				counts.lots += r.lots.len() as u32;
			}
			for key in Feeds::<T>::iter_keys() {
				let raw =
					frame_support::storage::unhashed::get_raw(&Feeds::<T>::hashed_key_for(&key))
						.ok_or("feed vanished")?;
				let f = BoundedVec::<old::Feed, T::MaxFeedsPerProduct>::decode(&mut &raw[..])
					.map_err(|_| "a feed list does not decode as v1")?;
				counts.feeds += f.len() as u32;
			}
			Ok(counts.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let before = Counts::decode(&mut &state[..]).map_err(|_| "bad pre-upgrade state")?;
			let mut lots = 0u32;
			let mut receipts = 0u32;
			for (_, r) in Receipts::<T>::iter() {
				receipts += 1;
				lots += r.lots.len() as u32;
				let total = r.lots.iter().fold(0u128, |a, l| a.saturating_add(l.amount));
				ensure!(
					r.status != ReceiptStatus::Active || total == r.quantity.amount,
					"receipt lot quantities do not add up to the receipt"
				);
			}
			ensure!(receipts == before.receipts, "receipts lost");
			ensure!(lots == before.lots, "receipted lots lost");
			ensure!(Feeds::<T>::iter_keys().next().is_none(), "v1 feeds kept");
			let _ = before.feeds;
			ensure!(
				Pallet::<T>::on_chain_storage_version() == StorageVersion::new(2),
				"version not set"
			);
			Pallet::<T>::do_try_state()
		}
	}

	/// v1 → v2, run only on a chain at v1; sets the version to 2.
	pub type MigrateV1ToV2<T> =
		VersionedMigration<1, 2, Inner<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}

/// v2 → v3: [`PartyIndexEntries`] counts, per product, the pledge-index entries each
/// organisation is party to (one organisation may take at most `MaxPledgesPerParty` of a
/// product's index). Read from the product index itself: at most `MaxPledgesPerProduct` pledges
/// per product. Counts above the new limit (pledges made before it) are kept as they are: they
/// fall as those pledges close, and the party may not add more until then.
pub mod v3 {
	use super::*;

	/// The migration's body (without the version guard).
	pub struct Inner<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for Inner<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut reads = 0u64;
			let mut writes = 0u64;
			for (product, list) in ProductPledges::<T>::iter() {
				reads += 1 + list.len() as u64;
				for (org, n) in Pallet::<T>::party_counts(&list) {
					writes += 1;
					PartyIndexEntries::<T>::insert(&product, org, n);
				}
			}
			T::DbWeight::get().reads_writes(reads, writes)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			ensure!(PartyIndexEntries::<T>::iter().next().is_none(), "counts already filled");
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
