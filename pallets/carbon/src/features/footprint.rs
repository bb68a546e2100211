//! Lot footprints through the genealogy, holdings and organisation totals (runtime API).

use crate::*;
use alloc::{collections::BTreeMap, vec::Vec};
use bioledger_primitives::LotId;
use sp_runtime::{helpers_128bit::multiply_by_rational_with_rounding, Rounding};

/// `total × consumed / produced`, rounded up (saturating).
fn share(total: u128, consumed: u128, produced: u128) -> u128 {
	if produced == 0 {
		return total;
	}
	multiply_by_rational_with_rounding(total, consumed, produced, Rounding::Up).unwrap_or(u128::MAX)
}

fn sum(a: &ByScope) -> u128 {
	a.iter().fold(0u128, |s, x| s.saturating_add(*x))
}

impl<T: Config> Pallet<T> {
	/// The footprint of `lot`: its own verified emissions plus, for each input consumed in
	/// making it, the input's footprint times `consumed / produced` of that input, rounded up
	/// per input and scope. Reads at most `MaxFootprintLots` lots (the lot and its ancestors,
	/// each once); beyond that the footprint is marked incomplete. `None` if the lot does not
	/// exist.
	pub fn footprint(lot: &LotId) -> Option<Footprint> {
		T::Lots::facts(lot)?;
		let max = T::MaxFootprintLots::get();
		let mut totals: BTreeMap<LotId, ByScope> = BTreeMap::new();
		let mut inputs: BTreeMap<LotId, Vec<(LotId, u128, u128)>> = BTreeMap::new();
		let mut complete = true;
		// Iterative post-order walk over the ancestry: a lot is summed once all its inputs are.
		let mut stack: Vec<(LotId, bool)> = alloc::vec![(lot.clone(), false)];
		while let Some((l, expanded)) = stack.pop() {
			if totals.contains_key(&l) {
				continue;
			}
			if !expanded {
				if inputs.contains_key(&l) {
					// Reached again through a diamond while its inputs are being summed.
					continue;
				}
				if inputs.len() as u32 >= max {
					complete = false;
					totals.insert(l, [0; 3]);
					continue;
				}
				let ins = T::Lots::inputs(&l);
				stack.push((l.clone(), true));
				stack.extend(ins.iter().map(|(i, _, _)| (i.clone(), false)));
				inputs.insert(l, ins);
				continue;
			}
			let mut total = LotEmissions::<T>::get(&l);
			for (input, consumed, produced) in inputs.get(&l).into_iter().flatten() {
				let t = totals.get(input).copied().unwrap_or_default();
				for s in 0..3 {
					total[s] = total[s].saturating_add(share(t[s], *consumed, *produced));
				}
			}
			totals.insert(l, total);
		}
		let own = LotEmissions::<T>::get(lot);
		let all = totals.get(lot).copied().unwrap_or(own);
		let inherited = [
			all[0].saturating_sub(own[0]),
			all[1].saturating_sub(own[1]),
			all[2].saturating_sub(own[2]),
		];
		Some(Footprint {
			own,
			inherited,
			total: sum(&all),
			offset_tonnes: LotOffsets::<T>::get(lot),
			lots: inputs.len() as u32,
			complete,
		})
	}

	/// Whether credits retired against `lot` cover its complete, non-zero footprint.
	pub fn is_carbon_neutral(lot: &LotId) -> bool {
		Self::footprint(lot).is_some_and(|f| f.is_carbon_neutral())
	}

	/// The serial ranges `org` holds, per batch.
	pub fn holdings(org: OrgId) -> Vec<(BatchId, Vec<SerialRange>)> {
		Holdings::<T>::iter_prefix(org).map(|(b, r)| (b, r.into_inner())).collect()
	}

	/// `org`'s verified emissions in `period` by scope, and credits retired against it.
	pub fn org_emissions(org: OrgId, period: Period) -> (ByScope, u64) {
		(OrgEmissions::<T>::get(org, period), OrgOffsets::<T>::get(org, period))
	}
}
