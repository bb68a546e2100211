//! The consortium council: `pallet-collective` (motions and votes) whose members are kept by
//! `pallet-membership` (one seat per member organisation). Governance motions need two thirds
//! of the seats; the Root path (`configs::upgrades`) three quarters. The council has no prime
//! member (`PrimeDefaultVote` counts absent votes as no): silence never adds a vote.

use crate::{
	AccountId, Balance, Balances, BlockNumber, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeHoldReason, RuntimeOrigin, DAYS, UNIT,
};
use frame_support::{
	parameter_types,
	traits::{fungible::HoldConsideration, EitherOfDiverse},
	weights::Weight,
};
use frame_system::EnsureRoot;
use sp_runtime::Perbill;

/// Instance of `pallet-collective` used as the council.
pub type CouncilCollective = pallet_collective::Instance1;
/// Instance of `pallet-membership` that keeps the council's seats.
pub type CouncilMembershipInstance = pallet_membership::Instance1;

/// Origin of a governance decision: two thirds of the council (or Root on development chains).
pub type CouncilTwoThirds = EitherOfDiverse<
	EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionAtLeast<AccountId, CouncilCollective, 2, 3>,
>;

/// Origin of the Root path (runtime code, storage fixes, anything Root-only, through
/// `pallet-whitelist`): three quarters of the council. Stricter than the two thirds of
/// business governance, because code can change every rule at once; with four founders it is
/// three of them, so no two colluding members, and no single one, can change the code.
pub type CouncilThreeQuarters = EitherOfDiverse<
	EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionAtLeast<AccountId, CouncilCollective, 3, 4>,
>;

/// Maximum number of council seats, i.e. member organisations.
pub const COUNCIL_MAX_MEMBERS: u32 = 64;

parameter_types! {
	/// A motion not closed within a week lapses.
	pub const CouncilMotionDuration: BlockNumber = 7 * DAYS;
	/// Open motions at once.
	pub const CouncilMaxProposals: u32 = 100;
	/// Seats.
	pub const CouncilMaxMembers: u32 = COUNCIL_MAX_MEMBERS;
	/// A motion may use at most half a block.
	pub MaxProposalWeight: Weight =
		Perbill::from_percent(50) * super::RuntimeBlockWeights::get().max_block;
	/// Deposit held for an open motion (returned by `release_proposal_cost` once it is closed,
	/// burned if the council kills it as spam).
	pub const ProposalDeposit: Balance = 1_000 * UNIT;
	pub const ProposalHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Council(pallet_collective::HoldReason::ProposalSubmission);
}

/// Every open motion holds [`ProposalDeposit`] from its proposer.
pub type ProposalCost = HoldConsideration<
	AccountId,
	Balances,
	ProposalHoldReason,
	pallet_collective::deposit::Constant<ProposalDeposit>,
	u32,
>;

impl pallet_collective::Config<CouncilCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = CouncilMotionDuration;
	type MaxProposals = CouncilMaxProposals;
	type MaxMembers = CouncilMaxMembers;
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
	/// Seats are managed through `CouncilMembership`, never set directly.
	type SetMembersOrigin = EnsureRoot<AccountId>;
	type MaxProposalWeight = MaxProposalWeight;
	type DisapproveOrigin = CouncilTwoThirds;
	type KillOrigin = CouncilTwoThirds;
	type Consideration = ProposalCost;
}

/// Seats change only with the consortium's decisions (admission, suspension, revocation, seat
/// moves), which call this pallet directly with Root: no council motion and no member's signed
/// `change_key` may hand a seat to an account outside its organisation (the runtime's call
/// filter also refuses every `CouncilMembership` call).
impl pallet_membership::Config<CouncilMembershipInstance> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AddOrigin = EnsureRoot<AccountId>;
	type RemoveOrigin = EnsureRoot<AccountId>;
	type SwapOrigin = EnsureRoot<AccountId>;
	type ResetOrigin = EnsureRoot<AccountId>;
	type PrimeOrigin = EnsureRoot<AccountId>;
	type MembershipInitialized = crate::Council;
	type MembershipChanged = crate::Council;
	type MaxMembers = CouncilMaxMembers;
	type WeightInfo = pallet_membership::weights::SubstrateWeight<Runtime>;
}
