//! Conformance checks: the quality pallet as provenance's `QcHook`.

use crate::*;

use bioledger_primitives::{
	Arrival, CommittedParam, CommittedQcRefusal, ExcursionContext, LotId, ProductCode, QcContext,
	QcHook, QcParam, QcVerdict, ReceiptContext, TemperatureRange,
};

impl<T: Config> Pallet<T> {
	/// Check `params` against the agreement's specification, item by item. Empty = conforms.
	pub fn check(
		terms: &TermsOf<T>,
		params: &[QcParam],
	) -> BoundedVec<FailedItem, T::MaxSpecItems> {
		let failed: Vec<FailedItem> = terms
			.specs
			.iter()
			.filter_map(|s| {
				let item = |value, reason| FailedItem {
					code: s.code.clone(),
					value,
					min: s.min,
					max: s.max,
					reason,
				};
				let Some(p) = params.iter().find(|p| p.code == s.code) else {
					return Some(item(None, FailReason::Missing));
				};
				if p.unit != s.unit {
					return Some(item(Some(p.value), FailReason::UnitMismatch));
				}
				if s.min.is_some_and(|m| p.value < m) {
					return Some(item(Some(p.value), FailReason::BelowMin));
				}
				if s.max.is_some_and(|m| p.value > m) {
					return Some(item(Some(p.value), FailReason::AboveMax));
				}
				None
			})
			.collect();
		// At most one failed item per specification item.
		BoundedVec::truncate_from(failed)
	}

	/// Check committed values against an agreement's committed specification. The proofs were
	/// verified by `check_committed`; here a missing item, another unit or an empty proof (the
	/// tester declared the value out of specification) fails. A public result against a
	/// confidential agreement (`committed` empty) fails every committed item as missing: its
	/// values cannot be checked against commitments.
	pub fn check_committed_items(
		specs: &[CommittedSpec],
		committed: &[CommittedParam],
	) -> BoundedVec<FailedItem, T::MaxSpecItems> {
		let failed: Vec<FailedItem> = specs
			.iter()
			.filter_map(|s| {
				let reason = match committed.iter().find(|p| p.code == s.code) {
					None => FailReason::Missing,
					Some(p) if p.unit != s.unit => FailReason::UnitMismatch,
					Some(p) if p.proof.is_empty() => FailReason::OutsideCommittedLimits,
					Some(_) => return None,
				};
				Some(FailedItem { code: s.code.clone(), value: None, min: None, max: None, reason })
			})
			.collect();
		BoundedVec::truncate_from(failed)
	}
}

impl<T: Config> QcHook for Pallet<T> {
	fn on_qc_result(ctx: &QcContext) -> QcVerdict {
		let Some((agreement, a)) =
			Self::agreement_for(ctx.origin, ctx.owner, ctx.producer, ctx.product)
		else {
			return QcVerdict::NotChecked;
		};
		let failed = match ConfidentialTermsOf::<T>::get(agreement) {
			Some(c) => {
				if !ctx.committed.is_empty() {
					// Checked by `check_committed` just before: the payload is new and the
					// tester a party of the open collection.
					let committed = T::Collections::commit(c.collection, ctx.coa, ctx.tested_by);
					debug_assert!(committed.is_ok(), "checked by check_committed");
				}
				Self::check_committed_items(&c.specs, ctx.committed)
			},
			None => Self::check(&a.terms, ctx.params),
		};
		let fail = !failed.is_empty();
		// A lot counts once per agreement: its first result. A buyer cannot sink (or a
		// colluding one lift) a supplier's score by recording a lot again and again; retests
		// still quarantine on failure but open no further nonconformance.
		// Split parts count with the lot they came from.
		let first = !CountedLots::<T>::contains_key(agreement, ctx.origin);
		if first {
			CountedLots::<T>::insert(agreement, ctx.origin, ());
			Self::bump(a.supplier, Some(a.buyer), |c| {
				c.checked += 1;
				c.failed += u32::from(fail);
			});
		}
		if fail {
			if first {
				Self::open_nc(agreement, &a, ctx.lot, ctx.index, failed);
			}
			QcVerdict::Fail
		} else {
			Self::deposit_event(Event::Conforming { lot: ctx.lot.clone(), agreement });
			QcVerdict::Pass
		}
	}

	fn check_committed(ctx: &QcContext) -> Result<(), CommittedQcRefusal> {
		let (agreement, _) = Self::agreement_for(ctx.origin, ctx.owner, ctx.producer, ctx.product)
			.ok_or(CommittedQcRefusal::NoCommittedSpec)?;
		let c =
			ConfidentialTermsOf::<T>::get(agreement).ok_or(CommittedQcRefusal::NoCommittedSpec)?;
		for p in ctx.committed.iter().filter(|p| !p.proof.is_empty()) {
			let Some(s) = c.specs.iter().find(|s| s.code == p.code) else { continue };
			if !bioledger_crypto::zk::verify_within(&p.value, &s.min, &s.max, &p.proof) {
				return Err(CommittedQcRefusal::ProofRejected);
			}
		}
		T::Collections::can_commit(c.collection, &ctx.coa, ctx.tested_by)
			.map_err(|_| CommittedQcRefusal::Payload)
	}

	fn on_excursion(ctx: &ExcursionContext) -> bool {
		let buyer = ctx.consignee.unwrap_or(ctx.owner);
		let Some((agreement, a)) =
			Self::agreement_for(ctx.origin, buyer, ctx.producer, ctx.product)
		else {
			return false;
		};
		let tolerated = ctx.duration_secs <= a.terms.max_excursion_secs;
		let liable = match (a.terms.excursion_liability, ctx.carrier) {
			(Liability::Carrier, Some(carrier)) => carrier,
			// At rest with a third party (a warehouse holding the buyer's goods): the custodian
			// answers for its own storage, not the supplier.
			_ if ctx.shipment.is_none() && ctx.custodian != a.supplier => ctx.custodian,
			_ => a.supplier,
		};
		// One counted excursion per lot (with its split parts) and shipment, however many
		// reports a sensor sends.
		let first = !CountedExcursions::<T>::contains_key(ctx.origin, ctx.shipment);
		if !tolerated && first {
			CountedExcursions::<T>::insert(ctx.origin, ctx.shipment, ());
			let pair = (liable == a.supplier).then_some(a.buyer);
			Self::bump(liable, pair, |c| {
				c.checked += 1;
				c.failed += 1;
			});
		}
		Self::deposit_event(Event::ExcursionAssessed {
			lot: ctx.lot.clone(),
			agreement,
			tolerated,
			liable,
		});
		tolerated
	}

	fn on_received(ctx: &ReceiptContext) -> Arrival {
		let Some((agreement, a)) = Self::active_agreement(ctx.to, ctx.producer, ctx.product) else {
			return Arrival { quarantine: false, keep_release: true };
		};
		// The agreement in force at delivery governs the lot from now on.
		LotAgreements::<T>::insert(ctx.lot, agreement);
		// Only a promise the receiver agreed to is scored: the sender alone cannot set the bar.
		if ctx.from == a.supplier && ctx.promise_agreed {
			let on_time = ctx.received_at <= ctx.promised_at;
			Self::bump(a.supplier, Some(a.buyer), |c| {
				c.deliveries += 1;
				c.on_time += u32::from(on_time);
			});
		}
		Arrival {
			// The buyer's own experience of the supplier decides, not other buyers'.
			quarantine: matches!(Self::pair_scorecard(a.buyer, a.supplier).tier, Tier::C | Tier::D),
			// Who releases is what the parties agreed: under `Buyer` the supplier's release
			// does not travel with the goods.
			keep_release: a.terms.release == ReleaseResponsibility::Supplier,
		}
	}

	fn qc_required_for_release(
		origin: &LotId,
		product: &ProductCode,
		producer: OrgId,
		owner: OrgId,
	) -> bool {
		match Self::agreement_for(origin, owner, producer, product) {
			Some((_, a)) => {
				!(a.terms.skip_lot && Self::pair_scorecard(owner, producer).tier == Tier::A)
			},
			None => true,
		}
	}

	fn agreed_storage(
		origin: &LotId,
		product: &ProductCode,
		producer: OrgId,
		buyer: OrgId,
	) -> Option<TemperatureRange> {
		Self::agreement_for(origin, buyer, producer, product).and_then(|(_, a)| a.terms.storage)
	}

	fn open_nonconformance(origin: &LotId) -> bool {
		LotOpenNcs::<T>::iter_prefix(origin).next().is_some()
	}

	fn on_qc_result_weight(params: u32) -> Weight {
		T::WeightInfo::hook_qc_result(params)
	}

	fn check_committed_weight(params: u32) -> Weight {
		T::WeightInfo::hook_check_committed(params).saturating_add(T::Collections::commit_weight())
	}

	fn on_excursion_weight() -> Weight {
		T::WeightInfo::hook_excursion()
	}

	fn on_received_weight() -> Weight {
		T::WeightInfo::hook_received()
	}

	fn qc_required_for_release_weight() -> Weight {
		T::WeightInfo::hook_release_check()
	}
}
