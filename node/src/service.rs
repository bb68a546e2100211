//! The node service: client, import queue, network, Aura authoring and the GRANDPA voter.

use bioledger_runtime::{apis::RuntimeApi, opaque::Block};
use futures::FutureExt as _;
use sc_client_api::{Backend as _, BlockBackend};
use sc_consensus_aura::{ImportQueueParams, SlotProportion, StartAuraParams};
use sc_consensus_grandpa::SharedVoterState;
use sc_service::{error::Error as ServiceError, Configuration, TaskManager, WarpSyncConfig};
use sc_telemetry::{Telemetry, TelemetryWorker};
use sc_transaction_pool_api::OffchainTransactionPoolFactory;
use sp_blockchain::HeaderBackend as _;
use sp_consensus_aura::sr25519::{AuthorityId as AuraId, AuthorityPair as AuraPair};
use std::{sync::Arc, time::Duration};

/// Host functions the runtime may call: the standard Substrate set and BioLedger's SM2/SM3.
pub type HostFunctions = (sp_io::SubstrateHostFunctions, bioledger_crypto::HostFunctions);

/// The WASM executor with BioLedger's host functions.
pub type RuntimeExecutor = sc_executor::WasmExecutor<HostFunctions>;

/// The full client.
pub type FullClient = sc_service::TFullClient<Block, RuntimeApi, RuntimeExecutor>;
type FullBackend = sc_service::TFullBackend<Block>;
type FullSelectChain = sc_consensus::LongestChain<FullBackend, Block>;

/// Justifications are generated and imported at least every this many blocks.
const GRANDPA_JUSTIFICATION_PERIOD: u32 = 512;

/// The parts of the service shared by the node and the CLI subcommands.
pub type Service = sc_service::PartialComponents<
	FullClient,
	FullBackend,
	FullSelectChain,
	sc_consensus::DefaultImportQueue<Block>,
	sc_transaction_pool::TransactionPoolHandle<Block, FullClient>,
	(
		sc_consensus_grandpa::GrandpaBlockImport<FullBackend, Block, FullClient, FullSelectChain>,
		sc_consensus_grandpa::LinkHalf<Block, FullClient, FullSelectChain>,
		Option<Telemetry>,
	),
>;

/// Aura's inherent data providers: the timestamp and the slot derived from it.
fn aura_inherents(
	slot_duration: sp_consensus_aura::SlotDuration,
) -> (sp_consensus_aura::inherents::InherentDataProvider, sp_timestamp::InherentDataProvider) {
	let timestamp = sp_timestamp::InherentDataProvider::from_system_time();
	let slot = sp_consensus_aura::inherents::InherentDataProvider::from_timestamp_and_slot_duration(
		*timestamp,
		slot_duration,
	);
	(slot, timestamp)
}

/// Build the client, backend, pool and import queue.
pub fn new_partial(config: &Configuration) -> Result<Service, ServiceError> {
	let telemetry = config
		.telemetry_endpoints
		.clone()
		.filter(|x| !x.is_empty())
		.map(|endpoints| -> Result<_, sc_telemetry::Error> {
			let worker = TelemetryWorker::new(16)?;
			let telemetry = worker.handle().new_telemetry(endpoints);
			Ok((worker, telemetry))
		})
		.transpose()?;

	let executor = sc_service::new_wasm_executor::<HostFunctions>(&config.executor);
	let (client, backend, keystore_container, task_manager) =
		sc_service::new_full_parts::<Block, RuntimeApi, _>(
			config,
			telemetry.as_ref().map(|(_, telemetry)| telemetry.handle()),
			executor,
			Vec::new(),
		)?;
	let client = Arc::new(client);

	let telemetry = telemetry.map(|(worker, telemetry)| {
		task_manager.spawn_handle().spawn("telemetry", None, worker.run());
		telemetry
	});

	let select_chain = sc_consensus::LongestChain::new(backend.clone());

	let transaction_pool = Arc::from(
		sc_transaction_pool::Builder::new(
			task_manager.spawn_essential_handle(),
			client.clone(),
			config.role.is_authority().into(),
		)
		.with_options(config.transaction_pool.clone())
		.with_prometheus(config.prometheus_registry())
		.build(),
	);

	let (grandpa_block_import, grandpa_link) = sc_consensus_grandpa::block_import(
		client.clone(),
		GRANDPA_JUSTIFICATION_PERIOD,
		&client,
		select_chain.clone(),
		telemetry.as_ref().map(|x| x.handle()),
	)?;

	let cidp_client = client.clone();
	let import_queue =
		sc_consensus_aura::import_queue::<AuraPair, _, _, _, _, _>(ImportQueueParams {
			block_import: grandpa_block_import.clone(),
			justification_import: Some(Box::new(grandpa_block_import.clone())),
			client: client.clone(),
			create_inherent_data_providers: move |parent_hash, _| {
				let cidp_client = cidp_client.clone();
				async move {
					let slot_duration = sc_consensus_aura::standalone::slot_duration_at(
						&*cidp_client,
						parent_hash,
					)?;
					Ok(aura_inherents(slot_duration))
				}
			},
			spawner: &task_manager.spawn_essential_handle(),
			registry: config.prometheus_registry(),
			check_for_equivocation: Default::default(),
			telemetry: telemetry.as_ref().map(|x| x.handle()),
			compatibility_mode: Default::default(),
		})?;

	Ok(sc_service::PartialComponents {
		client,
		backend,
		task_manager,
		import_queue,
		keystore_container,
		select_chain,
		transaction_pool,
		other: (grandpa_block_import, grandpa_link, telemetry),
	})
}

/// BioLedger's own node options (beyond Substrate's `Configuration`).
#[derive(Clone, Copy, Debug)]
pub struct Options {
	/// Permissioned peering (see [`crate::peering`]): the sync peer set is reserved-only and
	/// follows the member nodes registered on chain.
	pub peering: bool,
	/// `--proposal-lenience`.
	pub lenience: crate::cli::ProposalLenience,
}

/// The share of a 3 s slot an author spends building its block (the rest is for gossip and
/// the peers' import before the next slot).
const PROPOSAL_SLOT_PORTION: f32 = 2.0 / 3.0;

/// Build and start a full node (an authority if `--validator` and keys are present).
pub fn new_full<N: crate::gate::GatedBackend>(
	mut config: Configuration,
	Options { peering, lenience }: Options,
) -> Result<TaskManager, ServiceError> {
	if peering {
		config.network.default_peers_set.non_reserved_mode =
			sc_network::config::NonReservedPeerMode::Deny;
		log::info!(target: "consortium-peering", "🔐 permissioned peering: only on-chain member nodes");
	}
	let sc_service::PartialComponents {
		client,
		backend,
		mut task_manager,
		import_queue,
		keystore_container,
		select_chain,
		transaction_pool,
		other: (block_import, grandpa_link, mut telemetry),
	} = new_partial(&config)?;

	let mut net_config = sc_network::config::FullNetworkConfiguration::<
		Block,
		<Block as sp_runtime::traits::Block>::Hash,
		N,
	>::new(&config.network, config.prometheus_registry().cloned());
	let metrics = N::register_notification_metrics(config.prometheus_registry());

	let peer_store_handle = net_config.peer_store_handle();
	let grandpa_protocol_name = sc_consensus_grandpa::protocol_standard_name(
		&client.block_hash(0).ok().flatten().expect("Genesis block exists; qed"),
		&config.chain_spec,
	);
	let (grandpa_protocol_config, grandpa_notification_service) =
		sc_consensus_grandpa::grandpa_peers_set_config::<_, N>(
			grandpa_protocol_name.clone(),
			metrics.clone(),
			peer_store_handle,
		);
	net_config.add_notification_protocol(grandpa_protocol_config);

	let warp_sync = Arc::new(sc_consensus_grandpa::warp_proof::NetworkProvider::new(
		backend.clone(),
		grandpa_link.shared_authority_set().clone(),
		Vec::default(),
	));

	// The member-node gate in front of every request-response protocol, loaded with the member
	// nodes at the latest finalized block before the network starts (so no member is refused
	// while the node boots) and kept up to date by the peering task.
	let gate = if peering {
		let members = crate::peering::authorized_at(&*client, client.info().finalized_hash)
			.map_err(|e| ServiceError::Other(format!("cannot read the member nodes: {e}")))?;
		crate::gate::Gate::members(members.into_keys().collect(), config.prometheus_registry())
	} else {
		crate::gate::Gate::open()
	};

	let genesis = client.block_hash(0).ok().flatten().expect("Genesis block exists; qed");
	let confidential_protocol = crate::confidential::protocol_name(&genesis);
	let (confidential_tx, confidential_rx) = async_channel::bounded(64);
	let crate::network::Built { network, system_rpc_tx, tx_handler_controller, sync_service } =
		crate::network::build(crate::network::Params {
			config: &config,
			net_config,
			client: client.clone(),
			pool: transaction_pool.clone(),
			spawn: task_manager.spawn_handle(),
			spawn_essential: task_manager.spawn_essential_handle(),
			import_queue,
			warp_sync: WarpSyncConfig::WithProvider(warp_sync),
			metrics,
			gate: gate.clone(),
			confidential: (confidential_protocol.clone(), confidential_tx),
		})?;

	// The private store of confidential payloads (next to the database) and its key (in the
	// keystore directory).
	let confidential = {
		let dir = config
			.database
			.path()
			.and_then(|p| p.parent()?.parent())
			.map(|p| p.join("confidential"));
		let keys = match &config.keystore {
			sc_service::config::KeystoreConfig::Path { path, .. } => Some(path.clone()),
			_ => None,
		};
		let (Some(dir), Some(keys)) = (dir, keys) else {
			return Err(ServiceError::Other("the private store needs a base path".into()));
		};
		crate::confidential::Service::new(client.clone(), dir, keys, network.local_peer_id())
			.map_err(|e| ServiceError::Other(format!("private store: {e}")))?
	};
	task_manager.spawn_handle().spawn(
		"confidential-serve",
		Some("networking"),
		confidential.clone().serve(confidential_rx),
	);
	task_manager.spawn_handle().spawn(
		"confidential-reconcile",
		Some("networking"),
		confidential.clone().run(network.clone(), confidential_protocol),
	);

	if peering {
		let sync_protocol = match config.chain_spec.fork_id() {
			Some(fork) => format!("/{}/{fork}/block-announces/1", hex::encode(genesis)),
			None => format!("/{}/block-announces/1", hex::encode(genesis)),
		};
		task_manager.spawn_handle().spawn(
			"consortium-peering",
			None,
			crate::peering::run(client.clone(), network.clone(), sync_protocol.into(), gate),
		);
	}

	if config.offchain_worker.enabled {
		let offchain_workers =
			sc_offchain::OffchainWorkers::new(sc_offchain::OffchainWorkerOptions {
				runtime_api_provider: client.clone(),
				is_validator: config.role.is_authority(),
				keystore: Some(keystore_container.keystore()),
				offchain_db: backend.offchain_storage(),
				transaction_pool: Some(OffchainTransactionPoolFactory::new(
					transaction_pool.clone(),
				)),
				network_provider: Arc::new(network.clone()),
				enable_http_requests: false,
				custom_extensions: |_| vec![],
			})?;
		task_manager.spawn_handle().spawn(
			"offchain-workers-runner",
			"offchain-worker",
			offchain_workers.run(client.clone(), task_manager.spawn_handle()).boxed(),
		);
	}

	let role = config.role;
	let force_authoring = config.force_authoring;
	let name = config.network.node_name.clone();
	let enable_grandpa = !config.disable_grandpa;
	let prometheus_registry = config.prometheus_registry().cloned();

	let rpc_extensions_builder = {
		let client = client.clone();
		let pool = transaction_pool.clone();
		let confidential = confidential.clone();
		Box::new(move |_| {
			let deps = crate::rpc::FullDeps {
				client: client.clone(),
				pool: pool.clone(),
				confidential: confidential.clone(),
			};
			crate::rpc::create_full(deps).map_err(Into::into)
		})
	};

	// RPC is served by `crate::rpc_server` (with the browser-origin filter); `sc-service`'s own
	// server is bound where nobody can use it.
	let endpoints = config.rpc.addr.replace(vec![crate::rpc_server::unusable_endpoint()]);
	let spawn_handle = task_manager.spawn_handle();

	let rpc_handlers = sc_service::spawn_tasks(sc_service::SpawnTasksParams {
		network: network.clone(),
		client: client.clone(),
		keystore: keystore_container.keystore(),
		task_manager: &mut task_manager,
		transaction_pool: transaction_pool.clone(),
		rpc_builder: rpc_extensions_builder,
		backend,
		system_rpc_tx,
		tx_handler_controller,
		sync_service: sync_service.clone(),
		config,
		telemetry: telemetry.as_mut(),
		tracing_execute_block: None,
	})?;
	let server = crate::rpc_server::start(
		endpoints.unwrap_or_default(),
		&rpc_handlers.handle(),
		spawn_handle,
	)
	.map_err(|e| ServiceError::Other(format!("RPC server: {e}")))?;
	task_manager.keep_alive(server);

	if role.is_authority() {
		let proposer_factory = sc_basic_authorship::ProposerFactory::new(
			task_manager.spawn_handle(),
			client.clone(),
			transaction_pool.clone(),
			prometheus_registry.as_ref(),
			telemetry.as_ref().map(|x| x.handle()),
		);

		let slot_duration = sc_consensus_aura::slot_duration::<AuraId, _, _>(&*client)?;

		let aura = sc_consensus_aura::start_aura::<AuraPair, _, _, _, _, _, _, _, _, _, _>(
			StartAuraParams {
				slot_duration,
				client,
				select_chain,
				block_import,
				proposer_factory,
				create_inherent_data_providers: move |_, ()| async move {
					Ok(aura_inherents(slot_duration))
				},
				force_authoring,
				backoff_authoring_blocks: Option::<()>::None,
				keystore: keystore_container.keystore(),
				sync_oracle: sync_service.clone(),
				justification_sync_link: sync_service.clone(),
				block_proposal_slot_portion: SlotProportion::new(PROPOSAL_SLOT_PORTION),
				// Substrate lets an author who follows missed slots build for longer (4 s, 6 s,
				// 6 s, 10 s … in a 3 s slot). Under load that feeds itself: a block that
				// overruns its slot reaches the peers after the next author has started on its
				// parent, the tip forks, the sibling's state is pruned at finalization and
				// submissions validated against it are refused. Capped, no author builds for
				// more than 2 s.
				max_block_proposal_slot_portion: match lenience {
					crate::cli::ProposalLenience::Capped => {
						Some(SlotProportion::new(PROPOSAL_SLOT_PORTION))
					},
					crate::cli::ProposalLenience::Exponential => None,
				},
				telemetry: telemetry.as_ref().map(|x| x.handle()),
				compatibility_mode: Default::default(),
			},
		)?;

		// Block authoring is essential: if it fails, the node stops.
		task_manager
			.spawn_essential_handle()
			.spawn_blocking("aura", Some("block-authoring"), aura);
	}

	if enable_grandpa {
		// Only authorities vote; other nodes follow justifications.
		let keystore = if role.is_authority() { Some(keystore_container.keystore()) } else { None };

		let grandpa_config = sc_consensus_grandpa::Config {
			gossip_duration: Duration::from_millis(333),
			justification_generation_period: GRANDPA_JUSTIFICATION_PERIOD,
			name: Some(name),
			observer_enabled: false,
			keystore,
			local_role: role,
			telemetry: telemetry.as_ref().map(|x| x.handle()),
			protocol_name: grandpa_protocol_name,
		};

		let grandpa_params = sc_consensus_grandpa::GrandpaParams {
			config: grandpa_config,
			link: grandpa_link,
			network,
			sync: Arc::new(sync_service),
			notification_service: grandpa_notification_service,
			// Vote on the best block. Substrate's default rules vote two blocks behind the best
			// (and at most 3/4 into the unfinalised chain), a hedge for open networks with
			// frequent forks; among a consortium's known validators with Aura slots a fork is
			// rare and it only delays finality to the common ancestor, while the hedge costs
			// two block times (6 s) on every transaction's finality.
			voting_rule: sc_consensus_grandpa::VotingRulesBuilder::new().build(),
			prometheus_registry,
			shared_voter_state: SharedVoterState::empty(),
			telemetry: telemetry.as_ref().map(|x| x.handle()),
			offchain_tx_pool_factory: OffchainTransactionPoolFactory::new(transaction_pool),
		};

		// The GRANDPA voter is essential: if it fails, the node stops.
		task_manager.spawn_essential_handle().spawn_blocking(
			"grandpa-voter",
			None,
			sc_consensus_grandpa::run_grandpa_voter(grandpa_params)?,
		);
	}

	Ok(task_manager)
}

#[cfg(test)]
mod tests {
	use super::*;
	use codec::Decode;

	/// The built runtime WASM instantiates with exactly the node's host functions: a runtime
	/// that imports a host function the node does not provide fails here, not on a live chain.
	#[test]
	fn runtime_wasm_imports_only_node_host_functions() {
		let wasm = bioledger_runtime::WASM_BINARY.expect("built with the WASM runtime");
		let blob =
			sc_executor_common::runtime_blob::RuntimeBlob::uncompress_if_needed(wasm).unwrap();
		let executor = RuntimeExecutor::builder().build();
		let mut ext = sp_io::TestExternalities::default();
		let mut ext = ext.ext();
		let version = executor
			.uncached_call(blob, &mut ext, false, "Core_version", &[])
			.expect("instantiates without missing imports");
		let version = sp_version::RuntimeVersion::decode(&mut &version[..]).unwrap();
		assert_eq!(version.spec_name, "bioledger");

		// Negative control: without the SM2 host functions instantiation fails.
		let blob =
			sc_executor_common::runtime_blob::RuntimeBlob::uncompress_if_needed(wasm).unwrap();
		let bare = sc_executor::WasmExecutor::<sp_io::SubstrateHostFunctions>::builder().build();
		assert!(bare.uncached_call(blob, &mut ext, false, "Core_version", &[]).is_err());
	}
}
