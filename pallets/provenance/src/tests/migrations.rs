//! The migrations: v1 → v2 (recall queues split by who ordered them, custodians' sales in
//! transit made custody only, in bounded steps) and v2 → v3 (walk roots).

use crate::{migrations::v2, mock::*, *};
use frame_support::{
	assert_ok,
	traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
};

#[test]
fn v1_recall_queue_and_custodians_sales_migrate() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "A", "API", 1);
		create(SUP_OP, "B", "API", 1);
		create(SUP_OP, "C", "API", 1);
		split_b();
		// v1 state: one queue for everyone.
		assert_ok!(Provenance::recall(signed(SUP_QA), id("A"), [0; 32]));
		assert_ok!(Provenance::recall(signed(REG_AUDITOR), id("B-1"), [0; 32]));
		let urgent = UrgentPropagating::<Test>::take();
		Propagating::<Test>::mutate(|q| {
			for r in urgent {
				q.try_push(r).unwrap();
			}
		});
		let _ = ActiveRecallsOf::<Test>::clear(u32::MAX, None);
		// A v1 sale by a custodian that does not own the lot, still in transit.
		assert_ok!(Provenance::ship(
			signed(SUP_OP),
			vec![id("C")].try_into().unwrap(),
			CDMO,
			None,
			50_000,
			true
		));
		let s = NextShipmentId::<Test>::get() - 1;
		Shipments::<Test>::mutate(s, |x| x.as_mut().unwrap().from = CDMO);
		Lots::<Test>::mutate(id("C"), |l| l.as_mut().unwrap().custodian = SUPPLIER);
		StorageVersion::new(1).put::<Provenance>();

		v2::MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(Provenance::on_chain_storage_version(), StorageVersion::new(2));
		assert_eq!(Propagating::<Test>::get().into_inner(), vec![0]);
		assert_eq!(UrgentPropagating::<Test>::get().into_inner(), vec![1]);
		assert_eq!(ActiveRecallsOf::<Test>::get(SUPPLIER), 1);
		// The shipments are checked by the next block.
		assert!(Shipments::<Test>::get(s).unwrap().transfers_ownership);
		next_blocks(1);
		assert!(!Shipments::<Test>::get(s).unwrap().transfers_ownership);
		assert!(ShipmentsToCheck::<Test>::get().is_none());
		// Idempotent: guarded by the version (the walk of A may have ended meanwhile).
		let (active, queue) = (ActiveRecallsOf::<Test>::get(SUPPLIER), Propagating::<Test>::get());
		v2::MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(ActiveRecallsOf::<Test>::get(SUPPLIER), active);
		assert_eq!(Propagating::<Test>::get(), queue);
		// Put the shipment back as it was for the invariants at the end.
		Shipments::<Test>::mutate(s, |x| x.as_mut().unwrap().from = SUPPLIER);
		next_blocks(4);
		events();
	});
}

fn split_b() {
	assert_ok!(Provenance::split(
		signed(SUP_OP),
		id("B"),
		vec![(id("B-1"), 500_000)].try_into().unwrap()
	));
}

#[test]
fn the_v2_shipment_check_takes_bounded_steps_over_100k_shipments() {
	use frame_support::traits::Get;
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "C", "API", 1);
		// Shipment 0: a v1 custodian's sale still in transit (the CDMO, which does not own the
		// lot, ships it as a sale to the maker).
		assert_ok!(Provenance::ship(
			signed(SUP_OP),
			vec![id("C")].try_into().unwrap(),
			MAKER,
			None,
			50_000,
			true
		));
		Shipments::<Test>::mutate(0, |x| x.as_mut().unwrap().from = CDMO);
		Lots::<Test>::mutate(id("C"), |l| l.as_mut().unwrap().custodian = CDMO);
		// 100,000 closed shipments of history after it.
		let mut closed = Shipments::<Test>::get(0).unwrap();
		closed.status = ShipmentStatus::Received;
		closed.closed_at = Some(1);
		for i in 1..=100_000u64 {
			Shipments::<Test>::insert(i, &closed);
		}
		NextShipmentId::<Test>::put(100_001);
		StorageVersion::new(1).put::<Provenance>();
		let upgrade: frame_support::weights::Weight =
			<v2::MigrateV1ToV2<Test> as OnRuntimeUpgrade>::on_runtime_upgrade();
		// The upgrade itself is bounded: the recall queues and a range, not the shipments.
		let db: frame_support::weights::RuntimeDbWeight =
			<<Test as frame_system::Config>::DbWeight as Get<_>>::get();
		assert!(upgrade.ref_time() <= db.reads_writes(10, 10).ref_time());
		assert_eq!(ShipmentsToCheck::<Test>::get(), Some((0, 100_001)));
		// The receiver reaches shipment 0 before the steps do: it is checked first, and the
		// receipt moves custody only (title stays with the supplier).
		assert_ok!(Provenance::receive(signed(MAKER_OP), 0, 1));
		let c = Lots::<Test>::get(id("C")).unwrap();
		assert_eq!((c.owner, c.custodian), (SUPPLIER, MAKER));
		// Every block checks at most `SHIPMENTS_PER_BLOCK`, within a fixed weight.
		let bound = db.reads_writes(
			1 + 2 * u64::from(migrations::SHIPMENTS_PER_BLOCK),
			1 + u64::from(migrations::SHIPMENTS_PER_BLOCK),
		);
		let mut blocks = 0u32;
		while ShipmentsToCheck::<Test>::get().is_some() {
			let used = Provenance::step_shipment_migration();
			assert!(used.ref_time() <= bound.ref_time(), "a step used {used:?}");
			blocks += 1;
			assert!(blocks <= 600, "the migration does not end");
		}
		assert_eq!(blocks, 501);
		// The history shipments were closed: untouched.
		assert!(Shipments::<Test>::get(100_000).unwrap().transfers_ownership);
	});
}
