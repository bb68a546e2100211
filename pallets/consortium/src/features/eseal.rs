//! SM2 e-seal keys: proof of possession, rotation, history.

use crate::*;
use bioledger_primitives::Validity;
use frame_support::ensure;

/// Domain separator of the proof-of-possession challenge.
pub const ESEAL_POP_DOMAIN: &[u8] = b"BIOLEDGER/ESEAL-POP/V1";

impl<T: Config> Pallet<T> {
	/// The message an organisation signs with a new e-seal key to prove it holds the secret:
	/// `"BIOLEDGER/ESEAL-POP/V1" ‖ genesis hash (32) ‖ org id (u32 LE) ‖ key (65)`.
	/// Chain-specific (genesis), organisation-specific and key-specific, so a proof cannot be
	/// replayed on another chain, for another organisation, or for another key.
	pub fn eseal_challenge(org: OrgId, key: &Sm2PublicKey) -> Vec<u8> {
		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::default());
		let mut msg = Vec::with_capacity(ESEAL_POP_DOMAIN.len() + 32 + 4 + 65);
		msg.extend_from_slice(ESEAL_POP_DOMAIN);
		msg.extend_from_slice(genesis.as_ref());
		msg.extend_from_slice(&org.to_le_bytes());
		msg.extend_from_slice(key);
		msg
	}

	/// The key is `0x04 ‖ x ‖ y` with coordinates in range and on the curve.
	pub(crate) fn ensure_key_well_formed(key: &Sm2PublicKey) -> DispatchResult {
		// Verifying any signature classifies the key first: only a well-formed key on the curve
		// gets as far as `BadSignature`.
		match bioledger_crypto::sm::sm2_verify(key, &[], &[1u8; 64]) {
			Err(
				bioledger_crypto::Sm2Error::MalformedKey
				| bioledger_crypto::Sm2Error::KeyNotOnCurve,
			) => Err(Error::<T>::InvalidKey.into()),
			_ => Ok(()),
		}
	}

	/// Check `pop` proves possession of `key` for `org`.
	pub(crate) fn check_proof_of_possession(
		org: OrgId,
		key: &Sm2PublicKey,
		pop: &Sm2Signature,
	) -> DispatchResult {
		let challenge = Self::eseal_challenge(org, key);
		match bioledger_crypto::sm::sm2_verify(key, &challenge, pop) {
			Ok(()) => Ok(()),
			Err(
				bioledger_crypto::Sm2Error::MalformedKey
				| bioledger_crypto::Sm2Error::KeyNotOnCurve,
			) => Err(Error::<T>::InvalidKey.into()),
			Err(_) => Err(Error::<T>::BadProof.into()),
		}
	}

	/// Make `key` the current e-seal key of `org`, closing the previous one now.
	pub(crate) fn push_eseal_key(org: OrgId, key: Sm2PublicKey) -> DispatchResult {
		let now = T::Time::now();
		let mut keys = EsealKeys::<T>::get(org);
		ensure!(!keys.iter().any(|k| k.public == key), Error::<T>::KeyReused);
		ensure!(keys.len() < T::MaxEsealKeys::get() as usize, Error::<T>::TooManyKeys);
		if let Some(current) = keys.last_mut() {
			current.validity.until = Some(now);
		}
		let index = keys.len() as KeyIndex;
		keys.try_push(EsealKey { public: key, validity: Validity { from: now, until: None } })
			.map_err(|_| Error::<T>::TooManyKeys)?;
		EsealKeys::<T>::insert(org, keys);
		Self::deposit_event(Event::EsealKeyRotated { org, index, key });
		Ok(())
	}
}
