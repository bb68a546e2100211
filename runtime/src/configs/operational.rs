//! `CheckOperational`: who may use the operational block space.
//!
//! Operational transactions have block space of their own (the quarter the normal class may not
//! use) and pool priority; that is what lets a recall through a full block. A signed
//! operational transaction that fails in dispatch still takes that space and pays a small fee,
//! so without a check any funded account could fill it — with recalls it may not make, or with
//! Root-only calls (`System::kill_prefix`, `Grandpa::report_equivocation` …) — for about the
//! price of a normal block, and crowd out a regulator's recall. This extension refuses, in the
//! pool, a signed transaction of the operational class unless each call in it (looking through
//! `utility` batches and `if_else`) is one the signer may make:
//! - `provenance.recall` by a QA approver of the lot's producer or an auditor of a regulator;
//! - the council's own calls (`propose`, `vote`, `close`) by a seat holder.
//!
//! Everything else of the operational class needs Root or a collective origin and cannot come
//! from a signed account anyway; it is refused before it reaches a block.

use crate::{Provenance, Runtime, RuntimeCall};
use codec::{Decode, DecodeWithMemTracking, Encode};
use frame_support::{
	dispatch::{DispatchClass, GetDispatchInfo},
	pallet_prelude::TransactionSource,
	traits::OriginTrait,
	weights::Weight,
};
use scale_info::TypeInfo;
use sp_runtime::{
	impl_tx_ext_default,
	traits::{DispatchInfoOf, TransactionExtension},
	transaction_validity::InvalidTransaction,
};

/// See the module documentation.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Eq, PartialEq, TypeInfo, Default)]
pub struct CheckOperational;

impl core::fmt::Debug for CheckOperational {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		write!(f, "CheckOperational")
	}
}

/// The calls `call` makes, looking through every `utility` call a signed account may use to
/// wrap another (batches and `if_else`; `as_derivative` is filtered out, the rest need Root).
fn leaves(call: &RuntimeCall) -> alloc::vec::Vec<&RuntimeCall> {
	match call {
		RuntimeCall::Utility(
			pallet_utility::Call::batch { calls }
			| pallet_utility::Call::batch_all { calls }
			| pallet_utility::Call::force_batch { calls },
		) => calls.iter().flat_map(leaves).collect(),
		RuntimeCall::Utility(pallet_utility::Call::if_else { main, fallback }) => {
			leaves(main).into_iter().chain(leaves(fallback)).collect()
		},
		other => alloc::vec![other],
	}
}

/// Whether `who` may make `call`, an operational call.
fn may_make(who: &crate::AccountId, call: &RuntimeCall) -> bool {
	match call {
		RuntimeCall::Provenance(pallet_provenance::Call::recall { lot, .. }) => {
			Provenance::may_recall(who, lot)
		},
		RuntimeCall::Council(
			pallet_collective::Call::propose { .. }
			| pallet_collective::Call::vote { .. }
			| pallet_collective::Call::close { .. },
		) => pallet_collective::Members::<Runtime, crate::configs::governance::CouncilCollective>::get()
			.contains(who),
		_ => false,
	}
}

/// How many operational leaves `call` has (each costs a few reads to check).
fn operational_leaves(call: &RuntimeCall) -> usize {
	leaves(call)
		.into_iter()
		.filter(|c| c.get_dispatch_info().class == DispatchClass::Operational)
		.count()
}

impl TransactionExtension<RuntimeCall> for CheckOperational {
	const IDENTIFIER: &'static str = "CheckOperational";
	type Implicit = ();
	type Val = ();
	type Pre = ();

	/// Four reads per operational call inside (a recall: the lot, the account, its
	/// organisation and its kind; a council call: the members).
	fn weight(&self, call: &RuntimeCall) -> Weight {
		<Runtime as frame_system::Config>::DbWeight::get()
			.reads(4 * operational_leaves(call) as u64)
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
			// Every operational call inside must be one the signer may make: a batch that is
			// normal as a whole still may not carry a recall its signer may not order.
			let refused = leaves(call).into_iter().any(|c| {
				c.get_dispatch_info().class == DispatchClass::Operational && !may_make(who, c)
			});
			if refused {
				return Err(InvalidTransaction::Call.into());
			}
		}
		Ok((Default::default(), (), origin))
	}

	impl_tx_ext_default!(RuntimeCall; prepare);
}
