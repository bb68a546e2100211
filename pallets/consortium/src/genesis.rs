//! Genesis configuration (a pallet section, imported into the pallet module).

use frame_support::pallet_macros::pallet_section;

#[pallet_section]
mod genesis {
	/// An organisation present at genesis.
	#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
	#[serde(rename_all = "camelCase", deny_unknown_fields)]
	pub struct GenesisOrg<AccountId> {
		/// Legal name.
		pub name: alloc::string::String,
		/// Kind.
		pub kind: OrgKind,
		/// First admin; holds the council seat (the council membership genesis must list it).
		pub admin: AccountId,
		/// Further accounts and their roles.
		pub accounts: Vec<(AccountId, RoleSet)>,
		/// SM2 e-seal public key, hex `0x04…` (trusted at genesis: no proof of possession).
		#[serde(with = "sp_core::bytes")]
		pub eseal_key: Vec<u8>,
		/// Credentials on file, each sealed by its issuer (a genesis organisation).
		pub credentials: Vec<GenesisCredential>,
		/// Credential kinds it is admitted to issue.
		#[serde(default)]
		pub issues: Vec<CredentialKind>,
		/// Credential kinds it oversees (regulators: may revoke any credential of the kind).
		#[serde(default)]
		pub oversees: Vec<CredentialKind>,
		/// Approved validator account (its session keys come from the session genesis).
		pub validator: Option<AccountId>,
		/// Registered node peer ids (hex of the multihash bytes).
		pub nodes: Vec<sp_core::Bytes>,
	}

	/// A credential present at genesis.
	#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
	#[serde(rename_all = "camelCase", deny_unknown_fields)]
	pub struct GenesisCredential {
		/// Kind.
		pub kind: CredentialKind,
		/// Document hash.
		pub doc_hash: sp_core::H256,
		/// Issuing organisation (id of a genesis organisation admitted to issue the kind).
		pub issuer: OrgId,
		/// Valid from.
		pub valid_from: Moment,
		/// Valid until.
		pub valid_until: Option<Moment>,
		/// The issuer's SM2 seal (`r ‖ s`, hex) over [`Pallet::credential_digest`] with chain =
		/// 32 zero bytes (the genesis hash does not exist yet), version 1.
		pub seal: sp_core::Bytes,
	}

	/// A credential kind present at genesis.
	#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
	#[serde(rename_all = "camelCase", deny_unknown_fields)]
	pub struct GenesisKind {
		/// The kind.
		pub kind: CredentialKind,
		/// Its name.
		pub name: alloc::string::String,
		/// Organisation kinds that may issue it.
		pub issuers: Vec<OrgKind>,
		/// Organisation kinds that may hold it.
		pub holders: Vec<OrgKind>,
	}

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Founding member organisations, in id order from 0.
		pub orgs: Vec<GenesisOrg<T::AccountId>>,
		/// Minimum validator set size (0 means the default, 1).
		pub min_validators: u32,
		/// The credential-kind registry.
		pub kinds: Vec<GenesisKind>,
		/// What each gated action requires.
		pub requirements: Vec<(bioledger_primitives::GatedAction, Vec<CredentialKind>)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for k in &self.kinds {
				let name = BoundedVec::try_from(k.name.as_bytes().to_vec())
					.expect("genesis kind name within MaxNameLen");
				Pallet::<T>::do_set_kind(
					k.kind,
					name,
					bioledger_primitives::OrgKindSet::of(&k.issuers),
					bioledger_primitives::OrgKindSet::of(&k.holders),
				)
				.expect("valid genesis credential kind");
			}
			for (action, kinds) in &self.requirements {
				let kinds = BoundedVec::try_from(kinds.clone())
					.expect("genesis requirement within MaxRequiredKinds");
				Pallet::<T>::do_set_requirement(*action, kinds).expect("valid genesis requirement");
			}
			for org in &self.orgs {
				Pallet::<T>::genesis_org(org).expect("valid genesis organisation");
			}
			for (id, org) in self.orgs.iter().enumerate() {
				Pallet::<T>::genesis_authorities(id as OrgId, org)
					.expect("valid genesis issuer admission");
			}
			for (id, org) in self.orgs.iter().enumerate() {
				Pallet::<T>::genesis_credentials(id as OrgId, org)
					.expect("genesis credential sealed by an admitted genesis issuer");
			}
			MinValidators::<T>::put(self.min_validators.max(1));
		}
	}
}
