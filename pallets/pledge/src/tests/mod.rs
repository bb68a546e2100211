//! Unit tests, one file per capability.

mod collateral;
mod margin;
mod migrations;
mod pledges;
mod prices;
mod properties;
mod receipts;
