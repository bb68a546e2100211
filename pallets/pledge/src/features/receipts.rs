//! Issue, transfer and redeem warehouse receipts.

use crate::*;
use alloc::collections::BTreeSet;
use bioledger_primitives::{LockHolder, OrgKind};

impl<T: Config> Pallet<T> {
	/// The lock this pallet holds on the lots of `receipt`.
	pub fn lock_holder(receipt: ReceiptId) -> LockHolder {
		LockHolder { pallet: LOCK_TAG, id: receipt }
	}

	pub(crate) fn do_issue(
		warehouse: OrgId,
		holder: OrgId,
		lots: LotsOf<T>,
		storage: TemperatureRange,
		expires_at: Moment,
		document: DocHash,
	) -> DispatchResult {
		let now = Self::now();
		ensure!(
			T::Membership::kind_of(warehouse) == Some(OrgKind::Warehouse),
			Error::<T>::NotWarehouse
		);
		ensure!(
			T::Membership::has_valid_credential(warehouse, T::WarehouseCredential::get(), now),
			Error::<T>::NoLicence
		);
		ensure!(T::Membership::is_active(holder), Error::<T>::InactiveOrg);
		ensure!(!lots.is_empty(), Error::<T>::NoLots);
		ensure!(storage.is_well_formed(), Error::<T>::StorageMismatch);
		ensure!(expires_at > now, Error::<T>::InvalidExpiry);
		let mut seen = BTreeSet::new();
		let mut product: Option<ProductCode> = None;
		let mut quantity: Option<Quantity> = None;
		for lot in lots.iter() {
			ensure!(seen.insert(lot), Error::<T>::DuplicateLot);
			let facts = T::Lots::facts(lot).ok_or(Error::<T>::LotNotFound)?;
			ensure!(facts.custodian == warehouse, Error::<T>::NotCustodian);
			ensure!(facts.owner == holder, Error::<T>::NotOwner);
			ensure!(facts.usable, Error::<T>::LotUnusable);
			ensure!(!LotReceipt::<T>::contains_key(lot), Error::<T>::AlreadyReceipted);
			ensure!(
				facts.storage.is_none_or(|r| r.min <= storage.min && storage.max <= r.max),
				Error::<T>::StorageMismatch
			);
			match (&product, quantity) {
				(Some(p), Some(q)) => {
					ensure!(*p == facts.product, Error::<T>::MixedLots);
					ensure!(q.unit == facts.remaining.unit, Error::<T>::MixedLots);
					quantity = Some(q.checked_add(facts.remaining).ok_or(Error::<T>::Overflow)?);
				},
				_ => {
					product = Some(facts.product);
					quantity = Some(facts.remaining);
				},
			}
		}
		let (product, quantity) = product.zip(quantity).ok_or(Error::<T>::NoLots)?;

		let id = NextReceiptId::<T>::get();
		NextReceiptId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		for lot in lots.iter() {
			T::LotLock::lock(lot, Self::lock_holder(id))?;
			LotReceipt::<T>::insert(lot, id);
		}
		let mut receipt = Receipt {
			warehouse,
			depositor: holder,
			holder,
			product: product.clone(),
			quantity,
			storage,
			issued_at: now,
			expires_at,
			document,
			pledge: None,
			status: ReceiptStatus::Active,
			trail: Default::default(),
			lots,
		};
		Self::emit(
			Event::ReceiptIssued {
				receipt: id,
				warehouse,
				holder,
				product,
				quantity,
				lots: receipt.lots.len() as u32,
				expires_at,
			},
			&mut [&mut receipt.trail],
		);
		HolderReceipts::<T>::insert(holder, id, ());
		Receipts::<T>::insert(id, receipt);
		Ok(())
	}

	/// Load an active receipt `id` held by `org`.
	pub(crate) fn held_receipt(org: OrgId, id: ReceiptId) -> Result<ReceiptOf<T>, DispatchError> {
		let receipt = Receipts::<T>::get(id).ok_or(Error::<T>::ReceiptNotFound)?;
		ensure!(receipt.status == ReceiptStatus::Active, Error::<T>::Redeemed);
		ensure!(receipt.holder == org, Error::<T>::NotHolder);
		Ok(receipt)
	}

	pub(crate) fn do_transfer(org: OrgId, id: ReceiptId, to: OrgId) -> DispatchResult {
		let mut receipt = Self::held_receipt(org, id)?;
		ensure!(receipt.pledge.is_none(), Error::<T>::Encumbered);
		ensure!(Self::now() < receipt.expires_at, Error::<T>::ReceiptExpired);
		ensure!(to != org, Error::<T>::SameOrg);
		ensure!(T::Membership::is_active(to), Error::<T>::InactiveOrg);
		receipt.holder = to;
		HolderReceipts::<T>::remove(org, id);
		HolderReceipts::<T>::insert(to, id, ());
		Self::emit(
			Event::ReceiptTransferred { receipt: id, from: org, to },
			&mut [&mut receipt.trail],
		);
		Receipts::<T>::insert(id, receipt);
		Ok(())
	}

	/// Redeem; returns the number of lots unlocked.
	pub(crate) fn do_redeem(org: OrgId, id: ReceiptId) -> Result<u32, DispatchError> {
		let mut receipt = Self::held_receipt(org, id)?;
		ensure!(receipt.pledge.is_none(), Error::<T>::Encumbered);
		for lot in receipt.lots.iter() {
			T::LotLock::unlock(lot, Self::lock_holder(id))?;
			LotReceipt::<T>::remove(lot);
		}
		receipt.status = ReceiptStatus::Redeemed;
		HolderReceipts::<T>::remove(org, id);
		Self::emit(Event::ReceiptRedeemed { receipt: id, holder: org }, &mut [&mut receipt.trail]);
		let lots = receipt.lots.len() as u32;
		Receipts::<T>::insert(id, receipt);
		Ok(lots)
	}
}
