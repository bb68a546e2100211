//! Sender accounts for load: derived dev accounts, funded by Alice and linked to her
//! organisation with the roles every workload needs.

use crate::{chain::map_key, tx, Rpc};
use anyhow::{bail, Result};
use bioledger_primitives::{Role, RoleSet};
use bioledger_runtime::{AccountId, Address, RuntimeCall};
use codec::Encode;
use frame_support::Blake2_128Concat;
use sp_core::{sr25519, Pair};
use sp_keyring::Sr25519Keyring;
use std::time::{Duration, Instant};

/// `n` accounts `//{prefix}//{i}`, each funded with 100 units and linked to Alice's
/// organisation as operator, QA approver and sensor gateway; returns them with nonce 0 once
/// the last one is set up in a finalized block.
pub async fn fund_and_link(
	rpc: &Rpc,
	chain_info: &tx::ChainInfo,
	prefix: &str,
	n: u32,
) -> Result<Vec<(sr25519::Pair, u32)>> {
	let alice = Sr25519Keyring::Alice.pair();
	let mut nonce = rpc.next_nonce(&Sr25519Keyring::Alice.to_account_id().to_string()).await?;
	let pairs: Vec<sr25519::Pair> = (0..n)
		.map(|i| sr25519::Pair::from_string(&format!("//{prefix}//{i}"), None).expect("valid path"))
		.collect();
	for p in &pairs {
		let who: AccountId = p.public().into();
		let fund = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: Address::Id(who.clone()),
			value: 10_000 * bioledger_runtime::UNIT,
		});
		let link = RuntimeCall::Consortium(pallet_consortium::Call::link_account {
			account: who,
			roles: RoleSet::from_roles(&[Role::Operator, Role::QaApprover, Role::SensorGateway]),
		});
		for call in [fund, link] {
			rpc.submit(&tx::sign(call, &alice, nonce, chain_info).encode()).await?;
			nonce += 1;
		}
	}
	// Wait until the last sender is funded and linked in a finalized block.
	let last: AccountId = pairs.last().expect("n > 0").public().into();
	let key = map_key::<Blake2_128Concat, _>("Consortium", "Accounts", &last);
	let deadline = Instant::now() + Duration::from_secs(120 + n as u64 / 10);
	loop {
		let (_, fin) = rpc.finalized().await?;
		if rpc.storage(&key, Some(fin)).await?.is_some() {
			break;
		}
		if Instant::now() > deadline {
			bail!("senders not set up in time");
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
	Ok(pairs.into_iter().map(|p| (p, 0)).collect())
}
