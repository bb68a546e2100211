//! The calls' logic, one file per capability.

mod common;
mod pledges;
mod prices;
mod receipts;
mod views;
