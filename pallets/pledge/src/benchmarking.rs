//! Benchmarks (frame-benchmarking v2), each at the worst case the bounds allow: full-length
//! ids, full receipts (`MaxLotsPerReceipt` lots each), every receipt of a pledge of a different
//! product (so valuing it reads one feed list and one risk entry per receipt), full feed lists
//! of admitted sources, and margin levels that change (so the events and writes happen).

use super::*;
use crate::Pallet as PledgePallet;
use alloc::{format, vec::Vec};
use bioledger_primitives::{OrgKind, Unit};
use frame_benchmarking::v2::*;
use frame_system::RawOrigin;

const DAY: Moment = 24 * 3_600_000;
const START: Moment = 1_000 * DAY;
const CNY: CurrencyCode = *b"CNY";
/// Milligrams in a kilogram.
const KG: u128 = 1_000_000;

/// A full-length id `prefix-<n>` padded with `x`.
fn full<const N: u32>(prefix: &str, n: u32) -> BoundedVec<u8, frame_support::traits::ConstU32<N>> {
	let mut v = format!("{prefix}-{n}-").into_bytes();
	v.resize(N as usize, b'x');
	BoundedVec::truncate_from(v)
}

fn product(n: u32) -> ProductCode {
	full::<{ bioledger_primitives::MAX_PRODUCT_CODE_LEN }>("PRODUCT", n)
}

fn lot(n: u32) -> LotId {
	full::<{ bioledger_primitives::MAX_LOT_ID_LEN }>("LOT", n)
}

/// `yuan` CNY in fen.
fn yuan(yuan: u128) -> u128 {
	yuan * 100
}

/// `yuan` CNY per kg.
fn per_kg(yuan: u128) -> Price {
	Price { currency: CNY, amount: yuan * 100, per: Quantity::new(KG, Unit::Milligram) }
}

struct Parties<A> {
	warehouse: OrgId,
	operator: A,
	holder: OrgId,
	holder_signer: A,
	lender: OrgId,
	lender_signer: A,
	feeders: Vec<(A, OrgId)>,
}

fn parties<T: Config>() -> Parties<T::AccountId> {
	T::BenchmarkHelper::set_time(START);
	let (operator, warehouse) = T::BenchmarkHelper::member(0, Role::Operator, OrgKind::Warehouse);
	let (holder_signer, holder) = T::BenchmarkHelper::member(1, Role::Signer, OrgKind::Cdmo);
	let (lender_signer, lender) = T::BenchmarkHelper::member(2, Role::Signer, OrgKind::Lender);
	let feeders = (0..T::MaxFeedsPerProduct::get())
		.map(|i| T::BenchmarkHelper::member(10 + i, Role::PriceFeeder, OrgKind::Auditor))
		.collect();
	Parties { warehouse, operator, holder, holder_signer, lender, lender_signer, feeders }
}

/// Lots `first..first + n` of `product` (`kg` each) at the warehouse, owned by the holder.
fn make_lots<T: Config>(
	p: &Parties<T::AccountId>,
	first: u32,
	n: u32,
	product: &ProductCode,
	kg: u128,
) -> LotsOf<T> {
	let ids: Vec<LotId> = (first..first + n).map(lot).collect();
	for id in ids.iter() {
		T::BenchmarkHelper::lot(id.clone(), product.clone(), p.holder, p.warehouse, kg * KG);
	}
	BoundedVec::truncate_from(ids)
}

/// Move chain time on by `PriceSettlement`: the sources may post again, and what they posted
/// before counts for a foreclosure.
fn settle<T: Config>() {
	T::BenchmarkHelper::set_time(PledgePallet::<T>::now() + T::PriceSettlement::get());
}

/// A receipt over `n` fresh lots of product `k`, `kg` each.
fn receipt<T: Config>(p: &Parties<T::AccountId>, k: u32, n: u32, kg: u128) -> ReceiptId {
	let id = NextReceiptId::<T>::get();
	let lots = make_lots::<T>(p, id as u32 * 1_000, n, &product(k), kg);
	PledgePallet::<T>::do_issue(
		p.warehouse,
		p.holder,
		lots,
		bioledger_primitives::TemperatureRange::COLD_CHAIN,
		START + 3_650 * DAY,
		[7; 32],
	)
	.expect("valid receipt; qed");
	id
}

/// Every feeder, an admitted source of product `k`, posts `yuan`/kg for it (a settlement
/// interval after its previous post, if any).
fn feed_all<T: Config>(p: &Parties<T::AccountId>, k: u32, yuan: u128) {
	let sources: Vec<OrgId> = p.feeders.iter().map(|(_, o)| *o).collect();
	PriceSources::<T>::insert(product(k), BoundedVec::truncate_from(sources));
	if !Feeds::<T>::get(product(k)).is_empty() {
		settle::<T>();
	}
	for (_, org) in p.feeders.iter() {
		PledgePallet::<T>::do_post_price(*org, product(k), per_kg(yuan)).expect("valid price; qed");
	}
}

/// A proposal over one receipt per `(product, kg)` item (priced at 1,000 CNY/kg unless the
/// product has prices already), for `principal` CNY.
fn proposal<T: Config>(
	p: &Parties<T::AccountId>,
	items: &[(u32, u128)],
	principal: u128,
) -> PledgeId {
	let ids: Vec<ReceiptId> = items
		.iter()
		.map(|(k, kg)| {
			if Feeds::<T>::get(product(*k)).is_empty() {
				feed_all::<T>(p, *k, 1_000);
			}
			receipt::<T>(p, *k, T::MaxLotsPerReceipt::get(), *kg)
		})
		.collect();
	let id = NextPledgeId::<T>::get();
	PledgePallet::<T>::do_propose(
		p.holder,
		p.lender,
		BoundedVec::truncate_from(ids),
		principal * 100,
		CNY,
		START + 365 * DAY,
		[3; 32],
	)
	.expect("valid proposal; qed");
	id
}

/// 100 kg receipts of products `first..first + r`.
fn items(first: u32, r: u32) -> Vec<(u32, u128)> {
	(first..first + r).map(|k| (k, 100)).collect()
}

/// 65 % of the value of `items` at 1,000 CNY/kg, in CNY: each item is a receipt of
/// `MaxLotsPerReceipt` lots of `kg` each.
fn principal_for<T: Config>(items: &[(u32, u128)]) -> u128 {
	let lots = T::MaxLotsPerReceipt::get() as u128;
	items.iter().map(|(_, kg)| kg * lots * 1_000).sum::<u128>() * 65 / 100
}

/// An accepted pledge over `items` at 65 % LTV.
fn active<T: Config>(p: &Parties<T::AccountId>, items: &[(u32, u128)]) -> PledgeId {
	let id = proposal::<T>(p, items, principal_for::<T>(items));
	PledgePallet::<T>::do_accept(p.lender, id).expect("within max LTV; qed");
	id
}

fn signed<T: Config>(who: &T::AccountId) -> RawOrigin<T::AccountId> {
	RawOrigin::Signed(who.clone())
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn issue_receipt(l: Linear<1, { T::MaxLotsPerReceipt::get() }>) {
		let p = parties::<T>();
		let lots = make_lots::<T>(&p, 0, l, &product(0), 100);
		#[extrinsic_call]
		_(
			signed::<T>(&p.operator),
			p.holder,
			lots,
			bioledger_primitives::TemperatureRange::COLD_CHAIN,
			START + DAY,
			[1; 32],
		);
		assert_eq!(LotReceipt::<T>::get(lot(l - 1)), Some(0));
	}

	/// The title of each of the `l` lots moves with the receipt.
	#[benchmark]
	fn transfer_receipt(l: Linear<1, { T::MaxLotsPerReceipt::get() }>) {
		let p = parties::<T>();
		let r = receipt::<T>(&p, 0, l, 100);
		#[extrinsic_call]
		_(signed::<T>(&p.holder_signer), r, p.lender);
		assert_eq!(Receipts::<T>::get(r).map(|r| r.holder), Some(p.lender));
		assert_eq!(T::Lots::facts(&lot(l - 1)).map(|f| f.owner), Some(p.lender));
	}

	#[benchmark]
	fn redeem(l: Linear<1, { T::MaxLotsPerReceipt::get() }>) {
		let p = parties::<T>();
		let r = receipt::<T>(&p, 0, l, 100);
		#[extrinsic_call]
		_(signed::<T>(&p.holder_signer), r);
		assert_eq!(Receipts::<T>::get(r).map(|r| r.status), Some(ReceiptStatus::Redeemed));
	}

	/// `p` active pledges on product 0, each over `MaxReceiptsPerPledge` receipts of different
	/// products with most of the value in product 0; the new price moves the median so far that
	/// every pledge passes the liquidation line.
	#[benchmark]
	fn post_price(p: Linear<0, { T::MaxPledgesPerProduct::get() }>) {
		let parties = parties::<T>();
		let r = T::MaxReceiptsPerPledge::get();
		feed_all::<T>(&parties, 0, 1_000);
		for i in 0..p {
			let mut list = alloc::vec![(0, 10_000)];
			list.extend(items(1 + i * r, r - 1));
			active::<T>(&parties, &list);
		}
		// Fewer than half of the feeders say 300 CNY: the (lower) median stays 1,000 …
		settle::<T>();
		let f = parties.feeders.len();
		for (_, org) in parties.feeders.iter().take((f - 1) / 2) {
			PledgePallet::<T>::do_post_price(*org, product(0), per_kg(300)).expect("valid; qed");
		}
		// … until the last one does too.
		let (last, _) = parties.feeders[f - 1].clone();
		#[extrinsic_call]
		_(signed::<T>(&last), product(0), per_kg(300));
		if p > 0 {
			let pl = Pledges::<T>::get(0).expect("exists; qed");
			assert_eq!(pl.margin, MarginLevel::Liquidation);
		}
	}

	#[benchmark]
	fn propose_pledge(r: Linear<1, { T::MaxReceiptsPerPledge::get() }>) {
		let p = parties::<T>();
		let ids: Vec<ReceiptId> =
			(0..r).map(|k| receipt::<T>(&p, k, T::MaxLotsPerReceipt::get(), 100)).collect();
		#[extrinsic_call]
		_(
			signed::<T>(&p.holder_signer),
			p.lender,
			BoundedVec::truncate_from(ids),
			yuan(1_000),
			CNY,
			START + 365 * DAY,
			[3; 32],
		);
		assert_eq!(Pledges::<T>::get(0).map(|p| p.status), Some(PledgeStatus::Proposed));
	}

	/// Withdraw and decline do the same work; one benchmark for both.
	#[benchmark]
	fn withdraw_pledge(r: Linear<1, { T::MaxReceiptsPerPledge::get() }>) {
		let p = parties::<T>();
		let id = proposal::<T>(&p, &items(0, r), 1_000);
		#[extrinsic_call]
		_(signed::<T>(&p.holder_signer), id);
		assert_eq!(Pledges::<T>::get(id).map(|p| p.status), Some(PledgeStatus::Withdrawn));
	}

	#[benchmark]
	fn accept_pledge(r: Linear<1, { T::MaxReceiptsPerPledge::get() }>) {
		let p = parties::<T>();
		let list = items(0, r);
		let id = proposal::<T>(&p, &list, principal_for::<T>(&list));
		#[extrinsic_call]
		_(signed::<T>(&p.lender_signer), id);
		assert_eq!(Pledges::<T>::get(id).map(|p| p.status), Some(PledgeStatus::Active));
	}

	/// A pledge of one receipt under a margin call gets `r - 1` more, which cures it.
	#[benchmark]
	fn add_collateral(r: Linear<2, { T::MaxReceiptsPerPledge::get() }>) {
		let p = parties::<T>();
		let id = active::<T>(&p, &items(0, 1));
		feed_all::<T>(&p, 0, 700);
		let ids: Vec<ReceiptId> = (1..r)
			.map(|k| {
				feed_all::<T>(&p, k, 1_000);
				receipt::<T>(&p, k, T::MaxLotsPerReceipt::get(), 100)
			})
			.collect();
		#[extrinsic_call]
		_(signed::<T>(&p.holder_signer), id, BoundedVec::truncate_from(ids));
		let pl = Pledges::<T>::get(id).expect("exists; qed");
		assert_eq!((pl.receipts.len() as u32, pl.margin), (r, MarginLevel::Healthy));
	}

	/// A repayment on a pledge of `r` receipts under a margin call cures it.
	#[benchmark]
	fn record_repayment(r: Linear<1, { T::MaxReceiptsPerPledge::get() }>) {
		let p = parties::<T>();
		let id = active::<T>(&p, &items(0, r));
		for k in 0..r {
			feed_all::<T>(&p, k, 800);
		}
		assert_eq!(Pledges::<T>::get(id).map(|p| p.margin), Some(MarginLevel::Call));
		// Half the loan back: LTV from 81 % to 41 %, whatever the receipts' size in this runtime.
		let half = Pledges::<T>::get(id).map(|p| p.outstanding / 2).unwrap_or_default();
		#[extrinsic_call]
		_(signed::<T>(&p.lender_signer), id, half);
		assert_eq!(Pledges::<T>::get(id).map(|p| p.margin), Some(MarginLevel::Healthy));
	}

	#[benchmark]
	fn release(r: Linear<1, { T::MaxReceiptsPerPledge::get() }>) {
		let p = parties::<T>();
		let id = active::<T>(&p, &items(0, r));
		#[extrinsic_call]
		_(signed::<T>(&p.lender_signer), id);
		assert_eq!(Pledges::<T>::get(id).map(|p| p.status), Some(PledgeStatus::Released));
	}

	/// Foreclosure past the liquidation line on settled prices (the default check values every
	/// receipt; the title of every lot moves to the lender).
	#[benchmark]
	fn foreclose(r: Linear<1, { T::MaxReceiptsPerPledge::get() }>) {
		let p = parties::<T>();
		let id = active::<T>(&p, &items(0, r));
		for k in 0..r {
			feed_all::<T>(&p, k, 500);
		}
		settle::<T>();
		#[extrinsic_call]
		_(signed::<T>(&p.lender_signer), id);
		assert_eq!(Pledges::<T>::get(id).map(|p| p.status), Some(PledgeStatus::Foreclosed));
	}

	#[benchmark]
	fn add_price_source() -> Result<(), BenchmarkError> {
		let p = parties::<T>();
		let n = T::MaxFeedsPerProduct::get() as usize;
		let sources: Vec<OrgId> = p.feeders.iter().take(n - 1).map(|(_, o)| *o).collect();
		PriceSources::<T>::insert(product(0), BoundedVec::truncate_from(sources));
		let org = p.feeders[n - 1].1;
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, product(0), org);
		assert!(PriceSources::<T>::get(product(0)).contains(&org));
		Ok(())
	}

	#[benchmark]
	fn remove_price_source() -> Result<(), BenchmarkError> {
		let p = parties::<T>();
		feed_all::<T>(&p, 0, 1_000);
		let org = p.feeders[0].1;
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, product(0), org);
		assert!(!PriceSources::<T>::get(product(0)).contains(&org));
		assert!(Feeds::<T>::get(product(0)).iter().all(|f| f.org != org));
		Ok(())
	}

	/// A lot of a full pledge is quarantined: its receipt is marked and the pledge, valued
	/// over every receipt and owing exactly its liquidation value, crosses the liquidation line
	/// (event and writes).
	#[benchmark]
	fn on_locked_lot_changed() {
		let p = parties::<T>();
		let id = active::<T>(&p, &items(0, T::MaxReceiptsPerPledge::get()));
		let mut pledge = Pledges::<T>::get(id).expect("exists; qed");
		let now = PledgePallet::<T>::now();
		let st = PledgePallet::<T>::standing(&pledge, now, PriceView::Fresh).expect("priced");
		pledge.principal = st.liquidation_value;
		pledge.outstanding = st.liquidation_value;
		pledge.margin = MarginLevel::Call;
		pledge.margin_since = Some(now);
		Pledges::<T>::insert(id, pledge.clone());
		let receipt = pledge.receipts[0];
		let first = Receipts::<T>::get(receipt).expect("exists; qed").lots[0].lot.clone();
		T::BenchmarkHelper::quarantine(&first);
		#[block]
		{
			<PledgePallet<T> as bioledger_primitives::LockHolderHooks>::on_locked_lot_changed(
				&first,
				PledgePallet::<T>::lock_holder(receipt),
			);
		}
		assert_eq!(Pledges::<T>::get(id).map(|p| p.margin), Some(MarginLevel::Liquidation));
	}

	#[benchmark]
	fn set_risk_params() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let params = T::DefaultRisk::get();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, product(0), params);
		assert_eq!(Risk::<T>::get(product(0)), Some(params));
		Ok(())
	}

	impl_benchmark_test_suite!(PledgePallet, crate::mock::ExtBuilder::build(), crate::mock::Test);
}
