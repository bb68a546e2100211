//! Pledge and carbon as a partner system sees them: signed extrinsics through
//! `author_submitAndWatchExtrinsic` on a real dev node, results read back with `state_get
//! Storage` and the `PledgeApi_*` / `CarbonApi_*` runtime APIs through `state_call`, and a
//! bad price refused by the chain without a trace in its state.

use bioledger_e2e::{
	chain::{self, api, map_key, read},
	tx, Node, NodeDir, NodeSpec,
};
use bioledger_primitives::{Quantity, Role, RoleSet, Unit};
use bioledger_runtime::RuntimeCall;
use frame_support::{Blake2_128Concat, Twox64Concat};
use pallet_carbon::{ByScope, EmissionRecord, Footprint, Period, RecordStatus, Scope, Subject};
use pallet_pledge::{AtRisk, Feed, Price};
use sp_keyring::Sr25519Keyring;
use sp_runtime::Permill;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread")]
async fn a_price_feed_and_an_emission_record_over_json_rpc() -> anyhow::Result<()> {
	let dir = NodeDir::new("finance")?;
	let mut node = Node::start(NodeSpec::new("dev", "dev", 0).validator("alice"), &dir)?;
	let rpc = node.wait_rpc(Duration::from_secs(60)).await?;
	let chain_info = tx::ChainInfo::fetch(&rpc).await?;
	let alice = Sr25519Keyring::Alice.pair();
	let org = 0u32;

	// Alice, admin of the dev organisation, gives herself the price-feeder and operator roles.
	let roles = RoleSet::from_roles(&[Role::Admin, Role::PriceFeeder, Role::Operator]);
	let set_roles = RuntimeCall::Consortium(pallet_consortium::Call::set_roles {
		account: Sr25519Keyring::Alice.to_account_id(),
		roles,
	});
	chain::send(&rpc, &chain_info, &alice, set_roles).await?;

	// A price: 12,000 CNY (1,200,000 fen) per kg.
	let product: bioledger_primitives::ProductCode =
		b"GTIN-06912345000024".to_vec().try_into().expect("short");
	let price = Price {
		currency: *b"CNY",
		amount: 1_200_000,
		per: Quantity::new(1_000_000, Unit::Milligram),
	};
	let post = |price| {
		RuntimeCall::Pledge(pallet_pledge::Call::post_price { product: product.clone(), price })
	};
	// Only a price source governance admitted posts: refused first, then admitted by a council
	// motion (Alice's and the regulator's seats on the dev chain).
	let refused = chain::send(&rpc, &chain_info, &alice, post(price)).await;
	assert!(format!("{:?}", refused.unwrap_err()).contains("dispatch failed"));
	let admit = RuntimeCall::Pledge(pallet_pledge::Call::add_price_source {
		product: product.clone(),
		org,
	});
	chain::dev_council(&rpc, &chain_info, admit).await?;
	chain::send(&rpc, &chain_info, &alice, post(price)).await?;
	let feeds_key = map_key::<Blake2_128Concat, _>("Pledge", "Feeds", &product);
	let feeds: Vec<Feed> = read(&rpc, &feeds_key).await?.unwrap_or_default();
	assert_eq!(feeds.len(), 1);
	assert_eq!((feeds[0].org, feeds[0].price), (org, price));
	let at_risk: Vec<AtRisk> = api(&rpc, "PledgeApi_pledges_at_risk", Permill::zero()).await?;
	assert!(at_risk.is_empty());

	// A zero price is refused by the runtime (`ExtrinsicFailed`) and the feed is unchanged.
	let zero = Price { amount: 0, ..price };
	let refused = chain::send(&rpc, &chain_info, &alice, post(zero)).await;
	assert!(format!("{:?}", refused.unwrap_err()).contains("dispatch failed"));
	let feeds: Vec<Feed> = read(&rpc, &feeds_key).await?.unwrap_or_default();
	assert_eq!(feeds[0].price, price);

	// An emission record for November 2026: on record, not yet verified, so not counted.
	let month = Period { year: 2026, month: 11 };
	let report = RuntimeCall::Carbon(pallet_carbon::Call::report_emission {
		scope: Scope::Scope2,
		kg_co2e: 12_500,
		subject: Subject::Period(month),
		facility: b"SH-PLANT-2".to_vec().try_into().expect("short"),
		methodology: b"GHGP-S2-LB".to_vec().try_into().expect("short"),
		evidence: [0xab; 32],
	});
	chain::send(&rpc, &chain_info, &alice, report).await?;
	let record: EmissionRecord =
		read(&rpc, &map_key::<Twox64Concat, _>("Carbon", "Records", &0u64))
			.await?
			.ok_or_else(|| anyhow::anyhow!("record 0 missing"))?;
	assert_eq!((record.reporter, record.kg_co2e), (org, 12_500));
	assert_eq!(record.status, RecordStatus::Reported);
	let totals: (ByScope, u64) = api(&rpc, "CarbonApi_org_emissions", (org, month)).await?;
	assert_eq!(totals, ([0; 3], 0));
	let lot: bioledger_primitives::LotId = b"NO-SUCH-LOT".to_vec().try_into().expect("short");
	let footprint: Option<Footprint> = api(&rpc, "CarbonApi_footprint", lot).await?;
	assert_eq!(footprint, None);

	node.stop()?;
	Ok(())
}
