//! Confidential business data on the four-member local consortium (real nodes on loopback):
//! Apex (A, Alice's node) buys from Huaxin (B, Bob's node) under a quality agreement whose limits
//! are confidential; BioCDMO (C, Charlie's node) is a competitor; the regulator (NMPA) gets a
//! node and a short grant; an outsider has no registration.
//!
//! - A stores the terms in its node and drafts the agreement with the limits' commitments; B's
//!   node fetches the terms over the confidential protocol and serves them on B's local RPC;
//!   C's node and RPC get nothing.
//! - B's node is down while A records a confidential QC result (value as a commitment with a
//!   range proof); restarted, it fetches and verifies the payload.
//! - A forged proof (a value outside the committed limits proven against wider ones) is refused
//!   by the chain; a value declared out of specification quarantines the lot.
//! - C's registered key asking A's node directly over the protocol gets nothing; an
//!   unregistered key is refused by the gate.
//! - Every block body, every block's events, the whole state and the pool are scanned for the
//!   payloads' plaintext.
//! - The regulator reads while its grant runs and loses the payloads when it ends.
//! - Both parties purge: the payloads are gone from A and B, the commitments stay.

use anyhow::{anyhow, ensure, Result};
use bioledger_crypto::range::{commit, prove_within, random_blinding};
use bioledger_e2e::{
	chain::{dev_pair, map_key, read, send},
	dev_peer_id_bytes, exclusive,
	forged::{self, Forged},
	tx, wait_for, Network, Node, NodeDir, NodeSpec, Rpc,
};
use bioledger_primitives::{CommittedParam, LotId, Quantity, TemperatureRange, Unit, Validity};
use bioledger_runtime::RuntimeCall;
use codec::{Decode, Encode};
use frame_support::Twox64Concat;
use jsonrpsee::rpc_params;
use pallet_quality::{CommittedSpec, Liability, ReleaseResponsibility, SignatureMeaning, Terms};
use serde_json::Value;
use sp_core::H256;
use std::time::Duration;

const A: u32 = 0;
const B: u32 = 1;
/// The regulator's organisation in the local consortium.
const NMPA: u32 = 4;
/// Text only the payloads carry: found anywhere on chain or in the pool, the test fails.
const TERMS_MARK: &str = "CONFIDENTIAL-ASSAY-LIMITS-987-1013";
const COA_MARK: &str = "CONFIDENTIAL-COA-HX-API-0042-ASSAY-996";

fn bv<T: TryFrom<Vec<u8>>>(s: &str) -> T
where
	T::Error: std::fmt::Debug,
{
	s.as_bytes().to_vec().try_into().expect("short")
}

/// A payload: a 32-byte random salt, then the document.
fn payload(doc: &str) -> Vec<u8> {
	let mut p = random_blinding().to_vec();
	p.extend_from_slice(doc.as_bytes());
	p
}

async fn put(rpc: &Rpc, collection: u64, payload: &[u8]) -> Result<[u8; 32]> {
	let v = rpc
		.call("confidential_put", rpc_params![collection, format!("0x{}", hex::encode(payload))])
		.await?;
	Ok(bioledger_e2e::rpc::parse_hash(&v)?.0)
}

/// `Ok(Some(payload))`, `Ok(None)` (not held) or `Err` (refused).
async fn get(rpc: &Rpc, hash: [u8; 32]) -> Result<Option<Vec<u8>>> {
	let v = rpc
		.call("confidential_get", rpc_params![format!("0x{}", hex::encode(hash))])
		.await?;
	match v.as_str() {
		Some(h) => Ok(Some(hex::decode(h.trim_start_matches("0x"))?)),
		None => Ok(None),
	}
}

async fn status(rpc: &Rpc) -> Result<Value> {
	rpc.call("confidential_status", rpc_params![]).await
}

async fn held(rpc: &Rpc) -> Result<u64> {
	Ok(status(rpc).await?["held"].as_u64().unwrap_or(0))
}

/// Wait until `block` is finalized on `rpc`.
async fn final_on(rpc: &Rpc, block: H256) -> Result<()> {
	let n = rpc.number_of(block).await?;
	wait_for(Duration::from_secs(90), "finality", || async {
		Ok((rpc.finalized().await?.0 >= n).then_some(()))
	})
	.await
}

async fn send_final(
	rpc: &Rpc,
	chain: &tx::ChainInfo,
	who: &str,
	call: RuntimeCall,
) -> Result<H256> {
	let block = send(rpc, chain, &dev_pair(who), call).await?;
	final_on(rpc, block).await?;
	Ok(block)
}

async fn state_call<T: Decode>(rpc: &Rpc, method: &str, args: impl Encode) -> Result<T> {
	let bytes = rpc.state_call(method, &args.encode()).await?;
	Ok(T::decode(&mut &bytes[..])?)
}

/// The confidential limits of the agreement: assay [987, 1013] (0.1 %).
struct Limits {
	r_min: [u8; 32],
	r_max: [u8; 32],
}

fn public_terms() -> pallet_quality::TermsOf<bioledger_runtime::Runtime> {
	Terms {
		product: bv("GTIN-06912345000307"),
		specs: Default::default(),
		storage: Some(TemperatureRange::COLD_CHAIN),
		max_excursion_secs: 1_800,
		excursion_liability: Liability::Supplier,
		release: ReleaseResponsibility::Buyer,
		skip_lot: false,
		validity: Validity { from: 0, until: None },
		document: [0x51; 32],
		arbitrator: None,
	}
}

fn committed_assay(limits: &Limits, value: i64) -> CommittedParam {
	let r = random_blinding();
	CommittedParam {
		code: bv("ASSAY"),
		unit: bv("0.1%"),
		value: commit(value, &r),
		proof: prove_within(value, &r, 987, &limits.r_min, 1013, &limits.r_max)
			.unwrap_or_default()
			.try_into()
			.unwrap(),
	}
}

#[tokio::test(flavor = "multi_thread")]
async fn confidential_payloads_reach_only_the_parties() -> Result<()> {
	let _g = exclusive().await;
	let (mut net, rpcs) = Network::local_consortium().await?;
	let (a, b, c) = (&rpcs[0], &rpcs[1], &rpcs[2]);
	let chain = tx::ChainInfo::fetch(a).await?;

	// 1. The terms: A's system stores them in A's node, then drafts with their commitments;
	// B's node fetches them, C's gets nothing.
	let limits = Limits { r_min: random_blinding(), r_max: random_blinding() };
	let (collection, agreement, terms_payload) = share_terms(a, b, c, &chain, &limits).await?;

	// 2. Both parties seal; B makes a lot and ships it to A, who receives it.
	let lot = seal_and_deliver(a, &chain, agreement).await?;

	// 3. B's node is down while A records a confidential QC result.
	net.nodes[1].kill();
	let coa = payload(&format!("{{\"doc\":\"{COA_MARK}\",\"ASSAY\":996}}"));
	let coa_hash = put(a, collection, &coa).await?;
	let qc = |params: Vec<CommittedParam>, payload: [u8; 32]| {
		RuntimeCall::Provenance(pallet_provenance::Call::record_qc_committed {
			lot: lot.clone(),
			params: params.try_into().unwrap(),
			payload,
		})
	};
	// A forged proof: 1,020 proven within [987, 1,030] and presented against [987, 1,013].
	let mut forged_param = committed_assay(&limits, 996);
	let r = random_blinding();
	forged_param.value = commit(1_020, &r);
	forged_param.proof = prove_within(1_020, &r, 987, &limits.r_min, 1_030, &random_blinding())
		.unwrap()
		.try_into()
		.unwrap();
	let refused =
		send(a, &chain, &dev_pair("//Alice//qa"), qc(vec![forged_param], [0x77; 32])).await;
	ensure!(
		format!("{refused:?}").contains("dispatch failed"),
		"a proof against other limits was accepted: {refused:?}"
	);
	send_final(a, &chain, "//Alice//qa", qc(vec![committed_assay(&limits, 996)], coa_hash)).await?;
	let result: pallet_provenance::QcResultOf<bioledger_runtime::Runtime> = {
		let mut key =
			map_key::<frame_support::Blake2_128Concat, _>("Provenance", "QcResults", &lot);
		key.extend(<Twox64Concat as frame_support::StorageHasher>::hash(&0u32.encode()));
		read(a, &key).await?.ok_or_else(|| anyhow!("no QC result"))?
	};
	ensure!(
		result.verdict == bioledger_primitives::QcVerdict::Pass,
		"verdict {:?}",
		result.verdict
	);
	ensure!(result.params.is_empty() && result.coa == coa_hash, "values on chain: {result:?}");

	// A value declared out of specification (no proof exists): the lot is quarantined.
	let out = payload("{\"ASSAY\":975}");
	let out_hash = put(a, collection, &out).await?;
	send_final(a, &chain, "//Alice//qa", qc(vec![committed_assay(&limits, 975)], out_hash)).await?;
	let lot_state: pallet_provenance::LotOf<bioledger_runtime::Runtime> =
		read(a, &map_key::<frame_support::Blake2_128Concat, _>("Provenance", "Lots", &lot))
			.await?
			.ok_or_else(|| anyhow!("lot missing"))?;
	ensure!(
		lot_state.status == pallet_provenance::LotStatus::Quarantined,
		"an out-of-specification value left the lot {:?}",
		lot_state.status
	);

	// 4. B's node restarts and catches up: it fetches and verifies both QC payloads.
	net.nodes[1].restart()?;
	let b = net.nodes[1].wait_rpc(Duration::from_secs(120)).await?;
	let got = wait_for(Duration::from_secs(120), "B's node to catch up", || async {
		Ok(get(&b, coa_hash).await.ok().flatten())
	})
	.await?;
	ensure!(got == coa, "B's node serves another CoA than A stored");
	wait_for(Duration::from_secs(60), "B's node to hold all three", || async {
		Ok((held(&b).await? == 3).then_some(()))
	})
	.await?;
	println!("B's node after restart: {:?}", status(&b).await?);

	// 5. C asks A's node directly: with C's registered key it gets nothing; unregistered, the
	// gate refuses it.
	ask_directly(&net, a, &chain, coa_hash).await?;

	// 6. Nothing private on chain or in the pool.
	scan_for_plaintext(a, &[TERMS_MARK.as_bytes(), COA_MARK.as_bytes(), &terms_payload, &coa])
		.await?;

	// 7. The regulator's node, granted access for a short time, reads; then it cannot.
	let boot = net.nodes[0].multiaddr();
	regulator_reads_until_its_grant_ends(a, &chain, &boot, collection, coa_hash, &coa).await?;

	// 8. Both parties purge: payloads gone from A and B, commitments stay.
	purge_both(a, &b, &chain, collection, coa_hash).await
}

/// A's system stores the terms in A's node and drafts the confidential agreement; B's node
/// fetches the terms, C's node and RPC get nothing. Returns the collection, the agreement and
/// the terms payload.
async fn share_terms(
	a: &Rpc,
	b: &Rpc,
	c: &Rpc,
	chain: &tx::ChainInfo,
	limits: &Limits,
) -> Result<(u64, u32, Vec<u8>)> {
	let collection: u64 = state_call(a, "ConfidentialApi_next_collection", ()).await?;
	let terms_payload = payload(&format!(
		"{{\"doc\":\"{TERMS_MARK}\",\"ASSAY\":{{\"min\":987,\"max\":1013,\"rMin\":\"{}\",\"rMax\":\"{}\"}}}}",
		hex::encode(limits.r_min),
		hex::encode(limits.r_max)
	));
	let terms_hash = put(a, collection, &terms_payload).await?;
	let agreement: u32 = read(a, &bioledger_e2e::chain::value_key("Quality", "NextAgreementId"))
		.await?
		.unwrap_or(0);
	let specs = vec![CommittedSpec {
		code: bv("ASSAY"),
		unit: bv("0.1%"),
		min: commit(987, &limits.r_min),
		max: commit(1013, &limits.r_max),
	}];
	send_final(
		a,
		chain,
		"//Alice//qa",
		RuntimeCall::Quality(pallet_quality::Call::draft_confidential {
			supplier: B,
			terms: public_terms(),
			specs: specs.try_into().unwrap(),
			payload: terms_hash,
		}),
	)
	.await?;
	// B's node fetches the terms from A's and serves them on B's local RPC.
	let got = wait_for(Duration::from_secs(60), "B's node to fetch the terms", || async {
		Ok(get(b, terms_hash).await.ok().flatten())
	})
	.await?;
	ensure!(got == terms_payload, "B's node serves other bytes than A stored");
	println!("B's node fetched the terms: {:?}", status(b).await?);
	// C's node holds nothing and C's RPC refuses.
	ensure!(held(c).await? == 0, "the competitor's node holds a payload");
	let refused = get(c, terms_hash).await;
	ensure!(refused.is_err(), "C's RPC served the terms: {refused:?}");
	println!("C's RPC: {}", refused.unwrap_err());
	// A member of another collection cannot put into this one through its node.
	ensure!(
		put(c, collection, &payload("junk from C")).await.is_err(),
		"C wrote into A+B's collection"
	);
	Ok((collection, agreement, terms_payload))
}

/// Both parties seal the agreement; Huaxin makes a lot and sells it to Apex, who receives it.
async fn seal_and_deliver(a: &Rpc, chain: &tx::ChainInfo, agreement: u32) -> Result<LotId> {
	let digest = {
		let ag: pallet_quality::AgreementOf<bioledger_runtime::Runtime> =
			read(a, &map_key::<Twox64Concat, _>("Quality", "Agreements", &agreement))
				.await?
				.ok_or_else(|| anyhow!("agreement {agreement} missing"))?;
		ag.digest
	};
	let seal = |seed: &str| {
		RuntimeCall::Quality(pallet_quality::Call::sign {
			agreement,
			meaning: SignatureMeaning::Approval,
			signature: bioledger_crypto::native::Sm2Keypair::from_seed(seed).sign(&digest),
		})
	};
	send(a, chain, &dev_pair("//Alice"), seal("//Alice")).await?;
	send_final(a, chain, "//Bob", seal("//Bob")).await?;
	let lot: LotId = bv("HX-API-0042");
	let now =
		std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_millis() as u64;
	send_final(
		a,
		chain,
		"//Bob//ops",
		RuntimeCall::Provenance(pallet_provenance::Call::create_lot {
			id: lot.clone(),
			product: public_terms().product,
			quantity: Quantity::new(20_000_000, Unit::Milligram),
			expires_at: now + 400 * 86_400_000,
			storage: Some(TemperatureRange::COLD_CHAIN),
		}),
	)
	.await?;
	let shipment: u64 = read(a, &bioledger_e2e::chain::value_key("Provenance", "NextShipmentId"))
		.await?
		.unwrap_or(0);
	send_final(
		a,
		chain,
		"//Bob//ops",
		RuntimeCall::Provenance(pallet_provenance::Call::ship {
			lots: vec![lot.clone()].try_into().unwrap(),
			to: A,
			carrier: None,
			promised_at: now + 86_400_000,
			transfers_ownership: true,
		}),
	)
	.await?;
	send_final(
		a,
		chain,
		"//Alice//ops",
		RuntimeCall::Provenance(pallet_provenance::Call::receive { shipment, lots: 1 }),
	)
	.await?;
	Ok(lot)
}

/// Charlie's registered key asks Apex's node directly for the CoA: nothing; an unregistered
/// key is refused by the gate.
async fn ask_directly(
	net: &Network,
	a: &Rpc,
	chain: &tx::ChainInfo,
	coa_hash: [u8; 32],
) -> Result<()> {
	let genesis = a.genesis_hash().await?.0;
	let target: litep2p::PeerId = net.nodes[0].peer_id.parse()?;
	let addr = net.nodes[0].multiaddr().parse()?;
	const C_KEY: [u8; 32] = [0xc3; 32];
	send_final(
		a,
		chain,
		"//Charlie",
		RuntimeCall::Consortium(pallet_consortium::Call::register_node {
			peer_id: forged::peer_id(C_KEY).to_bytes().try_into().unwrap(),
			addrs: Default::default(),
		}),
	)
	.await?;
	tokio::time::sleep(Duration::from_secs(4)).await;
	let mut as_c = Forged::dial(C_KEY, target, addr, genesis).await?;
	let answer = as_c.payload(coa_hash).await;
	println!("C's registered key asked A's node for the CoA: {answer:?}");
	ensure!(
		!matches!(answer, forged::Answer::Served { items, .. } if items > 0),
		"A's node gave C's key the CoA: {answer:?}"
	);
	let mut outsider =
		Forged::dial([0x0e; 32], target, net.nodes[0].multiaddr().parse()?, genesis).await?;
	let answer = outsider.payload(coa_hash).await;
	println!("an outsider asked A's node for the CoA: {answer:?}");
	ensure!(!answer.served(), "the gate let an outsider's request through: {answer:?}");
	drop((as_c, outsider));
	Ok(())
}

/// Both parties purge: the payloads are gone from Apex's and Huaxin's stores, the commitment
/// stays.
async fn purge_both(
	a: &Rpc,
	b: &Rpc,
	chain: &tx::ChainInfo,
	collection: u64,
	coa_hash: [u8; 32],
) -> Result<()> {
	send(
		a,
		chain,
		&dev_pair("//Alice"),
		RuntimeCall::Confidential(pallet_confidential::Call::purge { collection }),
	)
	.await?;
	send_final(
		a,
		chain,
		"//Bob",
		RuntimeCall::Confidential(pallet_confidential::Call::purge { collection }),
	)
	.await?;
	for (who, rpc) in [("A", a), ("B", b)] {
		wait_for(Duration::from_secs(60), "the purge to reach the stores", || async {
			Ok((held(rpc).await? == 0).then_some(()))
		})
		.await
		.map_err(|e| anyhow!("{who}: {e}"))?;
	}
	let meta: Option<pallet_confidential::PayloadMeta> =
		state_call(a, "ConfidentialApi_payload", coa_hash).await?;
	ensure!(meta.is_some(), "the commitment went with the payload");
	ensure!(get(a, coa_hash).await.is_err(), "A's RPC still serves a purged payload");
	println!("purged: A {:?}, B {:?}", status(a).await?, status(b).await?);
	Ok(())
}

/// Scan every block body, every block's events, the whole state at the finalized block and the
/// pool for any of `secrets`.
async fn scan_for_plaintext(rpc: &Rpc, secrets: &[&[u8]]) -> Result<()> {
	let contains = |hay: &[u8]| secrets.iter().any(|s| hay.windows(s.len()).any(|w| w == *s));
	let (top, at) = rpc.finalized().await?;
	let events_key = bioledger_e2e::chain::value_key("System", "Events");
	let mut bytes = 0usize;
	for n in 0..=top {
		let hash = rpc.block_hash(n).await?.ok_or_else(|| anyhow!("no block {n}"))?;
		let block = rpc.call("chain_getBlock", rpc_params![format!("{hash:?}")]).await?;
		for xt in block["block"]["extrinsics"].as_array().into_iter().flatten() {
			let raw = hex::decode(xt.as_str().unwrap_or("").trim_start_matches("0x"))?;
			bytes += raw.len();
			ensure!(!contains(&raw), "plaintext in an extrinsic of block {n}");
		}
		if let Some(events) = rpc.storage(&events_key, Some(hash)).await? {
			bytes += events.len();
			ensure!(!contains(&events), "plaintext in the events of block {n}");
		}
	}
	let pairs = rpc.call("state_getPairs", rpc_params!["0x", format!("{at:?}")]).await?;
	let pairs = pairs.as_array().ok_or_else(|| anyhow!("state_getPairs: {pairs}"))?;
	for kv in pairs {
		let v = hex::decode(kv[1].as_str().unwrap_or("").trim_start_matches("0x"))?;
		bytes += v.len();
		ensure!(!contains(&v), "plaintext in the state");
	}
	let pool = rpc.call("author_pendingExtrinsics", rpc_params![]).await?;
	for xt in pool.as_array().into_iter().flatten() {
		let raw = hex::decode(xt.as_str().unwrap_or("").trim_start_matches("0x"))?;
		ensure!(!contains(&raw), "plaintext in the pool");
	}
	println!(
		"scanned {} blocks, {} state entries, the pool: {bytes} bytes, no plaintext",
		top + 1,
		pairs.len()
	);
	Ok(())
}

/// The regulator registers a node; a grant that ends in 45 s lets it fetch the CoA; once the
/// grant ended its node deletes it and its RPC refuses it.
async fn regulator_reads_until_its_grant_ends(
	a: &Rpc,
	chain: &tx::ChainInfo,
	boot: &str,
	collection: u64,
	coa_hash: [u8; 32],
	coa: &[u8],
) -> Result<()> {
	let nmpa_admin = bioledger_runtime::genesis_config_presets::NMPA_SEED;
	send_final(
		a,
		chain,
		nmpa_admin,
		RuntimeCall::Consortium(pallet_consortium::Call::register_node {
			peer_id: dev_peer_id_bytes(4).try_into().unwrap(),
			addrs: Default::default(),
		}),
	)
	.await?;
	let dir = NodeDir::new("nmpa")?;
	let mut spec = NodeSpec::new("nmpa", "local_consortium", 4);
	spec.bootnodes.push(boot.to_string());
	let mut node = Node::start(spec, &dir)?;
	let r = node.wait_rpc(Duration::from_secs(120)).await?;
	wait_for(Duration::from_secs(120), "the regulator's node to sync", || async {
		Ok((r.finalized().await?.0 + 2 >= a.finalized().await?.0).then_some(()))
	})
	.await?;
	ensure!(get(&r, coa_hash).await.is_err(), "the regulator read before its grant");
	let now =
		std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_millis() as u64;
	let until = now + 45_000;
	send_final(
		a,
		chain,
		"//Alice",
		RuntimeCall::Confidential(pallet_confidential::Call::grant {
			collection,
			org: NMPA,
			until,
		}),
	)
	.await?;
	let got =
		wait_for(Duration::from_secs(60), "the regulator's node to fetch the CoA", || async {
			Ok(get(&r, coa_hash).await.ok().flatten())
		})
		.await?;
	ensure!(got == coa, "the regulator's node serves another CoA");
	println!("the regulator read the CoA: {:?}", status(&r).await?);
	let wait = until.saturating_sub(
		std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_millis() as u64,
	);
	tokio::time::sleep(Duration::from_millis(wait)).await;
	wait_for(Duration::from_secs(60), "the regulator's node to delete the payloads", || async {
		Ok((held(&r).await? == 0).then_some(()))
	})
	.await?;
	ensure!(get(&r, coa_hash).await.is_err(), "the regulator reads after its grant ended");
	println!("grant ended: {:?}", status(&r).await?);
	node.kill();
	Ok(())
}
