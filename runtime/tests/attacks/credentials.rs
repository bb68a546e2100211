//! Credential gates (§2.6 lists them; the issued-credentials work closes them): a private
//! auditor, a member like any other, cannot revoke a competitor's licence.

use crate::world::*;
use frame_support::traits::UnfilteredDispatchable;

#[test]
fn a_private_auditor_cannot_revoke_a_competitors_licence() {
	let mut ext = ext_with(|config| {
		member(
			config,
			"Big Four Audit",
			OrgKind::Auditor,
			"//Audit",
			&[("audit", Role::Auditor)],
			CredentialKind::BusinessLicence,
		);
		member(
			config,
			"NMPA",
			OrgKind::Regulator,
			"//Reg",
			&[("insp", Role::Auditor)],
			CredentialKind::BusinessLicence,
		);
	});
	ext.execute_with(|| {
		let gmp = pallet_consortium::OrgCredentials::<Runtime>::get(CDMO)
			.iter()
			.find(|(_, c)| c.kind == CredentialKind::GmpCertificate)
			.map(|(id, _)| *id)
			.unwrap();
		let revoke = |seed: &str| {
			RuntimeCall::Consortium(pallet_consortium::Call::revoke_credential {
				org: CDMO,
				credential: gmp,
			})
			.dispatch_bypass_filter(who(seed))
		};
		let before = root();
		assert_eq!(
			revoke("//Audit//audit").unwrap_err().error,
			pallet_consortium::Error::<Runtime>::NotAuthorized.into()
		);
		assert_eq!(root(), before);
		// The regulator may.
		assert!(revoke("//Reg//insp").is_ok());
	});
}
