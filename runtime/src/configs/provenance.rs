//! Provenance: lots, genealogy, custody, QC results, recall and cold chain.

use crate::{Consortium, Provenance, Runtime, RuntimeCall, Timestamp};
use bioledger_primitives::LotId;
use codec::{Decode, DecodeWithMemTracking, Encode};
use frame_support::{pallet_prelude::TransactionSource, traits::OriginTrait, weights::Weight};
use frame_support::{parameter_types, traits::ConstU32};
use scale_info::TypeInfo;
use sp_runtime::{
	impl_tx_ext_default,
	traits::{DispatchInfoOf, TransactionExtension},
	transaction_validity::InvalidTransaction,
};

parameter_types! {}

impl pallet_provenance::Config for Runtime {
	type Membership = Consortium;
	type Time = Timestamp;
	/// QC results are checked against the active quality agreement.
	type QcHook = crate::Quality;
	/// Receipted lots are locked by the pledge pallet, which values them.
	type LockHooks = crate::Pledge;
	type MaxParents = ConstU32<16>;
	type MaxOutputs = ConstU32<16>;
	type MaxDocs = ConstU32<16>;
	type MaxQcParams = ConstU32<32>;
	type MaxLotsPerShipment = ConstU32<64>;
	type MaxActiveRecalls = ConstU32<16>;
	/// A producer may have two recalls propagating at once.
	type MaxRecallsPerOrg = ConstU32<2>;
	/// Regulators' recalls have their own queue.
	type MaxUrgentRecalls = ConstU32<8>;
	/// 1,000 children-index entries per block: 100,000 descendants in 100 blocks (5 minutes).
	type MaxRecallVisitsPerBlock = ConstU32<1_000>;
	type MaxAncestorCheck = ConstU32<64>;
	type MaxTraceResults = ConstU32<10_000>;
	type WeightInfo = pallet_provenance::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkHelper;
}

/// Benchmark hooks: members made by the consortium pallet.
#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_provenance::BenchmarkHelper<crate::AccountId> for BenchmarkHelper {
	fn member(
		seed: u32,
		role: bioledger_primitives::Role,
		kind: bioledger_primitives::OrgKind,
	) -> (crate::AccountId, bioledger_primitives::OrgId) {
		Consortium::bench_member(seed, role, kind)
	}

	fn set_time(now: u64) {
		pallet_timestamp::Now::<Runtime>::put(now);
	}
}

/// A transaction extension that refuses, in the pool, a `provenance.recall` (alone or inside a
/// `utility` batch) its signer may not make. A recall is operational — it has reserved block
/// space and pool priority — so an unauthorized one must not get that far: without this check
/// any funded account could fill the operational space with recalls that fail in dispatch and
/// crowd out a regulator's. The call itself checks the same rule again.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Eq, PartialEq, TypeInfo, Default)]
pub struct CheckRecall;

impl core::fmt::Debug for CheckRecall {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		write!(f, "CheckRecall")
	}
}

/// The lots `call` recalls, looking through every `utility` call a signed account may use to
/// wrap another (batches and `if_else`; `as_derivative` is filtered out, the rest need Root).
fn recalled(call: &RuntimeCall) -> alloc::vec::Vec<&LotId> {
	match call {
		RuntimeCall::Provenance(pallet_provenance::Call::recall { lot, .. }) => alloc::vec![lot],
		RuntimeCall::Utility(
			pallet_utility::Call::batch { calls }
			| pallet_utility::Call::batch_all { calls }
			| pallet_utility::Call::force_batch { calls },
		) => calls.iter().flat_map(recalled).collect(),
		RuntimeCall::Utility(pallet_utility::Call::if_else { main, fallback }) => {
			recalled(main).into_iter().chain(recalled(fallback)).collect()
		},
		_ => alloc::vec::Vec::new(),
	}
}

impl TransactionExtension<RuntimeCall> for CheckRecall {
	const IDENTIFIER: &'static str = "CheckRecall";
	type Implicit = ();
	type Val = ();
	type Pre = ();

	/// Four reads per recall (the lot, the account, its organisation and its kind).
	fn weight(&self, call: &RuntimeCall) -> Weight {
		<Runtime as frame_system::Config>::DbWeight::get().reads(4 * recalled(call).len() as u64)
	}

	fn validate(
		&self,
		origin: <RuntimeCall as sp_runtime::traits::Dispatchable>::RuntimeOrigin,
		call: &RuntimeCall,
		_info: &DispatchInfoOf<RuntimeCall>,
		_len: usize,
		_self_implicit: Self::Implicit,
		_inherited_implication: &impl Encode,
		_source: TransactionSource,
	) -> sp_runtime::traits::ValidateResult<Self::Val, RuntimeCall> {
		if let Some(who) = origin.as_signer() {
			if recalled(call).into_iter().any(|lot| !Provenance::may_recall(who, lot)) {
				return Err(InvalidTransaction::Call.into());
			}
		}
		Ok((Default::default(), (), origin))
	}

	impl_tx_ext_default!(RuntimeCall; prepare);
}
