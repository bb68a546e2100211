//! One `issue_credits` cannot exhaust the carbon serial space (§2.8).

use crate::world::*;

fn b<const N: u32>(s: &str) -> BoundedVec<u8, frame_support::traits::ConstU32<N>> {
	s.as_bytes().to_vec().try_into().unwrap()
}

#[test]
fn one_issue_cannot_exhaust_the_carbon_serial_space() {
	let mut ext = ext_with(|config| {
		member(
			config,
			"CQC",
			OrgKind::Verifier,
			"//Ferdie",
			&[("verify", Role::Signer)],
			CredentialKind::VERIFIER_ACCREDITATION,
		);
	});
	ext.execute_with(|| {
		let issue = |quantity| {
			Carbon::issue_credits(
				who("//Ferdie//verify"),
				b("CCER-2025-0042"),
				2025,
				b("CM-001"),
				quantity,
				[4; 32],
			)
		};
		assert_noop!(issue(u64::MAX - 1), pallet_carbon::Error::<Runtime>::BatchTooLarge);
		assert_noop!(issue(100_000_001), pallet_carbon::Error::<Runtime>::BatchTooLarge);
		assert_ok!(issue(100_000_000));
		assert_eq!(pallet_carbon::NextSerial::<Runtime>::get(), 100_000_000);
		assert_ok!(issue(1));
	});
}
