//! Benchmarks (frame-benchmarking v2), each at the worst case the bounds allow.

use super::*;
use crate::Pallet as Provenance;
use bioledger_primitives::{OrgKind, QcVerdict, Unit, MAX_LOT_ID_LEN};
use frame_benchmarking::v2::*;
use frame_system::RawOrigin;

/// A lot id of maximal length ending in `n` (worst case for hashing and storage).
fn lot_id(tag: &str, n: u32) -> LotId {
	let mut v = alloc::format!("{tag}-{n}-").into_bytes();
	v.resize(MAX_LOT_ID_LEN as usize, b'X');
	v.try_into().expect("fits; qed")
}

fn product() -> ProductCode {
	alloc::vec![b'P'; bioledger_primitives::MAX_PRODUCT_CODE_LEN as usize]
		.try_into()
		.expect("fits; qed")
}

const FAR: Moment = u64::MAX / 2;

fn quantity(n: u128) -> Quantity {
	Quantity::new(n, Unit::Milligram)
}

/// An operator and QA approver of a producer with every credential.
fn producer<T: Config>(seed: u32) -> (T::AccountId, T::AccountId, OrgId) {
	let (op, org) = T::BenchmarkHelper::member(seed, Role::Operator, OrgKind::Cdmo);
	let (qa, _) = T::BenchmarkHelper::member(seed, Role::QaApprover, OrgKind::Cdmo);
	(op, qa, org)
}

fn create<T: Config>(op: &T::AccountId, id: &LotId, amount: u128) {
	Provenance::<T>::create_lot(
		RawOrigin::Signed(op.clone()).into(),
		id.clone(),
		product(),
		quantity(amount),
		FAR,
		Some(TemperatureRange::COLD_CHAIN),
	)
	.expect("create");
}

/// Fill a lot's document list up to `MaxDocs - 1`.
fn fill_docs<T: Config>(id: &LotId) {
	Lots::<T>::mutate(id, |l| {
		let l = l.as_mut().expect("exists; qed");
		while (l.docs.len() as u32) + 1 < T::MaxDocs::get() {
			let _ = l.docs.try_push((DocKind::Other, [0; 32]));
		}
	});
}

/// `event` is the last event, or the one before a deposit's `Held` event.
fn assert_last_event<T: Config>(event: Event<T>) {
	let event: <T as frame_system::Config>::RuntimeEvent = event.into();
	let events = frame_system::Pallet::<T>::events();
	assert!(events.iter().rev().take(2).any(|e| e.event == event), "{event:?} not emitted last");
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create_lot() {
		let (op, _, org) = producer::<T>(0);
		let id = lot_id("L", 0);
		#[extrinsic_call]
		_(
			RawOrigin::Signed(op),
			id.clone(),
			product(),
			quantity(1_000),
			FAR,
			Some(TemperatureRange::COLD_CHAIN),
		);
		assert_last_event::<T>(Event::LotCreated {
			lot: id,
			product: product(),
			producer: org,
			quantity: quantity(1_000),
		});
	}

	/// `o` outputs, each consuming from the same `i` inputs.
	#[benchmark]
	fn transform(o: Linear<1, { T::MaxOutputs::get() }>, i: Linear<1, { T::MaxParents::get() }>) {
		let (op, _, _) = producer::<T>(0);
		let inputs: Vec<LotId> = (0..i).map(|n| lot_id("IN", n)).collect();
		for id in &inputs {
			create::<T>(&op, id, 1_000_000);
		}
		let outputs: Vec<OutputLotOf<T>> = (0..o)
			.map(|n| OutputLot {
				id: lot_id("OUT", n),
				product: product(),
				quantity: quantity(10),
				expires_at: FAR,
				storage: Some(TemperatureRange::COLD_CHAIN),
				inputs: inputs
					.iter()
					.map(|id| (id.clone(), 1))
					.collect::<Vec<_>>()
					.try_into()
					.expect("bounded; qed"),
			})
			.collect();
		#[extrinsic_call]
		_(RawOrigin::Signed(op), outputs.try_into().expect("bounded; qed"));
		assert!(Lots::<T>::contains_key(lot_id("OUT", o - 1)));
	}

	#[benchmark]
	fn split(n: Linear<1, { T::MaxOutputs::get() }>) {
		let (op, _, _) = producer::<T>(0);
		let src = lot_id("SRC", 0);
		create::<T>(&op, &src, 1_000_000);
		let parts: Vec<(LotId, u128)> = (0..n).map(|k| (lot_id("PART", k), 10)).collect();
		#[extrinsic_call]
		_(RawOrigin::Signed(op), src, parts.try_into().expect("bounded; qed"));
		assert!(Lots::<T>::contains_key(lot_id("PART", n - 1)));
	}

	#[benchmark]
	fn merge(n: Linear<2, { T::MaxParents::get() }>) {
		let (op, _, _) = producer::<T>(0);
		let inputs: Vec<LotId> = (0..n).map(|k| lot_id("M", k)).collect();
		for id in &inputs {
			create::<T>(&op, id, 1_000);
		}
		let out = lot_id("MERGED", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(op), inputs.try_into().expect("bounded; qed"), out.clone());
		assert_eq!(Lots::<T>::get(out).map(|l| l.remaining), Some(1_000 * n as u128));
	}

	/// The worst case: a custodian that does not own the lots sells them with the owner's
	/// consent for each (every consent read and used up).
	#[benchmark]
	fn ship(n: Linear<1, { T::MaxLotsPerShipment::get() }>) {
		let (op, _, owner) = producer::<T>(0);
		let (signer, _) = T::BenchmarkHelper::member(0, Role::Signer, OrgKind::Cdmo);
		let (keeper, custodian) = T::BenchmarkHelper::member(1, Role::Operator, OrgKind::Warehouse);
		let (_, to) = T::BenchmarkHelper::member(2, Role::Operator, OrgKind::Manufacturer);
		let (_, carrier) = T::BenchmarkHelper::member(3, Role::Operator, OrgKind::Logistics);
		let ids: Vec<LotId> = (0..n).map(|k| lot_id("S", k)).collect();
		for id in &ids {
			create::<T>(&op, id, 1_000);
			Lots::<T>::mutate(id, |l| {
				if let Some(l) = l {
					l.custodian = custodian;
				}
			});
			Provenance::<T>::consent_title_transfer(
				RawOrigin::Signed(signer.clone()).into(),
				id.clone(),
				Some(to),
			)
			.expect("consent");
		}
		#[extrinsic_call]
		_(
			RawOrigin::Signed(keeper),
			ids.try_into().expect("bounded; qed"),
			to,
			Some(carrier),
			FAR,
			true,
		);
		assert_eq!(NextShipmentId::<T>::get(), 1);
		assert_eq!(TitleConsents::<T>::iter().count(), 0);
		let _ = owner;
	}

	#[benchmark]
	fn consent_title_transfer() {
		let (op, _, _) = producer::<T>(0);
		let (signer, owner) = T::BenchmarkHelper::member(0, Role::Signer, OrgKind::Cdmo);
		let (_, to) = T::BenchmarkHelper::member(1, Role::Operator, OrgKind::Manufacturer);
		let id = lot_id("T", 0);
		create::<T>(&op, &id, 1_000);
		#[extrinsic_call]
		_(RawOrigin::Signed(signer), id.clone(), Some(to));
		assert_eq!(TitleConsents::<T>::get(&id), Some((owner, to)));
	}

	#[benchmark]
	fn agree_promise() {
		let (op, _, _) = producer::<T>(0);
		let (receiver, to) = T::BenchmarkHelper::member(1, Role::Operator, OrgKind::Manufacturer);
		let id = lot_id("S", 0);
		create::<T>(&op, &id, 1_000);
		Provenance::<T>::ship(
			RawOrigin::Signed(op).into(),
			alloc::vec![id].try_into().expect("bounded; qed"),
			to,
			None,
			FAR,
			true,
		)
		.expect("ship");
		#[extrinsic_call]
		_(RawOrigin::Signed(receiver), 0);
		assert!(AgreedPromises::<T>::contains_key(0));
	}

	#[benchmark]
	fn receive(n: Linear<1, { T::MaxLotsPerShipment::get() }>) {
		let (op, _, _) = producer::<T>(0);
		let (receiver, to) = T::BenchmarkHelper::member(1, Role::Operator, OrgKind::Manufacturer);
		let ids: Vec<LotId> = (0..n).map(|k| lot_id("S", k)).collect();
		for id in &ids {
			create::<T>(&op, id, 1_000);
		}
		Provenance::<T>::ship(
			RawOrigin::Signed(op).into(),
			ids.try_into().expect("bounded; qed"),
			to,
			None,
			FAR,
			true,
		)
		.expect("ship");
		Provenance::<T>::agree_promise(RawOrigin::Signed(receiver.clone()).into(), 0)
			.expect("agree");
		#[extrinsic_call]
		_(RawOrigin::Signed(receiver), 0, n);
		assert_eq!(Shipments::<T>::get(0).map(|s| s.status), Some(ShipmentStatus::Received));
	}

	#[benchmark]
	fn refuse(n: Linear<1, { T::MaxLotsPerShipment::get() }>) {
		let (op, _, _) = producer::<T>(0);
		let (receiver, to) = T::BenchmarkHelper::member(1, Role::Operator, OrgKind::Manufacturer);
		let ids: Vec<LotId> = (0..n).map(|k| lot_id("S", k)).collect();
		for id in &ids {
			create::<T>(&op, id, 1_000);
		}
		Provenance::<T>::ship(
			RawOrigin::Signed(op).into(),
			ids.try_into().expect("bounded; qed"),
			to,
			None,
			FAR,
			true,
		)
		.expect("ship");
		#[extrinsic_call]
		_(RawOrigin::Signed(receiver), 0, n);
		assert_eq!(Shipments::<T>::get(0).map(|s| s.status), Some(ShipmentStatus::Refused));
	}

	#[benchmark]
	fn record_qc_result(p: Linear<1, { T::MaxQcParams::get() }>) {
		let (op, qa, org) = producer::<T>(0);
		let id = lot_id("QC", 0);
		create::<T>(&op, &id, 1_000);
		let params: Vec<QcParam> = (0..p)
			.map(|k| QcParam {
				code: alloc::vec![b'A' + (k % 26) as u8; 16].try_into().expect("fits; qed"),
				value: k as i64,
				unit: alloc::vec![b'u'; 8].try_into().expect("fits; qed"),
			})
			.collect();
		#[extrinsic_call]
		_(RawOrigin::Signed(qa), id.clone(), params.try_into().expect("bounded; qed"), [1; 32]);
		assert!(QcResults::<T>::contains_key(&id, 0));
		let _ = (org, QcVerdict::Pass);
	}

	#[benchmark]
	fn set_status() {
		let (op, qa, _) = producer::<T>(0);
		let id = lot_id("REL", 0);
		create::<T>(&op, &id, 1_000);
		Provenance::<T>::record_qc_result(
			RawOrigin::Signed(qa.clone()).into(),
			id.clone(),
			alloc::vec![QcParam {
				code: b"A".to_vec().try_into().unwrap(),
				value: 1,
				unit: b"u".to_vec().try_into().unwrap()
			}]
			.try_into()
			.unwrap(),
			[1; 32],
		)
		.expect("qc");
		#[extrinsic_call]
		_(RawOrigin::Signed(qa), id.clone(), LotStatus::Released);
		assert_eq!(Lots::<T>::get(&id).map(|l| l.status), Some(LotStatus::Released));
	}

	#[benchmark]
	fn recall() {
		let (op, qa, _) = producer::<T>(0);
		let id = lot_id("R", 0);
		create::<T>(&op, &id, 1_000);
		#[extrinsic_call]
		_(RawOrigin::Signed(qa), id.clone(), [2; 32]);
		assert_eq!(Lots::<T>::get(&id).and_then(|l| l.recall), Some(0));
	}

	#[benchmark]
	fn report_excursion() {
		let (op, _, _) = producer::<T>(0);
		let (sensor, _) = T::BenchmarkHelper::member(0, Role::SensorGateway, OrgKind::Cdmo);
		let id = lot_id("EX", 0);
		create::<T>(&op, &id, 1_000);
		#[extrinsic_call]
		_(RawOrigin::Signed(sensor), id.clone(), 900, 1_200, 1_800, [3; 32]);
		assert_eq!(Lots::<T>::get(&id).map(|l| l.status), Some(LotStatus::Quarantined));
	}

	#[benchmark]
	fn destroy() {
		let (op, _, _) = producer::<T>(0);
		let id = lot_id("D", 0);
		create::<T>(&op, &id, 1_000);
		#[extrinsic_call]
		_(RawOrigin::Signed(op), id.clone());
		assert_eq!(Lots::<T>::get(&id).map(|l| l.status), Some(LotStatus::Destroyed));
	}

	#[benchmark]
	fn add_document() {
		let (op, _, _) = producer::<T>(0);
		let id = lot_id("DOC", 0);
		create::<T>(&op, &id, 1_000);
		fill_docs::<T>(&id);
		#[extrinsic_call]
		_(RawOrigin::Signed(op), id.clone(), DocKind::CoA, [4; 32]);
		assert_last_event::<T>(Event::DocumentAnchored {
			lot: id,
			kind: DocKind::CoA,
			hash: [4; 32],
		});
	}

	#[benchmark]
	fn set_contract_lab() {
		let (admin, owner) = T::BenchmarkHelper::member(0, Role::Admin, OrgKind::Cdmo);
		let (_, lab) = T::BenchmarkHelper::member(3, Role::QaApprover, OrgKind::Laboratory);
		#[extrinsic_call]
		_(RawOrigin::Signed(admin), lab, true);
		assert!(ContractLabs::<T>::contains_key(owner, lab));
	}

	/// Reading `a` ancestors while a recall walk runs.
	#[benchmark]
	fn check_ancestry(a: Linear<1, { T::MaxAncestorCheck::get() }>) {
		let (op, qa, _) = producer::<T>(0);
		// A chain of `a` generations under the lot checked.
		let mut prev = lot_id("G", 0);
		create::<T>(&op, &prev, 1_000_000);
		for g in 1..=a {
			let next = lot_id("G", g);
			Provenance::<T>::split(
				RawOrigin::Signed(op.clone()).into(),
				prev.clone(),
				alloc::vec![(next.clone(), 1_000_000 - g as u128)].try_into().unwrap(),
			)
			.expect("split");
			prev = next;
		}
		// An unrelated recall keeps the walk running.
		let other = lot_id("OTHER", 0);
		create::<T>(&op, &other, 1_000);
		Provenance::<T>::recall(RawOrigin::Signed(qa).into(), other, [0; 32]).expect("recall");
		let lot = Lots::<T>::get(&prev).expect("exists");
		let mut budget = crate::features::common::AncestryBudget::default();
		#[block]
		{
			budget.walk::<T>(&lot).expect("no recalled ancestor");
		}
		assert_eq!(budget.used, a);
	}

	/// One block of a recall walk visiting `v` children-index entries (and taking the root
	/// off the frontier, one more unit of the budget).
	#[benchmark]
	fn propagate_recall(v: Linear<1, { T::MaxRecallVisitsPerBlock::get() - 1 }>) {
		let (op, qa, _) = producer::<T>(0);
		let root = lot_id("ROOT", 0);
		create::<T>(&op, &root, u64::MAX as u128);
		// `v` children under the root, made by transforms of up to `MaxOutputs` outputs.
		let per = T::MaxOutputs::get();
		let mut made = 0u32;
		while made < v {
			let outs: Vec<OutputLotOf<T>> = (made..(made + per).min(v))
				.map(|k| OutputLot {
					id: lot_id("C", k),
					product: product(),
					quantity: quantity(1),
					expires_at: FAR,
					storage: None,
					inputs: alloc::vec![(root.clone(), 1)].try_into().unwrap(),
				})
				.collect();
			made += outs.len() as u32;
			Provenance::<T>::transform(
				RawOrigin::Signed(op.clone()).into(),
				outs.try_into().unwrap(),
			)
			.expect("transform");
		}
		Provenance::<T>::recall(RawOrigin::Signed(qa).into(), root, [0; 32]).expect("recall");
		#[block]
		{
			Provenance::<T>::propagate_recalls();
		}
		assert_eq!(Recalls::<T>::get(0).map(|r| r.reached), Some(v + 1));
	}

	impl_benchmark_test_suite!(Provenance, crate::mock::ExtBuilder::build(), crate::mock::Test);
}
