//! Invariants checked by `try_state` (and after every unit test).

use crate::*;
use alloc::{collections::BTreeMap, vec::Vec};

impl<T: Config> Pallet<T> {
	/// Check the pallet's invariants:
	/// - per batch: issued = held + retired + cancelled, and the batch's retired and cancelled
	///   counters match its certificates and cancellations;
	/// - every holding is sorted, disjoint, non-adjacent, non-empty and within its batch;
	/// - no serial is in two places: across holdings, certificates and cancellations the ranges
	///   of a batch never overlap;
	/// - batches' serial ranges are disjoint and below `NextSerial`;
	/// - verified records are decided by a verifier other than the reporter.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut places: BTreeMap<BatchId, Vec<SerialRange>> = BTreeMap::new();
		let mut retired: BTreeMap<BatchId, u64> = BTreeMap::new();
		let mut cancelled: BTreeMap<BatchId, u64> = BTreeMap::new();
		for (_, batch, ranges) in Holdings::<T>::iter() {
			ensure!(!ranges.is_empty(), "empty holding kept");
			for w in ranges.windows(2) {
				ensure!(w[0].end < w[1].start, "holding not sorted, disjoint and merged");
			}
			places.entry(batch).or_default().extend(ranges.iter().copied());
		}
		for (_, c) in Certificates::<T>::iter() {
			places.entry(c.batch).or_default().push(c.serials);
			*retired.entry(c.batch).or_default() += c.serials.len();
		}
		for (_, c) in Cancellations::<T>::iter() {
			places.entry(c.batch).or_default().push(c.serials);
			*cancelled.entry(c.batch).or_default() += c.serials.len();
		}
		let mut batches: Vec<SerialRange> = Vec::new();
		for (id, b) in Batches::<T>::iter() {
			ensure!(b.serials.end <= NextSerial::<T>::get(), "batch beyond the next serial");
			batches.push(b.serials);
			let mut ranges = places.remove(&id).unwrap_or_default();
			ranges.sort();
			let mut total = 0u64;
			for r in ranges.iter() {
				ensure!(!r.is_empty() && b.serials.contains(r), "range outside its batch");
				total += r.len();
			}
			for w in ranges.windows(2) {
				ensure!(w[0].end <= w[1].start, "a serial is in two places");
			}
			ensure!(total == b.serials.len(), "issued != held + retired + cancelled");
			ensure!(retired.get(&id).copied().unwrap_or(0) == b.retired, "retired counter");
			ensure!(cancelled.get(&id).copied().unwrap_or(0) == b.cancelled, "cancelled counter");
		}
		ensure!(places.is_empty(), "ranges of a missing batch");
		batches.sort();
		for w in batches.windows(2) {
			ensure!(w[0].end <= w[1].start, "batches share serials");
		}
		for (_, r) in Records::<T>::iter() {
			ensure!(
				(r.status == RecordStatus::Reported) == r.verifier.is_none(),
				"decided record without verifier"
			);
			ensure!(r.verifier != Some(r.reporter), "self-verified record");
		}
		Ok(())
	}
}
