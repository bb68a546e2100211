//! Lot footprints through the genealogy, with hand-checked numbers; carbon neutrality.

use crate::{mock::*, *};
use frame_support::assert_ok;

/// Two API lots and an excipient lot with verified emissions, and a finished lot made from
/// part of each.
fn finished_lot() -> bioledger_primitives::LotId {
	// API lot 1: 200 kg; scope 1 1,000 kg CO2e, scope 2 3,000 kg.
	let a1 = add_lot("API-1", API_CO, 200, &[]);
	verified(API_OP, Scope::Scope1, 1_000, Subject::Lot(a1.clone()));
	verified(API_OP, Scope::Scope2, 3_000, Subject::Lot(a1.clone()));
	// API lot 2: 300 kg; scope 1 1,500, scope 3 900.
	let a2 = add_lot("API-2", API_CO, 300, &[]);
	verified(API_OP, Scope::Scope1, 1_500, Subject::Lot(a2.clone()));
	verified(API_OP, Scope::Scope3, 900, Subject::Lot(a2.clone()));
	// Excipient lot: 1,000 kg; scope 3 2,001.
	let e = add_lot("EXC-1", EXCIPIENT_CO, 1_000, &[]);
	verified(EXC_OP, Scope::Scope3, 2_001, Subject::Lot(e.clone()));
	// Finished lot: 50 kg of API 1 (1/4), 100 kg of API 2 (1/3), 333 kg of excipient
	// (333/1000); own scope 1 400, scope 2 700.
	let f = add_lot("VIALS-1", MAKER, 100, &[(&a1, 50), (&a2, 100), (&e, 333)]);
	verified(MAKER_OP, Scope::Scope1, 400, Subject::Lot(f.clone()));
	verified(MAKER_OP, Scope::Scope2, 700, Subject::Lot(f.clone()));
	f
}

#[test]
fn footprint_of_a_finished_lot_from_two_api_lots_and_an_excipient() {
	ExtBuilder::build_and_execute(|| {
		let f = finished_lot();
		let fp = Carbon::footprint(&f).unwrap();
		assert_eq!(fp.own, [400, 700, 0]);
		// Scope 1: 1,000/4 = 250 from API 1, 1,500/3 = 500 from API 2.
		// Scope 2: 3,000/4 = 750 from API 1.
		// Scope 3: 900/3 = 300 from API 2; 2,001 × 333/1,000 = 666.333 → 667 (rounded up).
		assert_eq!(fp.inherited, [750, 750, 967]);
		assert_eq!(fp.total, 400 + 700 + 750 + 750 + 967);
		assert_eq!((fp.lots, fp.complete, fp.offset_tonnes), (4, true, 0));
		// An input's own footprint is its records only.
		let a1 = Carbon::footprint(&lot_id("API-1")).unwrap();
		assert_eq!((a1.own, a1.inherited, a1.total), ([1_000, 3_000, 0], [0, 0, 0], 4_000));
		assert_eq!(Carbon::footprint(&lot_id("missing")), None);
	});
}

#[test]
fn retired_credits_covering_the_footprint_make_a_lot_carbon_neutral() {
	ExtBuilder::build_and_execute(|| {
		let f = finished_lot();
		let b = issue(10);
		assert!(!Carbon::is_carbon_neutral(&f));
		let claim = Some(Claim::Lot(f.clone()));
		// 3 t < 3,567 kg.
		assert_ok!(Carbon::retire_credits(
			signed(VER_SIGNER),
			b,
			range(0, 3),
			text("Apex"),
			text("vials"),
			claim.clone()
		));
		assert!(!Carbon::is_carbon_neutral(&f));
		// 4 t ≥ 3,567 kg.
		assert_ok!(Carbon::retire_credits(
			signed(VER_SIGNER),
			b,
			range(3, 4),
			text("Apex"),
			text("vials"),
			claim
		));
		assert!(Carbon::is_carbon_neutral(&f));
		assert_eq!(Carbon::footprint(&f).unwrap().offset_tonnes, 4);
		// A lot with nothing recorded is not "neutral" by default.
		let bare = add_lot("BARE", MAKER, 1, &[]);
		assert!(!Carbon::is_carbon_neutral(&bare));
	});
}

#[test]
fn a_diamond_counts_each_path_share_and_reads_each_lot_once() {
	ExtBuilder::build_and_execute(|| {
		// C (100 kg, 1,000 kg CO2e) is split into A (40 kg) and B (60 kg); D uses all of A and B.
		let c = add_lot("C", API_CO, 100, &[]);
		verified(API_OP, Scope::Scope1, 1_000, Subject::Lot(c.clone()));
		let a = add_lot("A", API_CO, 40, &[(&c, 40)]);
		let b = add_lot("B", API_CO, 60, &[(&c, 60)]);
		let d = add_lot("D", MAKER, 100, &[(&a, 40), (&b, 60)]);
		let fp = Carbon::footprint(&d).unwrap();
		assert_eq!((fp.inherited, fp.total, fp.lots), ([1_000, 0, 0], 1_000, 4));
	});
}

#[test]
fn a_deep_ancestry_is_cut_at_the_bound_and_reported_incomplete() {
	ExtBuilder::build_and_execute(|| {
		let mut prev = add_lot("L0", API_CO, 10, &[]);
		verified(API_OP, Scope::Scope1, 10, Subject::Lot(prev.clone()));
		for i in 1..20 {
			prev = add_lot(&format!("L{i}"), API_CO, 10, &[(&prev, 10)]);
		}
		let fp = Carbon::footprint(&prev).unwrap();
		assert_eq!((fp.lots, fp.complete), (16, false));
		// The emissions of L0 lie beyond the bound (MaxFootprintLots = 16).
		assert_eq!(fp.total, 0);
		assert!(!fp.is_carbon_neutral());
		let short = Carbon::footprint(&lot_id("L15")).unwrap();
		assert_eq!((short.lots, short.complete, short.total), (16, true, 10));
	});
}
