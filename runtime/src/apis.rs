//! Runtime APIs: every standard API a Substrate node and polkadot.js expect, plus BioLedger's own.

use crate::{
	genesis_config_presets, AccountId, Aura, Balance, Block, Carbon, Confidential, Consortium,
	Executive, Grandpa, InherentDataExt, Nonce, Pledge, Provenance, Quality, Runtime, RuntimeCall,
	RuntimeGenesisConfig, SessionKeys, System, TransactionPayment, VERSION,
};
use alloc::vec::Vec;
use bioledger_primitives::{LotId, Moment, OrgId, RoleSet, Sm2PublicKey};
use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	view_functions::ViewFunctionDispatchError,
	weights::Weight,
};
use pallet_grandpa::AuthorityId as GrandpaId;
use sp_api::impl_runtime_apis;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::{Block as BlockT, NumberFor},
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult,
};
use sp_session::OpaqueGeneratedSessionKeys;
use sp_version::RuntimeVersion;

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> sp_runtime::ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl frame_support::view_functions::runtime_api::RuntimeViewFunction<Block> for Runtime {
		fn execute_view_function(
			id: frame_support::view_functions::ViewFunctionId,
			input: Vec<u8>,
		) -> Result<Vec<u8>, ViewFunctionDispatchError> {
			Runtime::execute_view_function(id, input)
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(owner: Vec<u8>, seed: Option<Vec<u8>>) -> OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			Grandpa::current_set_id()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			_equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			_key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			// Equivocations are handled off chain by the consortium (members are known legal
			// entities); there is no staking to slash.
			None
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			_authority_id: GrandpaId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			None
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}
		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}
		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_consortium_runtime_api::ConsortiumApi<Block, AccountId> for Runtime {
		fn org(id: OrgId) -> Option<pallet_consortium::OrgView<AccountId>> {
			Consortium::org_view(id)
		}

		fn orgs() -> Vec<pallet_consortium::OrgView<AccountId>> {
			Consortium::org_views()
		}

		fn member(account: AccountId) -> Option<(OrgId, RoleSet)> {
			pallet_consortium::Accounts::<Runtime>::get(account).map(|r| (r.org, r.roles))
		}

		fn expiring(within: Moment) -> Vec<pallet_consortium::ExpiringCredential> {
			Consortium::expiring(within)
		}

		fn authorized_nodes() -> Vec<pallet_consortium::AuthorizedNode> {
			Consortium::authorized_nodes()
		}

		fn eseal_challenge(org: OrgId, key: Sm2PublicKey) -> Vec<u8> {
			Consortium::eseal_challenge(org, &key)
		}

		fn eseal_key_at(org: OrgId, at: Moment) -> Option<Sm2PublicKey> {
			<Consortium as bioledger_primitives::Membership<AccountId>>::eseal_key_at(org, at)
		}

		fn validators() -> Vec<AccountId> {
			Consortium::validator_set()
		}

		fn credentials(org: OrgId) -> Vec<pallet_consortium::CredentialView> {
			Consortium::credential_views(org)
		}

		fn credential_vc(org: OrgId, id: pallet_consortium::CredentialId) -> Option<Vec<u8>> {
			Consortium::credential_vc(org, id)
		}

		fn credential_digest(
			holder: OrgId,
			kind: bioledger_primitives::CredentialKind,
			validity: bioledger_primitives::Validity,
			doc_hash: bioledger_primitives::DocHash,
			issuer: OrgId,
			version: u32,
		) -> [u8; 32] {
			let chain = Consortium::seal_chain(pallet_timestamp::Now::<Runtime>::get().max(1));
			Consortium::credential_digest(chain, holder, kind, &validity, &doc_hash, issuer, version)
		}

		fn credential_kinds() -> Vec<pallet_consortium::KindView> {
			Consortium::kind_views()
		}

		fn requirements() -> Vec<(
			bioledger_primitives::GatedAction,
			Vec<bioledger_primitives::CredentialKind>,
		)> {
			Consortium::requirement_views()
		}

		fn requests(org: OrgId) -> Vec<pallet_consortium::RequestView> {
			Consortium::request_views(org)
		}

		fn qualified(
			org: OrgId,
			action: bioledger_primitives::GatedAction,
		) -> Result<(), bioledger_primitives::CredentialKind> {
			Consortium::qualified_for(org, action, pallet_timestamp::Now::<Runtime>::get())
		}
	}

	impl pallet_provenance_runtime_api::ProvenanceApi<
		Block,
		pallet_provenance::ShipmentOf<Runtime>,
		pallet_provenance::QcResultOf<Runtime>,
	> for Runtime {
		fn lot(id: LotId) -> Option<pallet_provenance::LotView> {
			Provenance::lot_view(&id)
		}

		fn trace_back(id: LotId, max_depth: u32) -> Option<pallet_provenance::Trace> {
			Provenance::trace_back(&id, max_depth)
		}

		fn trace_forward(id: LotId, max_depth: u32) -> Option<pallet_provenance::Trace> {
			Provenance::trace_forward(&id, max_depth)
		}

		fn recall(id: pallet_provenance::RecallId) -> Option<pallet_provenance::Recall> {
			pallet_provenance::Recalls::<Runtime>::get(id)
		}

		fn recall_impact(
			id: pallet_provenance::RecallId,
			start_after: Option<LotId>,
			max: u32,
		) -> Vec<pallet_provenance::ImpactEntry> {
			Provenance::recall_impact(id, start_after, max)
		}

		fn shipments_of(
			org: OrgId,
			start_after: Option<pallet_provenance::ShipmentId>,
			max: u32,
		) -> Vec<(pallet_provenance::ShipmentId, pallet_provenance::ShipmentOf<Runtime>)> {
			Provenance::shipments_of(org, start_after, max)
		}

		fn shipment(id: pallet_provenance::ShipmentId) -> Option<pallet_provenance::ShipmentOf<Runtime>> {
			pallet_provenance::Shipments::<Runtime>::get(id)
		}

		fn trail(id: LotId) -> Option<pallet_provenance::Trail> {
			pallet_provenance::Lots::<Runtime>::get(&id).map(|l| l.trail)
		}

		fn qc_results(id: LotId) -> Vec<pallet_provenance::QcResultOf<Runtime>> {
			Provenance::qc_results(&id)
		}
	}

	impl pallet_quality_runtime_api::QualityApi<
		Block,
		pallet_quality::AgreementOf<Runtime>,
		pallet_quality::NonconformanceOf<Runtime>,
	> for Runtime {
		fn agreement(id: pallet_quality::AgreementId) -> Option<pallet_quality::AgreementOf<Runtime>> {
			pallet_quality::Agreements::<Runtime>::get(id)
		}

		fn active_agreement(
			buyer: OrgId,
			supplier: OrgId,
			product: bioledger_primitives::ProductCode,
		) -> Option<pallet_quality::AgreementId> {
			Quality::active_agreement(buyer, supplier, &product).map(|(id, _)| id)
		}

		fn check(
			agreement: pallet_quality::AgreementId,
			results: Vec<bioledger_primitives::QcParam>,
		) -> Option<Vec<pallet_quality::FailedItem>> {
			pallet_quality::Agreements::<Runtime>::get(agreement)
				.map(|a| Quality::check(&a.terms, &results).into_inner())
		}

		fn scorecard(supplier: OrgId) -> pallet_quality::Scorecard {
			Quality::scorecard(supplier)
		}

		fn pair_scorecard(buyer: OrgId, supplier: OrgId) -> pallet_quality::Scorecard {
			Quality::pair_scorecard(buyer, supplier)
		}

		fn open_nonconformances(
			org: OrgId,
		) -> Vec<(pallet_quality::NcId, pallet_quality::NonconformanceOf<Runtime>)> {
			Quality::open_nonconformances(org)
		}
	}

	#[api_version(2)]
	impl pallet_pledge_runtime_api::PledgeApi<
		Block,
		pallet_pledge::ReceiptOf<Runtime>,
		pallet_pledge::PledgeOf<Runtime>,
	> for Runtime {
		fn receipt(id: pallet_pledge::ReceiptId) -> Option<pallet_pledge::ReceiptOf<Runtime>> {
			pallet_pledge::Receipts::<Runtime>::get(id)
		}

		fn receipts_of(
			org: OrgId,
		) -> Vec<(pallet_pledge::ReceiptId, pallet_pledge::ReceiptOf<Runtime>)> {
			Pledge::receipts_of(org)
		}

		fn pledge(id: pallet_pledge::PledgeId) -> Option<pallet_pledge::PledgeOf<Runtime>> {
			pallet_pledge::Pledges::<Runtime>::get(id)
		}

		fn valuation(id: pallet_pledge::ReceiptId) -> Option<pallet_pledge::Valuation> {
			Pledge::valuation(id)
		}

		fn pledges_at_risk(threshold: sp_runtime::Permill) -> Vec<pallet_pledge::AtRisk> {
			Pledge::pledges_at_risk(threshold)
		}

		fn lot_values(id: pallet_pledge::ReceiptId) -> Vec<pallet_pledge::LotValue> {
			Pledge::lot_values(id)
		}

		fn feeds(
			product: bioledger_primitives::ProductCode,
		) -> (Vec<OrgId>, Vec<pallet_pledge::Feed>) {
			Pledge::feeds_of(&product)
		}
	}

	impl pallet_carbon_runtime_api::CarbonApi<Block> for Runtime {
		fn footprint(lot: LotId) -> Option<pallet_carbon::Footprint> {
			Carbon::footprint(&lot)
		}

		fn holdings(org: OrgId) -> Vec<(pallet_carbon::BatchId, Vec<pallet_carbon::SerialRange>)> {
			Carbon::holdings(org)
		}

		fn certificate(id: pallet_carbon::CertificateId) -> Option<pallet_carbon::Certificate> {
			pallet_carbon::Certificates::<Runtime>::get(id)
		}

		fn batch(id: pallet_carbon::BatchId) -> Option<pallet_carbon::Batch> {
			pallet_carbon::Batches::<Runtime>::get(id)
		}

		fn is_carbon_neutral(lot: LotId) -> bool {
			Carbon::is_carbon_neutral(&lot)
		}

		fn org_emissions(
			org: OrgId,
			period: pallet_carbon::Period,
		) -> (pallet_carbon::ByScope, u64) {
			Carbon::org_emissions(org, period)
		}
	}

	impl pallet_confidential_runtime_api::ConfidentialApi<Block> for Runtime {
		fn access(
			collection: bioledger_primitives::CollectionId,
			org: OrgId,
		) -> bioledger_primitives::Access {
			use frame_support::traits::Time as _;
			Confidential::access_at(collection, org, crate::Timestamp::now())
		}

		fn payload(
			hash: bioledger_primitives::PayloadHash,
		) -> Option<pallet_confidential::PayloadMeta> {
			pallet_confidential::Payloads::<Runtime>::get(hash)
		}

		fn payloads_from(
			from: u64,
			max: u32,
		) -> Vec<(bioledger_primitives::PayloadHash, pallet_confidential::PayloadMeta)> {
			Confidential::payloads_from(from, max.min(1_000))
		}

		fn next_seq() -> u64 {
			pallet_confidential::NextSeq::<Runtime>::get()
		}

		fn next_collection() -> bioledger_primitives::CollectionId {
			pallet_confidential::NextCollectionId::<Runtime>::get()
		}

		fn grants_of(org: OrgId) -> Vec<(bioledger_primitives::CollectionId, Moment)> {
			pallet_confidential::Grants::<Runtime>::iter()
				.filter(|(_, o, _)| *o == org)
				.map(|(c, _, g)| (c, g.until))
				.collect()
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			genesis_config_presets::preset_names()
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			use frame_benchmarking::BenchmarkList;
			use frame_support::traits::StorageInfoTrait;
			use crate::benchmarks::*;
			use crate::*;

			let mut list = Vec::<BenchmarkList>::new();
			list_benchmarks!(list, extra);

			let storage_info = crate::AllPalletsWithSystem::storage_info();
			(list, storage_info)
		}

		#[allow(non_local_definitions)]
		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			use frame_benchmarking::BenchmarkBatch;
			use frame_support::traits::WhitelistedStorageKeys;
			use sp_storage::TrackedStorageKey;
			use crate::benchmarks::*;
			use crate::*;

			let whitelist: Vec<TrackedStorageKey> = crate::AllPalletsWithSystem::whitelisted_storage_keys();
			let mut batches = Vec::<BenchmarkBatch>::new();
			let params = (&config, &whitelist);
			add_benchmarks!(params, batches);
			Ok(batches)
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			let weight = Executive::try_runtime_upgrade(checks).unwrap();
			(weight, crate::configs::RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect
		) -> Weight {
			Executive::try_execute_block(block, state_root_check, signature_check, select)
				.expect("execute-block failed")
		}
	}
}
