//! The pallet's features, one file each (as `pallet-nfts` splits its logic).

mod accounts;
mod credentials;
mod eseal;
mod nodes;
mod organisations;
mod validators;

#[cfg(test)]
pub use eseal::ESEAL_POP_DOMAIN;
