//! Credentials as the runtime API shows them: each with its seal checked, and exported as a W3C
//! Verifiable Credential (data model 2.0) whose proof is the issuer's SM2 e-seal and whose
//! status is the chain's.
//!
//! Anyone verifies an exported credential without trusting a node: recompute
//! `SM3(proof.canonicalPreimage)`, check it equals `proof.digest` and that the preimage encodes
//! the credential's fields (domain `BIOLEDGER/CREDENTIAL/V1`, chain, SCALE of holder, kind,
//! validity, document hash, issuer, version), then verify the SM2 signature `proof.proofValue`
//! over the 32 digest bytes with `proof.verificationMethod.publicKeyHex` and the default user
//! id (`openssl pkeyutl -verify -rawin -digest sm3` with the DER form in `proofValueDer`).

use crate::*;
use alloc::{format, string::String};
use serde_json::{json, Map, Value};

/// `0x`-prefixed lower-case hex.
fn hex0x(bytes: &[u8]) -> String {
	let mut s = String::with_capacity(2 + bytes.len() * 2);
	s.push_str("0x");
	for b in bytes {
		s.push_str(&format!("{b:02x}"));
	}
	s
}

/// ISO 8601 UTC (`2030-12-31T00:00:00Z`) of milliseconds since the Unix epoch.
pub fn iso8601(ms: Moment) -> String {
	let secs = ms / 1000;
	let days = (secs / 86_400) as i64;
	let rem = secs % 86_400;
	// Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
	let z = days + 719_468;
	let era = z.div_euclid(146_097);
	let doe = z - era * 146_097;
	let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
	let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	let mp = (5 * doy + 2) / 153;
	let day = doy - (153 * mp + 2) / 5 + 1;
	let month = if mp < 10 { mp + 3 } else { mp - 9 };
	let year = yoe + era * 400 + i64::from(month <= 2);
	let (h, m, s) = (rem / 3600, (rem % 3600) / 60, rem % 60);
	match ms % 1000 {
		0 => format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}Z"),
		frac => format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}.{frac:03}Z"),
	}
}

impl<T: Config> Pallet<T> {
	/// The view of credential `id` of `org`, with its seal checked.
	pub fn credential_view(org: OrgId, id: CredentialId) -> Option<CredentialView> {
		let creds = OrgCredentials::<T>::get(org);
		let (_, c) = creds.iter().find(|(i, _)| *i == id)?;
		Some(Self::view_of(org, id, c))
	}

	/// Every credential on file of `org`.
	pub fn credential_views(org: OrgId) -> Vec<CredentialView> {
		OrgCredentials::<T>::get(org)
			.iter()
			.map(|(id, c)| Self::view_of(org, *id, c))
			.collect()
	}

	fn view_of(org: OrgId, id: CredentialId, c: &CredentialOf<T>) -> CredentialView {
		let now = T::Time::now();
		let (preimage, digest) = match c.issuer_org() {
			Some(issuer) => {
				let pre = Self::credential_preimage(
					Self::seal_chain(c.issued_at),
					org,
					c.kind,
					&c.validity,
					&c.doc_hash,
					issuer,
					c.version,
				);
				let digest = bioledger_crypto::sm::sm3(&pre);
				(pre, digest)
			},
			None => (Vec::new(), [0; 32]),
		};
		CredentialView {
			org,
			id,
			kind: c.kind,
			kind_name: CredentialKinds::<T>::get(c.kind)
				.map(|k| k.name.into_inner())
				.unwrap_or_default(),
			issuer: c.issuer_org(),
			issuer_name: match &c.issuer {
				Issuer::Org(o) => {
					Orgs::<T>::get(o).map(|i| i.name.into_inner()).unwrap_or_default()
				},
				Issuer::Legacy(name) => name.clone().into_inner(),
			},
			doc_hash: c.doc_hash,
			validity: c.validity,
			version: c.version,
			issued_at: c.issued_at,
			status: c.status,
			issuer_key: c.issuer_org().and_then(|i| Self::eseal_key_at(i, c.issued_at)),
			preimage,
			digest,
			seal: c.seal,
			seal_valid: Self::seal_valid(org, c),
			counts_now: c.counts_at(now, LegacyCredentialsUntil::<T>::get()),
		}
	}

	/// Pending requests made by or addressed to `org`.
	pub fn request_views(org: OrgId) -> Vec<RequestView> {
		Requests::<T>::iter()
			.filter(|(_, r)| r.holder == org || r.issuer == org)
			.map(|(id, r)| RequestView {
				id,
				holder: r.holder,
				issuer: r.issuer,
				kind: r.kind,
				documents: r.documents.into_inner(),
				requested_at: r.requested_at,
			})
			.collect()
	}

	/// The credential-kind registry, with who issues and oversees each kind.
	pub fn kind_views() -> Vec<KindView> {
		let mut rights: alloc::collections::BTreeMap<CredentialKind, (Vec<OrgId>, Vec<OrgId>)> =
			Default::default();
		for (org, kind, a) in Authorities::<T>::iter() {
			let e = rights.entry(kind).or_default();
			if a.issue {
				e.0.push(org);
			}
			if a.oversee {
				e.1.push(org);
			}
		}
		let mut kinds: Vec<KindView> = CredentialKinds::<T>::iter()
			.map(|(kind, k)| {
				let (mut issuing_orgs, mut overseers) = rights.remove(&kind).unwrap_or_default();
				issuing_orgs.sort();
				overseers.sort();
				KindView {
					kind,
					name: k.name.into_inner(),
					issuers: k.issuers.iter().collect(),
					holders: k.holders.iter().collect(),
					issuing_orgs,
					overseers,
				}
			})
			.collect();
		kinds.sort_by_key(|k| k.kind);
		kinds
	}

	/// What each gated action requires.
	pub fn requirement_views() -> Vec<(GatedAction, Vec<CredentialKind>)> {
		GatedAction::ALL
			.iter()
			.map(|a| (*a, Requirements::<T>::get(a).into_inner()))
			.collect()
	}

	/// Credential `id` of `org` as a W3C Verifiable Credential (JSON, UTF-8). `None` if there
	/// is no such credential or it is a legacy one (no issuer seal to prove it).
	pub fn credential_vc(org: OrgId, id: CredentialId) -> Option<Vec<u8>> {
		let v = Self::credential_view(org, id)?;
		let issuer = v.issuer?;
		let seal = v.seal?;
		let key = v.issuer_key?;
		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::default());
		let chain = hex0x(genesis.as_ref());
		let urn = |what: String| format!("urn:bioledger:{chain}:{what}");
		let org_name = |o: OrgId| {
			Orgs::<T>::get(o)
				.map(|i| String::from_utf8_lossy(&i.name).into_owned())
				.unwrap_or_default()
		};
		let now = T::Time::now();
		let status = match v.status {
			CredentialStatus::Active if v.validity.until.is_some_and(|u| u <= now) => "expired",
			CredentialStatus::Active if now < v.validity.from => "not-yet-valid",
			CredentialStatus::Active => "active",
			CredentialStatus::Suspended { .. } => "suspended",
			CredentialStatus::Revoked { .. } => "revoked",
			CredentialStatus::Surrendered { .. } => "surrendered",
		};
		let mut vc = Map::new();
		vc.insert(
			"@context".into(),
			json!(["https://www.w3.org/ns/credentials/v2", { "@vocab": "urn:bioledger:vocab#" }]),
		);
		vc.insert("id".into(), json!(urn(format!("credential:{org}:{id}"))));
		vc.insert(
			"type".into(),
			json!(["VerifiableCredential", "BioLedgerQualificationCredential"]),
		);
		vc.insert(
			"issuer".into(),
			json!({ "id": urn(format!("org:{issuer}")), "name": org_name(issuer) }),
		);
		vc.insert("validFrom".into(), json!(iso8601(v.validity.from)));
		if let Some(until) = v.validity.until {
			vc.insert("validUntil".into(), json!(iso8601(until)));
		}
		vc.insert(
			"credentialSubject".into(),
			json!({
				"id": urn(format!("org:{org}")),
				"name": org_name(org),
				"credentialKind": {
					"code": v.kind.0,
					"name": String::from_utf8_lossy(&v.kind_name),
				},
				"documentHash": hex0x(&v.doc_hash),
			}),
		);
		vc.insert(
			"credentialStatus".into(),
			json!({
				"id": urn(format!("credential:{org}:{id}#status")),
				"type": "BioLedgerChainStatus",
				"status": status,
				"counts": v.counts_now,
				"checkedAt": {
					"block": format!("{:?}", frame_system::Pallet::<T>::block_number()),
					"time": iso8601(now),
				},
			}),
		);
		vc.insert(
			"proof".into(),
			json!({
				"type": "BioLedgerSm2Seal",
				"cryptosuite": "sm2-sm3",
				"created": iso8601(v.issued_at),
				"proofPurpose": "assertionMethod",
				"verificationMethod": {
					"id": urn(format!("org:{issuer}#eseal")),
					"type": "Sm2PublicKey",
					"controller": urn(format!("org:{issuer}")),
					"publicKeyHex": hex0x(&key),
				},
				"userId": bioledger_crypto::DEFAULT_USER_ID,
				"version": v.version,
				"canonicalPreimage": hex0x(&v.preimage),
				"digest": hex0x(&v.digest),
				"proofValue": hex0x(&seal),
				"proofValueDer": hex0x(&bioledger_crypto::raw_to_der(&seal)),
			}),
		);
		serde_json::to_vec(&Value::Object(vc)).ok()
	}
}
