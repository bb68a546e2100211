//! The gateway's own durable store (redb: one file, ACID, single writer, so a second gateway on
//! the same store fails fast).
//!
//! Tables (values are JSON, so an operator can inspect them and old records survive new fields):
//! - `intents`: intent id → [`Intent`] (the write-ahead log of every transaction it signs);
//! - `idempotency`: `"{system}\u{0}{Idempotency-Key}"` → `{fingerprint, response}`;
//! - `events`: cursor `(block << 32) | index` → [`FeedEvent`] (finalized domain events, the
//!   feed and the EPCIS query read them; kept because validators prune state after 256 blocks);
//! - `epcis`: captured EPCIS event id (event hash) → the event as captured, with its intent;
//! - `captures`: capture job id → [`Capture`];
//! - `meta`: counters and cursors (`indexed` = last finalized block indexed, `next_intent`,
//!   `webhook:{id}` = last delivered cursor).

use anyhow::{Context, Result};
use redb::{Database, ReadableDatabase, ReadableTable, TableDefinition};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use std::path::Path;

const INTENTS: TableDefinition<u64, &[u8]> = TableDefinition::new("intents");
const IDEMPOTENCY: TableDefinition<&str, &[u8]> = TableDefinition::new("idempotency");
const EVENTS: TableDefinition<u64, &[u8]> = TableDefinition::new("events");
const EPCIS: TableDefinition<&str, &[u8]> = TableDefinition::new("epcis");
const CAPTURES: TableDefinition<&str, &[u8]> = TableDefinition::new("captures");
const META: TableDefinition<&str, u64> = TableDefinition::new("meta");

/// Rows one feed read scans at most.
pub const MAX_SCAN: usize = 20_000;

/// Where an intent stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum IntentState {
	/// Recorded, waiting for a slot in its account's window (no nonce yet).
	Queued,
	/// Signed and handed to the node's pool.
	Pending,
	/// In a best block (not final: it may still move or leave).
	InBlock,
	/// In a finalized block and dispatched successfully.
	Finalized,
	/// Refused by the pool for good, or dispatched with an error (see `error`).
	Failed,
}

impl IntentState {
	/// No further change will happen.
	pub fn is_final(self) -> bool {
		matches!(self, IntentState::Finalized | IntentState::Failed)
	}
}

/// One transaction the gateway was asked to make: recorded before it is signed or submitted.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Intent {
	/// Sequential id (the status URL's id).
	pub id: u64,
	/// The integrated system (API key) that asked for it.
	pub system: String,
	/// What it does (`create_lot`, `epcis:commissioning`, …).
	pub kind: String,
	/// The signing account (SS58).
	pub account: String,
	/// The SCALE-encoded runtime call, hex.
	pub call: String,
	/// Its nonce, once assigned.
	pub nonce: Option<u32>,
	/// The signed extrinsic, hex, once signed (re-signing replaces it; the nonce stays).
	pub xt: Option<String>,
	/// blake2-256 of `xt`.
	pub tx_hash: Option<String>,
	/// Where it stands.
	pub state: IntentState,
	/// Block number and hash it is in, and its extrinsic index there.
	pub block: Option<u32>,
	/// Hash of that block.
	pub block_hash: Option<String>,
	/// Index of the extrinsic in that block.
	pub extrinsic_index: Option<u32>,
	/// Named error (`Provenance.LotExists`, `pool:Payment`, …) when `Failed`.
	pub error: Option<String>,
	/// Times (ms since the Unix epoch): recorded, last submitted, finalized.
	pub created_ms: u64,
	/// Last submission.
	pub submitted_ms: Option<u64>,
	/// Final.
	pub finalized_ms: Option<u64>,
	/// Submissions so far (re-submissions and re-signings included).
	pub attempts: u32,
	/// Spec version it was signed for.
	pub spec_version: Option<u32>,
}

/// A finalized domain event as the feed serves it.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FeedEvent {
	/// `"{block}:{index}"`: the block number and the event's index in that block's events.
	pub cursor: String,
	/// Block number.
	pub block: u32,
	/// Block hash (the chain proof, with `event_index`).
	pub block_hash: String,
	/// Index of the event in the block's `System.Events`.
	pub event_index: u32,
	/// Index of the extrinsic that emitted it (absent for block hooks).
	pub extrinsic_index: Option<u32>,
	/// Pallet name (`Provenance`, `Quality`, …).
	pub pallet: String,
	/// Event name (`LotCreated`, …).
	pub event: String,
	/// Fields, decoded (ids as text, byte arrays as 0x-hex).
	#[schema(value_type = Object)]
	pub fields: serde_json::Value,
	/// Organisations the event names (for filtering).
	pub orgs: Vec<u32>,
	/// Lots the event names (for filtering).
	pub lots: Vec<String>,
	/// Block timestamp (ms since the Unix epoch).
	pub timestamp_ms: u64,
}

/// A capture job (`POST /epcis/capture`).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Capture {
	/// Job id.
	pub id: String,
	/// The capturing system.
	pub system: String,
	/// Event ids (hashes) in document order.
	pub events: Vec<String>,
	/// Intents it created (none for events stored without a chain call).
	pub intents: Vec<u64>,
	/// Errors found before submission (then nothing was submitted).
	pub errors: Vec<String>,
	/// Recorded at (ms).
	pub created_ms: u64,
}

/// A captured EPCIS event and what the chain made of it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CapturedEvent {
	/// The event as captured (with `eventID` = its hash).
	pub event: serde_json::Value,
	/// The intent that carries it, if it maps to a call.
	pub intent: Option<u64>,
}

/// The store.
pub struct Store {
	db: Database,
}

fn enc<T: Serialize>(v: &T) -> Result<Vec<u8>> {
	Ok(serde_json::to_vec(v)?)
}

fn dec<T: DeserializeOwned>(b: &[u8]) -> Result<T> {
	serde_json::from_slice(b).context("decoding a store record")
}

/// A cursor `(block, index)` as the `events` key.
pub fn cursor_key(block: u32, index: u32) -> u64 {
	((block as u64) << 32) | index as u64
}

/// Parse `"{block}:{index}"`.
pub fn parse_cursor(s: &str) -> Option<(u32, u32)> {
	let (b, i) = s.trim().split_once(':')?;
	Some((b.parse().ok()?, i.parse().ok()?))
}

/// Everything one finalized block changes, written in one transaction.
#[derive(Default)]
pub struct BlockWrite {
	/// The block number (becomes `indexed`).
	pub block: u32,
	/// Its domain events.
	pub events: Vec<FeedEvent>,
	/// Intents whose state it settles.
	pub intents: Vec<Intent>,
}

impl Store {
	/// Open or create the store at `path`.
	pub fn open(path: &Path) -> Result<Self> {
		if let Some(dir) = path.parent() {
			std::fs::create_dir_all(dir).ok();
		}
		let db = Database::create(path)
			.with_context(|| format!("opening the gateway store {}", path.display()))?;
		let tx = db.begin_write()?;
		tx.open_table(INTENTS)?;
		tx.open_table(IDEMPOTENCY)?;
		tx.open_table(EVENTS)?;
		tx.open_table(EPCIS)?;
		tx.open_table(CAPTURES)?;
		tx.open_table(META)?;
		tx.commit()?;
		Ok(Self { db })
	}

	/// A counter or cursor.
	pub fn meta(&self, key: &str) -> Result<Option<u64>> {
		let tx = self.db.begin_read()?;
		Ok(tx.open_table(META)?.get(key)?.map(|v| v.value()))
	}

	/// Set a counter or cursor.
	pub fn set_meta(&self, key: &str, value: u64) -> Result<()> {
		let tx = self.db.begin_write()?;
		tx.open_table(META)?.insert(key, value)?;
		tx.commit()?;
		Ok(())
	}

	/// Record new intents atomically with their idempotency entry (if any) and, for a capture,
	/// the capture job and its events. Ids are assigned here. Returns the intents with ids.
	pub fn record(
		&self,
		mut intents: Vec<Intent>,
		idempotency: Option<(&str, &serde_json::Value)>,
		capture: Option<(Capture, Vec<(String, serde_json::Value, Option<usize>)>)>,
	) -> Result<(Vec<Intent>, Option<Capture>)> {
		let tx = self.db.begin_write()?;
		let mut capture_out = None;
		{
			let mut meta = tx.open_table(META)?;
			let mut next = meta.get("next_intent")?.map(|v| v.value()).unwrap_or(1);
			let mut table = tx.open_table(INTENTS)?;
			for i in intents.iter_mut() {
				i.id = next;
				next += 1;
				table.insert(i.id, enc(i)?.as_slice())?;
			}
			meta.insert("next_intent", next)?;
			if let Some((mut job, events)) = capture {
				let mut epcis = tx.open_table(EPCIS)?;
				for (id, event, intent) in events {
					let rec = CapturedEvent { event, intent: intent.map(|k| intents[k].id) };
					epcis.insert(id.as_str(), enc(&rec)?.as_slice())?;
				}
				job.intents = intents.iter().map(|i| i.id).collect();
				tx.open_table(CAPTURES)?.insert(job.id.as_str(), enc(&job)?.as_slice())?;
				capture_out = Some(job);
			}
			if let Some((key, response)) = idempotency {
				let mut response = response.clone();
				if let Some(first) = intents.first() {
					response["intent"] = first.id.into();
				}
				if let Some(job) = &capture_out {
					response["capture"] = job.id.clone().into();
				}
				tx.open_table(IDEMPOTENCY)?.insert(key, enc(&response)?.as_slice())?;
			}
		}
		tx.commit()?;
		Ok((intents, capture_out))
	}

	/// Record a refused intent as failed and, in the same transaction, the filler that takes
	/// its nonce (so a crash cannot leave the nonce unused). Returns the filler with its id.
	pub fn fail_with_filler(&self, failed: &Intent, mut filler: Intent) -> Result<Intent> {
		let tx = self.db.begin_write()?;
		{
			let mut meta = tx.open_table(META)?;
			let next = meta.get("next_intent")?.map(|v| v.value()).unwrap_or(1);
			filler.id = next;
			meta.insert("next_intent", next + 1)?;
			let mut t = tx.open_table(INTENTS)?;
			t.insert(failed.id, enc(failed)?.as_slice())?;
			t.insert(filler.id, enc(&filler)?.as_slice())?;
		}
		tx.commit()?;
		Ok(filler)
	}

	/// The idempotency record of `key`.
	pub fn idempotent(&self, key: &str) -> Result<Option<serde_json::Value>> {
		let tx = self.db.begin_read()?;
		let t = tx.open_table(IDEMPOTENCY)?;
		let r = t.get(key)?;
		r.map(|v| dec(v.value())).transpose()
	}

	/// Update intents (state changes outside a block write).
	/// A record already final (finalized or failed) is never overwritten: a stale in-memory
	/// copy written after the indexer settled it must not bring it back to life.
	pub fn put_intents(&self, intents: &[Intent]) -> Result<()> {
		let tx = self.db.begin_write()?;
		{
			let mut t = tx.open_table(INTENTS)?;
			for i in intents {
				let final_already = match t.get(i.id)? {
					Some(v) => dec::<Intent>(v.value())?.state.is_final(),
					None => false,
				};
				if !final_already {
					t.insert(i.id, enc(i)?.as_slice())?;
				}
			}
		}
		tx.commit()?;
		Ok(())
	}

	/// One intent.
	pub fn intent(&self, id: u64) -> Result<Option<Intent>> {
		let tx = self.db.begin_read()?;
		let t = tx.open_table(INTENTS)?;
		let r = t.get(id)?;
		r.map(|v| dec(v.value())).transpose()
	}

	/// Every intent not yet final (start-up recovery).
	pub fn open_intents(&self) -> Result<Vec<Intent>> {
		let tx = self.db.begin_read()?;
		let t = tx.open_table(INTENTS)?;
		let mut out = Vec::new();
		for row in t.range(0u64..)? {
			let (_, v) = row?;
			let i: Intent = dec(v.value())?;
			if !i.state.is_final() {
				out.push(i);
			}
		}
		Ok(out)
	}

	/// The highest nonce ever assigned per account (so a restart never reuses one).
	pub fn highest_nonces(&self) -> Result<std::collections::HashMap<String, u32>> {
		let tx = self.db.begin_read()?;
		let t = tx.open_table(INTENTS)?;
		let mut out = std::collections::HashMap::<String, u32>::new();
		for row in t.range(0u64..)? {
			let (_, v) = row?;
			let i: Intent = dec(v.value())?;
			if let Some(n) = i.nonce {
				let e = out.entry(i.account).or_insert(n);
				*e = (*e).max(n);
			}
		}
		Ok(out)
	}

	/// Commit one finalized block: its events, the intents it settles and the `indexed` cursor.
	/// Skipped if the block is already indexed (exactly once across restarts).
	pub fn commit_block(&self, w: &BlockWrite) -> Result<bool> {
		let tx = self.db.begin_write()?;
		{
			let mut meta = tx.open_table(META)?;
			let indexed = meta.get("indexed")?.map(|v| v.value());
			if indexed.is_some_and(|i| i >= w.block as u64) {
				return Ok(false);
			}
			let mut events = tx.open_table(EVENTS)?;
			for e in &w.events {
				events.insert(cursor_key(e.block, e.event_index), enc(e)?.as_slice())?;
			}
			let mut intents = tx.open_table(INTENTS)?;
			for i in &w.intents {
				intents.insert(i.id, enc(i)?.as_slice())?;
			}
			meta.insert("indexed", w.block as u64)?;
		}
		tx.commit()?;
		Ok(true)
	}

	/// Feed events after `cursor` (exclusive) that pass `keep`, at most `max`, scanning at most
	/// [`MAX_SCAN`] rows; also the cursor of the last row scanned, so a caller whose filter
	/// matches little still moves forward instead of rescanning.
	pub fn events_after(
		&self,
		after: Option<(u32, u32)>,
		max: usize,
		mut keep: impl FnMut(&FeedEvent) -> bool,
	) -> Result<(Vec<FeedEvent>, Option<(u32, u32)>)> {
		let start = after.map(|(b, i)| cursor_key(b, i) + 1).unwrap_or(0);
		let tx = self.db.begin_read()?;
		let t = tx.open_table(EVENTS)?;
		let mut out = Vec::new();
		let mut scanned = None;
		for (n, row) in t.range(start..)?.enumerate() {
			if n >= MAX_SCAN {
				break;
			}
			let (k, v) = row?;
			let k = k.value();
			scanned = Some(((k >> 32) as u32, k as u32));
			let e: FeedEvent = dec(v.value())?;
			if keep(&e) {
				out.push(e);
				if out.len() >= max {
					break;
				}
			}
		}
		Ok((out, scanned))
	}

	/// Replace a captured event (a retry of one whose intent failed).
	pub fn put_captured(&self, id: &str, rec: &CapturedEvent) -> Result<()> {
		let tx = self.db.begin_write()?;
		tx.open_table(EPCIS)?.insert(id, enc(rec)?.as_slice())?;
		tx.commit()?;
		Ok(())
	}

	/// A captured EPCIS event.
	pub fn captured(&self, id: &str) -> Result<Option<CapturedEvent>> {
		let tx = self.db.begin_read()?;
		let t = tx.open_table(EPCIS)?;
		let r = t.get(id)?;
		r.map(|v| dec(v.value())).transpose()
	}

	/// Every captured EPCIS event carried by an intent: intent id → (event id, event).
	pub fn captured_by_intent(
		&self,
	) -> Result<std::collections::HashMap<u64, Vec<(String, serde_json::Value)>>> {
		let tx = self.db.begin_read()?;
		let t = tx.open_table(EPCIS)?;
		let mut out = std::collections::HashMap::<u64, Vec<_>>::new();
		for row in t.iter()? {
			let (k, v) = row?;
			let rec: CapturedEvent = dec(v.value())?;
			if let Some(i) = rec.intent {
				out.entry(i).or_default().push((k.value().to_string(), rec.event));
			}
		}
		Ok(out)
	}

	/// A capture job.
	pub fn capture(&self, id: &str) -> Result<Option<Capture>> {
		let tx = self.db.begin_read()?;
		let t = tx.open_table(CAPTURES)?;
		let r = t.get(id)?;
		r.map(|v| dec(v.value())).transpose()
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn intent(account: &str, nonce: Option<u32>) -> Intent {
		Intent {
			id: 0,
			system: "erp".into(),
			kind: "create_lot".into(),
			account: account.into(),
			call: "00".into(),
			nonce,
			xt: None,
			tx_hash: None,
			state: IntentState::Queued,
			block: None,
			block_hash: None,
			extrinsic_index: None,
			error: None,
			created_ms: 0,
			submitted_ms: None,
			finalized_ms: None,
			attempts: 0,
			spec_version: None,
		}
	}

	#[test]
	fn intents_and_idempotency_survive_reopening() {
		let dir = tempfile::tempdir().unwrap();
		let path = dir.path().join("s.redb");
		{
			let s = Store::open(&path).unwrap();
			let resp = serde_json::json!({"status": 202});
			let (got, _) = s
				.record(
					vec![intent("a", Some(7)), intent("a", None)],
					Some(("erp\0k1", &resp)),
					None,
				)
				.unwrap();
			assert_eq!(got.iter().map(|i| i.id).collect::<Vec<_>>(), vec![1, 2]);
		}
		let s = Store::open(&path).unwrap();
		assert_eq!(s.idempotent("erp\0k1").unwrap().unwrap()["intent"], 1);
		assert!(s.idempotent("erp\0k2").unwrap().is_none());
		assert_eq!(s.open_intents().unwrap().len(), 2);
		assert_eq!(s.highest_nonces().unwrap()["a"], 7);
		let (got, _) = s.record(vec![intent("b", None)], None, None).unwrap();
		assert_eq!(got[0].id, 3, "ids continue after a restart");
	}

	#[test]
	fn a_block_is_committed_once_and_events_page_by_cursor() {
		let dir = tempfile::tempdir().unwrap();
		let s = Store::open(&dir.path().join("s.redb")).unwrap();
		let ev = |block, idx| FeedEvent {
			cursor: format!("{block}:{idx}"),
			block,
			block_hash: "0x00".into(),
			event_index: idx,
			extrinsic_index: Some(1),
			pallet: "Provenance".into(),
			event: "LotCreated".into(),
			fields: serde_json::json!({}),
			orgs: vec![0],
			lots: vec![format!("L{block}")],
			timestamp_ms: 0,
		};
		let w = BlockWrite { block: 5, events: vec![ev(5, 1), ev(5, 3)], intents: vec![] };
		assert!(s.commit_block(&w).unwrap());
		assert!(!s.commit_block(&w).unwrap(), "a block already indexed is skipped");
		let w6 = BlockWrite { block: 6, events: vec![ev(6, 0)], intents: vec![] };
		assert!(s.commit_block(&w6).unwrap());
		let (all, _) = s.events_after(None, 10, |_| true).unwrap();
		assert_eq!(
			all.iter().map(|e| e.cursor.as_str()).collect::<Vec<_>>(),
			["5:1", "5:3", "6:0"]
		);
		let (rest, scanned) = s.events_after(Some((5, 1)), 10, |_| true).unwrap();
		assert_eq!(scanned, Some((6, 0)));
		let (none, scanned) = s.events_after(None, 10, |e| e.block == 99).unwrap();
		assert!(none.is_empty());
		assert_eq!(scanned, Some((6, 0)), "a filter that matches nothing still moves the cursor");
		assert_eq!(rest.iter().map(|e| e.cursor.as_str()).collect::<Vec<_>>(), ["5:3", "6:0"]);
		assert_eq!(s.meta("indexed").unwrap(), Some(6));
		assert_eq!(parse_cursor("5:3"), Some((5, 3)));
		assert_eq!(parse_cursor("x"), None);
		// A settled (final) intent is never overwritten by a stale copy.
		let (mut got, _) = s
			.record(
				vec![{
					let mut i = intent("a", Some(1));
					i.state = IntentState::Finalized;
					i
				}],
				None,
				None,
			)
			.unwrap();
		let mut stale = got.remove(0);
		stale.state = IntentState::Pending;
		s.put_intents(&[stale.clone()]).unwrap();
		assert_eq!(s.intent(stale.id).unwrap().unwrap().state, IntentState::Finalized);
	}
}
