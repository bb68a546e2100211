//! Invariants checked by `try_state` (and after every unit test).

use crate::*;
use alloc::collections::BTreeSet;

impl<T: Config> Pallet<T> {
	/// Check the pallet's invariants:
	/// - one receipt per lot: every lot of an active receipt maps back to it in `LotReceipt`
	///   and is locked in provenance by it; every `LotReceipt` entry names an active receipt
	///   that lists the lot; a redeemed receipt holds no lot;
	/// - `HolderReceipts` lists exactly the active receipts under their holder;
	/// - a receipt under a pledge is active, held by the borrower and listed by the pledge,
	///   which is open; every receipt of an open pledge points back to it;
	/// - `ActivePledges` lists exactly the active pledges; every active pledge is indexed
	///   under each of its products and the index lists only active pledges of that product;
	/// - `PartyIndexEntries` counts, per product, the index entries each party is borrower or
	///   lender of;
	/// - title follows the receipt: every lot of an active receipt is owned by its holder, and
	///   its recorded condition is the lot's condition in provenance;
	/// - outstanding ≤ principal, and an active pledge owes something (a repaid one released);
	/// - at most one feed per organisation and product, each from an admitted source.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		for (id, r) in Receipts::<T>::iter() {
			let active = r.status == ReceiptStatus::Active;
			ensure!(
				HolderReceipts::<T>::contains_key(r.holder, id) == active,
				"holder index mismatch"
			);
			for l in r.lots.iter() {
				let indexed = LotReceipt::<T>::get(&l.lot) == Some(id);
				ensure!(indexed == active, "lot index mismatch");
				if active {
					ensure!(
						T::LotLock::locked_by(&l.lot) == Some(Self::lock_holder(id)),
						"lot of an active receipt not locked by it"
					);
					let facts = T::Lots::facts(&l.lot).ok_or("receipted lot missing")?;
					ensure!(facts.owner == r.holder, "title and receipt drifted apart");
					ensure!(
						match l.condition {
							Condition::Good => facts.usable && !facts.quarantined,
							Condition::Quarantined { .. } => facts.usable && facts.quarantined,
							Condition::Unusable => !facts.usable,
						},
						"receipt lot condition out of date"
					);
				}
			}
			ensure!(active || r.pledge.is_none(), "redeemed receipt under a pledge");
			if let Some(p) = r.pledge {
				let p = Pledges::<T>::get(p).ok_or("receipt under a missing pledge")?;
				ensure!(p.status.is_open(), "receipt under a closed pledge");
				ensure!(p.receipts.contains(&id), "pledge does not list its receipt");
				ensure!(p.borrower == r.holder, "pledged receipt not held by the borrower");
			}
		}
		for (lot, id) in LotReceipt::<T>::iter() {
			let r = Receipts::<T>::get(id).ok_or("lot index names a missing receipt")?;
			ensure!(r.has_lot(&lot), "lot index names a receipt without the lot");
		}
		for (org, id, ()) in HolderReceipts::<T>::iter() {
			let r = Receipts::<T>::get(id).ok_or("holder index names a missing receipt")?;
			ensure!(r.holder == org, "holder index names another holder's receipt");
		}
		for (id, p) in Pledges::<T>::iter() {
			ensure!(p.outstanding <= p.principal, "outstanding above principal");
			ensure!(
				p.status != PledgeStatus::Active || p.outstanding > 0,
				"repaid pledge still active"
			);
			ensure!(
				ActivePledges::<T>::contains_key(id) == (p.status == PledgeStatus::Active),
				"active pledge index mismatch"
			);
			if p.status.is_open() {
				for rid in p.receipts.iter() {
					let r = Receipts::<T>::get(rid).ok_or("pledge lists a missing receipt")?;
					ensure!(r.pledge == Some(id), "receipt of an open pledge not reserved");
					if p.status == PledgeStatus::Active {
						ensure!(
							ProductPledges::<T>::get(&r.product).contains(&id),
							"active pledge not indexed under its product"
						);
					}
				}
			}
		}
		for (product, list) in ProductPledges::<T>::iter() {
			let counts = Self::party_counts(&list);
			let stored: alloc::collections::BTreeMap<OrgId, u32> =
				PartyIndexEntries::<T>::iter_prefix(&product).collect();
			ensure!(counts == stored, "party index counts drifted from the product index");
			for id in list.iter() {
				let p = Pledges::<T>::get(id).ok_or("product index names a missing pledge")?;
				ensure!(p.status == PledgeStatus::Active, "product index names a closed pledge");
				ensure!(
					p.receipts
						.iter()
						.any(|r| Receipts::<T>::get(r).is_some_and(|r| r.product == product)),
					"product index names a pledge without the product"
				);
			}
		}
		for (product, _, _) in PartyIndexEntries::<T>::iter() {
			ensure!(ProductPledges::<T>::contains_key(&product), "party count of an empty index");
		}
		for (product, feeds) in Feeds::<T>::iter() {
			let orgs: BTreeSet<OrgId> = feeds.iter().map(|f| f.org).collect();
			ensure!(orgs.len() == feeds.len(), "two feeds of one organisation");
			let sources = PriceSources::<T>::get(&product);
			ensure!(orgs.iter().all(|o| sources.contains(o)), "feed of a source not admitted");
		}
		Ok(())
	}

	/// How many pledges of `list` each organisation is party to (borrower and lender each count;
	/// one organisation in both roles counts twice, as `index_products` counts it).
	pub(crate) fn party_counts(list: &[PledgeId]) -> alloc::collections::BTreeMap<OrgId, u32> {
		let mut counts = alloc::collections::BTreeMap::new();
		for id in list {
			if let Some(p) = Pledges::<T>::get(id) {
				for party in [p.borrower, p.lender] {
					*counts.entry(party).or_insert(0u32) += 1;
				}
			}
		}
		counts
	}
}
