//! Unit tests, one file per capability. Every test runs `do_try_state` at its end.

mod agreements;
mod confidential;
mod conformance;
mod nonconformance;
mod openssl;
mod properties;
mod rules;
mod scorecard;
