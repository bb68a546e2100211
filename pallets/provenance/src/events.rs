//! The pallet's events and errors (a pallet section, imported into the pallet module).

use frame_support::pallet_macros::pallet_section;

#[pallet_section]
mod events {
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A lot was commissioned.
		LotCreated {
			/// The lot.
			lot: LotId,
			/// Its product.
			product: ProductCode,
			/// Its producer.
			producer: OrgId,
			/// Quantity produced.
			quantity: Quantity,
		},
		/// Inputs were transformed into an output lot.
		Transformed {
			/// The new lot.
			output: LotId,
			/// Its product.
			product: ProductCode,
			/// Quantity produced.
			quantity: Quantity,
			/// Inputs and quantities consumed.
			inputs: BoundedVec<(LotId, u128), T::MaxParents>,
			/// The producing organisation.
			by: OrgId,
		},
		/// A lot was split into parts of the same product.
		Split {
			/// The source lot.
			lot: LotId,
			/// New lots and their quantities.
			parts: BoundedVec<(LotId, u128), T::MaxOutputs>,
		},
		/// Lots of one product were merged into one.
		Merged {
			/// The merged lots.
			inputs: BoundedVec<LotId, T::MaxParents>,
			/// The new lot.
			output: LotId,
			/// Its quantity.
			quantity: u128,
		},
		/// An input lot was used up.
		LotConsumed {
			/// The lot.
			lot: LotId,
		},
		/// Lots left on a shipment.
		Shipped {
			/// The shipment.
			shipment: ShipmentId,
			/// Sender.
			from: OrgId,
			/// Receiver.
			to: OrgId,
			/// Carrier.
			carrier: Option<OrgId>,
			/// The lots.
			lots: BoundedVec<LotId, T::MaxLotsPerShipment>,
			/// Promised delivery time.
			promised_at: Moment,
		},
		/// A shipment was received.
		Received {
			/// The shipment.
			shipment: ShipmentId,
			/// Receiver.
			by: OrgId,
			/// Whether ownership moved too.
			ownership: bool,
			/// Lots put in quarantine on arrival (supplier's quality tier).
			quarantined: BoundedVec<LotId, T::MaxLotsPerShipment>,
		},
		/// A shipment was refused and went back to the sender.
		Refused {
			/// The shipment.
			shipment: ShipmentId,
			/// The refusing receiver.
			by: OrgId,
		},
		/// A QC result was recorded.
		QcRecorded {
			/// The lot.
			lot: LotId,
			/// Index of the result on the lot.
			index: u32,
			/// The testing organisation.
			tested_by: OrgId,
			/// What the quality rules said.
			verdict: bioledger_primitives::QcVerdict,
		},
		/// A lot's status changed.
		StatusChanged {
			/// The lot.
			lot: LotId,
			/// Previous status.
			from: LotStatus,
			/// New status.
			to: LotStatus,
		},
		/// A recall was ordered; its walk through the descendants has started.
		RecallStarted {
			/// The recall.
			recall: RecallId,
			/// The recalled lot.
			lot: LotId,
			/// Ordered by.
			by: OrgId,
			/// Hash of the recall notice.
			reason: DocHash,
		},
		/// A recall reached a lot (the recalled one or a descendant).
		LotRecalled {
			/// The recall.
			recall: RecallId,
			/// The lot.
			lot: LotId,
		},
		/// A recall's walk reached every descendant.
		RecallCompleted {
			/// The recall.
			recall: RecallId,
			/// Lots reached, the recalled one included.
			lots: u32,
		},
		/// A cold-chain reading outside the lot's range was reported.
		ColdChainExcursion {
			/// The lot.
			lot: LotId,
			/// Lowest observed, centi-°C.
			min: i32,
			/// Highest observed, centi-°C.
			max: i32,
			/// Duration, seconds.
			duration_secs: u32,
			/// Evidence (sensor log) hash.
			evidence: DocHash,
			/// Whether the lot was quarantined (false: tolerated by the agreement).
			quarantined: bool,
		},
		/// A lot was destroyed.
		LotDestroyed {
			/// The lot.
			lot: LotId,
			/// Quantity written off.
			quantity: u128,
		},
		/// A document was anchored to a lot.
		DocumentAnchored {
			/// The lot.
			lot: LotId,
			/// Kind.
			kind: DocKind,
			/// Hash.
			hash: DocHash,
		},
		/// A lot was locked.
		LotLocked {
			/// The lot.
			lot: LotId,
			/// Holder.
			holder: LockHolder,
		},
		/// A lot was unlocked.
		LotUnlocked {
			/// The lot.
			lot: LotId,
			/// Former holder.
			holder: LockHolder,
		},
		/// An owner consented (or withdrew its consent) that the custodian ship its lot to a
		/// buyer as a sale.
		TitleConsentSet {
			/// The lot.
			lot: LotId,
			/// The owner.
			owner: OrgId,
			/// The buyer the title may go to (`None`: consent withdrawn).
			to: Option<OrgId>,
		},
		/// A lot's title moved through the holder of its lock (a receipt changed hands, a
		/// foreclosure).
		TitleTransferred {
			/// The lot.
			lot: LotId,
			/// Previous owner.
			from: OrgId,
			/// New owner.
			to: OrgId,
			/// The lock holder that moved it.
			by: LockHolder,
		},
		/// The receiver agreed to a shipment's promised delivery time.
		PromiseAgreed {
			/// The shipment.
			shipment: ShipmentId,
			/// The promised time.
			promised_at: Moment,
		},
		/// The sender took back a shipment whose receiver is no longer an active member.
		ShipmentCancelled {
			/// The shipment.
			shipment: ShipmentId,
			/// The sender.
			by: OrgId,
		},
		/// An owner allowed or disallowed a contract laboratory.
		ContractLabSet {
			/// The owner.
			owner: OrgId,
			/// The laboratory.
			lab: OrgId,
			/// Allowed from now on.
			allowed: bool,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller does not act for an active organisation with the needed role.
		NotAuthorized,
		/// The organisation lacks a valid credential for this.
		MissingCredential,
		/// The lot id is empty or has characters other than printable ASCII.
		InvalidLotId,
		/// A lot with this id exists already.
		LotExists,
		/// No such lot.
		LotNotFound,
		/// The quantity is zero, or a product code is empty.
		InvalidQuantity,
		/// More is consumed than the lot has left, or units differ.
		InsufficientQuantity,
		/// Expiry is not after production.
		InvalidExpiry,
		/// The temperature range is inverted.
		InvalidRange,
		/// The caller's organisation is not the lot's owner.
		NotOwner,
		/// The caller's organisation is not the lot's custodian.
		NotCustodian,
		/// The lot's status does not allow this.
		InvalidStatus,
		/// The lot is locked.
		Locked,
		/// The lot or one of its ancestors is recalled.
		Recalled,
		/// A recall is being propagated and the lot's ancestry is too large to check now.
		RecallInProgress,
		/// The same lot appears twice.
		Duplicate,
		/// Lots of different products or units.
		ProductMismatch,
		/// Nothing to do (no lots, outputs or inputs).
		Empty,
		/// The lot has expired.
		Expired,
		/// No such shipment.
		ShipmentNotFound,
		/// The shipment is no longer in transit.
		ShipmentClosed,
		/// The receiver, carrier or laboratory organisation is not active.
		InactiveOrg,
		/// Shipping to oneself.
		SameOrg,
		/// The promised delivery time is not in the future.
		InvalidPromise,
		/// Release needs a passing QC result.
		QcMissing,
		/// The lot has no storage condition to check readings against.
		NoStorageCondition,
		/// The lot is already recalled.
		AlreadyRecalled,
		/// Too many recalls are propagating.
		TooManyRecalls,
		/// The lot has too many documents.
		TooManyDocs,
		/// Not locked, or locked by another holder.
		NotLockHolder,
		/// The shipment holds more lots than the call's witness says.
		WitnessTooLow,
		/// A sale needs the title: the shipper neither owns the lot nor has the owner's consent
		/// to sell it to this receiver.
		NoTitle,
		/// The shipment's receiver is still an active member (it can receive or refuse).
		ReceiverActive,
		/// Lots of different producers cannot be merged.
		ProducerMismatch,
		/// A nonconformance on the lot is still open.
		OpenNonconformance,
		/// The account cannot hold the lot deposit.
		InsufficientDeposit,
		/// The lot has as many QC results as it may have.
		TooManyQcResults,
		/// No agreement with committed specification limits governs the lot.
		NoCommittedSpec,
		/// A range proof does not verify against the agreement's committed limits.
		ProofRejected,
		/// The payload cannot be committed to the agreement's collection (the tester is not a
		/// party, it exists already, or the collection is full or purged).
		PayloadRefused,
	}
}
