//! Weights measured on BioLedger's reference machine (2 cores, 24 GiB; bench/results/), all
//! generated, none edited by hand:
//! - `block_weights`, `extrinsic_weights`: `benchmark overhead` (an empty block; a block of
//!   `System::remark` transactions, signature check and transaction extensions included), via
//!   `scripts/calibrate.sh`;
//! - `paritydb_weights`: `benchmark storage` on a ParityDB dev database holding the demo
//!   scenario and 60,000 lots, via `scripts/calibrate.sh`;
//! - the FRAME pallets and transaction extensions every transaction or block goes through:
//!   `benchmark pallet`, via `scripts/benchmark.sh`.
//!
//! BioLedger's own pallets keep their weights in `pallets/<name>/src/weights.rs`. Governance
//! and session pallets (collective, membership, session), rare and operational, keep
//! Substrate's reference-machine weights.

pub mod block_weights;
pub mod extrinsic_weights;
// The generated file documents the fields of a struct expression, which rustdoc ignores.
#[allow(unused_doc_comments)]
pub mod paritydb_weights;

pub mod frame_system_extensions;
pub mod pallet_balances;
pub mod pallet_timestamp;
pub mod pallet_transaction_payment;
pub mod pallet_utility;
