//! The pallet's features, one file each (as `pallet-nfts` splits its logic).

mod accounts;
mod compliance;
pub mod credentials;
mod eseal;
mod nodes;
mod organisations;
mod validators;
pub mod vc;

#[cfg(test)]
pub use eseal::ESEAL_POP_DOMAIN;
