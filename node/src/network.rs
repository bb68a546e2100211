//! The node's network, built the way `sc_service::build_network` builds it, with one difference:
//! every request-response protocol the node serves sits behind the member-node [`Gate`].
//!
//! Reserved-only peering gates the notification protocols (block announces, GRANDPA,
//! transactions) but not the request-response protocols on the same connection: a client that
//! dials the p2p port and does not wait for a handshake could otherwise ask for blocks
//! (`/<genesis>/sync/2`), the whole state (`/state/2`), warp proofs (`/sync/warp`) and storage
//! reads and runtime calls (`/light/2`). `sc-service` creates those handlers inside
//! `build_network`, out of reach, so this module creates them itself and puts the gate between
//! the network and each handler's inbound queue. A protocol added later goes through
//! [`Gate::guard`] the same way.

use crate::gate::{Gate, GatedBackend};
use bioledger_runtime::opaque::Block;
use futures::{pin_mut, FutureExt as _, StreamExt as _};
use sc_client_api::BlockchainEvents;
use sc_consensus::ImportQueue;
use sc_network::{
	config::FullNetworkConfiguration,
	service::traits::{NetworkBlock as _, RequestResponseConfig as _},
	NetworkBackend,
};
use sc_network_common::role::Roles;
use sc_network_light::light_client_requests::handler::LightClientRequestHandler;
use sc_network_sync::{
	block_request_handler::BlockRequestHandler,
	engine::SyncingEngine,
	service::network::NetworkServiceProvider,
	state_request_handler::StateRequestHandler,
	strategy::{
		chain_sync::GapSyncBodyPolicy,
		polkadot::{PolkadotSyncingStrategy, PolkadotSyncingStrategyConfig},
	},
	warp_request_handler::RequestHandler as WarpRequestHandler,
	SyncingService, WarpSyncConfig,
};
use sc_service::{
	Configuration, SpawnEssentialTaskHandle, SpawnTaskHandle, TransactionPoolAdapter,
};
use sc_utils::mpsc::{tracing_unbounded, TracingUnboundedSender};
use sp_blockchain::HeaderBackend;
use std::sync::Arc;

type Hash = <Block as sp_runtime::traits::Block>::Hash;
type FullClient = crate::service::FullClient;
type Pool = sc_transaction_pool::TransactionPoolHandle<Block, FullClient>;

/// What the rest of the service needs from the network.
pub struct Built {
	/// The network service.
	pub network: Arc<dyn sc_network::service::traits::NetworkService>,
	/// Requests of the `system_*` RPC methods.
	pub system_rpc_tx: TracingUnboundedSender<sc_rpc::system::Request<Block>>,
	/// Transaction propagation.
	pub tx_handler_controller: sc_network_transactions::TransactionsHandlerController<Hash>,
	/// The syncing service.
	pub sync_service: Arc<SyncingService<Block>>,
}

/// What building the network takes.
pub struct Params<'a, N: NetworkBackend<Block, Hash>> {
	/// The node's configuration.
	pub config: &'a Configuration,
	/// The network configuration (notification protocols such as GRANDPA already added).
	pub net_config: FullNetworkConfiguration<Block, Hash, N>,
	/// The client.
	pub client: Arc<FullClient>,
	/// The transaction pool.
	pub pool: Arc<Pool>,
	/// Task spawners.
	pub spawn: SpawnTaskHandle,
	/// Essential-task spawner (sync and the network worker stop the node when they fail).
	pub spawn_essential: SpawnEssentialTaskHandle,
	/// The block import queue.
	pub import_queue: sc_consensus::DefaultImportQueue<Block>,
	/// Warp sync with GRANDPA proofs.
	pub warp_sync: WarpSyncConfig<Block>,
	/// Notification metrics.
	pub metrics: sc_network::service::NotificationMetrics,
	/// The member-node gate every request-response protocol sits behind.
	pub gate: Gate,
	/// The confidential-payload protocol's name and its handler's queue
	/// ([`crate::confidential`]).
	pub confidential: (
		sc_network::ProtocolName,
		async_channel::Sender<sc_network::request_responses::IncomingRequest>,
	),
}

/// Build the network service, the syncing engine and the request handlers, each handler behind
/// the gate, and start them (as `sc_service::build_network` does).
pub fn build<N: GatedBackend>(params: Params<'_, N>) -> Result<Built, sc_service::Error> {
	let Params {
		config,
		mut net_config,
		client,
		pool,
		spawn,
		spawn_essential,
		import_queue,
		warp_sync,
		metrics,
		gate,
		confidential,
	} = params;
	let protocol_id = config.protocol_id();
	let fork_id = config.chain_spec.fork_id();
	let registry = config.prometheus_registry();
	let genesis = client.info().genesis_hash;
	let provider = NetworkServiceProvider::new();
	let peers_hint = config.network.default_peers_set.in_peers as usize
		+ config.network.default_peers_set.out_peers as usize;

	// Blocks (`/sync/2`).
	let relay = BlockRequestHandler::new::<N>(
		provider.handle(),
		&protocol_id,
		fork_id,
		client.clone(),
		peers_hint,
	);
	let (mut server, downloader, mut block_config) =
		(relay.server, relay.downloader, relay.request_response_config);
	gate.guard::<N>(&mut block_config, &spawn);
	net_config.add_request_response_protocol(block_config);
	spawn.spawn("block-request-handler", Some("networking"), async move { server.run().await });

	// State (`/state/2`).
	let state_peers_hint = net_config.network_config.default_peers_set_num_full as usize
		+ net_config.network_config.default_peers_set.reserved_nodes.len();
	let (state_handler, mut state_config) =
		StateRequestHandler::new::<N>(&protocol_id, fork_id, client.clone(), state_peers_hint);
	let state_protocol = state_config.protocol_name().clone();
	gate.guard::<N>(&mut state_config, &spawn);
	net_config.add_request_response_protocol(state_config);
	spawn.spawn("state-request-handler", Some("networking"), state_handler.run());

	// Warp proofs (`/sync/warp`).
	let WarpSyncConfig::WithProvider(warp_provider) = &warp_sync else {
		return Err("the node serves warp proofs from its own GRANDPA provider".into());
	};
	let (warp_handler, mut warp_config) = WarpRequestHandler::new::<_, N>(
		protocol_id.clone(),
		genesis,
		fork_id,
		warp_provider.clone(),
	);
	let warp_protocol = warp_config.protocol_name().clone();
	gate.guard::<N>(&mut warp_config, &spawn);
	net_config.add_request_response_protocol(warp_config);
	spawn.spawn("warp-sync-request-handler", Some("networking"), warp_handler.run());

	// Storage reads with proofs and remote calls (`/light/2`).
	let (light_handler, mut light_config) =
		LightClientRequestHandler::new::<N>(&protocol_id, fork_id, client.clone());
	gate.guard::<N>(&mut light_config, &spawn);
	net_config.add_request_response_protocol(light_config);
	spawn.spawn("light-client-request-handler", Some("networking"), light_handler.run());

	// Confidential payloads between entitled member nodes.
	let (name, queue) = confidential;
	let mut confidential_config = N::request_response_config(
		name,
		Vec::new(),
		64,
		crate::confidential::MAX_RESPONSE,
		std::time::Duration::from_secs(20),
		Some(queue),
	);
	gate.guard::<N>(&mut confidential_config, &spawn);
	net_config.add_request_response_protocol(confidential_config);

	// Sync.
	let archive = config.blocks_pruning.is_archive();
	let strategy = PolkadotSyncingStrategy::new(
		PolkadotSyncingStrategyConfig {
			mode: net_config.network_config.sync_mode,
			max_parallel_downloads: net_config.network_config.max_parallel_downloads,
			max_blocks_per_request: net_config.network_config.max_blocks_per_request,
			min_peers_to_start_warp_sync: net_config.network_config.min_peers_to_start_warp_sync,
			metrics_registry: registry.cloned(),
			state_request_protocol_name: state_protocol,
			block_downloader: downloader,
			gap_sync_body_policy: Arc::new(move || {
				Ok(if archive { GapSyncBodyPolicy::All } else { GapSyncBodyPolicy::HeadersOnly })
			}),
		},
		client.clone(),
		Some(warp_sync),
		Some(warp_protocol),
	)
	.map_err(|e| sc_service::Error::Other(e.to_string()))?;
	let (engine, sync_service, block_announce_config) = SyncingEngine::new(
		Roles::from(&config.role),
		client.clone(),
		registry,
		metrics.clone(),
		&net_config,
		protocol_id.clone(),
		fork_id,
		Box::new(sp_consensus::block_validation::DefaultBlockAnnounceValidator),
		Box::new(strategy),
		provider.handle(),
		import_queue.service(),
		net_config.peer_store_handle(),
	)?;
	spawn_essential.spawn_blocking("syncing", None, engine.run());
	let sync_service = Arc::new(sync_service);

	// Transactions.
	let (tx_proto, tx_config) =
		sc_network_transactions::TransactionsHandlerPrototype::new::<_, Block, N>(
			protocol_id.clone(),
			genesis,
			fork_id,
			metrics.clone(),
			net_config.peer_store_handle(),
		);
	net_config.add_notification_protocol(tx_config);
	let peer_store = net_config.take_peer_store();
	spawn.spawn(
		"peer-store",
		Some("networking"),
		sc_network::service::traits::PeerStore::run(peer_store),
	);

	let has_bootnodes = !net_config.network_config.boot_nodes.is_empty();
	let worker = N::new(sc_network::config::Params::<Block, Hash, N> {
		role: config.role,
		executor: {
			let spawn = spawn.clone();
			Box::new(move |fut| spawn.spawn("libp2p-node", Some("networking"), fut))
		},
		network_config: net_config,
		genesis_hash: genesis,
		protocol_id,
		fork_id: fork_id.map(ToOwned::to_owned),
		metrics_registry: registry.cloned(),
		block_announce_config,
		ipfs_config: None,
		notification_metrics: metrics,
	})?;
	let network = worker.network_service().clone();

	let (tx_handler, tx_handler_controller) = tx_proto.build(
		network.clone(),
		sync_service.clone(),
		Arc::new(TransactionPoolAdapter::new(pool, client.clone())),
		registry,
	)?;
	spawn.spawn_blocking("network-transactions-handler", Some("networking"), tx_handler.run());
	spawn.spawn_blocking(
		"chain-sync-network-service-provider",
		Some("networking"),
		provider.run(Arc::new(network.clone())),
	);
	spawn.spawn("import-queue", None, {
		let sync_service = sync_service.clone();
		async move { import_queue.run(sync_service.as_ref()).await }
	});
	let (system_rpc_tx, system_rpc_rx) = tracing_unbounded("mpsc_system_rpc", 10_000);
	spawn.spawn(
		"system-rpc-handler",
		Some("networking"),
		sc_service::build_system_rpc_future::<_, _, Hash>(
			config.role,
			worker.network_service(),
			sync_service.clone(),
			client.clone(),
			system_rpc_rx,
			has_bootnodes,
		),
	);
	let announce = config.announce_block;
	spawn_essential.spawn_blocking(
		"network-worker",
		Some("networking"),
		drive(worker, client, sync_service.clone(), announce),
	);
	Ok(Built { network, system_rpc_tx, tx_handler_controller, sync_service })
}

/// Drive the network worker and tell sync about imported and finalized blocks (what
/// `sc_service`'s private `build_network_future` does).
async fn drive<N: NetworkBackend<Block, Hash>>(
	worker: N,
	client: Arc<FullClient>,
	sync: Arc<SyncingService<Block>>,
	announce: bool,
) {
	let mut imported = client.import_notification_stream().fuse();
	let mut finalized = client.finality_notification_stream().fuse();
	let run = worker.run().fuse();
	pin_mut!(run);
	loop {
		futures::select! {
			n = imported.next() => {
				let Some(n) = n else {
					log::warn!("block import stream ended: stopping the network future");
					return;
				};
				if announce {
					sync.announce_block(n.hash, None);
				}
				if n.is_new_best {
					use sp_runtime::traits::Header as _;
					sync.new_best_block_imported(n.hash, *n.header.number());
				}
			},
			n = finalized.select_next_some() => sync.on_block_finalized(n.hash, n.header),
			_ = run => {
				log::warn!("the network worker ended: stopping the network future");
				return;
			},
		}
	}
}
