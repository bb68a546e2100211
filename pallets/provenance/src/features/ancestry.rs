//! Ancestry filters: which running recall walks may still reach a lot.
//!
//! Every lot made since the v3 upgrade carries a Bloom filter of its ancestors' ids (the union
//! of its parents' filters and the parents themselves, [`AncestryFilter`]). Every running recall
//! walk lists its root's positions in [`WalkRoots`]. A lot whose filter does not contain any
//! running root cannot be an unreached descendant of a recalled lot: it needs no ancestry walk,
//! however large its genealogy. A lot whose filter may contain a root (a real descendant, or a
//! false positive, about 0.5 % for a lot with 64 ancestors) is checked by the bounded walk as
//! before. A lot made before v3 has no filter and is always walked.

use super::common::AncestryBudget;
use crate::*;

/// Bits of an ancestry filter.
pub const FILTER_BITS: usize = 1024;
/// Positions per lot id.
const POSITIONS: usize = 3;

/// The filter positions of a lot id (from its BLAKE2-256 hash).
pub fn positions(id: &LotId) -> [u16; POSITIONS] {
	use sp_runtime::traits::Hash as _;
	let h = sp_runtime::traits::BlakeTwo256::hash(id).0;
	core::array::from_fn(|i| u16::from_le_bytes([h[2 * i], h[2 * i + 1]]) % FILTER_BITS as u16)
}

impl AncestryFilter {
	/// The filter of a lot of unknown ancestry: contains everything.
	pub fn unknown() -> Self {
		Self([0xff; FILTER_BITS / 8])
	}

	/// Add a lot id.
	pub fn insert(&mut self, pos: [u16; POSITIONS]) {
		for p in pos {
			self.0[usize::from(p) / 8] |= 1 << (p % 8);
		}
	}

	/// Whether the lot at `pos` may be an ancestor (no false negatives).
	pub fn may_contain(&self, pos: &[u16; POSITIONS]) -> bool {
		pos.iter().all(|p| self.0[usize::from(*p) / 8] & (1 << (p % 8)) != 0)
	}

	/// Union.
	pub fn merge(&mut self, other: &Self) {
		for (a, b) in self.0.iter_mut().zip(other.0.iter()) {
			*a |= b;
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The filter of a new lot with `parents`: each parent and its own ancestors. A parent
	/// without a filter (made before v3) makes the ancestry unknown.
	pub(crate) fn child_filter<'a>(parents: impl Iterator<Item = &'a LotId>) -> AncestryFilter {
		let mut filter = AncestryFilter::default();
		for parent in parents {
			match AncestryFilters::<T>::get(parent) {
				Some(f) => filter.merge(&f),
				None => return AncestryFilter::unknown(),
			}
			filter.insert(positions(parent));
		}
		filter
	}

	/// Whether a running recall walk may still reach lot `id` (which it has not marked yet).
	/// Two reads; conservative (a false positive only means the bounded walk runs).
	pub fn recall_may_reach(id: &LotId) -> bool {
		let roots = WalkRoots::<T>::get();
		if roots.is_empty() {
			return false;
		}
		match AncestryFilters::<T>::get(id) {
			Some(filter) => roots.iter().any(|(_, pos)| filter.may_contain(pos)),
			None => true,
		}
	}

	/// Neither the lot nor any ancestor a running walk has not reached yet is recalled.
	///
	/// When no walk can reach the lot (its filter holds no running root), its own mark is
	/// enough. Otherwise the ancestry is walked breadth first up to `MaxAncestorCheck` lots
	/// (shared by the whole call); a larger one is refused with `RecallInProgress` until the
	/// walk finishes.
	pub(crate) fn ensure_not_recalled(
		id: &LotId,
		lot: &LotOf<T>,
		budget: &mut AncestryBudget,
	) -> DispatchResult {
		ensure!(lot.recall.is_none() && lot.status != LotStatus::Recalled, Error::<T>::Recalled);
		if !Self::recall_may_reach(id) {
			return Ok(());
		}
		budget.walk::<T>(lot)
	}

	/// Note a new walk's root (a recall that starts).
	pub(crate) fn note_walk_root(recall: RecallId, root: &LotId) -> DispatchResult {
		WalkRoots::<T>::try_mutate(|roots| roots.try_push((recall, positions(root))))
			.map_err(|_| Error::<T>::TooManyRecalls.into())
	}

	/// Forget finished walks' roots.
	pub(crate) fn forget_walk_roots(finished: &[RecallId]) {
		if !finished.is_empty() {
			WalkRoots::<T>::mutate(|roots| roots.retain(|(r, _)| !finished.contains(r)));
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_filter_has_no_false_negatives_and_few_false_positives() {
		let id = |i: u32| -> LotId { alloc::format!("LOT-{i}").into_bytes().try_into().unwrap() };
		let mut filter = AncestryFilter::default();
		for i in 0..64 {
			filter.insert(positions(&id(i)));
		}
		assert!((0..64).all(|i| filter.may_contain(&positions(&id(i)))));
		let false_positives =
			(1_000..11_000).filter(|i| filter.may_contain(&positions(&id(*i)))).count();
		// (1 - e^(-3·64/1024))^3 ≈ 0.5 %.
		assert!(false_positives < 150, "{false_positives} of 10,000");
		assert!(AncestryFilter::unknown().may_contain(&positions(&id(99_999))));
		assert!(!AncestryFilter::default().may_contain(&positions(&id(1))));
	}
}
