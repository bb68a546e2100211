//! `demo`: fill a running dev chain (`bioledger --dev`) with a realistic supply-chain scenario
//! for the explorer, over JSON-RPC only, and print what it made as JSON.
//!
//! The story: Shanghai Apex (drug maker, the dev chain's founding member) buys sterile vials
//! from Suzhou BioCDMO, which makes them from Jiangsu Huaxin's API and its own excipient. Five
//! organisations apply with their SM2 e-seal keys and are admitted (a motion of the dev chain's
//! council on a dev chain); quality agreements are sealed with SM2; the API is made from a
//! starting material; one API lot fails incoming QC (quarantine, nonconformance, CAPA, closed);
//! the vials have a cold-chain excursion in transit (quarantined, investigated, released); the
//! licensed warehouse stores them and issues a receipt that Apex pledges to a bank; the price
//! drops and the bank gets a margin call; emissions are verified and credits retired against
//! the vials; finally the CDMO recalls the excipient lot and the recall reaches the vials.
//!
//! Usage: `demo [--url ws://127.0.0.1:9944] [--out FILE]`. Run it once on a fresh dev chain.

use anyhow::{anyhow, bail, Context, Result};
use bioledger_crypto::native::Sm2Keypair;
use bioledger_e2e::{
	chain::{account, api, dev_pair, issue_requested, map_key, read, send, send_all, value_key},
	tx::ChainInfo,
	Rpc,
};
use bioledger_primitives::{
	CredentialKind, LotId, OrgKind, QcParam, Quantity, Role, RoleSet, TemperatureRange, Unit,
	Validity,
};
use bioledger_runtime::{RuntimeCall, UNIT};
use frame_support::Twox64Concat;
use pallet_carbon::{Claim, Period, Scope, SerialRange, Subject};
use pallet_consortium::RequestInput;
use pallet_pledge::Price;
use pallet_provenance::{DocKind, LotStatus, OutputLot};
use pallet_quality::{Liability, ReleaseResponsibility, SignatureMeaning, SpecItem, Terms};
use serde_json::json;
use sp_core::sr25519;
use std::fmt::Debug;

const DAY: u64 = 86_400_000;
const KG: u128 = 1_000_000;
const CNY: [u8; 3] = *b"CNY";

const APEX: u32 = 0;

/// Bytes of `s` as any bounded byte vector.
fn bv<T: TryFrom<Vec<u8>>>(s: &str) -> T
where
	T::Error: Debug,
{
	s.as_bytes().to_vec().try_into().expect("demo strings fit their bounds")
}

/// A list as any bounded vector.
fn list<E, T: TryFrom<Vec<E>>>(v: Vec<E>) -> T
where
	T::Error: Debug,
{
	v.try_into().expect("demo lists fit their bounds")
}

/// A document hash standing for the named document.
fn doc(name: &str) -> [u8; 32] {
	use sp_runtime::traits::Hash;
	<sp_runtime::traits::BlakeTwo256 as Hash>::hash(name.as_bytes()).0
}

fn param(code: &str, value: i64, unit: &str) -> QcParam {
	QcParam { code: bv(code), value, unit: bv(unit) }
}

fn spec(code: &str, unit: &str, min: Option<i64>, max: Option<i64>, method: &str) -> SpecItem {
	SpecItem { code: bv(code), unit: bv(unit), min, max, method: bv(method) }
}

/// The dev chain's founding issuers: the regulator (org 1) and the certification body (org 2).
const NMPA: (u32, &str) = (1, "//NMPA");
const SGS: (u32, &str) = (2, "//SGS");

/// The organisations the demo admits: dev seed, name, kind, credentials (kind, title, founding
/// issuer, days of validity left) and the accounts its admin links (sub-path, roles).
struct Applicant {
	seed: &'static str,
	name: &'static str,
	kind: OrgKind,
	credentials: &'static [(CredentialKind, &'static str, (u32, &'static str), u64)],
	accounts: &'static [(&'static str, &'static [Role])],
}

const OPS: &[Role] = &[Role::Operator, Role::SensorGateway];
const QA: &[Role] = &[Role::QaApprover, Role::Signer];

const APPLICANTS: [Applicant; 8] = [
	Applicant {
		seed: "//Bob",
		name: "Jiangsu Huaxin API",
		kind: OrgKind::Supplier,
		credentials: &[
			(CredentialKind::GMP_CERTIFICATE, "GMP JS20260002 Huaxin", NMPA, 900),
			// Expires in three weeks: the explorer highlights it.
			(CredentialKind::ISO_9001, "ISO 9001 CN-QMS-2023-0002", SGS, 21),
		],
		accounts: &[("qa", QA), ("ops", OPS)],
	},
	Applicant {
		seed: "//Charlie",
		name: "Suzhou BioCDMO",
		kind: OrgKind::Cdmo,
		credentials: &[
			(CredentialKind::GMP_CERTIFICATE, "GMP JS20260003 BioCDMO", NMPA, 1_200),
			(CredentialKind::MANUFACTURING_LICENCE, "Licence SU20260003", NMPA, 1_200),
		],
		accounts: &[("qa", QA), ("ops", OPS)],
	},
	Applicant {
		seed: "//Dave",
		name: "Yangtze Cold-Chain Warehouse",
		kind: OrgKind::Warehouse,
		credentials: &[
			(CredentialKind::WAREHOUSE_LICENCE, "Bonded warehouse YZ-2026-04", NMPA, 700),
			(CredentialKind::COLD_CHAIN_QUALIFICATION, "GSP cold chain YZ-CC", NMPA, 45),
		],
		accounts: &[("qa", QA), ("ops", OPS)],
	},
	Applicant {
		seed: "//Eve",
		name: "Bank of Suzhou Supply-Chain Finance",
		kind: OrgKind::Lender,
		credentials: &[(CredentialKind::LENDING_LICENCE, "Licence B0213H232050001", NMPA, 1_500)],
		accounts: &[("credit", &[Role::Signer]), ("feed", &[Role::PriceFeeder])],
	},
	Applicant {
		seed: "//Ferdie",
		name: "China Quality Certification Centre",
		kind: OrgKind::Verifier,
		credentials: &[(
			CredentialKind::VERIFIER_ACCREDITATION,
			"CNAS GHG verification accreditation",
			SGS,
			1_000,
		)],
		accounts: &[("verify", &[Role::Signer])],
	},
	// Three independent market-data providers: the council admits them as the price sources
	// of the vials (neither the borrower nor the lender may value their own pledge).
	Applicant {
		seed: "//Alice//stash",
		name: "Shanghai Pharmaceutical Exchange",
		kind: OrgKind::Auditor,
		credentials: &[(CredentialKind::BUSINESS_LICENCE, "Licence SPX-2019-001", NMPA, 2_000)],
		accounts: &[("feed", &[Role::PriceFeeder])],
	},
	Applicant {
		seed: "//Bob//stash",
		name: "China Pharma Price Index",
		kind: OrgKind::Auditor,
		credentials: &[(CredentialKind::BUSINESS_LICENCE, "Licence CPPI-2020-014", NMPA, 2_000)],
		accounts: &[("feed", &[Role::PriceFeeder])],
	},
	Applicant {
		seed: "//Charlie//stash",
		name: "Wind Healthcare Data",
		kind: OrgKind::Auditor,
		credentials: &[(CredentialKind::BUSINESS_LICENCE, "Licence WHD-2018-233", NMPA, 2_000)],
		accounts: &[("feed", &[Role::PriceFeeder])],
	},
];

/// The runtime's `PriceSettlement` (ms).
const PRICE_SETTLEMENT: u64 = 60_000;

/// The price desks of the three market-data providers.
const SOURCES: [&str; 3] = ["//Alice//stash//feed", "//Bob//stash//feed", "//Charlie//stash//feed"];

struct Demo {
	rpc: Rpc,
	chain: ChainInfo,
	now: u64,
	step: u32,
	/// The council's seats (dev seeds): the founding admins, then each admitted applicant's.
	seats: Vec<&'static str>,
}

impl Demo {
	/// One step of the story: every call submitted at once, all in (usually) one block.
	async fn step(&mut self, what: &str, calls: Vec<(&str, RuntimeCall)>) -> Result<()> {
		self.step += 1;
		eprintln!("[{:>2}] {what}", self.step);
		let pairs: Vec<sr25519::Pair> = calls.iter().map(|(who, _)| dev_pair(who)).collect();
		let calls = pairs.iter().zip(calls).map(|(p, (_, call))| (p, call)).collect();
		send_all(&self.rpc, &self.chain, calls)
			.await
			.with_context(|| what.to_string())?;
		Ok(())
	}

	/// A council motion (Alice's and the regulator's seats on the dev chain) making `calls`
	/// all or nothing.
	async fn council(&mut self, what: &str, calls: Vec<RuntimeCall>) -> Result<()> {
		self.step += 1;
		eprintln!("[{:>2}] {what}", self.step);
		let batch = RuntimeCall::Utility(pallet_utility::Call::batch_all { calls });
		// Every seat votes: an admitted member holds a seat, and motions need two thirds.
		let pairs: Vec<sr25519::Pair> = self.seats.iter().map(|s| dev_pair(s)).collect();
		let members: Vec<&sr25519::Pair> = pairs.iter().collect();
		bioledger_e2e::chain::pass_motion(&self.rpc, &self.chain, &members, batch)
			.await
			.with_context(|| what.to_string())
	}

	async fn next_id<T: codec::Decode + Default>(&self, pallet: &str, item: &str) -> Result<T> {
		Ok(read(&self.rpc, &value_key(pallet, item)).await?.unwrap_or_default())
	}

	async fn lot_status(&self, lot: &LotId) -> Result<LotStatus> {
		let view: Option<pallet_provenance::LotView> =
			api(&self.rpc, "ProvenanceApi_lot", lot).await?;
		Ok(view.ok_or_else(|| anyhow!("lot {lot:?} missing"))?.status)
	}
}

fn provenance(call: pallet_provenance::Call<bioledger_runtime::Runtime>) -> RuntimeCall {
	RuntimeCall::Provenance(call)
}

fn quality(call: pallet_quality::Call<bioledger_runtime::Runtime>) -> RuntimeCall {
	RuntimeCall::Quality(call)
}

fn pledge(call: pallet_pledge::Call<bioledger_runtime::Runtime>) -> RuntimeCall {
	RuntimeCall::Pledge(call)
}

fn carbon(call: pallet_carbon::Call<bioledger_runtime::Runtime>) -> RuntimeCall {
	RuntimeCall::Carbon(call)
}

fn consortium(call: pallet_consortium::Call<bioledger_runtime::Runtime>) -> RuntimeCall {
	RuntimeCall::Consortium(call)
}

#[tokio::main]
async fn main() -> Result<()> {
	let mut url = "ws://127.0.0.1:9944".to_string();
	let mut out = None;
	let mut args = std::env::args().skip(1);
	while let Some(a) = args.next() {
		match a.as_str() {
			"--url" => url = args.next().context("--url needs a value")?,
			"--out" => out = Some(args.next().context("--out needs a value")?),
			"-h" | "--help" => {
				println!("demo [--url ws://127.0.0.1:9944] [--out FILE]");
				return Ok(());
			},
			other => bail!("unknown argument {other}"),
		}
	}
	let rpc = Rpc::connect(&url).await.with_context(|| format!("connecting to {url}"))?;
	let chain = ChainInfo::fetch(&rpc).await?;
	let orgs: u32 = read(&rpc, &value_key("Consortium", "NextOrgId")).await?.unwrap_or_default();
	if orgs != 3 {
		bail!(
			"expected a fresh dev chain with three organisations (Apex and the founding issuers), \
			 found {orgs}: demo already loaded?"
		);
	}
	// Chain time starts with block 1.
	bioledger_e2e::wait_for(std::time::Duration::from_secs(60), "block 1", || async {
		Ok((rpc.best_number().await? >= 1).then_some(()))
	})
	.await?;
	let now: u64 = read(&rpc, &value_key("Timestamp", "Now")).await?.unwrap_or_default();
	let mut d = Demo { rpc, chain, now, step: 0, seats: vec!["//Alice", "//NMPA", "//SGS"] };
	let summary = run(&mut d).await?;
	let text = serde_json::to_string_pretty(&summary)?;
	if let Some(path) = out {
		std::fs::write(&path, &text).with_context(|| format!("writing {path}"))?;
	}
	println!("{text}");
	Ok(())
}

async fn run(d: &mut Demo) -> Result<serde_json::Value> {
	let now = d.now;
	let until = |days: u64| Validity { from: 0, until: Some(now + days * DAY) };

	// Fees for every operational account; Apex's procurement desk posts prices.
	let mut funding: Vec<(&str, RuntimeCall)> = Vec::new();
	let mut paths = vec!["//Alice//feed".to_string()];
	for a in &APPLICANTS {
		for (sub, _) in a.accounts {
			paths.push(format!("{}//{sub}", a.seed));
		}
	}
	for p in &paths {
		funding.push((
			"//Alice",
			RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
				dest: account(&dev_pair(p)).into(),
				value: 10_000 * UNIT,
			}),
		));
	}
	funding.push((
		"//Alice",
		consortium(pallet_consortium::Call::link_account {
			account: account(&dev_pair("//Alice//feed")),
			roles: RoleSet::from_roles(&[Role::PriceFeeder]),
		}),
	));
	d.step("fund operational accounts; Apex links its price desk", funding).await?;

	// Applications, one per block (each reserves the next organisation id), with proof of
	// possession of the SM2 e-seal key.
	let mut ids = Vec::new();
	for a in &APPLICANTS {
		let org: u32 = d.next_id("Consortium", "NextOrgId").await?;
		let seal = Sm2Keypair::from_seed(a.seed);
		let challenge: Vec<u8> =
			api(&d.rpc, "ConsortiumApi_eseal_challenge", (org, seal.public())).await?;
		// It asks the founding issuers for its credentials; they decide after admission.
		let requests = a
			.credentials
			.iter()
			.map(|(kind, title, (issuer, _), _)| RequestInput {
				issuer: *issuer,
				kind: *kind,
				document: doc(title),
			})
			.collect();
		let apply = consortium(pallet_consortium::Call::apply {
			name: bv(a.name),
			kind: a.kind,
			eseal_key: seal.public(),
			pop: seal.sign(&challenge),
			requests: list(requests),
		});
		d.step(&format!("{} applies as organisation {org}", a.name), vec![(a.seed, apply)])
			.await?;
		ids.push(org);
	}
	let [huaxin, cdmo, warehouse, bank, verifier, exchange, index, wind] = ids[..] else {
		bail!("eight applicants")
	};
	let approvals = ids
		.iter()
		.map(|org| consortium(pallet_consortium::Call::approve_application { org: *org }))
		.collect();
	d.council("the council admits all eight", approvals).await?;
	d.seats.extend(APPLICANTS.iter().map(|a| a.seed));

	// The regulator and the certification body issue what each applicant asked for, every
	// credential under the issuer's SM2 e-seal (a revoked or lapsed one cannot be written
	// back by its holder).
	for (issuer, seed) in [NMPA, SGS] {
		let mut issued = 0;
		for (a, org) in APPLICANTS.iter().zip(&ids) {
			let terms = |kind: CredentialKind| {
				a.credentials
					.iter()
					.find(|(k, _, (i, _), _)| *k == kind && *i == issuer)
					.map(|(_, title, _, days)| (until(*days), doc(title)))
			};
			issued += issue_requested(&d.rpc, &d.chain, seed, issuer, *org, terms).await?;
		}
		eprintln!("     {seed} issued {issued} credentials");
	}

	let mut links = Vec::new();
	for a in &APPLICANTS {
		for (sub, roles) in a.accounts {
			links.push((
				a.seed,
				consortium(pallet_consortium::Call::link_account {
					account: account(&dev_pair(&format!("{}//{sub}", a.seed))),
					roles: RoleSet::from_roles(roles),
				}),
			));
		}
	}
	d.step("each admin links its QA, operations, credit and verification accounts", links)
		.await?;

	// Quality agreements: the CDMO buys API from Huaxin, Apex buys vials from the CDMO.
	let api_product = "GTIN-06912345000017";
	let vial_product = "GTIN-06912345000031";
	let api_terms = Terms {
		product: bv(api_product),
		specs: list(vec![
			spec("ASSAY", "0.1%", Some(980), Some(1_020), "HPLC"),
			spec("WATER", "0.01%", None, Some(50), "KF"),
		]),
		storage: Some(TemperatureRange::COLD_CHAIN),
		max_excursion_secs: 1_800,
		excursion_liability: Liability::Supplier,
		release: ReleaseResponsibility::Buyer,
		skip_lot: false,
		validity: Validity { from: 0, until: None },
		document: doc("QA-2026-017 Huaxin/BioCDMO atorvastatin API"),
		arbitrator: None,
	};
	let vial_terms = Terms {
		product: bv(vial_product),
		specs: list(vec![
			spec("POTENCY", "0.1%", Some(950), Some(1_050), "HPLC"),
			spec("ENDOTOXIN", "cEU/mL", None, Some(50), "LAL"),
			spec("STERILITY", "bool", Some(1), Some(1), "USP71"),
		]),
		storage: Some(TemperatureRange::COLD_CHAIN),
		max_excursion_secs: 1_800,
		excursion_liability: Liability::Supplier,
		release: ReleaseResponsibility::Buyer,
		skip_lot: false,
		validity: Validity { from: 0, until: None },
		document: doc("QA-2026-031 BioCDMO/Apex sterile vials"),
		arbitrator: None,
	};
	let first_agreement: pallet_quality::AgreementId =
		d.next_id("Quality", "NextAgreementId").await?;
	let raw: LotId = bv("HX-RM-2026-031");
	d.step(
		"QA drafts two agreements; Huaxin commissions a starting-material lot",
		vec![
			(
				"//Charlie//qa",
				quality(pallet_quality::Call::draft { supplier: huaxin, terms: api_terms }),
			),
			(
				"//Alice//qa",
				quality(pallet_quality::Call::draft { supplier: cdmo, terms: vial_terms }),
			),
			(
				"//Bob//ops",
				provenance(pallet_provenance::Call::create_lot {
					id: raw.clone(),
					product: bv("GTIN-06912345000109"),
					quantity: Quantity::new(60 * KG, Unit::Milligram),
					expires_at: now + 720 * DAY,
					storage: None,
				}),
			),
		],
	)
	.await?;
	let mut api_agreement = None;
	let mut vial_agreement = None;
	for id in [first_agreement, first_agreement + 1] {
		let a: pallet_quality::AgreementOf<bioledger_runtime::Runtime> =
			read(&d.rpc, &map_key::<Twox64Concat, _>("Quality", "Agreements", &id))
				.await?
				.ok_or_else(|| anyhow!("agreement {id} missing"))?;
		if a.buyer == cdmo {
			api_agreement = Some((id, a.digest));
		} else {
			vial_agreement = Some((id, a.digest));
		}
	}
	let (api_agreement, api_digest) = api_agreement.context("API agreement")?;
	let (vial_agreement, vial_digest) = vial_agreement.context("vial agreement")?;
	let seal = |seed: &str, agreement: pallet_quality::AgreementId, digest: &[u8; 32]| {
		quality(pallet_quality::Call::sign {
			agreement,
			meaning: SignatureMeaning::Approval,
			signature: Sm2Keypair::from_seed(seed).sign(digest),
		})
	};
	let api_ok: LotId = bv("HX-API-2026-07");
	let api_bad: LotId = bv("HX-API-2026-08");
	let api_out = |id: &LotId| OutputLot {
		id: id.clone(),
		product: bv(api_product),
		quantity: Quantity::new(20 * KG, Unit::Milligram),
		expires_at: now + 540 * DAY,
		storage: Some(TemperatureRange::COLD_CHAIN),
		inputs: list(vec![(raw.clone(), 25 * KG)]),
	};
	d.step(
		"both parties seal both agreements with SM2; Huaxin makes two API lots",
		vec![
			("//Bob", seal("//Bob", api_agreement, &api_digest)),
			("//Charlie", seal("//Charlie", api_agreement, &api_digest)),
			("//Charlie", seal("//Charlie", vial_agreement, &vial_digest)),
			("//Alice", seal("//Alice", vial_agreement, &vial_digest)),
			(
				"//Bob//ops",
				provenance(pallet_provenance::Call::transform {
					outputs: list(vec![api_out(&api_ok), api_out(&api_bad)]),
				}),
			),
		],
	)
	.await?;

	let qc = |lot: &LotId, params: Vec<QcParam>, coa: &str| {
		provenance(pallet_provenance::Call::record_qc_result {
			lot: lot.clone(),
			params: list(params),
			coa: doc(coa),
		})
	};
	let release = |lot: &LotId| {
		provenance(pallet_provenance::Call::set_status {
			lot: lot.clone(),
			status: LotStatus::Released,
		})
	};
	d.step(
		"Huaxin QC tests and releases both API lots",
		vec![
			("//Bob//qa", qc(&api_ok, vec![param("ASSAY", 996, "0.1%")], "CoA HX-API-2026-07")),
			("//Bob//qa", qc(&api_bad, vec![param("ASSAY", 984, "0.1%")], "CoA HX-API-2026-08")),
			("//Bob//qa", release(&api_ok)),
			("//Bob//qa", release(&api_bad)),
		],
	)
	.await?;
	let shipment: u64 = d.next_id("Provenance", "NextShipmentId").await?;
	let ship = |lots: Vec<LotId>, to: u32, days: u64, sale: bool| {
		provenance(pallet_provenance::Call::ship {
			lots: list(lots),
			to,
			carrier: None,
			promised_at: now + days * DAY,
			transfers_ownership: sale,
		})
	};
	d.step(
		"Huaxin ships both API lots to the CDMO (sale)",
		vec![("//Bob//ops", ship(vec![api_ok.clone(), api_bad.clone()], cdmo, 2, true))],
	)
	.await?;
	// The witness is the shipment's lot count.
	let receive =
		|shipment: u64, lots: u32| provenance(pallet_provenance::Call::receive { shipment, lots });
	d.step("the CDMO receives them", vec![("//Charlie//ops", receive(shipment, 2))])
		.await?;
	d.step(
		"incoming QC at the CDMO (the released lot stays released): HX-API-2026-08 fails the agreed assay (97.1 %)",
		vec![
			(
				"//Charlie//qa",
				qc(
					&api_ok,
					vec![param("ASSAY", 992, "0.1%"), param("WATER", 21, "0.01%")],
					"Incoming CoA SZ-IQC-0711",
				),
			),
			(
				"//Charlie//qa",
				qc(
					&api_bad,
					vec![param("ASSAY", 971, "0.1%"), param("WATER", 38, "0.01%")],
					"Incoming CoA SZ-IQC-0712",
				),
			),
		],
	)
	.await?;
	if d.lot_status(&api_bad).await? != LotStatus::Quarantined {
		bail!("the failed API lot is not quarantined");
	}
	let open: Vec<(
		pallet_quality::NcId,
		pallet_quality::NonconformanceOf<bioledger_runtime::Runtime>,
	)> = api(&d.rpc, "QualityApi_open_nonconformances", huaxin).await?;
	let nc = open.first().map(|(id, _)| *id).context("no nonconformance opened")?;

	let excipient: LotId = bv("SZ-EXC-2026-112");
	d.step(
		"Huaxin answers the nonconformance with a CAPA plan; the CDMO makes excipient buffer",
		vec![
			(
				"//Bob//qa",
				quality(pallet_quality::Call::respond {
					nc,
					plan: doc("CAPA-HX-2026-019 crystallisation step revalidated"),
				}),
			),
			(
				"//Charlie//ops",
				provenance(pallet_provenance::Call::create_lot {
					id: excipient.clone(),
					product: bv("GTIN-06912345000208"),
					quantity: Quantity::new(200 * KG, Unit::Milligram),
					expires_at: now + 365 * DAY,
					storage: None,
				}),
			),
		],
	)
	.await?;
	let vials: LotId = bv("AP-VIAL-2026-0001");
	d.step(
		"the CDMO closes the CAPA and fills 10,000 vials from the API and the excipient",
		vec![
			("//Charlie//qa", quality(pallet_quality::Call::close { nc })),
			(
				"//Charlie//ops",
				provenance(pallet_provenance::Call::transform {
					outputs: list(vec![OutputLot {
						id: vials.clone(),
						product: bv(vial_product),
						quantity: Quantity::new(10_000, Unit::Each),
						// Not past its inputs' expiry (the excipient's, a year).
						expires_at: now + 360 * DAY,
						storage: Some(TemperatureRange::COLD_CHAIN),
						inputs: list(vec![(api_ok.clone(), 5 * KG), (excipient.clone(), 40 * KG)]),
					}]),
				}),
			),
		],
	)
	.await?;
	d.step(
		"CDMO QC and release of the vials; batch record anchored",
		vec![
			(
				"//Charlie//qa",
				qc(
					&vials,
					vec![
						param("POTENCY", 1_004, "0.1%"),
						param("ENDOTOXIN", 12, "cEU/mL"),
						param("STERILITY", 1, "bool"),
					],
					"CoA AP-VIAL-2026-0001 (CDMO)",
				),
			),
			("//Charlie//qa", release(&vials)),
			(
				"//Charlie//ops",
				provenance(pallet_provenance::Call::add_document {
					lot: vials.clone(),
					kind: DocKind::BatchRecord,
					hash: doc("EBR AP-VIAL-2026-0001"),
				}),
			),
		],
	)
	.await?;
	let to_apex: u64 = d.next_id("Provenance", "NextShipmentId").await?;
	d.step(
		"the CDMO ships the vials to Apex (sale, 2-8 °C)",
		vec![("//Charlie//ops", ship(vec![vials.clone()], APEX, 1, true))],
	)
	.await?;
	d.step(
		"the truck's logger reports 9.6 °C for 40 minutes: excursion",
		vec![(
			"//Charlie//ops",
			provenance(pallet_provenance::Call::report_excursion {
				lot: vials.clone(),
				min: 410,
				max: 960,
				duration_secs: 2_400,
				evidence: doc("Logger TL-88231 trace 2026-11"),
			}),
		)],
	)
	.await?;
	d.step("Apex receives the vials (quarantined)", vec![("//Alice//ops", receive(to_apex, 1))])
		.await?;
	if d.lot_status(&vials).await? != LotStatus::Quarantined {
		bail!("the vials are not quarantined after the excursion");
	}
	d.step(
		"Apex investigates (stability data), tests under the agreement and releases",
		vec![
			(
				"//Alice//qa",
				provenance(pallet_provenance::Call::add_document {
					lot: vials.clone(),
					kind: DocKind::TemperatureLog,
					hash: doc("Deviation DEV-2026-044 excursion assessment"),
				}),
			),
			(
				"//Alice//qa",
				qc(
					&vials,
					vec![
						param("POTENCY", 998, "0.1%"),
						param("ENDOTOXIN", 15, "cEU/mL"),
						param("STERILITY", 1, "bool"),
					],
					"Apex release CoA AP-VIAL-2026-0001",
				),
			),
			("//Alice//qa", release(&vials)),
		],
	)
	.await?;
	let to_warehouse: u64 = d.next_id("Provenance", "NextShipmentId").await?;
	d.step(
		"Apex stores the vials at the licensed warehouse (custody only)",
		vec![("//Alice//ops", ship(vec![vials.clone()], warehouse, 1, false))],
	)
	.await?;
	d.step("the warehouse receives them", vec![("//Dave//ops", receive(to_warehouse, 1))])
		.await?;

	// Warehouse receipt, prices, pledge.
	let receipt: u64 = d.next_id("Pledge", "NextReceiptId").await?;
	let price = |yuan: u128| {
		pledge(pallet_pledge::Call::post_price {
			product: bv(vial_product),
			price: Price { currency: CNY, amount: yuan * 100, per: Quantity::new(1, Unit::Each) },
		})
	};
	let sources = [exchange, index, wind]
		.iter()
		.map(|org| {
			pledge(pallet_pledge::Call::add_price_source { product: bv(vial_product), org: *org })
		})
		.collect();
	d.council(
		"the council admits the three market-data providers as the vials' price sources",
		sources,
	)
	.await?;
	let mut posts: Vec<(&str, RuntimeCall)> = SOURCES.iter().map(|s| (*s, price(380))).collect();
	posts.push((
		"//Dave//ops",
		pledge(pallet_pledge::Call::issue_receipt {
			holder: APEX,
			lots: list(vec![vials.clone()]),
			storage: TemperatureRange::COLD_CHAIN,
			expires_at: now + 365 * DAY,
			document: doc("eWR YZ-2026-000731"),
		}),
	));
	d.step("the warehouse issues a receipt to Apex; the three sources post 380 CNY/vial", posts)
		.await?;
	let first_prices: u64 = read(&d.rpc, &value_key("Timestamp", "Now")).await?.unwrap_or_default();
	let pledge_id: u64 = d.next_id("Pledge", "NextPledgeId").await?;
	d.step(
		"Apex pledges the receipt to the bank: 2.47 M CNY at 65 % LTV",
		vec![(
			"//Alice//qa",
			pledge(pallet_pledge::Call::propose_pledge {
				lender: bank,
				receipts: list(vec![receipt]),
				principal: 2_470_000 * 100,
				currency: CNY,
				maturity: now + 180 * DAY,
				contract: doc("Pledge contract BOS-SCF-2026-1188"),
			}),
		)],
	)
	.await?;
	d.step(
		"the bank accepts",
		vec![("//Eve//credit", pledge(pallet_pledge::Call::accept_pledge { pledge: pledge_id }))],
	)
	.await?;
	// A source posts a product's price at most once per settlement interval (a minute).
	let settled = first_prices + PRICE_SETTLEMENT;
	bioledger_e2e::wait_for(std::time::Duration::from_secs(120), "price settlement", || async {
		let t: u64 = read(&d.rpc, &value_key("Timestamp", "Now")).await?.unwrap_or_default();
		Ok((t >= settled).then_some(()))
	})
	.await?;
	d.step(
		"the price falls 20 % to 304 CNY/vial: LTV 81.25 %, margin call",
		SOURCES.iter().map(|s| (*s, price(304))).collect(),
	)
	.await?;

	// Carbon.
	let record: u64 = d.next_id("Carbon", "NextRecordId").await?;
	let batch: u64 = d.next_id("Carbon", "NextBatchId").await?;
	let report = |scope: Scope, kg: u128, subject: Subject, facility: &str, method: &str| {
		carbon(pallet_carbon::Call::report_emission {
			scope,
			kg_co2e: kg,
			subject,
			facility: bv(facility),
			methodology: bv(method),
			evidence: doc(&format!("{facility} {method} {kg}")),
		})
	};
	let month = Period { year: 2026, month: 11 };
	d.step(
		"emissions reported (API lot, vials, Apex's site for November); credits issued",
		vec![
			(
				"//Bob//ops",
				report(Scope::Scope1, 1_800, Subject::Lot(api_ok.clone()), "TZ-API-1", "ISO14067"),
			),
			(
				"//Bob//ops",
				report(Scope::Scope2, 5_200, Subject::Lot(api_ok.clone()), "TZ-API-1", "ISO14067"),
			),
			(
				"//Charlie//ops",
				report(Scope::Scope1, 900, Subject::Lot(vials.clone()), "SZ-FILL-3", "ISO14067"),
			),
			(
				"//Charlie//ops",
				report(Scope::Scope2, 2_600, Subject::Lot(vials.clone()), "SZ-FILL-3", "ISO14067"),
			),
			(
				"//Alice//ops",
				report(Scope::Scope2, 48_000, Subject::Period(month), "SH-PLANT-2", "GHGP-S2-LB"),
			),
			(
				"//Ferdie//verify",
				carbon(pallet_carbon::Call::issue_credits {
					project: bv("CCER-2025-0042"),
					vintage: 2025,
					methodology: bv("CM-001-V01"),
					quantity: 100,
					evidence: doc("CCER-2025-0042 issuance notice"),
				}),
			),
		],
	)
	.await?;
	let mut verify: Vec<(&str, RuntimeCall)> = (record..record + 5)
		.map(|r| ("//Ferdie//verify", carbon(pallet_carbon::Call::verify_emission { record: r })))
		.collect();
	verify.push((
		"//Ferdie//verify",
		carbon(pallet_carbon::Call::transfer_credits {
			batch,
			serials: SerialRange { start: 0, end: 20 },
			to: APEX,
		}),
	));
	d.step("the verifier verifies all five records and sells Apex 20 t", verify)
		.await?;
	let certificate: u64 = d.next_id("Carbon", "NextCertificateId").await?;
	d.step(
		"Apex retires 12 t against the vials",
		vec![(
			"//Alice//qa",
			carbon(pallet_carbon::Call::retire_credits {
				batch,
				serials: SerialRange { start: 0, end: 12 },
				beneficiary: bv("Shanghai Apex Pharmaceuticals"),
				reason: bv("AP-VIAL-2026-0001 carbon neutral"),
				claim: Some(Claim::Lot(vials.clone())),
			}),
		)],
	)
	.await?;

	// Recall of the excipient; the walk reaches the vials in the following block(s).
	let recall: u32 = d.next_id("Provenance", "NextRecallId").await?;
	d.step(
		"the CDMO recalls excipient lot SZ-EXC-2026-112 (particulate contamination)",
		vec![(
			"//Charlie//qa",
			provenance(pallet_provenance::Call::recall {
				lot: excipient.clone(),
				reason: doc("Recall notice SZ-RC-2026-003"),
			}),
		)],
	)
	.await?;
	bioledger_e2e::wait_for(
		std::time::Duration::from_secs(60),
		"the recall to reach the vials",
		|| {
			let d = &*d;
			let vials = vials.clone();
			async move { Ok((d.lot_status(&vials).await? == LotStatus::Recalled).then_some(())) }
		},
	)
	.await?;
	// One more block so everything above is in a block the finalized head soon covers.
	let _ = send(
		&d.rpc,
		&d.chain,
		&dev_pair("//Alice//ops"),
		RuntimeCall::System(frame_system::Call::remark {
			remark: b"BioLedger demo loaded".to_vec(),
		}),
	)
	.await?;

	let s = |l: &LotId| String::from_utf8_lossy(l).into_owned();
	Ok(json!({
		"orgs": {
			"apex": APEX, "huaxin": huaxin, "cdmo": cdmo, "warehouse": warehouse,
			"bank": bank, "verifier": verifier,
			"priceSources": [exchange, index, wind],
		},
		"lots": {
			"starting_material": s(&raw), "api": s(&api_ok), "api_failed": s(&api_bad),
			"excipient": s(&excipient), "finished": s(&vials),
		},
		"agreements": { "api": api_agreement, "vials": vial_agreement },
		"nonconformance": nc,
		"shipments": [shipment, to_apex, to_warehouse],
		"receipt": receipt,
		"pledge": pledge_id,
		"credit_batch": batch,
		"certificate": certificate,
		"recall": recall,
		"steps": d.step,
	}))
}
