//! GS1 EPCIS 2.0: capture (`POST /epcis/capture`), query (`GET /epcis/events`), the event hash
//! and GS1 identifiers.

pub mod capture;
pub mod gs1;
pub mod hash;
pub mod query;

/// The EPCIS 2.0 JSON-LD context.
pub const EPCIS_CONTEXT: &str = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
/// BioLedger's extension namespace (`bl:`): storage range, promised time, carrier, chain proof.
pub const BL_NS: &str = "https://bioledger.example/epcis/";
/// The CBV master-data namespace (`cbvmda:`).
pub const CBVMDA: &str = "urn:epcglobal:cbv:mda:";
