//! The attack suite: one test per attack a dishonest member (or two colluding) could try, on
//! the real runtime with every pallet; each asserts the named error and, where it applies, an
//! unchanged storage root. `docs/trust-model.md` maps every attack to its guard and test.

#[path = "../common/mod.rs"]
mod common;

mod carbon;
mod collateral;
mod confidential;
mod credentials;
mod custody;
mod frame_calls;
mod liveness;
mod prices;
mod properties;
mod recall;
mod round3;
mod scorecards;
mod world;
