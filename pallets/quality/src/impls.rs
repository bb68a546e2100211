//! Invariants checked by `try_state` (and after every unit test).

use crate::*;

impl<T: Config> Pallet<T> {
	/// Check the pallet's invariants:
	/// - the active index points at active agreements of the indexed parties and product, and
	///   every active agreement is indexed; an active agreement carries both seals and the
	///   version it superseded is not active;
	/// - a draft has no more than one seal;
	/// - a nonconformance is in the open index of both parties exactly while it is open;
	/// - scorecard buckets are in increasing order;
	/// - tier thresholds satisfy A ≥ B ≥ C.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		for id in DraftDeposits::<T>::iter_keys() {
			let a = Agreements::<T>::get(id).ok_or("deposit of a missing agreement")?;
			ensure!(a.status == AgreementStatus::Draft, "deposit held for a draft no longer open");
		}
		for id in TerminationNotices::<T>::iter_keys() {
			let a = Agreements::<T>::get(id).ok_or("notice on a missing agreement")?;
			ensure!(a.status == AgreementStatus::Active, "notice on an agreement not in force");
		}
		for (lot, id) in LotOpenNcs::<T>::iter_keys() {
			let nc =
				Nonconformances::<T>::get(id).ok_or("lot index of a missing nonconformance")?;
			ensure!(nc.lot == lot && nc.status.is_open(), "lot index of a closed nonconformance");
		}
		for ((buyer, supplier, product), id) in ActiveAgreement::<T>::iter() {
			let a = Agreements::<T>::get(id).ok_or("index points to a missing agreement")?;
			ensure!(a.status == AgreementStatus::Active, "index points to an inactive agreement");
			ensure!(
				a.buyer == buyer && a.supplier == supplier && a.terms.product == product,
				"index key"
			);
		}
		for (id, a) in Agreements::<T>::iter() {
			match a.status {
				AgreementStatus::Active => {
					ensure!(
						a.buyer_seal.is_some() && a.supplier_seal.is_some(),
						"active without both seals"
					);
					ensure!(
						ActiveAgreement::<T>::get((a.buyer, a.supplier, a.terms.product.clone()))
							== Some(id),
						"active agreement not indexed"
					);
					if let Some(prev) = a.supersedes {
						ensure!(
							Agreements::<T>::get(prev).map(|p| p.status)
								!= Some(AgreementStatus::Active),
							"superseded version still active"
						);
					}
				},
				AgreementStatus::Draft => ensure!(
					a.buyer_seal.is_none() || a.supplier_seal.is_none(),
					"draft with both seals"
				),
				_ => {},
			}
		}
		for (id, nc) in Nonconformances::<T>::iter() {
			let open = nc.status.is_open();
			ensure!(OpenNcs::<T>::contains_key(nc.buyer, id) == open, "buyer open index");
			ensure!(OpenNcs::<T>::contains_key(nc.supplier, id) == open, "supplier open index");
			ensure!(LotOpenNcs::<T>::contains_key(&nc.lot, id) == open, "lot open index");
		}
		for (org, id, ()) in OpenNcs::<T>::iter() {
			let nc = Nonconformances::<T>::get(id).ok_or("open index points to a missing NC")?;
			ensure!(nc.buyer == org || nc.supplier == org, "open index under a third party");
		}
		for (_, buckets) in SupplierCounters::<T>::iter() {
			ensure!(buckets.windows(2).all(|w| w[0].0 < w[1].0), "buckets out of order");
		}
		let t = Thresholds::<T>::get();
		ensure!(t.a >= t.b && t.b >= t.c, "thresholds out of order");
		Ok(())
	}
}
