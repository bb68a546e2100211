//! Propose, accept, top up, repay, release and foreclose pledges; margin levels.

use crate::*;
use alloc::{collections::BTreeSet, vec::Vec};
use bioledger_primitives::OrgKind;
use sp_runtime::traits::Bounded;

impl<T: Config> Pallet<T> {
	/// Value the collateral of `pledge` from fresh prices at `now`.
	pub fn standing(pledge: &PledgeOf<T>, now: Moment) -> Result<Standing, DispatchError> {
		Self::value_of(&Self::load_receipts(pledge)?, pledge.currency, now)
	}

	/// Value already loaded `receipts` in `currency` from fresh prices at `now`.
	fn value_of(
		receipts: &[(ReceiptId, ReceiptOf<T>)],
		currency: CurrencyCode,
		now: Moment,
	) -> Result<Standing, DispatchError> {
		let mut cache: Vec<(ProductCode, BoundedVec<Feed, T::MaxFeedsPerProduct>, RiskParams)> =
			Vec::new();
		let mut st = Standing {
			value: 0,
			lending_value: 0,
			call_value: 0,
			liquidation_value: 0,
			oldest: Moment::MAX,
			feeds: u32::MAX,
		};
		for (_, r) in receipts {
			let i = match cache.iter().position(|(p, _, _)| *p == r.product) {
				Some(i) => i,
				None => {
					let feeds = Feeds::<T>::get(&r.product);
					let risk = Self::risk_of(&r.product);
					cache.push((r.product.clone(), feeds, risk));
					cache.len() - 1
				},
			};
			let (_, feeds, risk) = &cache[i];
			let q =
				Self::quote(feeds, r.quantity, currency, now).ok_or(Error::<T>::NoFreshPrice)?;
			st.value = st.value.saturating_add(q.value);
			st.lending_value = st.lending_value.saturating_add(risk.max_ltv.mul_floor(q.value));
			st.call_value = st.call_value.saturating_add(risk.margin_call.mul_floor(q.value));
			st.liquidation_value =
				st.liquidation_value.saturating_add(risk.liquidation.mul_floor(q.value));
			st.oldest = st.oldest.min(q.oldest);
			st.feeds = st.feeds.min(q.feeds);
		}
		Ok(st)
	}

	/// Move `pledge` to the margin level `standing` gives, emitting `MarginCall` when it rises
	/// and `MarginCallCured` when it is healthy again. Returns whether anything changed.
	pub(crate) fn update_margin(
		id: PledgeId,
		pledge: &mut PledgeOf<T>,
		standing: &Standing,
		now: Moment,
	) -> bool {
		let level = standing.level(pledge.outstanding);
		if level == pledge.margin {
			return false;
		}
		let ltv = standing.ltv(pledge.outstanding).unwrap_or_else(FixedU128::max_value);
		if level > pledge.margin {
			pledge.margin_since.get_or_insert(now);
			Self::emit(
				Event::MarginCall {
					pledge: id,
					level,
					ltv,
					value: standing.value,
					outstanding: pledge.outstanding,
				},
				&mut [&mut pledge.trail],
			);
		} else if level == MarginLevel::Healthy {
			pledge.margin_since = None;
			Self::emit(Event::MarginCallCured { pledge: id, ltv }, &mut [&mut pledge.trail]);
		}
		pledge.margin = level;
		true
	}

	/// Load receipts `ids` held by `org`, free, and valid until `maturity`. `existing` are
	/// already on the pledge (a duplicate of one of them is refused too).
	fn free_receipts(
		org: OrgId,
		ids: &[ReceiptId],
		existing: &[ReceiptId],
		maturity: Moment,
	) -> Result<Vec<(ReceiptId, ReceiptOf<T>)>, DispatchError> {
		ensure!(!ids.is_empty(), Error::<T>::NoReceipts);
		let mut seen: BTreeSet<ReceiptId> = existing.iter().copied().collect();
		ids.iter()
			.map(|id| {
				ensure!(seen.insert(*id), Error::<T>::DuplicateReceipt);
				let r = Self::held_receipt(org, *id)?;
				ensure!(r.pledge.is_none(), Error::<T>::Encumbered);
				ensure!(r.expires_at >= maturity, Error::<T>::ExpiresBeforeMaturity);
				Ok((*id, r))
			})
			.collect()
	}

	/// Add `id` to the pledge index of every product of `receipts`.
	fn index_products(id: PledgeId, receipts: &[(ReceiptId, ReceiptOf<T>)]) -> DispatchResult {
		for (_, r) in receipts {
			ProductPledges::<T>::try_mutate(&r.product, |list| -> DispatchResult {
				if !list.contains(&id) {
					list.try_push(id).map_err(|_| Error::<T>::TooManyPledges)?;
				}
				Ok(())
			})?;
		}
		Ok(())
	}

	/// Write `receipts` back.
	fn store_receipts(receipts: Vec<(ReceiptId, ReceiptOf<T>)>) {
		for (id, r) in receipts {
			Receipts::<T>::insert(id, r);
		}
	}

	/// Load the receipts of `pledge` (every one exists: `try_state` checks it).
	fn load_receipts(
		pledge: &PledgeOf<T>,
	) -> Result<Vec<(ReceiptId, ReceiptOf<T>)>, DispatchError> {
		pledge
			.receipts
			.iter()
			.map(|id| {
				Receipts::<T>::get(id)
					.map(|r| (*id, r))
					.ok_or(Error::<T>::ReceiptNotFound.into())
			})
			.collect()
	}

	pub(crate) fn do_propose(
		org: OrgId,
		lender: OrgId,
		ids: ReceiptsOf<T>,
		principal: u128,
		currency: CurrencyCode,
		maturity: Moment,
		contract: DocHash,
	) -> DispatchResult {
		let now = Self::now();
		ensure!(principal > 0 && is_currency_code(&currency), Error::<T>::InvalidTerms);
		ensure!(maturity > now, Error::<T>::InvalidExpiry);
		ensure!(lender != org, Error::<T>::SameOrg);
		ensure!(T::Membership::is_active(lender), Error::<T>::InactiveOrg);
		ensure!(T::Membership::kind_of(lender) == Some(OrgKind::Lender), Error::<T>::NotLender);
		let mut receipts = Self::free_receipts(org, &ids, &[], maturity)?;

		let id = NextPledgeId::<T>::get();
		NextPledgeId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		for (_, r) in receipts.iter_mut() {
			r.pledge = Some(id);
		}
		let mut pledge = PledgeInfo {
			financing: Financing::WarehouseReceipts,
			borrower: org,
			lender,
			receipts: ids,
			principal,
			outstanding: principal,
			currency,
			maturity,
			contract,
			proposed_at: now,
			accepted_at: None,
			status: PledgeStatus::Proposed,
			margin: MarginLevel::Healthy,
			margin_since: None,
			trail: Default::default(),
		};
		Self::emit_pledge(
			Event::PledgeProposed {
				pledge: id,
				borrower: org,
				lender,
				principal,
				currency,
				maturity,
			},
			&mut pledge,
			&mut receipts,
		);
		Self::store_receipts(receipts);
		Pledges::<T>::insert(id, pledge);
		Ok(())
	}

	/// Withdraw (by the borrower) or decline (by the lender) a proposal.
	pub(crate) fn do_close_proposal(org: OrgId, id: PledgeId, decline: bool) -> DispatchResult {
		let mut pledge = Pledges::<T>::get(id).ok_or(Error::<T>::PledgeNotFound)?;
		let party = if decline { pledge.lender } else { pledge.borrower };
		ensure!(party == org, Error::<T>::NotAuthorized);
		ensure!(pledge.status == PledgeStatus::Proposed, Error::<T>::InvalidPledgeState);
		let mut receipts = Self::load_receipts(&pledge)?;
		for (_, r) in receipts.iter_mut() {
			r.pledge = None;
		}
		let event = if decline {
			pledge.status = PledgeStatus::Declined;
			Event::PledgeDeclined { pledge: id }
		} else {
			pledge.status = PledgeStatus::Withdrawn;
			Event::PledgeWithdrawn { pledge: id }
		};
		Self::emit_pledge(event, &mut pledge, &mut receipts);
		Self::store_receipts(receipts);
		Pledges::<T>::insert(id, pledge);
		Ok(())
	}

	pub(crate) fn do_accept(org: OrgId, id: PledgeId) -> DispatchResult {
		let mut pledge = Pledges::<T>::get(id).ok_or(Error::<T>::PledgeNotFound)?;
		ensure!(pledge.lender == org, Error::<T>::NotAuthorized);
		ensure!(pledge.status == PledgeStatus::Proposed, Error::<T>::InvalidPledgeState);
		let now = Self::now();
		ensure!(
			T::Membership::has_valid_credential(org, T::LenderCredential::get(), now),
			Error::<T>::NoLicence
		);
		ensure!(T::Membership::is_active(pledge.borrower), Error::<T>::InactiveOrg);
		ensure!(pledge.maturity > now, Error::<T>::InvalidExpiry);
		let mut receipts = Self::load_receipts(&pledge)?;
		let standing = Self::value_of(&receipts, pledge.currency, now)?;
		ensure!(pledge.principal <= standing.lending_value, Error::<T>::LtvTooHigh);
		Self::index_products(id, &receipts)?;
		ActivePledges::<T>::insert(id, ());
		pledge.status = PledgeStatus::Active;
		pledge.accepted_at = Some(now);
		pledge.margin = standing.level(pledge.outstanding);
		let ltv = standing.ltv(pledge.outstanding).unwrap_or_else(FixedU128::max_value);
		Self::emit_pledge(
			Event::PledgeAccepted { pledge: id, value: standing.value, ltv },
			&mut pledge,
			&mut receipts,
		);
		Self::store_receipts(receipts);
		Pledges::<T>::insert(id, pledge);
		Ok(())
	}

	pub(crate) fn do_add_collateral(
		org: OrgId,
		id: PledgeId,
		ids: ReceiptsOf<T>,
	) -> DispatchResult {
		let mut pledge = Pledges::<T>::get(id).ok_or(Error::<T>::PledgeNotFound)?;
		ensure!(pledge.borrower == org, Error::<T>::NotAuthorized);
		ensure!(pledge.status == PledgeStatus::Active, Error::<T>::InvalidPledgeState);
		let mut receipts = Self::free_receipts(org, &ids, &pledge.receipts, pledge.maturity)?;
		for (rid, r) in receipts.iter_mut() {
			pledge.receipts.try_push(*rid).map_err(|_| Error::<T>::TooManyReceipts)?;
			r.pledge = Some(id);
		}
		Self::index_products(id, &receipts)?;
		Self::emit_pledge(
			Event::CollateralAdded { pledge: id, receipts: ids.len() as u32 },
			&mut pledge,
			&mut receipts,
		);
		Self::store_receipts(receipts);
		let now = Self::now();
		if let Ok(standing) = Self::standing(&pledge, now) {
			Self::update_margin(id, &mut pledge, &standing, now);
		}
		Pledges::<T>::insert(id, pledge);
		Ok(())
	}

	pub(crate) fn do_repay(org: OrgId, id: PledgeId, amount: u128) -> DispatchResult {
		let mut pledge = Pledges::<T>::get(id).ok_or(Error::<T>::PledgeNotFound)?;
		ensure!(pledge.lender == org, Error::<T>::NotAuthorized);
		ensure!(pledge.status == PledgeStatus::Active, Error::<T>::InvalidPledgeState);
		ensure!(amount > 0 && amount <= pledge.outstanding, Error::<T>::InvalidRepayment);
		pledge.outstanding -= amount;
		Self::emit(
			Event::RepaymentRecorded { pledge: id, amount, outstanding: pledge.outstanding },
			&mut [&mut pledge.trail],
		);
		let now = Self::now();
		if let Ok(standing) = Self::standing(&pledge, now) {
			Self::update_margin(id, &mut pledge, &standing, now);
		}
		Pledges::<T>::insert(id, pledge);
		Ok(())
	}

	/// Whether `pledge` is in default at `now`: past the liquidation line, or a margin call
	/// unanswered for the grace period, or past maturity plus the grace period. Without a fresh
	/// price the last evaluated level counts.
	fn in_default(
		pledge: &PledgeOf<T>,
		receipts: &[(ReceiptId, ReceiptOf<T>)],
		now: Moment,
	) -> bool {
		let grace = T::MarginGracePeriod::get();
		let level = Self::value_of(receipts, pledge.currency, now)
			.map(|s| s.level(pledge.outstanding))
			.unwrap_or(pledge.margin);
		level == MarginLevel::Liquidation
			|| (level != MarginLevel::Healthy
				&& pledge.margin_since.is_some_and(|s| now >= s.saturating_add(grace)))
			|| now >= pledge.maturity.saturating_add(grace)
	}

	/// Release (repaid) or foreclose (in default) an active pledge.
	pub(crate) fn do_finish(org: OrgId, id: PledgeId, foreclose: bool) -> DispatchResult {
		let mut pledge = Pledges::<T>::get(id).ok_or(Error::<T>::PledgeNotFound)?;
		ensure!(pledge.lender == org, Error::<T>::NotAuthorized);
		ensure!(pledge.status == PledgeStatus::Active, Error::<T>::InvalidPledgeState);
		let mut receipts = Self::load_receipts(&pledge)?;
		ensure!(
			!foreclose || Self::in_default(&pledge, &receipts, Self::now()),
			Error::<T>::NotInDefault
		);
		for (_, r) in receipts.iter() {
			ProductPledges::<T>::mutate(&r.product, |list| list.retain(|p| *p != id));
		}
		ActivePledges::<T>::remove(id);
		for (rid, r) in receipts.iter_mut() {
			r.pledge = None;
			if foreclose {
				HolderReceipts::<T>::remove(r.holder, *rid);
				HolderReceipts::<T>::insert(org, *rid, ());
				r.holder = org;
			}
		}
		let event = if foreclose {
			pledge.status = PledgeStatus::Foreclosed;
			Event::PledgeForeclosed { pledge: id, lender: org, outstanding: pledge.outstanding }
		} else {
			pledge.status = PledgeStatus::Released;
			pledge.outstanding = 0;
			Event::PledgeReleased { pledge: id }
		};
		pledge.margin = MarginLevel::Healthy;
		pledge.margin_since = None;
		Self::emit_pledge(event, &mut pledge, &mut receipts);
		Self::store_receipts(receipts);
		Pledges::<T>::insert(id, pledge);
		Ok(())
	}
}
