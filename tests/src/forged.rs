//! A forged p2p client: a bare `litep2p` host that dials a node's p2p port with a key of its
//! choosing and sends request-response requests directly, without the block-announce
//! handshake a stock node waits for. It speaks the wire formats of Substrate's protocols
//! (protobuf messages of `/sync/2`, `/state/2`, `/light/2`; SCALE of `/sync/warp`), written
//! here from their `.proto` schemas, and reports what it got back: the number of blocks, the
//! size of a state response or proof, or the refusal.
//!
//! It also runs identify (which any node answers) so a test can show what an outsider still
//! learns.

use anyhow::{anyhow, bail, Context as _, Result};
use codec::Encode;
use futures::StreamExt;
use litep2p::{
	config::ConfigBuilder,
	crypto::ed25519::{Keypair, SecretKey},
	protocol::{
		libp2p::identify,
		request_response::{self, DialOptions, RequestResponseEvent, RequestResponseHandle},
	},
	transport::tcp::config::Config as TcpConfig,
	types::multiaddr::Multiaddr,
	Litep2p, Litep2pEvent, PeerId,
};
use prost::Message as _;
use std::{
	collections::HashSet,
	sync::{Arc, Mutex},
	time::Duration,
};

/// Protobuf messages of `/sync/2` and `/state/2` (`sc-network-sync`'s `api.v1.proto`).
#[allow(missing_docs)]
pub mod proto {
	#[derive(Clone, PartialEq, prost::Message)]
	pub struct BlockRequest {
		#[prost(uint32, tag = "1")]
		pub fields: u32,
		#[prost(oneof = "FromBlock", tags = "2, 3")]
		pub from_block: Option<FromBlock>,
		#[prost(int32, tag = "5")]
		pub direction: i32,
		#[prost(uint32, tag = "6")]
		pub max_blocks: u32,
		#[prost(bool, tag = "7")]
		pub support_multiple_justifications: bool,
	}
	#[derive(Clone, PartialEq, prost::Oneof)]
	pub enum FromBlock {
		#[prost(bytes, tag = "2")]
		Hash(Vec<u8>),
		#[prost(bytes, tag = "3")]
		Number(Vec<u8>),
	}
	#[derive(Clone, PartialEq, prost::Message)]
	pub struct BlockResponse {
		#[prost(message, repeated, tag = "1")]
		pub blocks: Vec<BlockData>,
	}
	#[derive(Clone, PartialEq, prost::Message)]
	pub struct BlockData {
		#[prost(bytes, tag = "1")]
		pub hash: Vec<u8>,
		#[prost(bytes, tag = "2")]
		pub header: Vec<u8>,
		#[prost(bytes, repeated, tag = "3")]
		pub body: Vec<Vec<u8>>,
	}
	#[derive(Clone, PartialEq, prost::Message)]
	pub struct StateRequest {
		#[prost(bytes, tag = "1")]
		pub block: Vec<u8>,
		#[prost(bytes, repeated, tag = "2")]
		pub start: Vec<Vec<u8>>,
		#[prost(bool, tag = "3")]
		pub no_proof: bool,
	}
	#[derive(Clone, PartialEq, prost::Message)]
	pub struct StateResponse {
		#[prost(message, repeated, tag = "1")]
		pub entries: Vec<KeyValueStateEntry>,
		#[prost(bytes, tag = "2")]
		pub proof: Vec<u8>,
	}
	#[derive(Clone, PartialEq, prost::Message)]
	pub struct KeyValueStateEntry {
		#[prost(bytes, tag = "1")]
		pub state_root: Vec<u8>,
		#[prost(message, repeated, tag = "2")]
		pub entries: Vec<StateEntry>,
		#[prost(bool, tag = "3")]
		pub complete: bool,
	}
	#[derive(Clone, PartialEq, prost::Message)]
	pub struct StateEntry {
		#[prost(bytes, tag = "1")]
		pub key: Vec<u8>,
		#[prost(bytes, tag = "2")]
		pub value: Vec<u8>,
	}
	/// `/light/2` (`sc-network-light`'s `light.v1.proto`, proto2).
	#[derive(Clone, PartialEq, prost::Message)]
	pub struct LightRequest {
		#[prost(oneof = "Light", tags = "1, 2")]
		pub request: Option<Light>,
	}
	#[derive(Clone, PartialEq, prost::Oneof)]
	pub enum Light {
		#[prost(message, tag = "1")]
		RemoteCall(RemoteCallRequest),
		#[prost(message, tag = "2")]
		RemoteRead(RemoteReadRequest),
	}
	#[derive(Clone, PartialEq, prost::Message)]
	pub struct RemoteCallRequest {
		#[prost(bytes, required, tag = "2")]
		pub block: Vec<u8>,
		#[prost(string, required, tag = "3")]
		pub method: String,
		#[prost(bytes, required, tag = "4")]
		pub data: Vec<u8>,
	}
	#[derive(Clone, PartialEq, prost::Message)]
	pub struct RemoteReadRequest {
		#[prost(bytes, required, tag = "2")]
		pub block: Vec<u8>,
		#[prost(bytes, repeated, tag = "3")]
		pub keys: Vec<Vec<u8>>,
	}
	#[derive(Clone, PartialEq, prost::Message)]
	pub struct LightResponse {
		#[prost(oneof = "LightAnswer", tags = "1, 2")]
		pub response: Option<LightAnswer>,
	}
	#[derive(Clone, PartialEq, prost::Oneof)]
	pub enum LightAnswer {
		#[prost(message, tag = "1")]
		RemoteCall(ProofResponse),
		#[prost(message, tag = "2")]
		RemoteRead(ProofResponse),
	}
	#[derive(Clone, PartialEq, prost::Message)]
	pub struct ProofResponse {
		#[prost(bytes, optional, tag = "2")]
		pub proof: Option<Vec<u8>>,
	}
}

/// Header, body and justification (`BlockAttributes` bits).
const BLOCK_FIELDS: u32 = 0b1_0011;

/// What a request got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
	/// Answered: the number of items (blocks, state entries) and the response size in bytes.
	Served { items: usize, bytes: usize },
	/// Refused or failed, with the reason as litep2p reports it.
	Refused(String),
}

impl Answer {
	/// Whether the node answered.
	pub fn served(&self) -> bool {
		matches!(self, Answer::Served { .. })
	}
}

/// What identify told the forged client about the node.
#[derive(Debug, Clone, Default)]
pub struct Identified {
	/// Agent string.
	pub agent: Option<String>,
	/// Protocols the node announced.
	pub protocols: Vec<String>,
	/// Addresses the node announced.
	pub listen_addrs: Vec<String>,
}

/// A forged client connected to one node.
pub struct Forged {
	target: PeerId,
	blocks: RequestResponseHandle,
	state: RequestResponseHandle,
	warp: RequestResponseHandle,
	light: RequestResponseHandle,
	confidential: RequestResponseHandle,
	connected: Arc<Mutex<HashSet<PeerId>>>,
	identified: Arc<Mutex<Option<Identified>>>,
	task: tokio::task::JoinHandle<()>,
}

impl Drop for Forged {
	fn drop(&mut self) {
		self.task.abort();
	}
}

/// The peer id of a forged client with secret `seed` (32 bytes).
pub fn peer_id(seed: [u8; 32]) -> PeerId {
	keypair(seed).public().to_peer_id()
}

fn keypair(seed: [u8; 32]) -> Keypair {
	Keypair::from(SecretKey::try_from_bytes(seed).expect("32 bytes"))
}

impl Forged {
	/// Dial the node `target` at `addr` (`/ip4/127.0.0.1/tcp/<port>`) with the key `seed`, for
	/// the chain with genesis hash `genesis`.
	pub async fn dial(
		seed: [u8; 32],
		target: PeerId,
		addr: Multiaddr,
		genesis: [u8; 32],
	) -> Result<Self> {
		let g = hex::encode(genesis);
		let protocol = |suffix: &str| {
			request_response::ConfigBuilder::new(format!("/{g}/{suffix}").into())
				.with_max_size(64 * 1024 * 1024)
				.with_timeout(Duration::from_secs(20))
				.build()
		};
		let (blocks_cfg, blocks) = protocol("sync/2");
		let (state_cfg, state) = protocol("state/2");
		let (warp_cfg, warp) = protocol("sync/warp");
		let (light_cfg, light) = protocol("light/2");
		let (confidential_cfg, confidential) = protocol("bioledger/confidential/1");
		let kp = keypair(seed);
		let (identify_cfg, mut identify_events) =
			identify::Config::new("/substrate/1.0".into(), Some("forged/0.1".into()));
		let mut host = Litep2p::new(
			ConfigBuilder::new()
				.with_keypair(kp)
				.with_tcp(TcpConfig { listen_addresses: vec![], ..Default::default() })
				.with_request_response_protocol(blocks_cfg)
				.with_request_response_protocol(state_cfg)
				.with_request_response_protocol(warp_cfg)
				.with_request_response_protocol(light_cfg)
				.with_request_response_protocol(confidential_cfg)
				.with_libp2p_identify(identify_cfg)
				.build(),
		)
		.map_err(|e| anyhow!("litep2p: {e}"))?;
		host.add_known_address(target, std::iter::once(addr));
		let connected = Arc::new(Mutex::new(HashSet::new()));
		let identified = Arc::new(Mutex::new(None));
		let (c, i) = (connected.clone(), identified.clone());
		let task = tokio::spawn(async move {
			loop {
				tokio::select! {
					event = host.next_event() => match event {
						Some(Litep2pEvent::ConnectionEstablished { peer, .. }) => {
							c.lock().unwrap().insert(peer);
						},
						Some(Litep2pEvent::ConnectionClosed { peer, .. }) => {
							c.lock().unwrap().remove(&peer);
						},
						Some(_) => {},
						None => return,
					},
					Some(identify::IdentifyEvent::PeerIdentified {
						supported_protocols, listen_addresses, user_agent, ..
					}) = identify_events.next() => {
						*i.lock().unwrap() = Some(Identified {
							agent: user_agent,
							protocols: supported_protocols.iter().map(ToString::to_string).collect(),
							listen_addrs: listen_addresses.iter().map(ToString::to_string).collect(),
						});
					},
				}
			}
		});
		Ok(Self { target, blocks, state, warp, light, confidential, connected, identified, task })
	}

	/// Whether a connection to the node is open.
	pub fn is_connected(&self) -> bool {
		self.connected.lock().unwrap().contains(&self.target)
	}

	/// What identify said, once it has.
	pub fn identified(&self) -> Option<Identified> {
		self.identified.lock().unwrap().clone()
	}

	async fn ask(
		handle: &mut RequestResponseHandle,
		target: PeerId,
		request: Vec<u8>,
	) -> Result<Vec<u8>> {
		let id = handle
			.send_request(target, request, DialOptions::Dial)
			.await
			.map_err(|e| anyhow!("send: {e}"))?;
		let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
		loop {
			let event = tokio::time::timeout_at(deadline, handle.next())
				.await
				.context("no answer within 30 s")?
				.ok_or_else(|| anyhow!("litep2p stopped"))?;
			match event {
				RequestResponseEvent::ResponseReceived { request_id, response, .. }
					if request_id == id =>
				{
					return Ok(response);
				},
				RequestResponseEvent::RequestFailed { request_id, error, .. }
					if request_id == id =>
				{
					return Err(anyhow!("{error:?}"));
				},
				_ => {},
			}
		}
	}

	async fn answer<F: FnOnce(&[u8]) -> Result<usize>>(
		handle: &mut RequestResponseHandle,
		target: PeerId,
		request: Vec<u8>,
		items: F,
	) -> Answer {
		match Self::ask(handle, target, request).await {
			Ok(bytes) => match items(&bytes) {
				Ok(n) => Answer::Served { items: n, bytes: bytes.len() },
				Err(e) => Answer::Refused(format!("undecodable answer: {e}")),
			},
			Err(e) => Answer::Refused(e.to_string()),
		}
	}

	/// Ask for up to `max` blocks (header, body, justification) from block number `from`
	/// upwards. Served: the number of blocks.
	pub async fn blocks(&mut self, from: u32, max: u32) -> Answer {
		let request = proto::BlockRequest {
			fields: BLOCK_FIELDS,
			from_block: Some(proto::FromBlock::Number(Encode::encode(&from))),
			direction: 0,
			max_blocks: max,
			support_multiple_justifications: true,
		};
		Self::answer(&mut self.blocks, self.target, request.encode_to_vec(), |b| {
			Ok(proto::BlockResponse::decode(b)?.blocks.len())
		})
		.await
	}

	/// Ask for the state (key-value pairs, no proof) at `block`. Served: the number of pairs.
	pub async fn state(&mut self, block: [u8; 32]) -> Answer {
		let request = proto::StateRequest { block: block.to_vec(), start: vec![], no_proof: true };
		Self::answer(&mut self.state, self.target, request.encode_to_vec(), |b| {
			Ok(proto::StateResponse::decode(b)?.entries.iter().map(|e| e.entries.len()).sum())
		})
		.await
	}

	/// Ask for a warp proof from `begin` (genesis). Served: 1 and the proof size.
	pub async fn warp(&mut self, begin: [u8; 32]) -> Answer {
		Self::answer(&mut self.warp, self.target, Encode::encode(&begin), |b| {
			if b.is_empty() {
				bail!("empty proof")
			}
			Ok(1)
		})
		.await
	}

	/// A storage read with proof at `block`. Served: 1 and the proof size.
	pub async fn remote_read(&mut self, block: [u8; 32], key: Vec<u8>) -> Answer {
		let request = proto::LightRequest {
			request: Some(proto::Light::RemoteRead(proto::RemoteReadRequest {
				block: block.to_vec(),
				keys: vec![key],
			})),
		};
		Self::answer(&mut self.light, self.target, request.encode_to_vec(), light_proof).await
	}

	/// A runtime call (execution proof) at `block`. Served: 1 and the proof size.
	pub async fn remote_call(&mut self, block: [u8; 32], method: &str, data: Vec<u8>) -> Answer {
		let request = proto::LightRequest {
			request: Some(proto::Light::RemoteCall(proto::RemoteCallRequest {
				block: block.to_vec(),
				method: method.into(),
				data,
			})),
		};
		Self::answer(&mut self.light, self.target, request.encode_to_vec(), light_proof).await
	}

	/// Ask for the confidential payload committed as `hash` (BioLedger's own protocol). Served:
	/// 1 if the node sent the payload, 0 if it answered with nothing.
	pub async fn payload(&mut self, hash: [u8; 32]) -> Answer {
		Self::answer(&mut self.confidential, self.target, hash.to_vec(), |b| {
			use codec::Decode;
			let payload = Option::<Vec<u8>>::decode(&mut &b[..])?;
			Ok(usize::from(payload.is_some()))
		})
		.await
	}
}

fn light_proof(b: &[u8]) -> Result<usize> {
	match proto::LightResponse::decode(b)?.response {
		Some(proto::LightAnswer::RemoteCall(p) | proto::LightAnswer::RemoteRead(p))
			if p.proof.as_ref().is_some_and(|p| !p.is_empty()) =>
		{
			Ok(1)
		},
		other => bail!("no proof in {other:?}"),
	}
}
