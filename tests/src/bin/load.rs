//! `load`: open-loop load generator. Starts a real dev chain (or the four-validator local
//! consortium) on loopback, creates and funds many sender accounts (linked to the dev
//! organisation as operators), pre-signs every transaction of a step (each sender its own nonce
//! sequence, so nonces never collide), submits them at a fixed offered rate over several
//! WebSocket connections, and follows the new and finalized heads to time every transaction:
//! submit → in block → finalized. The rate steps up until fewer than 95 % of the offered
//! transactions are finalized successfully within the step (plus a short drain) or the pool
//! keeps growing. Prints a table per workload and writes the raw figures as JSON.
//!
//! Signing uses the runtime's own types and `sp-core` (the same code as the end-to-end tests),
//! over `jsonrpsee`: no metadata round trip, no generated client, so the generator costs little
//! CPU next to the node it measures on the same machine.
//!
//!     cargo run --release -p bioledger-e2e --bin load -- --network dev --workload transfer \
//!         --rates 100,200,400,800 --step-blocks 100
//!     cargo run --release -p bioledger-e2e --bin load -- --short     # CI: a few small steps
//!     cargo run --release -p bioledger-e2e --bin load -- --workload create_lot_batch \
//!         --batch 50 --rates 20,40,60    # tx/s of 50-lot `utility.batch_all` transactions
//!     … --url ws://127.0.0.1:9944        # load a running dev node instead of starting one

use anyhow::{bail, Context, Result};
use bioledger_e2e::percentile;
use bioledger_e2e::{
	chain::{account, dev_pair, map_key, read, value_key},
	rpc::{header_number, Rpc},
	tx, Network, Node, NodeDir, NodeSpec,
};
use bioledger_primitives::{Quantity, Role, RoleSet, TemperatureRange, Unit};
use bioledger_runtime::{AccountId, Address, RuntimeCall, RuntimeEvent};
use codec::{Decode, Encode};
use frame_support::{
	dispatch::{DispatchClass, PerDispatchClass},
	weights::Weight,
	Blake2_128Concat,
};
use sp_core::{sr25519, Pair, H256};
use sp_keyring::Sr25519Keyring;
use sp_runtime::traits::{BlakeTwo256, Hash as _};
use std::{
	collections::HashMap,
	sync::{Arc, Mutex},
	time::{Duration, Instant},
};

/// What the transactions do.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Workload {
	/// `balances.transfer_keep_alive`: the baseline every Substrate chain is compared on.
	Transfer,
	/// `provenance.create_lot`: one provenance event per transaction.
	CreateLot,
	/// `utility.batch_all` of `--batch` `provenance.create_lot` calls: how an ERP posts a
	/// production run's lots; one signature check and one set of transaction extensions per
	/// batch, one provenance event per lot.
	CreateLotBatch,
	/// `provenance.ship` of one lot to the second organisation (custody only), and its
	/// `provenance.receive` by that organisation's operator about six seconds later.
	ShipReceive,
	/// `provenance.record_qc_result` on lots the first organisation bought from the second
	/// under an active, SM2-sealed quality agreement: every result is checked against it.
	RecordQc,
	/// `quality.sign` with an SM2 e-seal by the buyer and the supplier: the second seal
	/// activates the agreement (drafts are made before the step).
	Seal,
	/// `provenance.report_excursion` by a sensor gateway on a 2–8 °C lot its organisation
	/// holds: the lot is quarantined in the same block (the 15 s alarm target is measured as
	/// submit → finalized).
	Excursion,
}

impl Workload {
	fn name(self) -> &'static str {
		match self {
			Workload::Transfer => "transfer",
			Workload::CreateLot => "create_lot",
			Workload::CreateLotBatch => "create_lot_batch",
			Workload::ShipReceive => "ship_receive",
			Workload::RecordQc => "record_qc",
			Workload::Seal => "seal_agreement",
			Workload::Excursion => "excursion",
		}
	}

	fn parse(name: &str) -> Result<Self> {
		Ok(match name {
			"transfer" => Workload::Transfer,
			"create_lot" => Workload::CreateLot,
			"create_lot_batch" => Workload::CreateLotBatch,
			"ship_receive" => Workload::ShipReceive,
			"record_qc" => Workload::RecordQc,
			"seal_agreement" | "seal" => Workload::Seal,
			"excursion" => Workload::Excursion,
			other => bail!("unknown workload {other}"),
		})
	}
}

fn bv<T: TryFrom<Vec<u8>>>(s: &str) -> T
where
	T::Error: std::fmt::Debug,
{
	s.as_bytes().to_vec().try_into().expect("load strings fit their bounds")
}

/// Far future (2100), for expiries and promised delivery times.
const FAR: u64 = 4_102_444_800_000;
/// Product of the QC workload's lots and agreement.
const QC_PRODUCT: &str = "GTIN-06912345000048";

fn qc_terms(
	product: &str,
) -> pallet_quality::Terms<<bioledger_runtime::Runtime as pallet_quality::Config>::MaxSpecItems> {
	pallet_quality::Terms {
		product: bv(product),
		specs: vec![
			pallet_quality::SpecItem {
				code: bv("ASSAY"),
				unit: bv("0.1%"),
				min: Some(980),
				max: Some(1_020),
				method: bv("HPLC"),
			},
			pallet_quality::SpecItem {
				code: bv("WATER"),
				unit: bv("0.01%"),
				min: None,
				max: Some(50),
				method: bv("KF"),
			},
		]
		.try_into()
		.expect("two items"),
		storage: None,
		max_excursion_secs: 1_800,
		excursion_liability: pallet_quality::Liability::Supplier,
		release: pallet_quality::ReleaseResponsibility::Buyer,
		skip_lot: false,
		validity: bioledger_primitives::Validity { from: 0, until: None },
		document: [0x51; 32],
		arbitrator: None,
	}
}

fn transfer_call() -> RuntimeCall {
	RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: Address::Id(Sr25519Keyring::Bob.to_account_id()),
		value: 1_000_000_000,
	})
}

fn create_lot_call(id: String) -> RuntimeCall {
	RuntimeCall::Provenance(pallet_provenance::Call::create_lot {
		id: id.into_bytes().try_into().expect("short id"),
		product: b"GTIN-06912345000024".to_vec().try_into().expect("short code"),
		quantity: Quantity::new(1_000_000, Unit::Milligram),
		expires_at: FAR,
		storage: Some(TemperatureRange::COLD_CHAIN),
	})
}

struct Args {
	network: String,
	workloads: Vec<Workload>,
	rates: Vec<u32>,
	/// Rates of particular workloads, instead of `rates` (`--rates-for seal=50,100`;
	/// `--batch-rates` is `--rates-for create_lot_batch=…`, in batches per second).
	rates_for: Vec<(Workload, Vec<u32>)>,
	step_blocks: u32,
	/// Blocks to hold the highest rate the search held (0: no hold).
	hold_blocks: u32,
	accounts: u32,
	conns: usize,
	/// Lots per batch of `create_lot_batch`.
	batch: u32,
	/// A running dev node to load instead of starting one (no CPU/RSS figures then).
	url: Option<String>,
	/// Consortium: submit to every node (each sender to one, as each member's ERP uses its
	/// own node) or only to the first.
	entry_all: bool,
	out: Option<std::path::PathBuf>,
}

fn parse_rates(s: &str) -> Result<Vec<u32>> {
	s.split(',').map(|r| r.parse().with_context(|| format!("rate {r}"))).collect()
}

fn parse_args() -> Result<Args> {
	let mut a = Args {
		network: "dev".into(),
		workloads: vec![Workload::Transfer, Workload::CreateLot],
		rates: vec![100, 200, 400, 800, 1_600, 3_200],
		rates_for: Vec::new(),
		step_blocks: 100,
		hold_blocks: 0,
		accounts: 200,
		conns: 4,
		batch: 50,
		url: None,
		entry_all: true,
		out: None,
	};
	let mut it = std::env::args().skip(1);
	while let Some(flag) = it.next() {
		let mut val = || it.next().with_context(|| format!("{flag} needs a value"));
		match flag.as_str() {
			"--network" => a.network = val()?,
			"--workload" => {
				a.workloads = val()?.split(',').map(Workload::parse).collect::<Result<_>>()?
			},
			"--rates" => a.rates = parse_rates(&val()?)?,
			"--batch-rates" => a.rates_for.push((Workload::CreateLotBatch, parse_rates(&val()?)?)),
			"--rates-for" => {
				let v = val()?;
				let (w, r) = v.split_once('=').context("--rates-for WORKLOAD=RATE,RATE,…")?;
				a.rates_for.push((Workload::parse(w)?, parse_rates(r)?));
			},
			"--step-blocks" => a.step_blocks = val()?.parse()?,
			"--hold-blocks" => a.hold_blocks = val()?.parse()?,
			"--accounts" => a.accounts = val()?.parse()?,
			"--connections" => a.conns = val()?.parse()?,
			"--batch" => a.batch = val()?.parse()?,
			"--url" => a.url = Some(val()?),
			"--entry" => {
				a.entry_all = match val()?.as_str() {
					"all" => true,
					"first" => false,
					other => bail!("--entry all|first, not {other}"),
				}
			},
			"--out" => a.out = Some(val()?.into()),
			"--short" => {
				a.workloads = vec![
					Workload::Transfer,
					Workload::CreateLot,
					Workload::RecordQc,
					Workload::Excursion,
					Workload::ShipReceive,
					Workload::Seal,
				];
				a.rates = vec![50, 100];
				a.step_blocks = 10;
				a.accounts = 64;
			},
			other => bail!("unknown flag {other}"),
		}
	}
	Ok(a)
}

/// The connection a signed transaction goes to: always the same one for the same signer, so
/// a sender's nonces reach its node in order (on the consortium each connection is to one
/// node, like each member's ERP submitting to its own node).
fn conn_of(xt: &[u8], conns: usize) -> usize {
	use sp_runtime::generic::Preamble;
	match bioledger_runtime::UncheckedExtrinsic::decode(&mut &xt[..]).map(|x| x.preamble) {
		Ok(Preamble::Signed(Address::Id(who), ..)) => {
			let b: &[u8] = who.as_ref();
			u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize % conns
		},
		_ => 0,
	}
}

/// The transaction hash (as the pool and explorers show it).
fn blake2_256(xt: &[u8]) -> [u8; 32] {
	BlakeTwo256::hash(xt).0
}

/// One submitted transaction.
struct Sent {
	submitted: Instant,
	step: usize,
	included: Option<Instant>,
	finalized: Option<Instant>,
	ok: Option<bool>,
}

/// Shared bookkeeping between the submitters and the block follower.
#[derive(Default)]
struct Book {
	sent: HashMap<[u8; 32], Sent>,
	/// Block number → (our transactions in it, block weight used (ps), block length (bytes),
	/// provenance and quality events).
	blocks: HashMap<u32, (Vec<[u8; 32]>, u64, usize, usize)>,
	finalized: u32,
}

/// Follow new heads (inclusion, success, fullness) and finalized heads (finality).
async fn follow(rpc: Rpc, book: Arc<Mutex<Book>>) -> Result<()> {
	let mut heads = rpc.subscribe_new_heads().await?;
	let mut finals = rpc.subscribe_finalized_heads().await?;
	loop {
		tokio::select! {
			Some(h) = heads.next() => {
				let n = header_number(&h?)?;
				let Some(hash) = rpc.block_hash(n).await? else { continue };
				let now = Instant::now();
				let body = rpc.call("chain_getBlock", jsonrpsee::rpc_params![format!("{hash:?}")]).await?;
				let xts: Vec<Vec<u8>> = body["block"]["extrinsics"]
					.as_array()
					.map(|a| a.iter().filter_map(|x| x.as_str()).filter_map(|x| hex::decode(x.trim_start_matches("0x")).ok()).collect())
					.unwrap_or_default();
				let events: Vec<frame_system::EventRecord<RuntimeEvent, H256>> = rpc
					.storage(&value_key("System", "Events"), Some(hash))
					.await?
					.map(|b| Decode::decode(&mut &b[..]))
					.transpose()?
					.unwrap_or_default();
				let weight: PerDispatchClass<Weight> = rpc
					.storage(&value_key("System", "BlockWeight"), Some(hash))
					.await?
					.map(|b| Decode::decode(&mut &b[..]))
					.transpose()?
					.unwrap_or_default();
				let mut book = book.lock().expect("not poisoned");
				let mut ours = Vec::new();
				for (i, xt) in xts.iter().enumerate() {
					let id = blake2_256(xt);
					if let Some(s) = book.sent.get_mut(&id) {
						s.included.get_or_insert(now);
						let phase = frame_system::Phase::ApplyExtrinsic(i as u32);
						let mine = || events.iter().filter(|e| e.phase == phase);
						// Success, and an excursion report only if it left the lot quarantined
						// (the alarm target is about the quarantine, not the report).
						let ok = mine().any(|e| {
							matches!(e.event, RuntimeEvent::System(frame_system::Event::ExtrinsicSuccess { .. }))
						}) && !mine().any(|e| {
							matches!(
								e.event,
								RuntimeEvent::Provenance(pallet_provenance::Event::ColdChainExcursion {
									quarantined: false,
									..
								})
							)
						});
						s.ok = Some(ok);
						ours.push(id);
					}
				}
				let len = xts.iter().map(Vec::len).sum();
				let domain = events
					.iter()
					.filter(|e| matches!(e.event, RuntimeEvent::Provenance(_) | RuntimeEvent::Quality(_)))
					.count();
				book.blocks.insert(n, (ours, weight.get(DispatchClass::Normal).ref_time(), len, domain));
			}
			Some(f) = finals.next() => {
				let n = header_number(&f?)?;
				let now = Instant::now();
				let mut book = book.lock().expect("not poisoned");
				let from = book.finalized + 1;
				let ids: Vec<[u8; 32]> = (from..=n)
					.filter_map(|b| book.blocks.get(&b).map(|x| x.0.clone()))
					.flatten()
					.collect();
				for id in ids {
					if let Some(s) = book.sent.get_mut(&id) {
						s.finalized.get_or_insert(now);
					}
				}
				book.finalized = book.finalized.max(n);
			}
			else => bail!("subscriptions ended"),
		}
	}
}

/// What the workloads beyond transfers and lot creation need: a second organisation (the
/// supplier and receiver), its operator, and for `record_qc` lots bought from it under an
/// active agreement. Made once per run, before the first such workload.
struct Ctx {
	/// The second organisation.
	org_b: u32,
	/// Lots owned by the first organisation, made by the second, under an active agreement.
	qc_lots: Vec<bioledger_primitives::LotId>,
	/// Every sender has made its big lot (to split lots to ship from).
	big_lots: bool,
	/// Every sender has made its cold-chain lot (to report excursions on).
	cold_lots: bool,
	/// Lots per `create_lot_batch` transaction.
	batch: u32,
}

/// Wait until every `(account, nonce)` has been used in a block (the account's on-chain
/// nonce reached it).
async fn wait_nonces(rpc: &Rpc, want: &HashMap<AccountId, u32>, what: &str) -> Result<()> {
	let deadline = Instant::now() + Duration::from_secs(300);
	for (who, n) in want {
		let key = map_key::<Blake2_128Concat, _>("System", "Account", who);
		loop {
			let info: Option<frame_system::AccountInfo<u32, pallet_balances::AccountData<u128>>> =
				rpc.storage(&key, None)
					.await?
					.map(|b| Decode::decode(&mut &b[..]))
					.transpose()?;
			if info.map(|i| i.nonce).unwrap_or(0) >= *n {
				break;
			}
			if Instant::now() > deadline {
				bail!("{what}: not all transactions included within 300 s");
			}
			tokio::time::sleep(Duration::from_millis(500)).await;
		}
	}
	Ok(())
}

/// Sign and submit `calls` (each signer's nonce from the node, then counting up), spread over
/// the connections, and wait until all are in blocks. Setup only: not timed.
async fn submit_batch(
	rpcs: &[Arc<Rpc>],
	chain_info: &tx::ChainInfo,
	calls: Vec<(&sr25519::Pair, RuntimeCall)>,
	what: &str,
) -> Result<()> {
	let mut next: HashMap<AccountId, u32> = HashMap::new();
	let mut xts = Vec::with_capacity(calls.len());
	for (p, call) in calls {
		let who: AccountId = p.public().into();
		let n = match next.get(&who) {
			Some(n) => *n,
			None => rpcs[0].next_nonce(&who.to_string()).await?,
		};
		next.insert(who, n + 1);
		xts.push(tx::sign(call, p, n, chain_info).encode());
	}
	for chunk in xts.chunks(256) {
		let mut hs = Vec::new();
		for xt in chunk {
			let rpc = rpcs[conn_of(xt, rpcs.len())].clone();
			let xt = xt.clone();
			hs.push(tokio::spawn(async move { rpc.submit(&xt).await }));
		}
		for h in hs {
			h.await??;
		}
	}
	wait_nonces(&rpcs[0], &next, what).await
}

/// The second organisation, admitted if needed: on the dev chain Bob applies with his SM2
/// e-seal key (asking the founding regulator for a GMP certificate), a council motion admits him and the
/// regulator issues it; the local consortium already has him (org 1).
async fn prepare_org_b(rpcs: &[Arc<Rpc>], chain_info: &tx::ChainInfo) -> Result<u32> {
	let rpc = &rpcs[0];
	let (alice, bob) = (dev_pair("//Alice"), dev_pair("//Bob"));
	let member: Option<(u32, RoleSet)> =
		bioledger_e2e::chain::api(rpc, "ConsortiumApi_member", account(&bob)).await?;
	if let Some((org, _)) = member {
		return Ok(org);
	}
	let orgs: u32 = next_id(rpc, "Consortium", "NextOrgId").await?;
	// The dev chain's founding regulator.
	const REGULATOR: u32 = 1;
	let seal = bioledger_crypto::native::Sm2Keypair::from_seed("//Bob");
	let challenge: Vec<u8> =
		bioledger_e2e::chain::api(rpc, "ConsortiumApi_eseal_challenge", (orgs, seal.public()))
			.await?;
	let apply = RuntimeCall::Consortium(pallet_consortium::Call::apply {
		name: bv("Jiangsu Huaxin API"),
		kind: bioledger_primitives::OrgKind::Supplier,
		eseal_key: seal.public(),
		pop: seal.sign(&challenge),
		requests: vec![pallet_consortium::RequestInput {
			issuer: REGULATOR,
			kind: bioledger_primitives::CredentialKind::GMP_CERTIFICATE,
			document: [0x47; 32],
		}]
		.try_into()
		.expect("one"),
	});
	submit_batch(rpcs, chain_info, vec![(&bob, apply)], "application").await?;
	let approve =
		RuntimeCall::Consortium(pallet_consortium::Call::approve_application { org: orgs });
	bioledger_e2e::chain::dev_council(rpc, chain_info, approve).await?;
	let validity = bioledger_primitives::Validity { from: 0, until: None };
	bioledger_e2e::chain::issue_requested(rpc, chain_info, "//NMPA", REGULATOR, orgs, |_| {
		Some((validity, [0x47; 32]))
	})
	.await?;
	let mut calls = Vec::new();
	for (path, roles) in [
		("//Bob//ops", &[Role::Operator, Role::SensorGateway][..]),
		("//Bob//qa", &[Role::QaApprover, Role::Signer][..]),
	] {
		let who: AccountId = dev_pair(path).public().into();
		calls.push((
			&alice,
			RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
				dest: Address::Id(who.clone()),
				value: 10_000 * bioledger_runtime::UNIT,
			}),
		));
		calls.push((
			&bob,
			RuntimeCall::Consortium(pallet_consortium::Call::link_account {
				account: who,
				roles: RoleSet::from_roles(roles),
			}),
		));
	}
	submit_batch(rpcs, chain_info, calls, "accounts of the second organisation").await?;
	Ok(orgs)
}

/// Agreement ids `[from, from + n)` and their digests, read from storage.
async fn digests(rpc: &Rpc, from: u32, n: u32) -> Result<Vec<(u32, [u8; 32])>> {
	let mut out = Vec::new();
	for id in from..from + n {
		let key = map_key::<frame_support::Twox64Concat, _>("Quality", "Agreements", &id);
		let a: pallet_quality::AgreementOf<bioledger_runtime::Runtime> =
			read(rpc, &key).await?.with_context(|| format!("agreement {id} missing"))?;
		out.push((id, a.digest));
	}
	Ok(out)
}

fn sign_agreement(seed: &str, agreement: u32, digest: &[u8; 32]) -> RuntimeCall {
	RuntimeCall::Quality(pallet_quality::Call::sign {
		agreement,
		meaning: pallet_quality::SignatureMeaning::Approval,
		signature: bioledger_crypto::native::Sm2Keypair::from_seed(seed).sign(digest),
	})
}

async fn next_id<T: Decode + Default>(rpc: &Rpc, pallet: &str, item: &str) -> Result<T> {
	Ok(read(rpc, &value_key(pallet, item)).await?.unwrap_or_default())
}

/// The QC workload's fixture: an agreement between the first organisation (buyer) and the
/// second (supplier) sealed by both, and 64 lots the second made and sold to the first.
async fn prepare_qc(
	rpcs: &[Arc<Rpc>],
	chain_info: &tx::ChainInfo,
	org_b: u32,
) -> Result<Vec<bioledger_primitives::LotId>> {
	let rpc = &rpcs[0];
	let first: u32 = next_id(rpc, "Quality", "NextAgreementId").await?;
	let draft = RuntimeCall::Quality(pallet_quality::Call::draft {
		supplier: org_b,
		terms: qc_terms(QC_PRODUCT),
	});
	submit_batch(rpcs, chain_info, vec![(&dev_pair("//Alice//qa"), draft)], "QC agreement draft")
		.await?;
	let (_, digest) = digests(rpc, first, 1).await?[0];
	let (alice, bob) = (dev_pair("//Alice"), dev_pair("//Bob"));
	submit_batch(
		rpcs,
		chain_info,
		vec![
			(&alice, sign_agreement("//Alice", first, &digest)),
			(&bob, sign_agreement("//Bob", first, &digest)),
		],
		"QC agreement seals",
	)
	.await?;
	let ops = dev_pair("//Bob//ops");
	let lots: Vec<bioledger_primitives::LotId> =
		(0..64).map(|i| bv(&format!("LOADQC/{i}"))).collect();
	let create = lots
		.iter()
		.map(|id| {
			(
				&ops,
				RuntimeCall::Provenance(pallet_provenance::Call::create_lot {
					id: id.clone(),
					product: bv(QC_PRODUCT),
					quantity: Quantity::new(1_000_000, Unit::Milligram),
					expires_at: FAR,
					storage: None,
				}),
			)
		})
		.collect();
	submit_batch(rpcs, chain_info, create, "QC lots").await?;
	let shipment: u64 = next_id(rpc, "Provenance", "NextShipmentId").await?;
	let ship = RuntimeCall::Provenance(pallet_provenance::Call::ship {
		lots: lots.clone().try_into().expect("64 lots fit a shipment"),
		to: 0,
		carrier: None,
		promised_at: FAR,
		transfers_ownership: true,
	});
	submit_batch(rpcs, chain_info, vec![(&ops, ship)], "QC lots shipped").await?;
	let receive = RuntimeCall::Provenance(pallet_provenance::Call::receive { shipment, lots: 64 });
	submit_batch(rpcs, chain_info, vec![(&dev_pair("//Alice//ops"), receive)], "QC lots received")
		.await?;
	Ok(lots)
}

/// Every sender commissions one lot `<prefix>/<sender>` (untimed), and the senders' nonces
/// are brought up to date.
async fn one_lot_each(
	rpcs: &[Arc<Rpc>],
	chain_info: &tx::ChainInfo,
	senders: &mut [(sr25519::Pair, u32)],
	prefix: &str,
	quantity: Quantity,
	storage: Option<TemperatureRange>,
) -> Result<()> {
	let calls: Vec<(&sr25519::Pair, RuntimeCall)> = senders
		.iter()
		.enumerate()
		.map(|(s, (p, _))| {
			(
				p,
				RuntimeCall::Provenance(pallet_provenance::Call::create_lot {
					id: bv(&format!("{prefix}/{s}")),
					product: bv("GTIN-06912345000055"),
					quantity,
					expires_at: FAR,
					storage,
				}),
			)
		})
		.collect();
	submit_batch(rpcs, chain_info, calls, prefix).await?;
	for (p, nonce) in senders.iter_mut() {
		*nonce = rpcs[0].next_nonce(&AccountId::from(p.public()).to_string()).await?;
	}
	Ok(())
}

/// The pre-signed transactions of one step and the 100 ms tick each is due at. Setup a step
/// needs (lots to ship, drafts to seal) is done here, untimed.
async fn plan_step(
	rpcs: &[Arc<Rpc>],
	chain_info: &tx::ChainInfo,
	ctx: &mut Ctx,
	senders: &mut [(sr25519::Pair, u32)],
	workload: Workload,
	step: usize,
	rate: u32,
	secs: u64,
) -> Result<Vec<(u32, Vec<u8>)>> {
	let total = (rate as u64 * secs) as usize;
	let per_tick = (rate as usize).div_ceil(10).max(1);
	let tick_of = |i: usize| (i / per_tick) as u32;
	let sign_next = |senders: &mut [(sr25519::Pair, u32)], s: usize, call: RuntimeCall| {
		let n = senders.len();
		let (p, nonce) = &mut senders[s % n];
		let xt = tx::sign(call, p, *nonce, chain_info).encode();
		*nonce += 1;
		xt
	};
	Ok(match workload {
		Workload::Transfer => (0..total)
			.map(|i| (tick_of(i), sign_next(senders, i, transfer_call())))
			.collect(),
		Workload::CreateLot => (0..total)
			.map(|i| {
				(tick_of(i), sign_next(senders, i, create_lot_call(format!("LOAD/{step}/{i}"))))
			})
			.collect(),
		Workload::CreateLotBatch => (0..total)
			.map(|i| {
				let calls = (0..ctx.batch)
					.map(|j| create_lot_call(format!("LOAD/{step}/{i}/{j}")))
					.collect();
				let call = RuntimeCall::Utility(pallet_utility::Call::batch_all { calls });
				(tick_of(i), sign_next(senders, i, call))
			})
			.collect(),
		Workload::RecordQc => (0..total)
			.map(|i| {
				let call = RuntimeCall::Provenance(pallet_provenance::Call::record_qc_result {
					lot: ctx.qc_lots[i % ctx.qc_lots.len()].clone(),
					params: vec![
						bioledger_primitives::QcParam {
							code: bv("ASSAY"),
							value: 995,
							unit: bv("0.1%"),
						},
						bioledger_primitives::QcParam {
							code: bv("WATER"),
							value: 20,
							unit: bv("0.01%"),
						},
					]
					.try_into()
					.expect("two"),
					coa: [0xc0; 32],
				});
				(tick_of(i), sign_next(senders, i, call))
			})
			.collect(),
		Workload::Excursion => {
			if !ctx.cold_lots {
				let quantity = Quantity::new(1_000, Unit::Each);
				let cold = Some(TemperatureRange::COLD_CHAIN);
				one_lot_each(rpcs, chain_info, senders, "LOADCOLD", quantity, cold).await?;
				ctx.cold_lots = true;
			}
			let n = senders.len();
			(0..total)
				.map(|i| {
					let call = RuntimeCall::Provenance(pallet_provenance::Call::report_excursion {
						lot: bv(&format!("LOADCOLD/{}", i % n)),
						min: 450,
						max: 1_120,
						duration_secs: 2_400,
						evidence: [0xee; 32],
					});
					(tick_of(i), sign_next(senders, i, call))
				})
				.collect()
		},
		Workload::ShipReceive => {
			// Half the transactions ship, half receive. Each sender first splits lots to ship
			// off its big lot (16 per split), untimed.
			let pairs = total / 2;
			let n_senders = senders.len();
			if !ctx.big_lots {
				let quantity = Quantity::new(1_000_000_000_000, Unit::Milligram);
				one_lot_each(rpcs, chain_info, senders, "LOADBIG", quantity, None).await?;
				ctx.big_lots = true;
			}
			let part = |k: usize| format!("SH/{step}/{k}");
			let mut splits: Vec<(&sr25519::Pair, RuntimeCall)> = Vec::new();
			let by_sender: Vec<Vec<usize>> =
				(0..n_senders).map(|s| (s..pairs).step_by(n_senders).collect()).collect();
			for (s, ks) in by_sender.iter().enumerate() {
				for chunk in ks.chunks(16) {
					let parts: Vec<(bioledger_primitives::LotId, u128)> =
						chunk.iter().map(|k| (bv(&part(*k)), 1)).collect();
					splits.push((
						&senders[s].0,
						RuntimeCall::Provenance(pallet_provenance::Call::split {
							lot: bv(&format!("LOADBIG/{s}")),
							parts: parts.try_into().expect("16 parts"),
						}),
					));
				}
			}
			submit_batch(rpcs, chain_info, splits, "lots to ship").await?;
			for (p, nonce) in senders.iter_mut() {
				*nonce = rpcs[0].next_nonce(&AccountId::from(p.public()).to_string()).await?;
			}
			let base: u64 = next_id(&rpcs[0], "Provenance", "NextShipmentId").await?;
			let receiver = dev_pair("//Bob//ops");
			let mut r_nonce =
				rpcs[0].next_nonce(&AccountId::from(receiver.public()).to_string()).await?;
			let per_tick_pairs = per_tick.div_ceil(2).max(1);
			// Receives follow their ships by six seconds (two blocks).
			let lag = 60;
			let mut out = Vec::with_capacity(2 * pairs);
			for k in 0..pairs {
				let t = (k / per_tick_pairs) as u32;
				let ship = RuntimeCall::Provenance(pallet_provenance::Call::ship {
					lots: vec![bv(&part(k))].try_into().expect("one lot"),
					to: ctx.org_b,
					carrier: None,
					promised_at: FAR,
					transfers_ownership: false,
				});
				out.push((t, sign_next(senders, k, ship)));
				let receive = RuntimeCall::Provenance(pallet_provenance::Call::receive {
					shipment: base + k as u64,
					lots: 1,
				});
				out.push((t + lag, tx::sign(receive, &receiver, r_nonce, chain_info).encode()));
				r_nonce += 1;
			}
			out.sort_by_key(|(t, _)| *t);
			out
		},
		Workload::Seal => {
			// Drafts first (untimed), one agreement per two transactions, each for its own
			// product; then the buyer's and the supplier's SM2 seals are the load.
			let n = (total / 2).max(1) as u32;
			let first: u32 = next_id(&rpcs[0], "Quality", "NextAgreementId").await?;
			let drafts: Vec<(&sr25519::Pair, RuntimeCall)> = (0..n as usize)
				.map(|i| {
					(
						&senders[i % senders.len()].0,
						RuntimeCall::Quality(pallet_quality::Call::draft {
							supplier: ctx.org_b,
							terms: qc_terms(&format!("LOADSEAL/{step}/{i}")),
						}),
					)
				})
				.collect();
			submit_batch(rpcs, chain_info, drafts, "drafts").await?;
			for (p, nonce) in senders.iter_mut() {
				*nonce = rpcs[0].next_nonce(&AccountId::from(p.public()).to_string()).await?;
			}
			let (alice, bob) = (dev_pair("//Alice"), dev_pair("//Bob"));
			let mut na = rpcs[0].next_nonce(&AccountId::from(alice.public()).to_string()).await?;
			let mut nb = rpcs[0].next_nonce(&AccountId::from(bob.public()).to_string()).await?;
			let per_tick_pairs = per_tick.div_ceil(2).max(1);
			let mut out = Vec::new();
			for (j, (id, digest)) in digests(&rpcs[0], first, n).await?.into_iter().enumerate() {
				let t = (j / per_tick_pairs) as u32;
				out.push((
					t,
					tx::sign(sign_agreement("//Alice", id, &digest), &alice, na, chain_info)
						.encode(),
				));
				out.push((
					t,
					tx::sign(sign_agreement("//Bob", id, &digest), &bob, nb, chain_info).encode(),
				));
				na += 1;
				nb += 1;
			}
			out
		},
	})
}

/// The most transactions like `sample` a block can take, by weight and by length, from the
/// chain's own fee API and the runtime's block limits.
async fn ceiling(rpc: &Rpc, sample: &[&Vec<u8>]) -> Result<(f64, f64, f64)> {
	let mut weight = 0f64;
	let mut len = 0f64;
	for xt in sample {
		let mut data = (*xt).clone();
		(xt.len() as u32).encode_to(&mut data);
		let out = rpc.state_call("TransactionPaymentApi_query_info", &data).await?;
		let info = pallet_transaction_payment::RuntimeDispatchInfo::<u128>::decode(&mut &out[..])?;
		weight += info.weight.ref_time() as f64;
		len += xt.len() as f64;
	}
	let limits = bioledger_runtime::configs::RuntimeBlockWeights::get();
	let normal = limits.get(DispatchClass::Normal);
	// The block also counts the base weight of every extrinsic, which the fee API leaves out.
	let (weight, len) = (
		weight / sample.len() as f64 + normal.base_extrinsic.ref_time() as f64,
		len / sample.len() as f64,
	);
	let max_weight = normal.max_total.unwrap_or(limits.max_block).ref_time() as f64
		- limits.base_block.ref_time() as f64;
	let max_len = *bioledger_runtime::configs::system::RuntimeBlockLength::get()
		.max
		.get(DispatchClass::Normal) as f64;
	let per_block = (max_weight / weight).min(max_len / len).floor();
	Ok((per_block, weight / 1e6, len))
}

/// Result of one step.
#[derive(Debug)]
struct StepResult {
	offered: u32,
	sent: usize,
	rejected: usize,
	/// Why the node refused submissions: error message → count.
	reject_reasons: Vec<(String, usize)>,
	finalized_ok: usize,
	failed: usize,
	tps: f64,
	incl: [f64; 3],
	fin: [f64; 3],
	pool_end: usize,
	blocks: usize,
	weight_pct: f64,
	length_kib: f64,
	cpu_pct: Vec<f64>,
	events_per_s: f64,
	/// Provenance and quality events in the step's blocks.
	domain_events: usize,
	used_weight_us: f64,
}

/// Wait (up to 180 s) until the pool of every entry node is empty.
async fn wait_pools_empty(entries: &[Arc<Rpc>]) {
	let drained = Instant::now() + Duration::from_secs(180);
	for rpc in entries {
		while rpc.pending().await.unwrap_or(usize::MAX) > 0 && Instant::now() < drained {
			tokio::time::sleep(Duration::from_secs(1)).await;
		}
	}
}

/// Before a step is signed: wait for the ready pools to empty, drop what earlier steps left in
/// any entry node's future queue (a transaction the pool dropped leaves its sender's later
/// nonces waiting there, and they would clash with the next step's transactions of the same
/// nonces), and take every sender's nonce from the node again, so a failed step cannot stall
/// the senders of the next one. `entries`: one connection per entry node.
async fn settle(
	rpcs: &[Arc<Rpc>],
	entries: &[Arc<Rpc>],
	book: &Arc<Mutex<Book>>,
	senders: &mut [(sr25519::Pair, u32)],
) {
	wait_pools_empty(entries).await;
	let stale: Vec<String> = {
		let b = book.lock().expect("not poisoned");
		b.sent
			.iter()
			.filter(|(_, s)| s.included.is_none())
			.map(|(h, _)| format!("0x{}", hex::encode(h)))
			.collect()
	};
	for chunk in stale.chunks(1_000) {
		let hashes: Vec<serde_json::Value> =
			chunk.iter().map(|h| serde_json::json!({ "hash": h })).collect();
		// Best effort: most of them are long gone.
		for rpc in entries {
			let _ = rpc.call("author_removeExtrinsic", jsonrpsee::rpc_params![&hashes]).await;
		}
	}
	for (p, nonce) in senders.iter_mut() {
		if let Ok(n) = rpcs[0].next_nonce(&AccountId::from(p.public()).to_string()).await {
			*nonce = n;
		}
	}
}

async fn run_step(
	rpcs: &[Arc<Rpc>],
	entries: &[Arc<Rpc>],
	book: &Arc<Mutex<Book>>,
	plan: Vec<(u32, Vec<u8>)>,
	step: usize,
	rate: u32,
	secs: u64,
	pids: &[u32],
) -> Result<StepResult> {
	let total = plan.len();
	let plan_end = Duration::from_millis(100) * plan.last().map(|(t, _)| *t + 1).unwrap_or(0);
	// Start from empty pools: a step never inherits the backlog of the one before.
	wait_pools_empty(entries).await;
	let cpu0: Vec<f64> = pids.iter().map(|p| bioledger_e2e::cpu_secs(*p).unwrap_or(0.0)).collect();
	let best0 = rpcs[0].best_number().await?;
	let start = Instant::now();
	let tick = Duration::from_millis(100);
	let rejected: Arc<Mutex<HashMap<String, usize>>> = Default::default();
	let conn: Vec<usize> = plan.iter().map(|(_, xt)| conn_of(xt, rpcs.len())).collect();
	let mut handles = Vec::new();
	let mut i = 0;
	while i < plan.len() {
		let t = plan[i].0;
		let mut j = i;
		while j < plan.len() && plan[j].0 == t {
			j += 1;
		}
		let chunk = &plan[i..j];
		i = j;
		tokio::time::sleep_until((start + tick * t).into()).await;
		let now = Instant::now();
		{
			let mut b = book.lock().expect("not poisoned");
			for (_, xt) in chunk {
				b.sent.insert(
					blake2_256(xt),
					Sent { submitted: now, step, included: None, finalized: None, ok: None },
				);
			}
		}
		for (k, (_, xt)) in chunk.iter().enumerate() {
			let rpc = rpcs[conn[i - chunk.len() + k]].clone();
			let xt = xt.clone();
			let rejected = rejected.clone();
			handles.push(tokio::spawn(async move {
				if let Err(e) = rpc.submit(&xt).await {
					*rejected
						.lock()
						.expect("not poisoned")
						.entry(bioledger_e2e::rpc::error_text(&e))
						.or_default() += 1;
				}
			}));
		}
	}
	for h in handles {
		let _ = h.await;
	}
	// The offered period plus however far submission fell behind its schedule (transactions
	// planned after the period, like receives following their ships, do not count).
	let last_due = plan_end.as_secs_f64();
	let window = secs as f64 + (start.elapsed().as_secs_f64() - last_due).max(0.0);
	// Drain: up to 4 blocks for the last transactions to be included and finalized.
	let drain_until = Instant::now() + Duration::from_secs(12);
	loop {
		let pending = book
			.lock()
			.expect("not poisoned")
			.sent
			.values()
			.filter(|s| s.step == step && s.finalized.is_none())
			.count();
		if pending == 0 || Instant::now() > drain_until {
			break;
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
	// A pool too large to list in one response (over 15 MiB) counts as unbounded.
	let pool_end = rpcs[0].pending().await.unwrap_or(usize::MAX);
	let best1 = rpcs[0].best_number().await?;
	let wall = start.elapsed().as_secs_f64();
	let cpu_pct: Vec<f64> = pids
		.iter()
		.zip(cpu0)
		.map(|(p, c0)| (bioledger_e2e::cpu_secs(*p).unwrap_or(c0) - c0) / wall * 100.0)
		.collect();
	let b = book.lock().expect("not poisoned");
	let mine: Vec<&Sent> = b.sent.values().filter(|s| s.step == step).collect();
	let ok: Vec<&&Sent> =
		mine.iter().filter(|s| s.ok == Some(true) && s.finalized.is_some()).collect();
	let failed = mine.iter().filter(|s| s.ok == Some(false)).count();
	let mut incl: Vec<f64> = ok
		.iter()
		.filter_map(|s| s.included.map(|i| (i - s.submitted).as_secs_f64()))
		.collect();
	let mut fin: Vec<f64> = ok
		.iter()
		.filter_map(|s| s.finalized.map(|f| (f - s.submitted).as_secs_f64()))
		.collect();
	incl.sort_by(|a, b| a.total_cmp(b));
	fin.sort_by(|a, b| a.total_cmp(b));
	let blocks: Vec<&(Vec<[u8; 32]>, u64, usize, usize)> =
		(best0 + 1..=best1).filter_map(|n| b.blocks.get(&n)).collect();
	let limits = bioledger_runtime::configs::RuntimeBlockWeights::get();
	let max_normal = limits
		.get(DispatchClass::Normal)
		.max_total
		.unwrap_or(limits.max_block)
		.ref_time() as f64;
	// Weight actually used per transaction of ours (after refunds), over the step's blocks.
	let ours_in_blocks: usize = blocks.iter().map(|x| x.0.len()).sum();
	let used_weight_us =
		blocks.iter().map(|x| x.1 as f64).sum::<f64>() / ours_in_blocks.max(1) as f64 / 1e6;
	// Provenance and quality events per second of chain time over the step's blocks (the
	// loaded ones and the drain's: 3 s each); `scripts/load-table.py` turns it into events per
	// transaction and events/s at the sustained rate.
	let events_per_s =
		blocks.iter().map(|x| x.3 as f64).sum::<f64>() / (blocks.len().max(1) as f64 * 3.0);
	let weight_pct =
		blocks.iter().map(|x| x.1 as f64).sum::<f64>() / blocks.len().max(1) as f64 / max_normal
			* 100.0;
	let length_kib =
		blocks.iter().map(|x| x.2 as f64).sum::<f64>() / blocks.len().max(1) as f64 / 1024.0;
	let mut reject_reasons: Vec<(String, usize)> =
		rejected.lock().expect("not poisoned").drain().collect();
	reject_reasons.sort_by_key(|r| std::cmp::Reverse(r.1));
	let rejected = reject_reasons.iter().map(|r| r.1).sum();
	Ok(StepResult {
		offered: rate,
		sent: total,
		rejected,
		reject_reasons,
		finalized_ok: ok.len(),
		failed,
		tps: ok.len() as f64 / window,
		incl: [percentile(&incl, 0.5), percentile(&incl, 0.95), percentile(&incl, 0.99)],
		fin: [percentile(&fin, 0.5), percentile(&fin, 0.95), percentile(&fin, 0.99)],
		pool_end,
		blocks: blocks.len(),
		weight_pct,
		length_kib,
		cpu_pct,
		events_per_s,
		domain_events: blocks.iter().map(|x| x.3).sum(),
		used_weight_us,
	})
}

/// Print a step's table row (`label`: its offered-rate cell) and the reasons the node gave
/// for refusing its submissions, most frequent first; whether the step held: at least 95 % of
/// the offered rate finalized successfully and less than 3 s of offered load left in the pool.
fn print_step(r: &StepResult, label: &str) -> bool {
	println!(
		"| {label} | {:.0} | {:.0} | {:.1} / {:.1} / {:.1} | {:.1} / {:.1} / {:.1} | {} | {} | {} | {:.1} | {:.1} | {} |",
		r.tps, r.events_per_s, r.incl[0], r.incl[1], r.incl[2], r.fin[0], r.fin[1], r.fin[2],
		r.failed, r.rejected, r.pool_end, r.weight_pct, r.length_kib,
		r.cpu_pct.iter().map(|c| format!("{c:.0}")).collect::<Vec<_>>().join(", ")
	);
	for (reason, n) in r.reject_reasons.iter().take(5) {
		println!("  refused {n}×: {reason}");
	}
	r.tps >= 0.95 * r.offered as f64 && r.pool_end < r.offered as usize * 3
}

fn step_json(r: &StepResult) -> serde_json::Value {
	serde_json::json!({
		"offered_tps": r.offered, "sent": r.sent, "rejected_by_pool": r.rejected,
		"reject_reasons": r.reject_reasons.iter()
			.map(|(m, n)| serde_json::json!({"error": m, "count": n}))
			.collect::<Vec<_>>(),
		"finalized_ok": r.finalized_ok, "failed": r.failed, "tps": r.tps,
		"inclusion_s": {"p50": r.incl[0], "p95": r.incl[1], "p99": r.incl[2]},
		"finality_s": {"p50": r.fin[0], "p95": r.fin[1], "p99": r.fin[2]},
		"pool_at_end": r.pool_end, "blocks": r.blocks,
		"block_weight_pct_of_normal": r.weight_pct, "block_length_kib": r.length_kib,
		"cpu_pct_per_node": r.cpu_pct,
		"domain_events_per_s": r.events_per_s,
		"used_weight_us_per_tx": r.used_weight_us,
	})
}

#[tokio::main]
async fn main() -> Result<()> {
	let args = parse_args()?;
	let pool_args =
		["--pool-limit", "65536", "--pool-kbytes", "262144", "--pool-type", "single-state"];
	// Keep the network's nodes and directories alive for the whole run.
	let mut dev: Option<(Node, NodeDir)> = None;
	let mut net: Option<Network> = None;
	let url = match args.network.as_str() {
		_ if args.url.is_some() => args.url.clone().expect("checked"),
		"dev" => {
			let dir = NodeDir::new("load-dev")?;
			let mut node = Node::start(
				NodeSpec::new("dev", "dev", 0).validator("alice").args(pool_args),
				&dir,
			)?;
			node.wait_rpc(Duration::from_secs(60)).await?;
			let url = node.ws_url();
			dev = Some((node, dir));
			url
		},
		"consortium" => {
			let (n, _) = Network::local_consortium_with(&pool_args).await?;
			let url = n.nodes[0].ws_url();
			net = Some(n);
			url
		},
		other => bail!("unknown network {other}: dev or consortium"),
	};
	let pids: Vec<u32> = match (&dev, &net) {
		(Some((node, _)), _) => node.pid().into_iter().collect(),
		(_, Some(n)) => n.nodes.iter().filter_map(|x| x.pid()).collect(),
		_ => Vec::new(),
	};
	let db_size = || match (&dev, &net) {
		(Some((_, dir)), _) => dir.db_size(),
		(_, Some(n)) => n.dirs.iter().map(NodeDir::db_size).sum(),
		_ => 0,
	};
	let rpc0 = Rpc::connect(&url).await?;
	// Connection i goes to node i mod nodes (the first is the first node's, used for setup
	// and reads).
	let entries: Vec<String> = match &net {
		Some(n) if args.entry_all => n.nodes.iter().map(Node::ws_url).collect(),
		_ => vec![url.clone()],
	};
	let mut rpcs = Vec::new();
	for i in 0..args.conns.max(entries.len()) {
		rpcs.push(Arc::new(Rpc::connect(&entries[i % entries.len()]).await?));
	}
	// One connection per entry node (connection i goes to node i mod nodes).
	let pools = &rpcs[..entries.len()];
	let chain_info = tx::ChainInfo::fetch(&rpc0).await?;
	eprintln!("setting up {} senders …", args.accounts);
	let mut senders =
		bioledger_e2e::senders::fund_and_link(&rpc0, &chain_info, "load", args.accounts).await?;
	let book = Arc::new(Mutex::new(Book::default()));
	{
		let (rpc, book) = (Rpc::connect(&url).await?, book.clone());
		tokio::spawn(async move {
			// Ends with an error when the nodes stop at the end of the run; a follower that
			// stops early shows up as transactions never included.
			let _ = follow(rpc, book).await;
		});
	}
	let secs = args.step_blocks as u64 * 3;
	let mut report = Vec::new();
	let mut step = 0usize;
	let mut ctx =
		Ctx { org_b: 0, qc_lots: Vec::new(), big_lots: false, cold_lots: false, batch: args.batch };
	for workload in &args.workloads {
		if matches!(workload, Workload::ShipReceive | Workload::RecordQc | Workload::Seal)
			&& ctx.org_b == 0
		{
			eprintln!("admitting the second organisation …");
			ctx.org_b = prepare_org_b(&rpcs, &chain_info).await?;
		}
		if *workload == Workload::RecordQc && ctx.qc_lots.is_empty() {
			eprintln!("sealing the QC agreement and buying its lots …");
			ctx.qc_lots = prepare_qc(&rpcs, &chain_info, ctx.org_b).await?;
		}
		// Setup used the senders' accounts only through the node's nonce.
		for (p, nonce) in senders.iter_mut() {
			*nonce = rpc0.next_nonce(&AccountId::from(p.public()).to_string()).await?;
		}
		println!("\n## {} on {} ({} s steps)\n", workload.name(), args.network, secs);
		println!("| offered tx/s | finalized ok tx/s | domain events per block-second | incl. p50/p95/p99 (s) | final. p50/p95/p99 (s) | failed | pool rejects | pool at end | weight % | KiB/block | CPU % per node |");
		println!("|---|---|---|---|---|---|---|---|---|---|---|");
		let mut steps = Vec::new();
		let mut sustained = 0f64;
		let mut sustained_events = 0f64;
		let mut ceil = None;
		let mut used_us = f64::NAN;
		let db0 = db_size();
		let mut events = 0usize;
		let mut domain_events = 0usize;
		// The last `--rates-for` of this workload, else `--rates`.
		let rates = args
			.rates_for
			.iter()
			.rev()
			.find(|(w, _)| w == workload)
			.map_or_else(|| args.rates.clone(), |(_, r)| r.clone());
		for &rate in &rates {
			settle(&rpcs, pools, &book, &mut senders).await;
			let plan =
				plan_step(&rpcs, &chain_info, &mut ctx, &mut senders, *workload, step, rate, secs)
					.await?;
			if ceil.is_none() {
				let stride = (plan.len() / 16).max(1);
				let sample: Vec<&Vec<u8>> = plan.iter().step_by(stride).map(|(_, x)| x).collect();
				ceil = Some(ceiling(&rpc0, &sample).await?);
			}
			let r = run_step(&rpcs, pools, &book, plan, step, rate, secs, &pids).await?;
			step += 1;
			events += r.finalized_ok;
			domain_events += r.domain_events;
			if used_us.is_nan() && r.finalized_ok > 0 {
				used_us = r.used_weight_us;
			}
			let held = print_step(&r, &r.offered.to_string());
			steps.push(step_json(&r));
			if !held {
				break;
			}
			sustained = r.tps;
			sustained_events = r.events_per_s;
		}
		// Hold the highest rate the search held for `hold_blocks`: that is the sustained figure.
		let mut held_for = if sustained > 0.0 { args.step_blocks } else { 0 };
		if args.hold_blocks > 0 && sustained > 0.0 {
			// The highest rate the search held, then (if that hold fails) the next lower one.
			let mut candidates: Vec<u32> =
				rates.iter().copied().filter(|r| (*r as f64) * 0.95 <= sustained).collect();
			candidates.sort_unstable_by(|a, b| b.cmp(a));
			held_for = 0;
			sustained = 0.0;
			sustained_events = 0.0;
			for rate in candidates.into_iter().take(2) {
				let hold_secs = args.hold_blocks as u64 * 3;
				eprintln!("holding {rate} tx/s for {} blocks …", args.hold_blocks);
				settle(&rpcs, pools, &book, &mut senders).await;
				let plan = plan_step(
					&rpcs,
					&chain_info,
					&mut ctx,
					&mut senders,
					*workload,
					step,
					rate,
					hold_secs,
				)
				.await?;
				let r = run_step(&rpcs, pools, &book, plan, step, rate, hold_secs, &pids).await?;
				step += 1;
				events += r.finalized_ok;
				domain_events += r.domain_events;
				let held =
					print_step(&r, &format!("{} (hold {} blocks)", r.offered, args.hold_blocks));
				let mut j = step_json(&r);
				j["hold"] = serde_json::json!(true);
				steps.push(j);
				if held {
					sustained = r.tps;
					sustained_events = r.events_per_s;
					held_for = args.hold_blocks;
					break;
				}
			}
		}
		let growth = db_size().saturating_sub(db0);
		let per_100k = |n: usize| {
			if n > 0 {
				growth as f64 * 100_000.0 / n as f64 / 1_048_576.0
			} else {
				f64::NAN
			}
		};
		let (per_100k, per_100k_events) = (per_100k(events), per_100k(domain_events));
		let (per_block, weight_us, len) = ceil.unwrap_or((f64::NAN, f64::NAN, f64::NAN));
		let limits = bioledger_runtime::configs::RuntimeBlockWeights::get();
		let normal_us = (limits
			.get(DispatchClass::Normal)
			.max_total
			.unwrap_or(limits.max_block)
			.ref_time()
			- limits.base_block.ref_time()) as f64
			/ 1e6;
		let used_per_block = (normal_us / used_us).floor();
		println!(
			"\nsustained: {sustained:.0} tx/s ({sustained_events:.0} domain events/s) held for {held_for} blocks; ceiling by pre-dispatch weight: {per_block:.0} tx/block = {:.0} tx/s ({weight_us:.0} µs, {len:.0} bytes each); by weight used after refunds: {used_per_block:.0} tx/block = {:.0} tx/s ({used_us:.0} µs each); database growth {per_100k:.1} MiB per 100k transactions, {per_100k_events:.1} MiB per 100k domain events",
			per_block / 3.0,
			used_per_block / 3.0
		);
		report.push(serde_json::json!({
			"workload": workload.name(), "sustained_tps": sustained, "held_for_blocks": held_for,
			"lots_per_batch": (*workload == Workload::CreateLotBatch).then_some(args.batch),
			"sustained_domain_events_per_s": sustained_events,
			"ceiling_tx_per_block": per_block, "ceiling_tps": per_block / 3.0,
			"used_weight_us_per_tx": used_us, "ceiling_by_used_weight_tps": used_per_block / 3.0,
			"weight_us_per_tx": weight_us, "bytes_per_tx": len,
			"db_mib_per_100k": per_100k, "db_mib_per_100k_events": per_100k_events, "steps": steps,
		}));
	}
	let rss: Vec<Option<u64>> = pids.iter().map(|p| bioledger_e2e::peak_rss_kib(*p)).collect();
	let out = serde_json::json!({
		"network": args.network, "step_blocks": args.step_blocks, "senders": args.accounts,
		"connections": rpcs.len(), "entry_nodes": entries.len(), "peak_rss_kib_per_node": rss, "workloads": report,
	});
	let path = args.out.unwrap_or_else(|| {
		std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!(
			"../bench/results/{}-{}.json",
			args.network,
			chrono_free_stamp()
		))
	});
	if let Some(d) = path.parent() {
		std::fs::create_dir_all(d)?;
	}
	std::fs::write(&path, serde_json::to_string_pretty(&out)?)?;
	println!("\nraw results: {}", path.display());
	Ok(())
}

/// Seconds since the Unix epoch, for file names.
fn chrono_free_stamp() -> u64 {
	std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map(|d| d.as_secs())
		.unwrap_or(0)
}
