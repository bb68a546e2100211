//! Signing BioLedger transactions with the runtime's own types (no metadata guessing).

use bioledger_runtime::{
	AccountId, Address, Balance, RuntimeCall, Signature, SignedPayload, TxExtension,
	UncheckedExtrinsic,
};
use codec::Encode;
use sp_core::{sr25519, Pair, H256};
use sp_runtime::generic::Era;

/// What a signer needs to know about the chain: genesis hash and runtime version.
#[derive(Clone, Copy, Debug)]
pub struct ChainInfo {
	/// Genesis block hash (`CheckGenesis`, and the era's block for immortal transactions).
	pub genesis: H256,
	/// Runtime `spec_version` (`CheckSpecVersion`).
	pub spec_version: u32,
	/// Runtime `transaction_version` (`CheckTxVersion`).
	pub tx_version: u32,
}

impl ChainInfo {
	/// Read it from a node.
	pub async fn fetch(rpc: &crate::rpc::Rpc) -> anyhow::Result<Self> {
		let genesis = rpc.genesis_hash().await?;
		let (spec_version, tx_version) = rpc.runtime_version().await?;
		Ok(Self { genesis, spec_version, tx_version })
	}
}

/// An immortal, tip-less signed transaction of `call` by `signer` with `nonce`.
pub fn sign(
	call: RuntimeCall,
	signer: &sr25519::Pair,
	nonce: u32,
	chain: &ChainInfo,
) -> UncheckedExtrinsic {
	let tx_ext: TxExtension = (
		frame_system::CheckNonZeroSender::new(),
		bioledger_runtime::configs::operational::CheckOperational,
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		frame_system::CheckEra::from(Era::Immortal),
		frame_system::CheckNonce::from(nonce),
		frame_system::CheckWeight::new(),
		pallet_transaction_payment::ChargeTransactionPayment::from(0),
		frame_system::WeightReclaim::new(),
	);
	let implicit = (
		(),
		(),
		chain.spec_version,
		chain.tx_version,
		chain.genesis,
		chain.genesis,
		(),
		(),
		(),
		(),
	);
	let payload = SignedPayload::from_raw(call.clone(), tx_ext.clone(), implicit);
	let signature = payload.using_encoded(|p| signer.sign(p));
	let who: AccountId = signer.public().into();
	UncheckedExtrinsic::new_signed(call, Address::Id(who), Signature::Sr25519(signature), tx_ext)
}

/// The SCALE bytes of a signed `balances.transfer_keep_alive`.
pub fn transfer_keep_alive(
	signer: &sr25519::Pair,
	to: AccountId,
	amount: Balance,
	nonce: u32,
	chain: &ChainInfo,
) -> Vec<u8> {
	let call = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: Address::Id(to),
		value: amount,
	});
	sign(call, signer, nonce, chain).encode()
}
