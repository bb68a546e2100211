//! Propose, accept, top up, repay, release and foreclose pledges; margin levels.

use crate::*;
use alloc::{collections::BTreeSet, vec::Vec};
use bioledger_primitives::OrgKind;
use sp_runtime::traits::Bounded;

impl<T: Config> Pallet<T> {
	/// Value the collateral of `pledge` at `now` from the price points `view` allows.
	pub fn standing(
		pledge: &PledgeOf<T>,
		now: Moment,
		view: PriceView,
	) -> Result<Standing, DispatchError> {
		Self::value_of(&Self::load_receipts(pledge)?, pledge, now, view)
	}

	/// Value already loaded `receipts` of `pledge` in its currency at `now`, from feeds of
	/// sources other than its parties. A receipt whose lots all value at zero (recalled,
	/// rejected, quarantined or expired) needs no price; one with valuable lots needs a quorum.
	pub(crate) fn value_of(
		receipts: &[(ReceiptId, ReceiptOf<T>)],
		pledge: &PledgeOf<T>,
		now: Moment,
		view: PriceView,
	) -> Result<Standing, DispatchError> {
		let parties = [pledge.borrower, pledge.lender];
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
		let add = |a: u128, b: u128| a.checked_add(b).ok_or(Error::<T>::Overflow);
		for (_, r) in receipts {
			let amount = r.valuable_amount(now, view, &|since| Self::grace_over(since, now));
			if amount == 0 {
				continue;
			}
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
				Self::quote(feeds, amount, r.quantity.unit, pledge.currency, now, &parties, view)?
					.ok_or(Error::<T>::NoFreshPrice)?;
			st.value = add(st.value, q.value)?;
			st.lending_value = add(st.lending_value, risk.max_ltv.mul_floor(q.value))?;
			st.call_value = add(st.call_value, risk.margin_call.mul_floor(q.value))?;
			st.liquidation_value = add(st.liquidation_value, risk.liquidation.mul_floor(q.value))?;
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

	/// Load receipts `ids` held by `org`, free, valid until `maturity`, and with every lot
	/// valuable now. `existing` are already on the pledge (a duplicate of one of them is
	/// refused too).
	fn free_receipts(
		org: OrgId,
		ids: &[ReceiptId],
		existing: &[ReceiptId],
		maturity: Moment,
	) -> Result<Vec<(ReceiptId, ReceiptOf<T>)>, DispatchError> {
		ensure!(!ids.is_empty(), Error::<T>::NoReceipts);
		let now = Self::now();
		let mut seen: BTreeSet<ReceiptId> = existing.iter().copied().collect();
		ids.iter()
			.map(|id| {
				ensure!(seen.insert(*id), Error::<T>::DuplicateReceipt);
				let r = Self::held_receipt(org, *id)?;
				ensure!(r.pledge.is_none(), Error::<T>::Encumbered);
				ensure!(r.expires_at >= maturity, Error::<T>::ExpiresBeforeMaturity);
				ensure!(r.fully_valuable(now), Error::<T>::LotUnusable);
				ensure!(Self::lots_usable_now(&r), Error::<T>::LotUnusable);
				Ok((*id, r))
			})
			.collect()
	}

	/// Add `id` to the pledge index of every product of `receipts`. Each party holds at most
	/// `MaxPledgesPerParty` of a product's index entries, so that a borrower and a lender
	/// colluding with dust pledges cannot fill it for everyone else.
	fn index_products(
		id: PledgeId,
		parties: [OrgId; 2],
		receipts: &[(ReceiptId, ReceiptOf<T>)],
	) -> DispatchResult {
		for (_, r) in receipts {
			let added = ProductPledges::<T>::try_mutate(
				&r.product,
				|list| -> Result<bool, DispatchError> {
					if list.contains(&id) {
						return Ok(false);
					}
					list.try_push(id).map_err(|_| Error::<T>::TooManyPledges)?;
					Ok(true)
				},
			)?;
			if added {
				for party in parties {
					PartyIndexEntries::<T>::try_mutate(&r.product, party, |n| -> DispatchResult {
						ensure!(*n < T::MaxPledgesPerParty::get(), Error::<T>::TooManyPledges);
						*n += 1;
						Ok(())
					})?;
				}
			}
		}
		Ok(())
	}

	/// Take `id` out of the pledge index of every product of `receipts`.
	fn unindex_products(id: PledgeId, parties: [OrgId; 2], receipts: &[(ReceiptId, ReceiptOf<T>)]) {
		for (_, r) in receipts {
			let mut removed = false;
			ProductPledges::<T>::mutate(&r.product, |list| {
				let before = list.len();
				list.retain(|p| *p != id);
				removed = list.len() != before;
			});
			if removed {
				for party in parties {
					PartyIndexEntries::<T>::mutate_exists(&r.product, party, |n| {
						*n = n.and_then(|n| n.checked_sub(1)).filter(|n| *n > 0);
					});
				}
			}
		}
	}

	/// Whether every lot of `r` is usable now, as provenance sees it: neither recalled nor
	/// possibly reached by a recall walk still running (a receipt's own record of its lots'
	/// condition is updated only when provenance reaches a lot).
	pub(crate) fn lots_usable_now(r: &ReceiptOf<T>) -> bool {
		r.lots
			.iter()
			.all(|l| T::Lots::facts(&l.lot).is_some_and(|f| f.usable && !f.recall_pending))
	}

	/// Write `receipts` back.
	fn store_receipts(receipts: Vec<(ReceiptId, ReceiptOf<T>)>) {
		for (id, r) in receipts {
			Receipts::<T>::insert(id, r);
		}
	}

	/// Load the receipts of `pledge` (every one exists: `try_state` checks it).
	pub(crate) fn load_receipts(
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
			T::Membership::qualified(org, GatedAction::AcceptPledges, now).is_ok(),
			Error::<T>::NoLicence
		);
		ensure!(T::Membership::is_active(pledge.borrower), Error::<T>::InactiveOrg);
		ensure!(pledge.maturity > now, Error::<T>::InvalidExpiry);
		let mut receipts = Self::load_receipts(&pledge)?;
		ensure!(
			receipts.iter().all(|(_, r)| r.fully_valuable(now) && Self::lots_usable_now(r)),
			Error::<T>::LotUnusable
		);
		let standing = Self::value_of(&receipts, &pledge, now, PriceView::Fresh)?;
		ensure!(pledge.principal <= standing.lending_value, Error::<T>::LtvTooHigh);
		Self::index_products(id, [pledge.borrower, pledge.lender], &receipts)?;
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
		Self::index_products(id, [pledge.borrower, pledge.lender], &receipts)?;
		Self::emit_pledge(
			Event::CollateralAdded { pledge: id, receipts: ids.len() as u32 },
			&mut pledge,
			&mut receipts,
		);
		Self::store_receipts(receipts);
		let now = Self::now();
		if let Ok(standing) = Self::standing(&pledge, now, PriceView::Fresh) {
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
		if pledge.outstanding == 0 {
			// Repaid: the pledge releases itself; nothing is left to foreclose.
			Pledges::<T>::insert(id, pledge);
			return Self::finish(id, org, false);
		}
		let now = Self::now();
		if let Ok(standing) = Self::standing(&pledge, now, PriceView::Fresh) {
			Self::update_margin(id, &mut pledge, &standing, now);
		}
		Pledges::<T>::insert(id, pledge);
		Ok(())
	}

	/// Whether `pledge` is in default at `now`. Never with nothing owed. Otherwise: valued from
	/// *settled* price points only, past the liquidation line, or a margin call unanswered for
	/// the grace period; or past maturity plus the grace period. Without a settled quorum only
	/// the maturity ground (or collateral worth nothing, which needs no price) counts.
	fn in_default(
		pledge: &PledgeOf<T>,
		receipts: &[(ReceiptId, ReceiptOf<T>)],
		now: Moment,
	) -> bool {
		if pledge.outstanding == 0 {
			return false;
		}
		let past_maturity = now >= pledge.maturity && Self::grace_over(pledge.maturity, now);
		let Ok(standing) = Self::value_of(receipts, pledge, now, PriceView::Settled) else {
			return past_maturity;
		};
		let level = standing.level(pledge.outstanding);
		level == MarginLevel::Liquidation
			|| (level != MarginLevel::Healthy
				&& pledge.margin_since.is_some_and(|s| Self::grace_over(s, now)))
			|| past_maturity
	}

	/// Whether `MarginGracePeriod` has passed since `since`, not counting time the chain spent
	/// in safe mode (when the borrower could not top up, repay or release).
	pub(crate) fn grace_over(since: Moment, now: Moment) -> bool {
		let stood = now.saturating_sub(since).saturating_sub(
			<T::Paused as bioledger_primitives::PausedTime>::paused_between(since, now),
		);
		now >= since && stood >= T::MarginGracePeriod::get()
	}

	/// Release (confirmed by the lender) or foreclose (in default) an active pledge.
	pub(crate) fn do_finish(org: OrgId, id: PledgeId, foreclose: bool) -> DispatchResult {
		let pledge = Pledges::<T>::get(id).ok_or(Error::<T>::PledgeNotFound)?;
		ensure!(pledge.lender == org, Error::<T>::NotAuthorized);
		ensure!(pledge.status == PledgeStatus::Active, Error::<T>::InvalidPledgeState);
		if foreclose {
			let receipts = Self::load_receipts(&pledge)?;
			ensure!(Self::in_default(&pledge, &receipts, Self::now()), Error::<T>::NotInDefault);
		}
		Self::finish(id, org, foreclose)
	}

	/// Governance settles an active pledge one of whose parties can no longer act.
	pub(crate) fn do_resolve(id: PledgeId, foreclose: bool) -> DispatchResult {
		let pledge = Pledges::<T>::get(id).ok_or(Error::<T>::PledgeNotFound)?;
		ensure!(pledge.status == PledgeStatus::Active, Error::<T>::InvalidPledgeState);
		ensure!(
			!T::Membership::is_active(pledge.borrower) || !T::Membership::is_active(pledge.lender),
			Error::<T>::PartiesActive
		);
		Self::finish(id, pledge.lender, foreclose)
	}

	/// Close active pledge `id`: release its receipts to the borrower, or (foreclosure) make
	/// `lender` their holder and the owner of their lots.
	fn finish(id: PledgeId, lender: OrgId, foreclose: bool) -> DispatchResult {
		let mut pledge = Pledges::<T>::get(id).ok_or(Error::<T>::PledgeNotFound)?;
		let mut receipts = Self::load_receipts(&pledge)?;
		Self::unindex_products(id, [pledge.borrower, pledge.lender], &receipts);
		ActivePledges::<T>::remove(id);
		for (rid, r) in receipts.iter_mut() {
			r.pledge = None;
			if foreclose {
				Self::move_receipt(*rid, r, lender)?;
			}
		}
		let event = if foreclose {
			pledge.status = PledgeStatus::Foreclosed;
			Event::PledgeForeclosed { pledge: id, lender, outstanding: pledge.outstanding }
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
