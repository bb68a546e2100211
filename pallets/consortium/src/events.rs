//! The pallet's events and errors (a pallet section, imported into the pallet module).

use frame_support::pallet_macros::pallet_section;

#[pallet_section]
mod events {
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An organisation applied to join.
		ApplicationSubmitted {
			/// Id the organisation will have.
			org: OrgId,
			/// Submitting account.
			applicant: T::AccountId,
			/// Organisation kind.
			kind: OrgKind,
		},
		/// The applicant withdrew its application.
		ApplicationWithdrawn {
			/// Id of the application.
			org: OrgId,
		},
		/// The council rejected an application.
		ApplicationRejected {
			/// Id of the application.
			org: OrgId,
		},
		/// The council admitted an organisation.
		OrgAdmitted {
			/// The new member.
			org: OrgId,
			/// Its kind.
			kind: OrgKind,
			/// First admin and council-seat holder.
			admin: T::AccountId,
		},
		/// The council suspended an organisation.
		OrgSuspended {
			/// The organisation.
			org: OrgId,
		},
		/// The council reinstated a suspended organisation.
		OrgReinstated {
			/// The organisation.
			org: OrgId,
		},
		/// The council revoked an organisation's membership for good.
		OrgRevoked {
			/// The organisation.
			org: OrgId,
		},
		/// An account was linked to an organisation.
		AccountLinked {
			/// The organisation.
			org: OrgId,
			/// The account.
			account: T::AccountId,
			/// Its roles.
			roles: RoleSet,
		},
		/// An account's roles changed.
		RolesChanged {
			/// The organisation.
			org: OrgId,
			/// The account.
			account: T::AccountId,
			/// Its new roles.
			roles: RoleSet,
		},
		/// An account was unlinked.
		AccountUnlinked {
			/// The organisation.
			org: OrgId,
			/// The account.
			account: T::AccountId,
		},
		/// An organisation's council seat moved to another of its accounts.
		CouncilSeatMoved {
			/// The organisation.
			org: OrgId,
			/// Previous holder.
			from: T::AccountId,
			/// New holder.
			to: T::AccountId,
		},
		/// A holder asked an issuer for a credential.
		CredentialRequested {
			/// The holder.
			org: OrgId,
			/// Request id.
			request: RequestId,
			/// The issuer asked.
			issuer: OrgId,
			/// Kind.
			kind: CredentialKind,
		},
		/// The holder attached documents to its request.
		RequestDocumentsAttached {
			/// Request id.
			request: RequestId,
			/// How many were attached.
			documents: u32,
		},
		/// The holder withdrew its request.
		CredentialRequestWithdrawn {
			/// Request id.
			request: RequestId,
		},
		/// The issuer refused a request.
		CredentialRequestRefused {
			/// Request id.
			request: RequestId,
			/// The issuer.
			issuer: OrgId,
		},
		/// An issuer issued a credential under its e-seal.
		CredentialIssued {
			/// Holder.
			org: OrgId,
			/// Credential id.
			credential: CredentialId,
			/// Kind.
			kind: CredentialKind,
			/// Issuer.
			issuer: OrgId,
			/// End of validity, if any.
			valid_until: Option<Moment>,
		},
		/// The issuer re-issued a credential (renewal or restoration): a new version.
		CredentialReissued {
			/// Holder.
			org: OrgId,
			/// Credential id.
			credential: CredentialId,
			/// New version.
			version: u32,
			/// New end of validity, if any.
			valid_until: Option<Moment>,
		},
		/// The issuer suspended a credential.
		CredentialSuspended {
			/// Holder.
			org: OrgId,
			/// Credential id.
			credential: CredentialId,
			/// Issuer.
			issuer: OrgId,
		},
		/// The issuer lifted a suspension.
		CredentialReinstated {
			/// Holder.
			org: OrgId,
			/// Credential id.
			credential: CredentialId,
		},
		/// A credential was revoked.
		CredentialRevoked {
			/// Holder.
			org: OrgId,
			/// Credential id.
			credential: CredentialId,
			/// By whom.
			by: Revoker,
		},
		/// The holder surrendered a credential.
		CredentialSurrendered {
			/// Holder.
			org: OrgId,
			/// Credential id.
			credential: CredentialId,
		},
		/// A credential reached the end of its validity.
		CredentialExpired {
			/// Holder.
			org: OrgId,
			/// Credential id.
			credential: CredentialId,
			/// Kind.
			kind: CredentialKind,
			/// The moment it expired.
			valid_until: Moment,
		},
		/// An expired or revoked credential was removed from file.
		CredentialRemoved {
			/// Holder.
			org: OrgId,
			/// Credential id.
			credential: CredentialId,
		},
		/// A new e-seal key became current (the previous one, if any, closed).
		EsealKeyRotated {
			/// The organisation.
			org: OrgId,
			/// Index of the new key.
			index: KeyIndex,
			/// The new key.
			key: Sm2PublicKey,
		},
		/// A node was registered.
		NodeRegistered {
			/// Owner.
			org: OrgId,
			/// Its peer id.
			peer_id: PeerId,
		},
		/// A node's addresses changed.
		NodeUpdated {
			/// Owner.
			org: OrgId,
			/// Its peer id.
			peer_id: PeerId,
		},
		/// A node was removed.
		NodeRemoved {
			/// Owner.
			org: OrgId,
			/// Its peer id.
			peer_id: PeerId,
		},
		/// An organisation proposed its validator.
		ValidatorProposed {
			/// The organisation.
			org: OrgId,
			/// The validator account.
			account: T::AccountId,
		},
		/// The council approved a validator; it joins at a coming session.
		ValidatorApproved {
			/// The organisation.
			org: OrgId,
			/// The validator account.
			account: T::AccountId,
		},
		/// A validator was removed; it leaves at a coming session.
		ValidatorRemoved {
			/// The organisation.
			org: OrgId,
			/// The validator account.
			account: T::AccountId,
		},
		/// The council changed the minimum validator set size.
		MinValidatorsSet {
			/// The new minimum.
			min: u32,
		},
		/// Governance added or changed a credential kind.
		CredentialKindSet {
			/// The kind.
			kind: CredentialKind,
		},
		/// Governance set what a gated action requires.
		RequirementSet {
			/// The action.
			action: GatedAction,
			/// The kinds it now requires (all of them).
			kinds: Vec<CredentialKind>,
		},
		/// Governance admitted (or withdrew) an organisation as issuer or overseer of a kind.
		AuthoritySet {
			/// The organisation.
			org: OrgId,
			/// The kind.
			kind: CredentialKind,
			/// Its rights now.
			authority: Authority,
		},
		/// Governance set until when v1 (holder-written) credentials still count.
		LegacyDeadlineSet {
			/// The deadline (`None`: they no longer count).
			until: Option<Moment>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The name is empty or not UTF-8.
		InvalidName,
		/// The account already acts for an organisation.
		AlreadyMember,
		/// The account already has a pending application.
		ApplicationPending,
		/// Too many applications are pending.
		TooManyApplications,
		/// No such application.
		ApplicationNotFound,
		/// Only the applicant may do this.
		NotApplicant,
		/// No such organisation.
		OrgNotFound,
		/// The consortium is full.
		TooManyOrgs,
		/// The organisation is not active.
		NotActive,
		/// The organisation is not suspended.
		NotSuspended,
		/// The organisation is already revoked.
		AlreadyRevoked,
		/// The caller does not act for an organisation.
		NotMember,
		/// The caller lacks the role for this.
		NotAuthorized,
		/// The account acts for an organisation already.
		AccountTaken,
		/// The account is not linked to this organisation.
		AccountNotFound,
		/// The organisation has too many accounts.
		TooManyAccounts,
		/// The organisation would be left without an admin.
		LastAdmin,
		/// The account holds the organisation's council seat; move the seat first.
		SeatHolder,
		/// The role set is empty or has undefined bits.
		InvalidRoles,
		/// The SM2 public key is malformed or not on the curve.
		InvalidKey,
		/// The proof of possession does not verify.
		BadProof,
		/// The key is already on record for this organisation.
		KeyReused,
		/// The organisation has rotated its e-seal key too many times.
		TooManyKeys,
		/// The validity window ends before it starts.
		InvalidValidity,
		/// No such credential.
		CredentialNotFound,
		/// The credential is revoked already.
		CredentialRevoked,
		/// The credential is still valid; only expired, revoked or surrendered ones can be
		/// removed.
		CredentialStillValid,
		/// The organisation has too many credentials on file.
		TooManyCredentials,
		/// Too many credentials are awaiting expiry chain-wide.
		ExpiryQueueFull,
		/// The peer id is not an ed25519 libp2p peer id.
		InvalidPeerId,
		/// A multiaddress is empty, not printable ASCII, or does not start with `/`.
		InvalidAddress,
		/// The peer id is registered already.
		PeerIdTaken,
		/// No such node.
		NodeNotFound,
		/// The organisation has too many nodes.
		TooManyNodes,
		/// The validator account has no session keys (call `session.set_keys` first).
		NoSessionKeys,
		/// The organisation has a validator, or the account validates for another.
		ValidatorExists,
		/// No such validator.
		ValidatorNotFound,
		/// The validator is approved already.
		AlreadyApproved,
		/// The validator set would fall below the minimum (or the minimum would be 0 or above
		/// the current set).
		TooFewValidators,
		/// The applicant cannot pay the application deposit.
		InsufficientDeposit,
		/// No such credential kind in the registry.
		UnknownKind,
		/// The registry is full.
		TooManyKinds,
		/// An organisation-kind set is empty or has undefined bits.
		InvalidKindSet,
		/// A kind is listed twice.
		DuplicateKind,
		/// The holder's organisation kind may not hold this credential kind.
		NotHolderKind,
		/// The organisation's kind may not issue (or oversee) this credential kind.
		NotIssuerKind,
		/// The organisation is not admitted to issue this kind, or did not issue it.
		NotIssuer,
		/// No such pending request (or not the caller's).
		RequestNotFound,
		/// The holder has too many pending requests.
		TooManyRequests,
		/// The request has too many documents.
		TooManyDocuments,
		/// The issuer's seal does not verify over the credential's digest.
		BadSeal,
		/// The issuer has no usable e-seal key.
		NoEsealKey,
		/// The credential is not active.
		CredentialNotActive,
		/// The credential is not suspended.
		CredentialNotSuspended,
		/// The credential was surrendered by its holder.
		CredentialSurrendered,
	}
}
