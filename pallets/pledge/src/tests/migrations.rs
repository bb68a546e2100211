//! The v1 → v2 storage migration over receipts and feeds written in the v1 layout.

use crate::{migrations::v2, mock::*, *};
use codec::Encode;
use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};

fn put_v1_receipt(id: ReceiptId, lots: &[&LotId], holder: OrgId, kg: u128) {
	let r = v2::old::Receipt::<<Test as Config>::MaxLotsPerReceipt> {
		warehouse: WAREHOUSE,
		depositor: CDMO,
		holder,
		product: code(API),
		lots: lots.iter().map(|l| (*l).clone()).collect::<Vec<_>>().try_into().unwrap(),
		quantity: Quantity::new(
			kg * KG * lots.len() as u128,
			bioledger_primitives::Unit::Milligram,
		),
		storage: TemperatureRange::COLD_CHAIN,
		issued_at: 1,
		expires_at: YEAR,
		document: [1; 32],
		pledge: None,
		status: ReceiptStatus::Active,
		trail: Default::default(),
	};
	frame_support::storage::unhashed::put_raw(&Receipts::<Test>::hashed_key_for(id), &r.encode());
	for l in lots {
		LotReceipt::<Test>::insert(*l, id);
		<MockLots as bioledger_primitives::LotLock>::lock(l, Pledge::lock_holder(id)).unwrap();
	}
	HolderReceipts::<Test>::insert(holder, id, ());
}

#[test]
fn v1_receipts_and_feeds_migrate_and_title_follows_the_holder() {
	ExtBuilder::build_and_execute(|| {
		StorageVersion::new(1).put::<Pledge>();
		PriceSources::<Test>::remove(code(API));
		let a = add_lot("A", API, CDMO, WAREHOUSE, 10);
		let b = add_lot("B", API, CDMO, WAREHOUSE, 10);
		edit_lot(&b, |f| f.quarantined = true);
		// Receipt 0 was sold under v1 to the buyer without the title.
		put_v1_receipt(0, &[&a, &b], BUYER, 10);
		NextReceiptId::<Test>::put(1);
		let feeds = vec![v2::old::Feed { org: FEEDER_A, price: per_kg(1_000), posted_at: 5 }];
		let feeds: BoundedVec<v2::old::Feed, <Test as Config>::MaxFeedsPerProduct> =
			feeds.try_into().unwrap();
		frame_support::storage::unhashed::put_raw(
			&Feeds::<Test>::hashed_key_for(code(API)),
			&feeds.encode(),
		);

		v2::MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(Pledge::on_chain_storage_version(), StorageVersion::new(2));

		let r = Receipts::<Test>::get(0).unwrap();
		assert_eq!(r.lots.len(), 2);
		assert_eq!(
			(r.lots[0].lot.clone(), r.lots[0].amount, r.lots[0].condition),
			(a.clone(), 10 * KG, Condition::Good)
		);
		assert!(matches!(r.lots[1].condition, Condition::Quarantined { .. }));
		assert_eq!(r.lots[0].expires_at, 2 * YEAR);
		assert_eq!(owner_of(&a), Some(BUYER));
		assert_eq!(owner_of(&b), Some(BUYER));
		// v1 feeds (from any feeder) are gone; no source is admitted by the migration.
		assert!(Feeds::<Test>::get(code(API)).is_empty());
		assert!(PriceSources::<Test>::get(code(API)).is_empty());

		// A second run is a no-op (guarded by the storage version).
		let before = sp_io::storage::root(sp_runtime::StateVersion::V1);
		v2::MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(sp_io::storage::root(sp_runtime::StateVersion::V1), before);
	});
}
