//! On a running four-member consortium (permissioned peering on), the council admits a fifth
//! organisation by a 4-of-6 vote (four members and the two founding issuers hold seats). Before admission its node is refused by every member and does
//! not sync; once its admin registers the node on chain, members connect to it without a
//! restart and it syncs. Its validator registers session keys, is proposed and approved, joins
//! the validator set at a coming session and authors blocks, while finality goes on.

use bioledger_crypto::native::Sm2Keypair;
use bioledger_e2e::{
	chain::{
		account, api, authored_by, dev_pair, issue_requested, pass_motion, read, send, value_key,
	},
	dev_peer_id_bytes,
	tx::ChainInfo,
	wait_for, Network, Node, NodeDir, NodeSpec,
};
use bioledger_primitives::{CredentialKind, OrgKind, OrgStatus, Validity};
use bioledger_runtime::{AccountId, RuntimeCall, SessionKeys};
use codec::{Decode, Encode};
use pallet_consortium::{CredentialView, OrgView, RequestInput};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread")]
async fn council_admits_a_fifth_member_whose_validator_joins_and_authors() -> anyhow::Result<()> {
	let (net, rpcs) = Network::local_consortium().await?;
	let rpc = &rpcs[0];

	// Eve's node starts before her organisation exists: it knows every member's address, but
	// no member talks to it, so it says so and stays at genesis.
	let eve_dir = NodeDir::new("eve")?;
	let mut spec = NodeSpec::new("eve", "local_consortium", 4).validator("eve");
	spec.bootnodes = net.nodes.iter().map(|n| n.multiaddr()).collect();
	let mut eve_node = Node::start(spec, &eve_dir)?;
	let eve_rpc = eve_node.wait_rpc(Duration::from_secs(60)).await?;

	wait_for(Duration::from_secs(90), "block 3 finalized", || async {
		Ok((rpc.finalized().await?.0 >= 3).then_some(()))
	})
	.await?;
	assert!(eve_node.log_text().contains("is not an authorized member node"));
	assert_eq!(eve_rpc.best_number().await?, 0, "an unregistered node synced");
	let chain = ChainInfo::fetch(rpc).await?;
	let (alice, bob, charlie, dave) =
		(dev_pair("//Alice"), dev_pair("//Bob"), dev_pair("//Charlie"), dev_pair("//Dave"));
	let eve = dev_pair("//Eve");
	let eve_id: AccountId = account(&eve);

	// 1. Eve applies, proving possession of her SM2 e-seal key.
	let org: u32 = read(rpc, &value_key("Consortium", "NextOrgId")).await?.unwrap_or_default();
	assert_eq!(org, 6, "four founding members and the two founding issuers");
	let seal = Sm2Keypair::from_seed("//Eve");
	let challenge: Vec<u8> =
		api(rpc, "ConsortiumApi_eseal_challenge", (org, seal.public())).await?;
	// She asks the founding certification body (SGS, org 5) for a laboratory accreditation.
	let request = RequestInput {
		issuer: 5,
		kind: CredentialKind::LABORATORY_ACCREDITATION,
		document: [0x17; 32],
	};
	send(
		rpc,
		&chain,
		&eve,
		RuntimeCall::Consortium(pallet_consortium::Call::apply {
			name: b"Hangzhou QC Labs".to_vec().try_into().unwrap(),
			kind: OrgKind::Laboratory,
			eseal_key: seal.public(),
			pop: seal.sign(&challenge),
			requests: vec![request].try_into().unwrap(),
		}),
	)
	.await?;

	// 2. The council (4 of 6 seats) admits her organisation; Eve gets the seventh seat, and
	// SGS issues her accreditation on the request her application carried.
	pass_motion(
		rpc,
		&chain,
		&[&alice, &bob, &charlie, &dave],
		RuntimeCall::Consortium(pallet_consortium::Call::approve_application { org }),
	)
	.await?;
	let view: Option<OrgView<AccountId>> = api(rpc, "ConsortiumApi_org", org).await?;
	let view = view.expect("admitted");
	assert_eq!(view.status, OrgStatus::Active);
	assert_eq!(view.council_seat, eve_id);
	assert_eq!(view.eseal_key, Some(seal.public()));
	let seats: Vec<AccountId> =
		read(rpc, &value_key("Council", "Members")).await?.unwrap_or_default();
	assert!(seats.contains(&eve_id) && seats.len() == 7);
	let validity = Validity { from: 0, until: Some(1_924_905_600_000) };
	assert_eq!(
		issue_requested(rpc, &chain, "//SGS", 5, org, |_| Some((validity, [0x17; 32]))).await?,
		1
	);
	let creds: Vec<CredentialView> = api(rpc, "ConsortiumApi_credentials", org).await?;
	assert!(creds.len() == 1 && creds[0].seal_valid && creds[0].counts_now);

	// 3. Eve registers her node (peer id and address): members connect to it and it syncs.
	let addr = format!("/ip4/127.0.0.1/tcp/{}", eve_node.p2p_port);
	send(
		rpc,
		&chain,
		&eve,
		RuntimeCall::Consortium(pallet_consortium::Call::register_node {
			peer_id: dev_peer_id_bytes(4).try_into().unwrap(),
			addrs: vec![addr.into_bytes().try_into().unwrap()].try_into().unwrap(),
		}),
	)
	.await?;
	let head = rpc.best_number().await?;
	wait_for(Duration::from_secs(90), "Eve's node to sync", || async {
		Ok((eve_rpc.best_number().await? >= head).then_some(()))
	})
	.await?;
	assert!(rpc.peer_ids().await?.contains(&eve_node.peer_id), "Alice does not talk to Eve");

	// 4. Eve's node makes session keys with an ownership proof; she registers and proposes them.
	let generated = eve_rpc
		.call(
			"author_rotateKeysWithOwner",
			jsonrpsee::rpc_params![format!("0x{}", hex::encode(eve_id.encode()))],
		)
		.await?;
	let unhex = |v: &serde_json::Value| {
		hex::decode(v.as_str().unwrap_or_default().trim_start_matches("0x"))
	};
	let keys = SessionKeys::decode(&mut &unhex(&generated["keys"])?[..])?;
	let proof = unhex(&generated["proof"])?;
	send(
		rpc,
		&chain,
		&eve,
		RuntimeCall::Session(pallet_session::Call::set_keys { keys: keys.clone(), proof }),
	)
	.await?;
	send(
		rpc,
		&chain,
		&eve,
		RuntimeCall::Consortium(pallet_consortium::Call::propose_validator {
			account: eve_id.clone(),
		}),
	)
	.await?;
	// Seven seats now: two thirds is five votes (four would be refused as `BadOrigin`).
	let nmpa = dev_pair("//NMPA");
	pass_motion(
		rpc,
		&chain,
		&[&alice, &bob, &charlie, &dave, &nmpa],
		RuntimeCall::Consortium(pallet_consortium::Call::approve_validator { org }),
	)
	.await?;
	let next: Vec<AccountId> = api(rpc, "ConsortiumApi_validators", ()).await?;
	assert!(next.contains(&eve_id) && next.len() == 5);

	// 5. Within two sessions (pallet-session queues one session ahead) she validates …
	wait_for(Duration::from_secs(240), "Eve in the session validator set", || async {
		let validators: Vec<AccountId> =
			read(rpc, &value_key("Session", "Validators")).await?.unwrap_or_default();
		Ok(validators.contains(&eve_id).then_some(()))
	})
	.await?;
	// … and authors blocks that everyone imports, while finality advances.
	let (fin_before, _) = rpc.finalized().await?;
	let mut heads = rpc.subscribe_new_heads().await?;
	let authored = tokio::time::timeout(Duration::from_secs(120), async {
		while let Some(h) = heads.next().await {
			let n = bioledger_e2e::rpc::header_number(&h?)?;
			if let Some(hash) = rpc.block_hash(n).await? {
				if authored_by(rpc, hash, &keys.aura).await? {
					return Ok::<_, anyhow::Error>(n);
				}
			}
		}
		anyhow::bail!("head subscription ended")
	})
	.await??;
	wait_for(Duration::from_secs(60), "finality past Eve's block", || async {
		Ok((rpc.finalized().await?.0 >= authored.max(fin_before + 1)).then_some(()))
	})
	.await?;
	Ok(())
}
