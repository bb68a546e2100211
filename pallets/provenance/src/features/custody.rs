//! Shipments: ship, receive, refuse.

use super::common::AncestryBudget;
use crate::*;
use alloc::collections::BTreeSet;
use bioledger_primitives::ReceiptContext;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_ship(
		org: OrgId,
		ids: BoundedVec<LotId, T::MaxLotsPerShipment>,
		to: OrgId,
		carrier: Option<OrgId>,
		promised_at: Moment,
		transfers_ownership: bool,
	) -> DispatchResultWithPostInfo {
		ensure!(!ids.is_empty(), Error::<T>::Empty);
		ensure!(to != org, Error::<T>::SameOrg);
		ensure!(T::Membership::is_active(to), Error::<T>::InactiveOrg);
		ensure!(carrier.is_none_or(T::Membership::is_active), Error::<T>::InactiveOrg);
		let now = T::Time::now();
		ensure!(promised_at > now, Error::<T>::InvalidPromise);
		let shipment = NextShipmentId::<T>::get();
		let mut budget = AncestryBudget::default();
		let mut seen = BTreeSet::new();
		let mut lots: Vec<LotOf<T>> = Vec::with_capacity(ids.len());
		let mut consents_used: Vec<&LotId> = Vec::new();
		for id in ids.iter() {
			ensure!(seen.insert(id.clone()), Error::<T>::Duplicate);
			let mut lot = Self::lot(id)?;
			ensure!(lot.custodian == org, Error::<T>::NotCustodian);
			// Custody is not title: only the owner sells, itself or through its consent.
			if transfers_ownership && lot.owner != org {
				// A consent is the owner's: one given by an earlier owner no longer counts.
				ensure!(TitleConsents::<T>::get(id) == Some((lot.owner, to)), Error::<T>::NoTitle);
				consents_used.push(id);
			}
			ensure!(lot.recall.is_none(), Error::<T>::Recalled);
			ensure!(lot.status.shippable(), Error::<T>::InvalidStatus);
			Self::ensure_free(id, &lot, &mut budget)?;
			lot.held_status = Some(lot.status);
			lot.status = LotStatus::InTransit;
			lot.shipment = Some(shipment);
			lots.push(lot);
		}
		NextShipmentId::<T>::put(shipment + 1);
		for id in consents_used {
			TitleConsents::<T>::remove(id);
		}
		Shipments::<T>::insert(
			shipment,
			Shipment {
				from: org,
				to,
				carrier,
				lots: ids.clone(),
				transfers_ownership,
				shipped_at: now,
				promised_at,
				status: ShipmentStatus::InTransit,
				closed_at: None,
			},
		);
		for party in [Some(org), Some(to), carrier].into_iter().flatten() {
			OrgShipments::<T>::insert(party, shipment, ());
		}
		{
			let mut refs: Vec<&mut LotOf<T>> = lots.iter_mut().collect();
			Self::emit(
				Event::Shipped { shipment, from: org, to, carrier, lots: ids.clone(), promised_at },
				&mut refs,
			);
		}
		for (id, lot) in ids.iter().zip(lots) {
			Lots::<T>::insert(id, lot);
		}
		Self::with_ancestry(T::WeightInfo::ship(ids.len() as u32), &budget)
	}

	/// An in-transit shipment to `org` with at most `witness` lots.
	fn open_shipment(
		org: OrgId,
		id: ShipmentId,
		witness: u32,
	) -> Result<ShipmentOf<T>, DispatchError> {
		let s = Shipments::<T>::get(id).ok_or(Error::<T>::ShipmentNotFound)?;
		ensure!(s.to == org, Error::<T>::NotAuthorized);
		ensure!(s.status == ShipmentStatus::InTransit, Error::<T>::ShipmentClosed);
		ensure!(s.lots.len() as u32 <= witness, Error::<T>::WitnessTooLow);
		Ok(s)
	}

	pub(crate) fn do_consent_title(org: OrgId, id: LotId, to: Option<OrgId>) -> DispatchResult {
		let mut lot = Self::lot(&id)?;
		ensure!(lot.owner == org, Error::<T>::NotOwner);
		ensure!(!lot.status.is_final(), Error::<T>::InvalidStatus);
		// Title of a locked lot moves only through its lock holder (the receipt).
		ensure!(lot.lock.is_none(), Error::<T>::Locked);
		match to {
			Some(buyer) => {
				ensure!(buyer != org, Error::<T>::SameOrg);
				ensure!(T::Membership::is_active(buyer), Error::<T>::InactiveOrg);
				TitleConsents::<T>::insert(&id, (org, buyer));
			},
			None => TitleConsents::<T>::remove(&id),
		}
		Self::emit(Event::TitleConsentSet { lot: id.clone(), owner: org, to }, &mut [&mut lot]);
		Lots::<T>::insert(&id, lot);
		Ok(())
	}

	pub(crate) fn do_agree_promise(org: OrgId, id: ShipmentId) -> DispatchResult {
		let s = Shipments::<T>::get(id).ok_or(Error::<T>::ShipmentNotFound)?;
		ensure!(s.to == org, Error::<T>::NotAuthorized);
		ensure!(s.status == ShipmentStatus::InTransit, Error::<T>::ShipmentClosed);
		// A promise is agreed before it falls due, not once the receiver knows it was missed.
		ensure!(T::Time::now() < s.promised_at, Error::<T>::InvalidPromise);
		AgreedPromises::<T>::insert(id, ());
		Self::deposit_event(Event::PromiseAgreed { shipment: id, promised_at: s.promised_at });
		Ok(())
	}

	pub(crate) fn do_receive(
		org: OrgId,
		id: ShipmentId,
		witness: u32,
	) -> DispatchResultWithPostInfo {
		Self::migrate_shipment_first(id);
		let mut s = Self::open_shipment(org, id, witness)?;
		let now = T::Time::now();
		let promise_agreed = AgreedPromises::<T>::take(id).is_some();
		let mut lots: Vec<LotOf<T>> = Vec::with_capacity(s.lots.len());
		let mut quarantined: BoundedVec<LotId, T::MaxLotsPerShipment> = Default::default();
		for lot_id in s.lots.iter() {
			let mut lot = Self::lot(lot_id)?;
			lot.custodian = org;
			if s.transfers_ownership && lot.owner != org {
				lot.owner = org;
				// A consent the former owner gave does not survive its title.
				TitleConsents::<T>::remove(lot_id);
			}
			lot.shipment = None;
			let mut status = lot.held_status.take().unwrap_or(LotStatus::Active);
			let ctx = ReceiptContext {
				lot: lot_id,
				product: &lot.product,
				producer: lot.producer,
				from: s.from,
				to: s.to,
				carrier: s.carrier,
				shipment: id,
				promised_at: s.promised_at,
				promise_agreed,
				received_at: now,
			};
			let arrival = T::QcHook::on_received(&ctx);
			if !arrival.keep_release {
				// The supplier's release and its own pre-shipment results do not count where the
				// agreement makes the buyer's QA release after its own inspection.
				lot.qc.passed = false;
				if status == LotStatus::Released {
					status = LotStatus::Active;
				}
			}
			if arrival.quarantine && matches!(status, LotStatus::Active | LotStatus::Released) {
				status = LotStatus::Quarantined;
				// Bounded by the shipment's own bound.
				let _ = quarantined.try_push(lot_id.clone());
			}
			lot.status = status;
			lots.push(lot);
		}
		s.status = ShipmentStatus::Received;
		s.closed_at = Some(now);
		let n = s.lots.len() as u32;
		{
			let mut refs: Vec<&mut LotOf<T>> = lots.iter_mut().collect();
			Self::emit(
				Event::Received {
					shipment: id,
					by: org,
					ownership: s.transfers_ownership,
					quarantined,
				},
				&mut refs,
			);
		}
		for (lot_id, lot) in s.lots.iter().zip(lots) {
			Lots::<T>::insert(lot_id, lot);
		}
		Shipments::<T>::insert(id, s);
		Ok(Some(
			T::WeightInfo::receive(n)
				.saturating_add(T::QcHook::on_received_weight().saturating_mul(n.into())),
		)
		.into())
	}

	pub(crate) fn do_refuse(
		org: OrgId,
		id: ShipmentId,
		witness: u32,
	) -> DispatchResultWithPostInfo {
		let s = Self::open_shipment(org, id, witness)?;
		Self::send_back(id, s, ShipmentStatus::Refused, Event::Refused { shipment: id, by: org })
	}

	pub(crate) fn do_cancel_shipment(
		org: OrgId,
		id: ShipmentId,
		witness: u32,
	) -> DispatchResultWithPostInfo {
		let s = Shipments::<T>::get(id).ok_or(Error::<T>::ShipmentNotFound)?;
		ensure!(s.from == org, Error::<T>::NotAuthorized);
		ensure!(s.status == ShipmentStatus::InTransit, Error::<T>::ShipmentClosed);
		// The sender takes back a shipment its receiver can no longer receive, or one the
		// receiver left unanswered for `ShipmentTimeout` after the promised delivery.
		let overdue = T::Time::now() >= s.promised_at.saturating_add(T::ShipmentTimeout::get());
		ensure!(overdue || !T::Membership::is_active(s.to), Error::<T>::ReceiverActive);
		ensure!(s.lots.len() as u32 <= witness, Error::<T>::WitnessTooLow);
		let event = Event::ShipmentCancelled { shipment: id, by: org };
		Self::send_back(id, s, ShipmentStatus::Cancelled, event)
	}

	/// Close shipment `id` without delivery (refused or cancelled): every lot goes back to the
	/// sender as it was; `event` is hashed into each lot's trail.
	fn send_back(
		id: ShipmentId,
		mut s: ShipmentOf<T>,
		status: ShipmentStatus,
		event: Event<T>,
	) -> DispatchResultWithPostInfo {
		let mut lots: Vec<LotOf<T>> = Vec::with_capacity(s.lots.len());
		for lot_id in s.lots.iter() {
			let mut lot = Self::lot(lot_id)?;
			lot.shipment = None;
			lot.status = lot.held_status.take().unwrap_or(LotStatus::Active);
			lots.push(lot);
		}
		s.status = status;
		s.closed_at = Some(T::Time::now());
		AgreedPromises::<T>::remove(id);
		let n = s.lots.len() as u32;
		{
			let mut refs: Vec<&mut LotOf<T>> = lots.iter_mut().collect();
			Self::emit(event, &mut refs);
		}
		for (lot_id, lot) in s.lots.iter().zip(lots) {
			Lots::<T>::insert(lot_id, lot);
		}
		Shipments::<T>::insert(id, s);
		Ok(Some(T::WeightInfo::refuse(n)).into())
	}
}
