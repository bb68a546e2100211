//! Batches through `pallet_utility`: each inner call is checked as if it were sent alone (role,
//! credential, state), `batch_all` is all or nothing, and `as_derivative` is filtered out.

use bioledger_primitives::{LotId, Quantity, TemperatureRange, Unit};
use bioledger_runtime::{Provenance, Runtime, RuntimeCall, RuntimeEvent, System, Utility};
use common::{ext, who};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::{traits::Dispatchable, DispatchError};

mod common;

fn lot(n: u32) -> LotId {
	format!("BATCH/{n}").into_bytes().try_into().unwrap()
}

fn create(n: u32) -> RuntimeCall {
	RuntimeCall::Provenance(pallet_provenance::Call::create_lot {
		id: lot(n),
		product: b"GTIN-06912345000017".to_vec().try_into().unwrap(),
		quantity: Quantity::new(1_000, Unit::Each),
		expires_at: 4_102_444_800_000,
		storage: Some(TemperatureRange::COLD_CHAIN),
	})
}

fn lots_created() -> usize {
	System::events()
		.iter()
		.filter(|r| {
			matches!(r.event, RuntimeEvent::Provenance(pallet_provenance::Event::LotCreated { .. }))
		})
		.count()
}

#[test]
fn batch_all_creates_every_lot_with_one_event_each() {
	ext().execute_with(|| {
		assert_ok!(Utility::batch_all(who("//Bob//ops"), (0..20).map(create).collect()));
		assert_eq!(lots_created(), 20);
		assert!((0..20).all(|n| pallet_provenance::Lots::<Runtime>::contains_key(lot(n))));
		System::assert_last_event(pallet_utility::Event::BatchCompleted.into());
	});
}

#[test]
fn batch_all_is_all_or_nothing() {
	ext().execute_with(|| {
		// The third lot repeats the first: the whole batch fails with the inner call's error.
		let calls = vec![create(1), create(2), create(1)];
		let result = Utility::batch_all(who("//Bob//ops"), calls);
		assert_eq!(
			result.map_err(|e| e.error),
			Err(pallet_provenance::Error::<Runtime>::LotExists.into())
		);
		assert!(!pallet_provenance::Lots::<Runtime>::contains_key(lot(1)));
		assert!(!pallet_provenance::Lots::<Runtime>::contains_key(lot(2)));
	});
}

#[test]
fn inner_calls_check_the_senders_role() {
	ext().execute_with(|| {
		// `//Bob//qa` is not an operator: the batch fails and writes nothing.
		assert_noop!(
			Utility::batch_all(who("//Bob//qa"), vec![create(1)]).map_err(|e| e.error),
			pallet_provenance::Error::<Runtime>::NotAuthorized
		);
		// Outside a batch the same call fails the same way.
		assert_noop!(
			Provenance::create_lot(
				who("//Bob//qa"),
				lot(1),
				b"GTIN-06912345000017".to_vec().try_into().unwrap(),
				Quantity::new(1_000, Unit::Each),
				4_102_444_800_000,
				None,
			),
			pallet_provenance::Error::<Runtime>::NotAuthorized
		);
	});
}

#[test]
fn derived_accounts_are_filtered_even_inside_a_batch() {
	ext().execute_with(|| {
		let derived = RuntimeCall::Utility(pallet_utility::Call::as_derivative {
			index: 0,
			call: Box::new(create(1)),
		});
		assert_noop!(
			derived.clone().dispatch(who("//Bob//ops")).map_err(|e| e.error),
			DispatchError::from(frame_system::Error::<Runtime>::CallFiltered)
		);
		let batch = RuntimeCall::Utility(pallet_utility::Call::batch_all { calls: vec![derived] });
		assert_noop!(
			batch.dispatch(who("//Bob//ops")).map_err(|e| e.error),
			DispatchError::from(frame_system::Error::<Runtime>::CallFiltered)
		);
		assert!(!pallet_provenance::Lots::<Runtime>::contains_key(lot(1)));
	});
}
