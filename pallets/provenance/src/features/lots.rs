//! Commission, transform, split, merge, destroy and documents.

use super::common::AncestryBudget;
use crate::*;
use alloc::collections::{BTreeMap, BTreeSet};

impl<T: Config> Pallet<T> {
	fn ensure_product(product: &ProductCode) -> DispatchResult {
		ensure!(
			!product.is_empty() && product.iter().all(|c| c.is_ascii_graphic()),
			Error::<T>::InvalidQuantity
		);
		Ok(())
	}

	fn ensure_range(storage: &Option<TemperatureRange>) -> DispatchResult {
		ensure!(storage.is_none_or(|r| r.is_well_formed()), Error::<T>::InvalidRange);
		Ok(())
	}

	/// A fresh lot record.
	fn new_lot(
		org: OrgId,
		product: ProductCode,
		quantity: Quantity,
		expires_at: Moment,
		storage: Option<TemperatureRange>,
		parents: BoundedVec<(LotId, u128), T::MaxParents>,
		status: LotStatus,
		qc: QcSummary,
	) -> LotOf<T> {
		Lot {
			product,
			producer: org,
			owner: org,
			custodian: org,
			produced: quantity,
			remaining: quantity.amount,
			used: 0,
			written_off: 0,
			produced_at: T::Time::now(),
			expires_at,
			status,
			held_status: None,
			storage,
			parents,
			docs: Default::default(),
			qc,
			lock: None,
			recall: None,
			shipment: None,
			trail: Trail::default(),
		}
	}

	pub(crate) fn do_create_lot(
		org: OrgId,
		id: LotId,
		product: ProductCode,
		quantity: Quantity,
		expires_at: Moment,
		storage: Option<TemperatureRange>,
	) -> DispatchResult {
		Self::ensure_new_lot(&id)?;
		Self::ensure_product(&product)?;
		ensure!(quantity.amount > 0, Error::<T>::InvalidQuantity);
		ensure!(expires_at > T::Time::now(), Error::<T>::InvalidExpiry);
		Self::ensure_range(&storage)?;
		let mut lot = Self::new_lot(
			org,
			product.clone(),
			quantity,
			expires_at,
			storage,
			Default::default(),
			LotStatus::Active,
			QcSummary::default(),
		);
		Self::emit(
			Event::LotCreated { lot: id.clone(), product, producer: org, quantity },
			&mut [&mut lot],
		);
		Lots::<T>::insert(&id, lot);
		AncestryFilters::<T>::insert(&id, AncestryFilter::default());
		Ok(())
	}

	/// Load `id` as an input owned and held by `org`, usable and free.
	fn input(
		org: OrgId,
		id: &LotId,
		budget: &mut AncestryBudget,
	) -> Result<LotOf<T>, DispatchError> {
		let lot = Self::lot(id)?;
		ensure!(lot.owner == org, Error::<T>::NotOwner);
		ensure!(lot.custodian == org, Error::<T>::NotCustodian);
		ensure!(lot.recall.is_none(), Error::<T>::Recalled);
		ensure!(lot.status.usable_as_input(), Error::<T>::InvalidStatus);
		Self::ensure_free(id, &lot, budget)?;
		Ok(lot)
	}

	/// Take `amount` out of `lot` into children; `true` if it is now used up.
	fn consume(lot: &mut LotOf<T>, amount: u128) -> Result<bool, DispatchError> {
		ensure!(amount > 0, Error::<T>::InvalidQuantity);
		lot.remaining =
			lot.remaining.checked_sub(amount).ok_or(Error::<T>::InsufficientQuantity)?;
		lot.used = lot.used.saturating_add(amount);
		if lot.remaining == 0 {
			lot.status = LotStatus::Consumed;
		}
		Ok(lot.remaining == 0)
	}

	pub(crate) fn do_transform(
		org: OrgId,
		outputs: BoundedVec<OutputLotOf<T>, T::MaxOutputs>,
	) -> DispatchResultWithPostInfo {
		ensure!(!outputs.is_empty(), Error::<T>::Empty);
		let n_outputs = outputs.len() as u32;
		let n_inputs = outputs.iter().map(|o| o.inputs.len() as u32).max().unwrap_or(0);
		let mut budget = AncestryBudget::default();
		let mut new_ids = BTreeSet::new();
		for o in outputs.iter() {
			Self::ensure_new_lot(&o.id)?;
			ensure!(new_ids.insert(o.id.clone()), Error::<T>::Duplicate);
			Self::ensure_product(&o.product)?;
			ensure!(o.quantity.amount > 0, Error::<T>::InvalidQuantity);
			ensure!(!o.inputs.is_empty(), Error::<T>::Empty);
			ensure!(o.expires_at > T::Time::now(), Error::<T>::InvalidExpiry);
			Self::ensure_range(&o.storage)?;
		}
		// Load each input once and take every output's consumption out of it.
		let mut inputs: BTreeMap<LotId, LotOf<T>> = BTreeMap::new();
		for o in outputs.iter() {
			let mut in_this_output = BTreeSet::new();
			for (id, amount) in o.inputs.iter() {
				ensure!(!new_ids.contains(id), Error::<T>::Duplicate);
				ensure!(in_this_output.insert(id.clone()), Error::<T>::Duplicate);
				if !inputs.contains_key(id) {
					let lot = Self::input(org, id, &mut budget)?;
					ensure!(lot.expires_at > T::Time::now(), Error::<T>::Expired);
					inputs.insert(id.clone(), lot);
				}
				let lot = inputs.get_mut(id).expect("inserted above; qed");
				// What is made from an input cannot outlive it.
				ensure!(o.expires_at <= lot.expires_at, Error::<T>::InvalidExpiry);
				Self::consume(lot, *amount)?;
			}
		}
		// Outputs, in call order; each names its inputs, whose trails record it too.
		for o in outputs {
			let mut out = Self::new_lot(
				org,
				o.product.clone(),
				o.quantity,
				o.expires_at,
				o.storage,
				o.inputs.clone(),
				LotStatus::Active,
				QcSummary::default(),
			);
			let event = Event::Transformed {
				output: o.id.clone(),
				product: o.product,
				quantity: o.quantity,
				inputs: o.inputs.clone(),
				by: org,
			};
			for (input, amount) in o.inputs.iter() {
				Children::<T>::insert(input, &o.id, amount);
				Self::note(inputs.get_mut(input).expect("loaded above; qed"), &event);
			}
			Self::emit(event, &mut [&mut out]);
			Lots::<T>::insert(&o.id, out);
			AncestryFilters::<T>::insert(
				&o.id,
				Self::child_filter(o.inputs.iter().map(|(p, _)| p)),
			);
		}
		for (id, mut lot) in inputs {
			if lot.status == LotStatus::Consumed {
				Self::emit(Event::LotConsumed { lot: id.clone() }, &mut [&mut lot]);
				Self::release_lot_deposit(&id);
			}
			Lots::<T>::insert(&id, lot);
		}
		Self::with_ancestry(T::WeightInfo::transform(n_outputs, n_inputs), &budget)
	}

	pub(crate) fn do_split(
		org: OrgId,
		id: LotId,
		parts: BoundedVec<(LotId, u128), T::MaxOutputs>,
	) -> DispatchResultWithPostInfo {
		ensure!(!parts.is_empty(), Error::<T>::Empty);
		let mut budget = AncestryBudget::default();
		let mut source = Self::input(org, &id, &mut budget)?;
		let mut new_ids = BTreeSet::new();
		for (part, amount) in parts.iter() {
			Self::ensure_new_lot(part)?;
			ensure!(*part != id && new_ids.insert(part.clone()), Error::<T>::Duplicate);
			ensure!(*amount > 0, Error::<T>::InvalidQuantity);
		}
		let total = parts.iter().try_fold(0u128, |acc, (_, a)| acc.checked_add(*a));
		let total = total.ok_or(Error::<T>::InsufficientQuantity)?;
		let status = source.status;
		let qc = source.qc;
		Self::consume(&mut source, total)?;
		let event = Event::Split { lot: id.clone(), parts: parts.clone() };
		let mut outs: Vec<(LotId, LotOf<T>)> = Vec::with_capacity(parts.len());
		for (part, amount) in parts.iter() {
			let parents = BoundedVec::truncate_from(alloc::vec![(id.clone(), *amount)]);
			let mut out = Self::new_lot(
				source.producer,
				source.product.clone(),
				Quantity::new(*amount, source.produced.unit),
				source.expires_at,
				source.storage,
				parents,
				status,
				QcSummary { results: 0, passed: qc.passed },
			);
			// A part keeps the producer and production time of its source.
			out.produced_at = source.produced_at;
			out.owner = source.owner;
			out.custodian = source.custodian;
			Children::<T>::insert(&id, part, amount);
			outs.push((part.clone(), out));
		}
		{
			let mut refs: Vec<&mut LotOf<T>> = outs.iter_mut().map(|(_, l)| l).collect();
			refs.push(&mut source);
			Self::emit(event, &mut refs);
		}
		if source.status == LotStatus::Consumed {
			Self::emit(Event::LotConsumed { lot: id.clone() }, &mut [&mut source]);
			Self::release_lot_deposit(&id);
		}
		let filter = Self::child_filter(core::iter::once(&id));
		for (part, out) in outs {
			Lots::<T>::insert(&part, out);
			AncestryFilters::<T>::insert(&part, &filter);
		}
		Lots::<T>::insert(&id, source);
		Self::with_ancestry(T::WeightInfo::split(parts.len() as u32), &budget)
	}

	pub(crate) fn do_merge(
		org: OrgId,
		ids: BoundedVec<LotId, T::MaxParents>,
		output: LotId,
	) -> DispatchResultWithPostInfo {
		ensure!(ids.len() >= 2, Error::<T>::Empty);
		Self::ensure_new_lot(&output)?;
		let mut budget = AncestryBudget::default();
		let mut seen = BTreeSet::new();
		let mut inputs: Vec<(LotId, LotOf<T>)> = Vec::with_capacity(ids.len());
		for id in ids.iter() {
			ensure!(*id != output && seen.insert(id.clone()), Error::<T>::Duplicate);
			inputs.push((id.clone(), Self::input(org, id, &mut budget)?));
		}
		// A merge blends lots of one producer's product: the output is still that producer's
		// (its recall rights, its supplier identity), kept within every input's storage range
		// and expiry, and blending is manufacturing (GMP, as a transform).
		Self::ensure_qualified(org, GatedAction::TransformLots)?;
		let first = &inputs[0].1;
		let (product, unit, producer) =
			(first.product.clone(), first.produced.unit, first.producer);
		let mut storage: Option<TemperatureRange> = None;
		let mut total = 0u128;
		let mut expires_at = Moment::MAX;
		let mut all_passed = true;
		let mut same_status = Some(first.status);
		let now = T::Time::now();
		for (_, lot) in inputs.iter() {
			ensure!(
				lot.product == product && lot.produced.unit == unit,
				Error::<T>::ProductMismatch
			);
			ensure!(lot.producer == producer, Error::<T>::ProducerMismatch);
			ensure!(lot.expires_at > now, Error::<T>::Expired);
			storage = match (storage, lot.storage) {
				(None, s) | (s, None) => s,
				(Some(a), Some(b)) => Some(a.intersection(&b).ok_or(Error::<T>::InvalidRange)?),
			};
			total = total.checked_add(lot.remaining).ok_or(Error::<T>::InvalidQuantity)?;
			expires_at = expires_at.min(lot.expires_at);
			all_passed &= lot.qc.passed;
			if same_status != Some(lot.status) {
				same_status = None;
			}
		}
		// As many parents as inputs, which are bounded by `MaxParents`.
		let parents = BoundedVec::<(LotId, u128), T::MaxParents>::truncate_from(
			inputs.iter().map(|(id, l)| (id.clone(), l.remaining)).collect(),
		);
		let mut out = Self::new_lot(
			org,
			product,
			Quantity::new(total, unit),
			expires_at,
			storage,
			parents,
			same_status.unwrap_or(LotStatus::Active),
			QcSummary { results: 0, passed: all_passed },
		);
		out.producer = producer;
		for (id, lot) in inputs.iter_mut() {
			let amount = lot.remaining;
			Self::consume(lot, amount)?;
			Children::<T>::insert(id, &output, amount);
		}
		{
			let mut refs: Vec<&mut LotOf<T>> = inputs.iter_mut().map(|(_, l)| l).collect();
			refs.push(&mut out);
			Self::emit(
				Event::Merged { inputs: ids.clone(), output: output.clone(), quantity: total },
				&mut refs,
			);
		}
		for (id, mut lot) in inputs {
			Self::emit(Event::LotConsumed { lot: id.clone() }, &mut [&mut lot]);
			Self::release_lot_deposit(&id);
			Lots::<T>::insert(&id, lot);
		}
		Lots::<T>::insert(&output, out);
		AncestryFilters::<T>::insert(&output, Self::child_filter(ids.iter()));
		Self::with_ancestry(T::WeightInfo::merge(ids.len() as u32), &budget)
	}

	pub(crate) fn do_destroy(org: OrgId, id: LotId) -> DispatchResult {
		let mut lot = Self::lot(&id)?;
		ensure!(lot.owner == org, Error::<T>::NotOwner);
		ensure!(lot.custodian == org, Error::<T>::NotCustodian);
		ensure!(
			!lot.status.is_final() && lot.status != LotStatus::InTransit,
			Error::<T>::InvalidStatus
		);
		ensure!(lot.lock.is_none(), Error::<T>::Locked);
		let quantity = lot.remaining;
		lot.written_off = lot.written_off.saturating_add(quantity);
		lot.remaining = 0;
		lot.status = LotStatus::Destroyed;
		TitleConsents::<T>::remove(&id);
		Self::emit(Event::LotDestroyed { lot: id.clone(), quantity }, &mut [&mut lot]);
		Lots::<T>::insert(&id, lot);
		Self::release_lot_deposit(&id);
		Ok(())
	}

	pub(crate) fn do_add_document(
		who: T::AccountId,
		id: LotId,
		kind: DocKind,
		hash: DocHash,
	) -> DispatchResult {
		let mut lot = Self::lot(&id)?;
		let allowed = [Role::Operator, Role::QaApprover].into_iter().any(|role| {
			T::Membership::acting_org(&who, role)
				.is_some_and(|o| o == lot.owner || o == lot.custodian)
		});
		ensure!(allowed, Error::<T>::NotAuthorized);
		lot.docs.try_push((kind, hash)).map_err(|_| Error::<T>::TooManyDocs)?;
		Self::emit(Event::DocumentAnchored { lot: id.clone(), kind, hash }, &mut [&mut lot]);
		Lots::<T>::insert(&id, lot);
		Ok(())
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl<T: Config> Pallet<T> {
	/// For other pallets' benchmarks: an active lot `id` of `amount` mg of `product`, made and
	/// owned by `owner`, held by `custodian`, 2–8 °C, expiring far in the future.
	pub fn bench_lot(
		id: LotId,
		product: ProductCode,
		owner: OrgId,
		custodian: OrgId,
		amount: u128,
	) {
		let mut lot = Self::new_lot(
			owner,
			product.clone(),
			Quantity::new(amount, bioledger_primitives::Unit::Milligram),
			Moment::MAX / 2,
			Some(TemperatureRange::COLD_CHAIN),
			Default::default(),
			LotStatus::Active,
			QcSummary::default(),
		);
		lot.custodian = custodian;
		Self::emit(
			Event::LotCreated { lot: id.clone(), product, producer: owner, quantity: lot.produced },
			&mut [&mut lot],
		);
		Lots::<T>::insert(&id, lot);
	}

	/// For other pallets' benchmarks: set a lot's status directly.
	pub fn bench_set_status(id: &LotId, status: LotStatus) {
		Lots::<T>::mutate(id, |l| {
			if let Some(l) = l {
				l.status = status;
			}
		});
	}
}
