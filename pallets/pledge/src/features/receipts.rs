//! Issue, transfer and redeem warehouse receipts.

use crate::*;
use alloc::{collections::BTreeSet, vec::Vec};
use bioledger_primitives::{LockHolder, LockHolderHooks, OrgKind, QaDecision};
use frame_support::weights::Weight;

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
			T::Membership::qualified(warehouse, GatedAction::IssueWarehouseReceipts, now).is_ok(),
			Error::<T>::NoLicence
		);
		ensure!(T::Membership::is_active(holder), Error::<T>::InactiveOrg);
		ensure!(!lots.is_empty(), Error::<T>::NoLots);
		ensure!(storage.is_well_formed(), Error::<T>::StorageMismatch);
		ensure!(expires_at > now, Error::<T>::InvalidExpiry);
		let mut seen = BTreeSet::new();
		let mut product: Option<ProductCode> = None;
		let mut quantity: Option<Quantity> = None;
		let mut entries: Vec<ReceiptLot> = Vec::with_capacity(lots.len());
		for lot in lots.iter() {
			ensure!(seen.insert(lot), Error::<T>::DuplicateLot);
			let facts = T::Lots::facts(lot).ok_or(Error::<T>::LotNotFound)?;
			ensure!(facts.custodian == warehouse, Error::<T>::NotCustodian);
			ensure!(facts.owner == holder, Error::<T>::NotOwner);
			ensure!(facts.usable && !facts.recall_pending, Error::<T>::LotUnusable);
			ensure!(!LotReceipt::<T>::contains_key(lot), Error::<T>::AlreadyReceipted);
			ensure!(
				facts.storage.is_none_or(|r| r.min <= storage.min && storage.max <= r.max),
				Error::<T>::StorageMismatch
			);
			entries.push(ReceiptLot {
				lot: lot.clone(),
				amount: facts.remaining.amount,
				expires_at: facts.expires_at,
				condition: Condition::of(&facts, Condition::Good, now),
			});
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
			// As many entries as lots, which are bounded by the same limit.
			lots: BoundedVec::truncate_from(entries),
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

	/// Make `to` the holder of receipt `id` and the owner of its lots.
	pub(crate) fn move_receipt(id: ReceiptId, r: &mut ReceiptOf<T>, to: OrgId) -> DispatchResult {
		for l in r.lots.iter() {
			T::LotLock::transfer_title(&l.lot, Self::lock_holder(id), to)?;
		}
		HolderReceipts::<T>::remove(r.holder, id);
		HolderReceipts::<T>::insert(to, id, ());
		r.holder = to;
		Ok(())
	}

	/// Transfer; returns the number of lots whose title moved.
	pub(crate) fn do_transfer(org: OrgId, id: ReceiptId, to: OrgId) -> Result<u32, DispatchError> {
		let mut receipt = Self::held_receipt(org, id)?;
		ensure!(receipt.pledge.is_none(), Error::<T>::Encumbered);
		let now = Self::now();
		ensure!(now < receipt.expires_at, Error::<T>::ReceiptExpired);
		// Recalled, rejected, quarantined or expired goods are not sold on a receipt, nor goods a
		// running recall walk may still reach.
		ensure!(
			receipt.fully_valuable(now) && Self::lots_usable_now(&receipt),
			Error::<T>::LotUnusable
		);
		ensure!(to != org, Error::<T>::SameOrg);
		ensure!(T::Membership::is_active(to), Error::<T>::InactiveOrg);
		Self::move_receipt(id, &mut receipt, to)?;
		Self::emit(
			Event::ReceiptTransferred { receipt: id, from: org, to },
			&mut [&mut receipt.trail],
		);
		let lots = receipt.lots.len() as u32;
		Receipts::<T>::insert(id, receipt);
		Ok(lots)
	}

	pub(crate) fn do_reassign(id: ReceiptId, to: OrgId) -> DispatchResult {
		let mut receipt = Receipts::<T>::get(id).ok_or(Error::<T>::ReceiptNotFound)?;
		ensure!(receipt.status == ReceiptStatus::Active, Error::<T>::Redeemed);
		ensure!(receipt.pledge.is_none(), Error::<T>::Encumbered);
		let from = receipt.holder;
		ensure!(!T::Membership::is_active(from), Error::<T>::PartiesActive);
		ensure!(to != from, Error::<T>::SameOrg);
		ensure!(T::Membership::is_active(to), Error::<T>::InactiveOrg);
		Self::move_receipt(id, &mut receipt, to)?;
		Self::emit(Event::ReceiptReassigned { receipt: id, from, to }, &mut [&mut receipt.trail]);
		Receipts::<T>::insert(id, receipt);
		Ok(())
	}

	/// Redeem; returns the number of lots unlocked.
	pub(crate) fn do_redeem(org: OrgId, id: ReceiptId) -> Result<u32, DispatchError> {
		let mut receipt = Self::held_receipt(org, id)?;
		ensure!(receipt.pledge.is_none(), Error::<T>::Encumbered);
		for l in receipt.lots.iter() {
			T::LotLock::unlock(&l.lot, Self::lock_holder(id))?;
			LotReceipt::<T>::remove(&l.lot);
		}
		receipt.status = ReceiptStatus::Redeemed;
		HolderReceipts::<T>::remove(org, id);
		Self::emit(Event::ReceiptRedeemed { receipt: id, holder: org }, &mut [&mut receipt.trail]);
		let lots = receipt.lots.len() as u32;
		Receipts::<T>::insert(id, receipt);
		Ok(lots)
	}
}

/// The pledge pallet as the holder of the locks on receipted lots: what an owner may decide on
/// them, and re-valuation when their condition changes.
impl<T: Config> LockHolderHooks for Pallet<T> {
	/// Under an open (proposed or active) pledge the borrower may quarantine and, with a
	/// passing QC result, release its goods, but not reject them: a rejection would destroy the
	/// lender's collateral by the borrower's word alone. Without a pledge the holder is the
	/// owner and decides freely.
	fn may_decide(_lot: &LotId, holder: LockHolder, decision: QaDecision) -> bool {
		if holder.pallet != LOCK_TAG || decision != QaDecision::Reject {
			return true;
		}
		Receipts::<T>::get(holder.id).is_none_or(|r| r.pledge.is_none())
	}

	/// Mark the lot's condition on its receipt and re-value the active pledge it secures.
	fn on_locked_lot_changed(lot: &LotId, holder: LockHolder) {
		if holder.pallet != LOCK_TAG {
			return;
		}
		let id = holder.id;
		let Some(mut receipt) = Receipts::<T>::get(id) else { return };
		let Some(facts) = T::Lots::facts(lot) else { return };
		let Some(entry) = receipt.lots.iter_mut().find(|l| l.lot == *lot) else { return };
		let condition = Condition::of(&facts, entry.condition, Self::now());
		if entry.condition == condition {
			return;
		}
		entry.condition = condition;
		Self::emit(
			Event::CollateralChanged { receipt: id, lot: lot.clone(), condition },
			&mut [&mut receipt.trail],
		);
		let pledge = receipt.pledge;
		Receipts::<T>::insert(id, receipt);
		if let Some(p) = pledge {
			Self::revalue(p, Self::now());
		}
	}

	fn on_locked_lot_changed_weight() -> Weight {
		T::WeightInfo::on_locked_lot_changed()
	}
}
