//! Pallet configurations, one file per domain.

pub mod brake;
pub mod carbon;
pub mod confidential;
pub mod consensus;
pub mod consortium;
pub mod governance;
pub mod monetary;
pub mod operational;
pub mod pledge;
pub mod provenance;
pub mod quality;
pub mod system;
pub mod upgrades;

pub use consensus::SessionPeriod;
pub use governance::{
	CouncilCollective, CouncilMembershipInstance, CouncilThreeQuarters, CouncilTwoThirds,
};
pub use system::RuntimeBlockWeights;
