//! The runtime fuzzer's harness: the real BioLedger runtime, natively, with every pallet and the
//! SM2 host functions (which run libsm directly in a native build).
//!
//! A world is built once: the local consortium (four members, the founding regulator and
//! certification body), a bank, three market-data sources and a carbon verifier, then — in real
//! blocks — lots of three producers, a custody shipment received by the warehouse, a sale in
//! transit, a drafted quality agreement, three settled price feeds, a warehouse receipt pledged
//! to the bank, a verified lot footprint and a batch of issued carbon credits.
//! Each fuzz input is decoded as a list of [`Action`]s applied to a copy of that world:
//!
//! - `Call`: a signed call of one of the world's accounts, applied as the block builder applies
//!   an extrinsic (every transaction extension: nonce, fees, `CheckWeight`, `CheckOperational`); a
//!   transaction the pool would refuse is rolled back;
//! - `Advance`: close the block and open the next after a time skip (a slot, an hour, a day, a
//!   month or a year, so expiries, maturities and grace periods are reached);
//! - `Seal`: the only thing the fuzzer cannot forge, an SM2 e-seal of an organisation over an
//!   agreement's digest, made with the organisation's dev key.
//!
//! Checked after every call: the pre-dispatch weight (call and extensions) is at least the
//! actual weight. After every block: every pallet's `try_state`, total issuance equals the sum
//! of all balances, each dispatch class within its limit and the mandatory class (hooks and
//! inherents) within the block (plus the whole block a session rotation claims), and, when
//! `FUZZ_MAX_BLOCK_MS` is set, the block's execution time (the instrumented native build on a
//! loaded 2-core machine is far slower than the 1.5 s the weights allow on the reference
//! machine, so `scripts/fuzz.sh run` allows 6 s). Any failure panics, which libFuzzer reports as a crash with the input that caused it.

use bioledger_primitives::{
	credentials::STANDARD_KINDS, CredentialKind, LotId, OrgKind, ProductCode, Quantity, Role,
	RoleSet, TemperatureRange, Unit, Validity,
};
use bioledger_runtime::{
	configs::RuntimeBlockWeights, genesis_config_presets, AccountId, AllPalletsWithSystem,
	BuildStorage, Executive, Runtime, RuntimeCall, RuntimeGenesisConfig, RuntimeOrigin, System,
	TxExtension, UncheckedExtrinsic, SLOT_DURATION,
};
use codec::{Decode, DecodeLimit, Encode};
use frame_support::{
	dispatch::{DispatchClass, GetDispatchInfo},
	traits::{TryState, TryStateSelect},
	weights::Weight,
	BoundedVec,
};
use sp_core::{sr25519, Pair, H256};
use sp_runtime::{
	generic::{CheckedExtrinsic, Era, ExtrinsicFormat},
	traits::{Applyable, Header as _},
	Digest, DigestItem,
};
use std::{sync::OnceLock, time::Instant};

pub mod seeds;

/// Most actions taken from one input.
pub const MAX_ACTIONS: usize = 48;
/// Nesting depth allowed when decoding a call (batches in batches).
pub const DEPTH: u32 = 12;

/// A time skip between two blocks.
#[derive(Clone, Copy, Debug, Encode, Decode)]
pub enum Skip {
	/// The next slot (3 s).
	Slot,
	/// An hour.
	Hour,
	/// A day.
	Day,
	/// Thirty days.
	Month,
	/// A year.
	Year,
}

impl Skip {
	fn slots(self) -> u64 {
		let ms = match self {
			Skip::Slot => SLOT_DURATION,
			Skip::Hour => 3_600_000,
			Skip::Day => 86_400_000,
			Skip::Month => 30 * 86_400_000,
			Skip::Year => 365 * 86_400_000,
		};
		ms / SLOT_DURATION
	}
}

/// One step of an input.
#[derive(Clone, Debug, Encode, Decode)]
pub enum Action {
	/// A signed call by account `signer % accounts`.
	Call { signer: u8, call: RuntimeCall },
	/// Close the block; open the next after `skip`.
	Advance { skip: Skip },
	/// Organisation `org % 4` (a founding member) seals agreement `agreement` with its dev
	/// e-seal, through its signer account.
	Seal { org: u8, agreement: u32 },
}

/// The world every input starts from.
pub struct World {
	/// The world's state as a raw trie snapshot (`TestExternalities::into_raw_snapshot`): each
	/// input restores it without recomputing the trie.
	snapshot: Vec<(Vec<u8>, (Vec<u8>, i32))>,
	root: H256,
	state_version: sp_core::storage::StateVersion,
	/// The last block (closed), its hash and slot.
	block: u32,
	parent: H256,
	slot: u64,
	/// Every account that can sign, by derivation path.
	pub accounts: Vec<(String, sr25519::Pair)>,
}

/// The dev key pair at `path`.
pub fn pair(path: &str) -> sr25519::Pair {
	sr25519::Pair::from_string(path, None).expect("dev path")
}

fn account(path: &str) -> AccountId {
	pair(path).public().into()
}

fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(b), serde_json::Value::Object(p)) => {
			for (k, v) in p {
				merge(b.entry(k).or_insert(serde_json::Value::Null), v);
			}
		},
		(b, p) => *b = p,
	}
}

/// An extra member at genesis with one credential of `kind` sealed by the founding regulator
/// (or certification body), as the runtime tests' `member` does.
fn member(
	config: &mut RuntimeGenesisConfig,
	name: &str,
	kind: OrgKind,
	seed: &str,
	accounts: &[(&str, Role)],
	credential: CredentialKind,
) {
	let std_kind = STANDARD_KINDS.iter().find(|k| k.kind == credential).expect("standard");
	let (regulator, certifier) = genesis_config_presets::Layout::Consortium.issuers();
	let (issuer, issuer_seed) = if std_kind.issuers.contains(OrgKind::Regulator) {
		(regulator, genesis_config_presets::NMPA_SEED)
	} else {
		(certifier, genesis_config_presets::SGS_SEED)
	};
	let holder = config.consortium.orgs.len() as u32;
	let validity = Validity { from: 0, until: None };
	let doc = [credential.0 as u8; 32];
	let digest = pallet_consortium::Pallet::<Runtime>::credential_digest(
		[0; 32], holder, credential, &validity, &doc, issuer, 1,
	);
	let seal = bioledger_crypto::native::Sm2Keypair::from_seed(issuer_seed).sign(&digest);
	config.consortium.orgs.push(pallet_consortium::GenesisOrg {
		name: name.into(),
		kind,
		admin: account(seed),
		accounts: accounts
			.iter()
			.map(|(sub, role)| (account(&format!("{seed}//{sub}")), RoleSet::from_roles(&[*role])))
			.collect(),
		eseal_key: bioledger_crypto::native::Sm2Keypair::from_seed(seed).public().to_vec(),
		credentials: vec![pallet_consortium::GenesisCredential {
			kind: credential,
			doc_hash: doc.into(),
			issuer,
			valid_from: 0,
			valid_until: None,
			seal: seal.to_vec().into(),
		}],
		issues: vec![],
		oversees: vec![],
		validator: None,
		nodes: vec![],
	});
	let mut council = config.council_membership.members.to_vec();
	council.push(account(seed));
	config.council_membership.members = BoundedVec::truncate_from(council);
	let mut balances = config.balances.balances.clone();
	for a in std::iter::once(account(seed))
		.chain(accounts.iter().map(|(sub, _)| account(&format!("{seed}//{sub}"))))
	{
		// The preset already endows the well-known accounts (`//Eve`, `//Ferdie`); a second
		// entry would fail the balances genesis ("duplicate balances in genesis").
		if !balances.iter().any(|(b, _)| *b == a) {
			balances.push((a, genesis_config_presets::ENDOWMENT));
		}
	}
	config.balances.balances = balances;
}

/// The world's signing accounts.
pub const ACCOUNTS: &[&str] = &[
	"//Alice",
	"//Alice//ops",
	"//Alice//qa",
	"//Bob",
	"//Bob//ops",
	"//Bob//qa",
	"//Charlie",
	"//Charlie//ops",
	"//Charlie//qa",
	"//Dave",
	"//Dave//ops",
	"//Dave//qa",
	"//NMPA",
	"//NMPA//inspector",
	"//SGS",
	"//Eve",
	"//Eve//credit",
	"//Eve//feed",
	"//Src1//feed",
	"//Src2//feed",
	"//Src3//feed",
	"//Ferdie",
	"//Ferdie//verify",
	"//Alice//stash",
];

/// The block builder inside the fuzzer: open, apply, close, with the checks.
pub struct Chain {
	block: u32,
	slot: u64,
	started: Instant,
	/// The block's `on_initialize` rotated the session.
	rotated: bool,
}

impl Chain {
	/// Open block `block + 1` at slot `slot` (its timestamp exactly `slot × SLOT_DURATION`).
	pub fn open(block: u32, parent: H256, slot: u64) -> Self {
		let header = bioledger_runtime::Header::new(
			block + 1,
			Default::default(),
			Default::default(),
			parent,
			Digest {
				logs: vec![DigestItem::PreRuntime(
					sp_consensus_aura::AURA_ENGINE_ID,
					sp_consensus_aura::Slot::from(slot).encode(),
				)],
			},
		);
		let started = Instant::now();
		let session = pallet_session::CurrentIndex::<Runtime>::get();
		Executive::initialize_block(&header);
		let rotated = pallet_session::CurrentIndex::<Runtime>::get() != session;
		let now = RuntimeCall::Timestamp(pallet_timestamp::Call::set { now: slot * SLOT_DURATION });
		Executive::apply_extrinsic(UncheckedExtrinsic::new_bare(now))
			.expect("timestamp inherent applies")
			.expect("timestamp inherent dispatches");
		Executive::inherents_applied();
		Chain { block: block + 1, slot, started, rotated }
	}

	/// Apply `call` signed by `who` as the block builder would. `None` if the pool would refuse
	/// it (nothing changes); else whether it dispatched successfully. Panics if its actual
	/// weight exceeds what it was charged before dispatch.
	pub fn apply(
		&mut self,
		who: &sr25519::Pair,
		call: RuntimeCall,
	) -> Option<Result<(), sp_runtime::DispatchError>> {
		let signer: AccountId = who.public().into();
		let nonce = System::account_nonce(&signer);
		let ext: TxExtension = (
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
		// The encoded length as a signed transaction (the signature itself is not checked).
		let len = {
			UncheckedExtrinsic::new_signed(
				call.clone(),
				sp_runtime::MultiAddress::Id(signer.clone()),
				sp_runtime::MultiSignature::Sr25519(sp_core::sr25519::Signature::from_raw([0; 64])),
				ext.clone(),
			)
			.encode()
		};
		// Annotated: `CheckedExtrinsic`'s `ExtensionOtherVersions` parameter (default
		// `InvalidVersion`) cannot be inferred from a struct literal.
		let xt: CheckedExtrinsic<AccountId, RuntimeCall, TxExtension> =
			CheckedExtrinsic { format: ExtrinsicFormat::Signed(signer, ext), function: call };
		let info = xt.get_dispatch_info();
		frame_support::storage::with_transaction(|| {
			frame_system::Pallet::<Runtime>::note_extrinsic(len.clone());
			match Applyable::apply::<Runtime>(xt, &info, len.len()) {
				Err(_) => sp_runtime::TransactionOutcome::Rollback(Ok::<
					_,
					sp_runtime::DispatchError,
				>(None)),
				Ok(result) => {
					frame_system::Pallet::<Runtime>::note_applied_extrinsic(&result, info);
					let post = match &result {
						Ok(p) => *p,
						Err(e) => e.post_info,
					};
					let actual = post.actual_weight.unwrap_or(info.total_weight());
					assert!(
						actual.all_lte(info.total_weight()),
						"actual weight {actual:?} above the pre-dispatch weight {:?}",
						info.total_weight()
					);
					sp_runtime::TransactionOutcome::Commit(Ok(Some(
						result.map(|_| ()).map_err(|e| e.error),
					)))
				},
			}
		})
		.expect("no storage-layer error")
	}

	/// Close the block and check the world's invariants; returns (number, hash, slot).
	pub fn close(self) -> (u32, H256, u64) {
		let weights = RuntimeBlockWeights::get();
		let header = Executive::finalize_block();
		let elapsed = self.started.elapsed();
		// Read after finalisation (the next block's initialisation clears it), so the hooks'
		// weight (`on_idle`, `on_finalize`) is in.
		let used = frame_system::BlockWeight::<Runtime>::get();
		for class in [DispatchClass::Normal, DispatchClass::Operational] {
			if let Some(max) = weights.get(class).max_total {
				assert!(
					used.get(class).all_lte(max),
					"{class:?} weight {:?} above {max:?}",
					used.get(class)
				);
			}
		}
		// Hooks and inherents (the mandatory class) are not limited by `CheckWeight`: their
		// own bounds must keep them within the block. A session rotation is the exception
		// FRAME makes on purpose: `pallet_session`'s `on_initialize` then claims a whole block
		// (`max_block`) so that nothing else is included; ours must fit beside that claim.
		let allowance = if self.rotated { weights.max_block } else { Weight::zero() };
		assert!(
			used.get(DispatchClass::Mandatory)
				.all_lte(weights.max_block.saturating_add(allowance)),
			"mandatory weight {:?} (hooks, inherents) above the block's {:?} (session rotated: {})",
			used.get(DispatchClass::Mandatory),
			weights.max_block,
			self.rotated
		);
		<AllPalletsWithSystem as TryState<u32>>::try_state(self.block, TryStateSelect::All)
			.unwrap_or_else(|e| panic!("try_state after block {}: {e:?}", self.block));
		let (mut sum, mut accounts) = (0u128, 0u32);
		for (_, info) in frame_system::Account::<Runtime>::iter() {
			sum = sum.saturating_add(info.data.free).saturating_add(info.data.reserved);
			accounts += 1;
		}
		let issuance = pallet_balances::TotalIssuance::<Runtime>::get();
		assert_eq!(issuance, sum, "total issuance differs from the {accounts} balances");
		// Wall-clock time is only asserted when asked (`scripts/fuzz.sh run` sets 6 s): on a
		// busy machine a slow block would be a "crash" that does not reproduce.
		if let Some(limit) =
			std::env::var("FUZZ_MAX_BLOCK_MS").ok().and_then(|v| v.parse::<u128>().ok())
		{
			assert!(
				elapsed.as_millis() <= limit,
				"block {} took {elapsed:?} (limit {limit} ms)",
				self.block
			);
		}
		(self.block, header.hash(), self.slot)
	}
}

fn lot(id: &str) -> LotId {
	id.as_bytes().to_vec().try_into().expect("short lot id")
}

fn product(code: &str) -> ProductCode {
	code.as_bytes().to_vec().try_into().expect("short product code")
}

/// Build the world (once per process).
pub fn world() -> &'static World {
	static WORLD: OnceLock<World> = OnceLock::new();
	WORLD.get_or_init(build_world)
}

fn build_world() -> World {
	let mut json = serde_json::to_value(RuntimeGenesisConfig::default()).expect("json");
	merge(&mut json, genesis_config_presets::local_consortium());
	let mut config: RuntimeGenesisConfig = serde_json::from_value(json).expect("genesis");
	member(
		&mut config,
		"Bank",
		OrgKind::Lender,
		"//Eve",
		&[("credit", Role::Signer), ("feed", Role::PriceFeeder)],
		CredentialKind::LENDING_LICENCE,
	);
	for seed in ["//Src1", "//Src2", "//Src3"] {
		member(
			&mut config,
			seed,
			OrgKind::Auditor,
			seed,
			&[("feed", Role::PriceFeeder)],
			CredentialKind::BUSINESS_LICENCE,
		);
	}
	member(
		&mut config,
		"Verifier",
		OrgKind::Verifier,
		"//Ferdie",
		&[("verify", Role::Signer)],
		CredentialKind::VERIFIER_ACCREDITATION,
	);
	// Apex links its stash as an admin's second account (a second signer to play with).
	config.consortium.orgs[0].accounts.push((
		account("//Alice//stash"),
		RoleSet::from_roles(&[Role::Operator, Role::QaApprover]),
	));
	let storage = config.build_storage().expect("genesis builds");
	let mut ext = sp_io::TestExternalities::new(storage);
	let accounts: Vec<(String, sr25519::Pair)> =
		ACCOUNTS.iter().map(|p| (p.to_string(), pair(p))).collect();
	let (block, parent, slot) = ext.execute_with(|| {
		let genesis = frame_system::BlockHash::<Runtime>::get(0);
		// 2027-01-01 in slots.
		let mut slot = 1_798_761_600_000 / SLOT_DURATION;
		let mut chain = Chain::open(0, genesis, slot);
		let api = product("GTIN-06912345000024");
		let kg = |n: u128| Quantity::new(n * 1_000_000, Unit::Milligram);
		for (who, prefix) in [("//Alice//ops", "A"), ("//Bob//ops", "B"), ("//Charlie//ops", "C")] {
			for i in 0..3 {
				let call = RuntimeCall::Provenance(pallet_provenance::Call::create_lot {
					id: lot(&format!("06912345000024/{prefix}{i}")),
					product: api.clone(),
					quantity: kg(100),
					expires_at: (slot + Skip::Year.slots()) * SLOT_DURATION,
					storage: Some(TemperatureRange::COLD_CHAIN),
				});
				assert_eq!(chain.apply(&pair(who), call), Some(Ok(())), "world: {who} lot {i}");
			}
		}
		// The CDMO ships C0 to the warehouse (custody) and C1 to Apex (a sale in transit).
		let ship = |lots: &[&str], to: u32, sale: bool| {
			RuntimeCall::Provenance(pallet_provenance::Call::ship {
				lots: BoundedVec::truncate_from(lots.iter().map(|l| lot(l)).collect()),
				to,
				carrier: None,
				promised_at: (slot + 100) * SLOT_DURATION,
				transfers_ownership: sale,
			})
		};
		assert_eq!(
			chain.apply(&pair("//Charlie//ops"), ship(&["06912345000024/C0"], 3, false)),
			Some(Ok(()))
		);
		assert_eq!(
			chain.apply(&pair("//Charlie//ops"), ship(&["06912345000024/C1"], 0, true)),
			Some(Ok(()))
		);
		// The three sources are admitted (Root stands in for a council motion here) and post.
		for org in [7, 8, 9] {
			RuntimeCall::Pledge(pallet_pledge::Call::add_price_source {
				product: api.clone(),
				org,
			})
			.dispatch_bypass_filter_root();
		}
		// The CDMO's QA drafts a quality agreement with Huaxin for the API (sealed by `Seal`).
		let spec = |code: &str, min: Option<i64>, max: Option<i64>| pallet_quality::SpecItem {
			code: code.as_bytes().to_vec().try_into().expect("short"),
			unit: b"0.1%".to_vec().try_into().expect("short"),
			min,
			max,
			method: b"HPLC".to_vec().try_into().expect("short"),
		};
		let terms = pallet_quality::Terms {
			product: api.clone(),
			specs: BoundedVec::truncate_from(vec![spec("ASSAY", Some(980), Some(1_020))]),
			storage: Some(TemperatureRange::COLD_CHAIN),
			max_excursion_secs: 1_800,
			excursion_liability: pallet_quality::Liability::Supplier,
			release: pallet_quality::ReleaseResponsibility::Buyer,
			skip_lot: false,
			validity: Validity { from: 0, until: None },
			document: [9; 32],
			arbitrator: None,
		};
		assert_eq!(
			chain.apply(
				&pair("//Charlie//qa"),
				RuntimeCall::Quality(pallet_quality::Call::draft { supplier: 1, terms })
			),
			Some(Ok(()))
		);
		for src in ["//Src1//feed", "//Src2//feed", "//Src3//feed"] {
			let price = pallet_pledge::Price { currency: *b"CNY", amount: 100_000, per: kg(1) };
			assert_eq!(
				chain.apply(
					&pair(src),
					RuntimeCall::Pledge(pallet_pledge::Call::post_price {
						product: api.clone(),
						price
					})
				),
				Some(Ok(()))
			);
		}
		let (b, h, s) = chain.close();
		slot = s + Skip::Slot.slots();
		let mut chain = Chain::open(b, h, slot);
		// The warehouse receives C0 and issues a receipt to the CDMO.
		let shipment = 0u64;
		assert_eq!(
			chain.apply(
				&pair("//Dave//ops"),
				RuntimeCall::Provenance(pallet_provenance::Call::receive { shipment, lots: 1 })
			),
			Some(Ok(()))
		);
		let month = (slot + Skip::Month.slots()) * SLOT_DURATION;
		let code =
			|c: &str| -> pallet_carbon::Code { c.as_bytes().to_vec().try_into().expect("short") };
		let steps: [(&str, RuntimeCall); 6] = [
			(
				"//Dave//ops",
				RuntimeCall::Pledge(pallet_pledge::Call::issue_receipt {
					holder: 2,
					lots: BoundedVec::truncate_from(vec![lot("06912345000024/C0")]),
					storage: TemperatureRange::COLD_CHAIN,
					expires_at: month,
					document: [3; 32],
				}),
			),
			// The CDMO pledges the receipt to the bank, which accepts: an active pledge whose
			// value the price feeds move.
			(
				"//Charlie//qa",
				RuntimeCall::Pledge(pallet_pledge::Call::propose_pledge {
					lender: 6,
					receipts: BoundedVec::truncate_from(vec![0]),
					principal: 5_000_000,
					currency: *b"CNY",
					maturity: (slot + 7 * Skip::Day.slots()) * SLOT_DURATION,
					contract: [4; 32],
				}),
			),
			(
				"//Eve//credit",
				RuntimeCall::Pledge(pallet_pledge::Call::accept_pledge { pledge: 0 }),
			),
			// Apex reports the footprint of a lot, the verifier verifies it and issues credits.
			(
				"//Alice//ops",
				RuntimeCall::Carbon(pallet_carbon::Call::report_emission {
					scope: pallet_carbon::Scope::Scope1,
					kg_co2e: 12_500,
					subject: pallet_carbon::Subject::Lot(lot("06912345000024/A0")),
					facility: code("PLANT-1"),
					methodology: code("GHG-PROTOCOL"),
					evidence: [5; 32],
				}),
			),
			(
				"//Ferdie//verify",
				RuntimeCall::Carbon(pallet_carbon::Call::verify_emission { record: 0 }),
			),
			(
				"//Ferdie//verify",
				RuntimeCall::Carbon(pallet_carbon::Call::issue_credits {
					project: code("WIND-1"),
					vintage: 2026,
					methodology: code("VCS-VM0042"),
					quantity: 1_000,
					evidence: [6; 32],
				}),
			),
		];
		for (who, call) in steps {
			let what = format!("{call:?}");
			assert_eq!(chain.apply(&pair(who), call), Some(Ok(())), "world: {who} {what}");
		}
		chain.close()
	});
	// Move the blocks' changes from the overlay into the backend, then take the raw trie.
	ext.commit_all().expect("world's changes commit");
	let state_version = ext.state_version;
	let (snapshot, root) = ext.into_raw_snapshot();
	World { snapshot, root, state_version, block, parent, slot, accounts }
}

trait RootDispatch {
	fn dispatch_bypass_filter_root(self);
}
impl RootDispatch for RuntimeCall {
	fn dispatch_bypass_filter_root(self) {
		use frame_support::traits::UnfilteredDispatchable;
		self.dispatch_bypass_filter(RuntimeOrigin::root())
			.expect("root call in the world's set-up");
	}
}

/// Calls the fuzzer never makes: runtime code and raw storage (`System`), the timestamp (an
/// inherent), at any depth: inside batches, council motions,
/// scheduled calls and whitelisted calls. A whitelisted call dispatched by hash is never made
/// either (its preimage could hold any of them). The fuzzer holds most council keys, and what
/// three quarters of the council may do as Root is not a bug of the runtime.
fn forbidden(call: &RuntimeCall) -> bool {
	use pallet_scheduler::Call as Sched;
	match call {
		RuntimeCall::System(_) | RuntimeCall::Timestamp(_) => true,
		RuntimeCall::Whitelist(pallet_whitelist::Call::dispatch_whitelisted_call { .. }) => true,
		RuntimeCall::Utility(pallet_utility::Call::batch { calls })
		| RuntimeCall::Utility(pallet_utility::Call::batch_all { calls })
		| RuntimeCall::Utility(pallet_utility::Call::force_batch { calls }) => {
			calls.iter().any(forbidden)
		},
		RuntimeCall::Utility(pallet_utility::Call::if_else { main, fallback }) => {
			forbidden(main) || forbidden(fallback)
		},
		RuntimeCall::Utility(pallet_utility::Call::as_derivative { call, .. })
		| RuntimeCall::Utility(pallet_utility::Call::dispatch_as { call, .. })
		| RuntimeCall::Utility(pallet_utility::Call::dispatch_as_fallible { call, .. })
		| RuntimeCall::Utility(pallet_utility::Call::with_weight { call, .. })
		| RuntimeCall::Whitelist(
			pallet_whitelist::Call::dispatch_whitelisted_call_with_preimage { call },
		)
		| RuntimeCall::Scheduler(Sched::schedule { call, .. })
		| RuntimeCall::Scheduler(Sched::schedule_named { call, .. })
		| RuntimeCall::Scheduler(Sched::schedule_after { call, .. })
		| RuntimeCall::Scheduler(Sched::schedule_named_after { call, .. }) => forbidden(call),
		RuntimeCall::Council(pallet_collective::Call::propose { proposal, .. })
		| RuntimeCall::Council(pallet_collective::Call::execute { proposal, .. }) => forbidden(proposal),
		_ => false,
	}
}

/// Decode an input into actions: as many as decode, up to [`MAX_ACTIONS`].
pub fn decode(mut data: &[u8]) -> Vec<Action> {
	let mut actions = Vec::new();
	while actions.len() < MAX_ACTIONS && !data.is_empty() {
		match Action::decode_with_depth_limit(DEPTH, &mut data) {
			Ok(Action::Call { call, .. }) if forbidden(&call) => continue,
			Ok(a) => actions.push(a),
			Err(_) => break,
		}
	}
	actions
}

/// Run one input; returns how many actions it had (0: nothing to do).
pub fn run(data: &[u8]) -> usize {
	let actions = decode(data);
	if actions.is_empty() {
		return 0;
	}
	let w = world();
	let trace = std::env::var_os("FUZZ_TRACE").is_some();
	let mut ext =
		sp_io::TestExternalities::from_raw_snapshot(w.snapshot.clone(), w.root, w.state_version);
	ext.execute_with(|| {
		let mut chain = Chain::open(w.block, w.parent, w.slot + 1);
		for action in &actions {
			match action {
				Action::Call { signer, call } => {
					let (path, who) = &w.accounts[*signer as usize % w.accounts.len()];
					let outcome = chain.apply(who, call.clone());
					if trace {
						eprintln!("{path}: {call:?} -> {outcome:?}");
					}
				},
				Action::Advance { skip } => {
					if trace {
						eprintln!("advance {skip:?}");
					}
					let (b, h, s) = chain.close();
					chain = Chain::open(b, h, s + skip.slots());
				},
				Action::Seal { org, agreement } => {
					let org = (*org % 4) as usize;
					let seeds = ["//Alice", "//Bob", "//Charlie", "//Dave"];
					if let Some(a) = pallet_quality::Agreements::<Runtime>::get(agreement) {
						let kp = bioledger_crypto::native::Sm2Keypair::from_seed(seeds[org]);
						let call = RuntimeCall::Quality(pallet_quality::Call::sign {
							agreement: *agreement,
							meaning: pallet_quality::SignatureMeaning::Approval,
							signature: kp.sign(&a.digest),
						});
						let outcome = chain.apply(&pair(&format!("{}//qa", seeds[org])), call);
						if trace {
							eprintln!("seal by {}: {outcome:?}", seeds[org]);
						}
					}
				},
			}
		}
		chain.close();
	});
	actions.len()
}
