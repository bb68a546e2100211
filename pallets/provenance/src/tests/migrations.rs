//! The v1 → v2 migration: recall queues split by who ordered them, custodians' sales in
//! transit made custody only.

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
		assert!(!Shipments::<Test>::get(s).unwrap().transfers_ownership);
		// Idempotent: guarded by the version.
		v2::MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(ActiveRecallsOf::<Test>::get(SUPPLIER), 1);
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
