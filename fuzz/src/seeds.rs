//! The seed corpus: action sequences a member would actually try, so that the fuzzer starts
//! from calls that pass the role and credential checks and mutates from there.
//! `./scripts/fuzz.sh seeds` writes them under `fuzz/corpus/runtime/` (the fuzz binary with
//! `FUZZ_WRITE_SEEDS` set).

use crate::{Action, Skip};
use bioledger_primitives::{LotId, Quantity, TemperatureRange, Unit};
use bioledger_runtime::RuntimeCall;
use codec::Encode;
use frame_support::BoundedVec;

/// Index of a signing account in the world (`bioledger_fuzz::world().accounts`).
fn signer(path: &str) -> u8 {
	crate::ACCOUNTS.iter().position(|a| *a == path).expect("known account") as u8
}

fn lot(id: &str) -> LotId {
	id.as_bytes().to_vec().try_into().expect("short")
}

fn call(who: &str, call: RuntimeCall) -> Action {
	Action::Call { signer: signer(who), call }
}

fn prov(c: pallet_provenance::Call<bioledger_runtime::Runtime>) -> RuntimeCall {
	RuntimeCall::Provenance(c)
}

/// Every seed: its file name and its actions, encoded as the fuzzer reads them.
pub fn seeds() -> Vec<(&'static str, Vec<u8>)> {
	let kg = |n: u128| Quantity::new(n * 1_000_000, Unit::Milligram);
	let a0 = "06912345000024/A0";
	let seeds: Vec<(&str, Vec<Action>)> = vec![
		(
			"create-split-ship-receive",
			vec![
				call(
					"//Alice//ops",
					prov(pallet_provenance::Call::create_lot {
						id: lot("06912345000024/N1"),
						product: b"GTIN-06912345000024".to_vec().try_into().unwrap(),
						quantity: kg(10),
						expires_at: u64::MAX / 2,
						storage: Some(TemperatureRange::COLD_CHAIN),
					}),
				),
				call(
					"//Alice//ops",
					prov(pallet_provenance::Call::split {
						lot: lot(a0),
						parts: BoundedVec::truncate_from(vec![(
							lot("06912345000024/A0-1"),
							1_000_000,
						)]),
					}),
				),
				call(
					"//Alice//ops",
					prov(pallet_provenance::Call::ship {
						lots: BoundedVec::truncate_from(vec![lot(a0)]),
						to: 3,
						carrier: None,
						promised_at: u64::MAX / 2,
						transfers_ownership: false,
					}),
				),
				Action::Advance { skip: Skip::Slot },
				call(
					"//Dave//ops",
					prov(pallet_provenance::Call::receive { shipment: 2, lots: 1 }),
				),
			],
		),
		(
			"receive-sale-recall",
			vec![
				call(
					"//Alice//ops",
					prov(pallet_provenance::Call::receive { shipment: 1, lots: 1 }),
				),
				call(
					"//Charlie//qa",
					prov(pallet_provenance::Call::recall {
						lot: lot("06912345000024/C2"),
						reason: [1; 32],
					}),
				),
				Action::Advance { skip: Skip::Slot },
				Action::Advance { skip: Skip::Slot },
			],
		),
		(
			"excursion-and-status",
			vec![
				call(
					"//Dave//ops",
					prov(pallet_provenance::Call::report_excursion {
						lot: lot("06912345000024/C0"),
						min: 20,
						max: 150,
						duration_secs: 3_600,
						evidence: [2; 32],
					}),
				),
				call(
					"//Charlie//qa",
					prov(pallet_provenance::Call::set_status {
						lot: lot("06912345000024/C0"),
						status: pallet_provenance::LotStatus::Released,
					}),
				),
			],
		),
		(
			"seal-agreement",
			vec![
				Action::Seal { org: 2, agreement: 0 },
				Action::Seal { org: 1, agreement: 0 },
				Action::Advance { skip: Skip::Day },
			],
		),
		(
			"prices-and-time",
			vec![
				Action::Advance { skip: Skip::Hour },
				call(
					"//Src1//feed",
					RuntimeCall::Pledge(pallet_pledge::Call::post_price {
						product: b"GTIN-06912345000024".to_vec().try_into().unwrap(),
						price: pallet_pledge::Price {
							currency: *b"CNY",
							amount: 50_000,
							per: kg(1),
						},
					}),
				),
				Action::Advance { skip: Skip::Year },
			],
		),
		(
			"credential-request",
			vec![
				call(
					"//Alice",
					RuntimeCall::Consortium(pallet_consortium::Call::request_credential {
						issuer: 4,
						kind: bioledger_primitives::CredentialKind::EU_GMP_CERTIFICATE,
						documents: Default::default(),
					}),
				),
				call(
					"//NMPA",
					RuntimeCall::Consortium(pallet_consortium::Call::refuse_request {
						request: 13,
					}),
				),
				call(
					"//NMPA//inspector",
					RuntimeCall::Consortium(pallet_consortium::Call::revoke_credential {
						org: 1,
						credential: 0,
					}),
				),
			],
		),
		(
			"batch",
			vec![call(
				"//Bob//ops",
				RuntimeCall::Utility(pallet_utility::Call::batch_all {
					calls: vec![
						prov(pallet_provenance::Call::destroy { lot: lot("06912345000024/B2") }),
						prov(pallet_provenance::Call::add_document {
							lot: lot("06912345000024/B1"),
							kind: pallet_provenance::DocKind::Other,
							hash: [4; 32],
						}),
					],
				}),
			)],
		),
		(
			"transfer",
			vec![
				call(
					"//Eve",
					RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
						dest: sp_runtime::MultiAddress::Id(sp_core::crypto::AccountId32::new(
							[7; 32],
						)),
						value: 1_000_000_000_000,
					}),
				),
				Action::Advance { skip: Skip::Month },
			],
		),
	];
	seeds
		.into_iter()
		.map(|(name, actions)| (name, actions.iter().flat_map(|a| a.encode()).collect()))
		.collect()
}

/// Write the seeds into `dir`.
pub fn write(dir: &std::path::Path) {
	std::fs::create_dir_all(dir).expect("corpus dir");
	for (name, bytes) in seeds() {
		std::fs::write(dir.join(name), bytes).expect("seed written");
		println!("seed {name}");
	}
}
