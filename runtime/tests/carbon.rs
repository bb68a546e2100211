//! Carbon on the real runtime (consortium + provenance + carbon): the footprint of a lot made by
//! provenance's `transform` from two API lots and an excipient lot, with verified emission
//! records, hand-checked; credits issued, transferred and retired against it make it carbon
//! neutral.

use bioledger_primitives::{CredentialKind, LotId, OrgKind, Quantity, Role, Unit};
use bioledger_runtime::{Carbon, Provenance, Runtime};
use common::{ext_with, member, who};
use frame_support::{assert_noop, assert_ok, BoundedVec};
use pallet_carbon::{Claim, Period, Scope, SerialRange, Subject};

mod common;

const APEX: u32 = 0;
/// After the four founders and the two founding issuers (NMPA, SGS).
const VERIFIER: u32 = 6;
const KG: u128 = 1_000_000;

/// The local consortium plus an accredited carbon verifier (Ferdie).
fn ext() -> sp_io::TestExternalities {
	ext_with(|config| {
		member(
			config,
			"China Quality Certification Centre",
			OrgKind::Verifier,
			"//Ferdie",
			&[("verify", Role::Signer)],
			CredentialKind::VERIFIER_ACCREDITATION,
		)
	})
}

fn b<const N: u32>(s: &str) -> BoundedVec<u8, frame_support::traits::ConstU32<N>> {
	s.as_bytes().to_vec().try_into().unwrap()
}

/// Apex makes a lot of `kg` of `product`.
fn make(id: &str, product: &str, kg: u128) -> LotId {
	let lot: LotId = b(id);
	assert_ok!(Provenance::create_lot(
		who("//Alice//ops"),
		lot.clone(),
		b(product),
		Quantity::new(kg * KG, Unit::Milligram),
		1_000_000_000,
		None,
	));
	lot
}

/// Apex reports `kg` of `scope` for `lot`; the verifier verifies it.
fn record(lot: &LotId, scope: Scope, kg: u128) {
	let id = pallet_carbon::NextRecordId::<Runtime>::get();
	assert_ok!(Carbon::report_emission(
		who("//Alice//ops"),
		scope,
		kg,
		Subject::Lot(lot.clone()),
		b("SH-PLANT-2"),
		b("ISO14067"),
		[7; 32],
	));
	assert_ok!(Carbon::verify_emission(who("//Ferdie//verify"), id));
}

#[test]
fn footprint_of_vials_from_two_api_lots_and_an_excipient_and_neutrality() {
	ext().execute_with(|| {
		let a1 = make("API-1", "GTIN-API", 200);
		record(&a1, Scope::Scope1, 1_000);
		record(&a1, Scope::Scope2, 3_000);
		let a2 = make("API-2", "GTIN-API", 300);
		record(&a2, Scope::Scope1, 1_500);
		record(&a2, Scope::Scope3, 900);
		let e = make("EXC-1", "GTIN-EXC", 1_000);
		record(&e, Scope::Scope3, 2_001);
		let vials: LotId = b("VIALS-1");
		let output = pallet_provenance::OutputLot {
			id: vials.clone(),
			product: b("GTIN-VIAL"),
			quantity: Quantity::new(10_000, Unit::Each),
			expires_at: 1_000_000_000,
			storage: None,
			inputs: vec![(a1, 50 * KG), (a2, 100 * KG), (e, 333 * KG)].try_into().unwrap(),
		};
		assert_ok!(Provenance::transform(who("//Alice//ops"), vec![output].try_into().unwrap()));
		record(&vials, Scope::Scope1, 400);
		record(&vials, Scope::Scope2, 700);

		let fp = Carbon::footprint(&vials).unwrap();
		assert_eq!(fp.own, [400, 700, 0]);
		// ¼ of API 1, ⅓ of API 2, 333/1000 of the excipient (666.333 → 667, rounded up).
		assert_eq!(fp.inherited, [250 + 500, 750, 300 + 667]);
		assert_eq!((fp.total, fp.lots, fp.complete), (3_567, 4, true));

		// The verifier issues 10 t, sells 4 to Apex, which retires them against the vials.
		assert_ok!(Carbon::issue_credits(
			who("//Ferdie//verify"),
			b("CCER-2025-0042"),
			2025,
			b("CM-001-V01"),
			10,
			[8; 32],
		));
		let four = SerialRange { start: 0, end: 4 };
		assert_ok!(Carbon::transfer_credits(who("//Ferdie//verify"), 0, four, APEX));
		assert!(!Carbon::is_carbon_neutral(&vials));
		assert_ok!(Carbon::retire_credits(
			who("//Alice//qa"),
			0,
			four,
			b("Shanghai Apex Pharmaceuticals"),
			b("VIALS-1 carbon neutral"),
			Some(Claim::Lot(vials.clone())),
		));
		assert!(Carbon::is_carbon_neutral(&vials));
		// Retired serials never move again.
		assert_noop!(
			Carbon::transfer_credits(who("//Alice//qa"), 0, four, VERIFIER),
			pallet_carbon::Error::<Runtime>::NotHeld
		);
		assert_eq!(Carbon::holdings(VERIFIER), vec![(0, vec![SerialRange { start: 4, end: 10 }])]);
		assert_eq!(Carbon::org_emissions(APEX, Period { year: 2026, month: 0 }), ([0; 3], 0));
		Carbon::do_try_state().expect("carbon invariants");
		Provenance::do_try_state().expect("provenance invariants");
	});
}
