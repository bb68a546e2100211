//! Decoding what the chain says, with the runtime's own types: events as JSON (through their
//! `TypeInfo`, so every pallet's events come out with their field names), dispatch errors as
//! `Pallet.Error` names, and the signer and nonce of an extrinsic.

use bioledger_runtime::{RuntimeCall, RuntimeError, RuntimeEvent, UncheckedExtrinsic};
use codec::{Decode, Encode};
use scale_info::PortableRegistry;
use scale_value::{Composite, Primitive, Value, ValueDef};
use serde_json::{json, Map, Value as Json};
use sp_runtime::{generic::Preamble, traits::IdentifyAccount, DispatchError, MultiAddress};

/// Pallets whose events the feed carries (the domain; fees, balances and system bookkeeping
/// are left out).
pub const DOMAIN_PALLETS: &[&str] = &["Consortium", "Provenance", "Quality", "Pledge", "Carbon"];

/// Field names that hold an organisation id.
const ORG_FIELDS: &[&str] = &[
	"org",
	"producer",
	"from",
	"to",
	"by",
	"carrier",
	"tested_by",
	"owner",
	"custodian",
	"supplier",
	"buyer",
	"holder",
	"lender",
	"borrower",
	"issuer",
	"verifier",
	"lab",
];
/// Field names that hold lot ids.
const LOT_FIELDS: &[&str] = &["lot", "lots", "output", "inputs", "parts", "quarantined"];

/// Turns runtime events into JSON.
pub struct EventDecoder {
	registry: PortableRegistry,
	event_type: u32,
}

impl Default for EventDecoder {
	fn default() -> Self {
		let mut reg = scale_info::Registry::new();
		let event_type = reg.register_type(&scale_info::meta_type::<RuntimeEvent>()).id;
		Self { registry: reg.into(), event_type }
	}
}

/// A decoded event: pallet, event name, fields, the orgs and lots it names.
pub struct Decoded {
	/// Pallet.
	pub pallet: String,
	/// Event.
	pub event: String,
	/// Fields.
	pub fields: Json,
	/// Organisations named.
	pub orgs: Vec<u32>,
	/// Lots named.
	pub lots: Vec<String>,
}

impl EventDecoder {
	/// Decode one event.
	pub fn decode(&self, event: &RuntimeEvent) -> Option<Decoded> {
		let bytes = event.encode();
		let v =
			scale_value::scale::decode_as_type(&mut &bytes[..], self.event_type, &self.registry)
				.ok()?;
		let ValueDef::Variant(pallet) = v.value else { return None };
		let inner = match pallet.values {
			Composite::Unnamed(mut vs) if vs.len() == 1 => vs.remove(0),
			_ => return None,
		};
		let ValueDef::Variant(ev) = inner.value else { return None };
		let fields = composite_json(&self.registry, &ev.values);
		let mut orgs = Vec::new();
		let mut lots = Vec::new();
		if let Json::Object(map) = &fields {
			for (k, v) in map {
				if ORG_FIELDS.contains(&k.as_str()) {
					if let Some(o) = v.as_u64() {
						orgs.push(o as u32);
					}
				}
				if LOT_FIELDS.contains(&k.as_str()) {
					collect_lots(v, &mut lots);
				}
			}
		}
		orgs.sort_unstable();
		orgs.dedup();
		Some(Decoded { pallet: pallet.name, event: ev.name, fields, orgs, lots })
	}
}

fn collect_lots(v: &Json, out: &mut Vec<String>) {
	match v {
		Json::String(s) => out.push(s.clone()),
		// `(LotId, u128)` pairs: the lot is the first element.
		Json::Array(items) if items.len() == 2 && items[0].is_string() && !items[1].is_string() => {
			collect_lots(&items[0], out)
		},
		Json::Array(items) => items.iter().for_each(|i| collect_lots(i, out)),
		_ => {},
	}
}

/// Whether type `id` is a sequence, array or tuple (always a JSON array, even of one element).
fn is_list(reg: &PortableRegistry, id: u32) -> bool {
	matches!(
		reg.resolve(id).map(|t| &t.type_def),
		Some(
			scale_info::TypeDef::Sequence(_)
				| scale_info::TypeDef::Array(_)
				| scale_info::TypeDef::Tuple(_)
		)
	)
}

fn composite_json(reg: &PortableRegistry, c: &Composite<u32>) -> Json {
	composite_json_of(reg, c, false)
}

fn composite_json_of(reg: &PortableRegistry, c: &Composite<u32>, list: bool) -> Json {
	match c {
		Composite::Named(fields) => Json::Object(
			fields
				.iter()
				.map(|(k, v)| (k.clone(), value_json(reg, v)))
				.collect::<Map<_, _>>(),
		),
		Composite::Unnamed(vs) => {
			// Byte strings (ids, codes, hashes): text if printable ASCII, else 0x-hex.
			let bytes: Option<Vec<u8>> = vs
				.iter()
				.map(|v| match &v.value {
					ValueDef::Primitive(Primitive::U128(b)) if *b <= 255 => Some(*b as u8),
					_ => None,
				})
				.collect();
			match bytes {
				Some(b) if !b.is_empty() && is_u8(reg, vs[0].context) => {
					if b.len() != 32 && b.iter().all(|c| (0x20..0x7f).contains(c)) {
						Json::String(String::from_utf8(b).expect("ascii"))
					} else {
						Json::String(format!("0x{}", hex::encode(b)))
					}
				},
				_ if vs.len() == 1 && !list => value_json(reg, &vs[0]),
				_ => Json::Array(vs.iter().map(|v| value_json(reg, v)).collect()),
			}
		},
	}
}

/// Whether type `id` is `u8` (so a sequence of them is a byte string, not a list of numbers).
fn is_u8(reg: &PortableRegistry, id: u32) -> bool {
	matches!(
		reg.resolve(id).map(|t| &t.type_def),
		Some(scale_info::TypeDef::Primitive(scale_info::TypeDefPrimitive::U8))
	)
}

fn value_json(reg: &PortableRegistry, v: &Value<u32>) -> Json {
	match &v.value {
		ValueDef::Composite(c) => composite_json_of(reg, c, is_list(reg, v.context)),
		ValueDef::Variant(var) => match &var.values {
			// Option: `None` → null, `Some(x)` → x.
			c if var.name == "None" && c.is_empty() => Json::Null,
			Composite::Named(f) if f.is_empty() => Json::String(var.name.clone()),
			Composite::Unnamed(f) if f.is_empty() => Json::String(var.name.clone()),
			Composite::Unnamed(f) if var.name == "Some" && f.len() == 1 => value_json(reg, &f[0]),
			c => json!({ var.name.clone(): composite_json(reg, c) }),
		},
		ValueDef::Primitive(p) => match p {
			Primitive::Bool(b) => Json::Bool(*b),
			Primitive::Char(c) => Json::String(c.to_string()),
			Primitive::String(s) => Json::String(s.clone()),
			Primitive::U128(n) if *n <= u64::MAX as u128 => json!(*n as u64),
			Primitive::U128(n) => Json::String(n.to_string()),
			Primitive::I128(n) if i64::try_from(*n).is_ok() => json!(*n as i64),
			Primitive::I128(n) => Json::String(n.to_string()),
			Primitive::U256(b) | Primitive::I256(b) => {
				Json::String(format!("0x{}", hex::encode(b)))
			},
		},
		ValueDef::BitSequence(_) => Json::Null,
	}
}

/// `Pallet.Error` for a dispatch error (`Module` errors by name; others by their kind).
pub fn error_name(err: &DispatchError) -> String {
	if let Some(e) = RuntimeError::from_dispatch_error(*err) {
		// Debug of the outer enum: `Provenance(LotExists)`.
		let s = format!("{e:?}");
		if let Some((pallet, rest)) = s.split_once('(') {
			let name = rest.trim_end_matches(')');
			let name = name.split([' ', '{', '(']).next().unwrap_or(name);
			return format!("{pallet}.{name}");
		}
		return s;
	}
	match err {
		DispatchError::BadOrigin => "BadOrigin".into(),
		DispatchError::Token(t) => format!("Token.{t:?}"),
		DispatchError::Arithmetic(a) => format!("Arithmetic.{a:?}"),
		DispatchError::Other(o) => format!("Other.{o}"),
		e => format!("{e:?}"),
	}
}

/// The signer (SS58) and nonce of a signed extrinsic, with its call.
pub fn signer_and_nonce(xt: &[u8]) -> Option<(String, u32, RuntimeCall)> {
	let x = UncheckedExtrinsic::decode(&mut &xt[..]).ok()?;
	match x.preamble {
		Preamble::Signed(MultiAddress::Id(who), _, ext) => {
			let account: bioledger_runtime::AccountId = who;
			Some((account.to_string(), ext.6 .0, x.function))
		},
		Preamble::Signed(MultiAddress::Address32(a), _, ext) => {
			let account = bioledger_runtime::AccountId::from(a);
			Some((account.to_string(), ext.6 .0, x.function))
		},
		_ => None,
	}
}

/// The SS58 of a public key.
pub fn ss58(public: sp_core::sr25519::Public) -> String {
	sp_runtime::MultiSigner::from(public).into_account().to_string()
}

/// Any SCALE type as JSON, with its field names from `TypeInfo`; times (`*_at` fields, ms)
/// become ISO 8601 strings.
pub fn to_json<T: scale_info::TypeInfo + Encode + 'static>(v: &T) -> Json {
	let mut reg = scale_info::Registry::new();
	let id = reg.register_type(&scale_info::meta_type::<T>()).id;
	let reg: PortableRegistry = reg.into();
	let bytes = v.encode();
	match scale_value::scale::decode_as_type(&mut &bytes[..], id, &reg) {
		Ok(value) => {
			let mut j = value_json(&reg, &value);
			iso_times(&mut j);
			j
		},
		Err(e) => json!({ "undecodable": e.to_string() }),
	}
}

/// Replace `*_at` millisecond fields with ISO 8601 (UTC, ms) strings, recursively.
pub fn iso_times(j: &mut Json) {
	match j {
		Json::Object(map) => {
			for (k, v) in map.iter_mut() {
				if k.ends_with("_at") {
					if let Some(ms) = v.as_u64() {
						*v = Json::String(iso_ms(ms));
						continue;
					}
				}
				iso_times(v);
			}
		},
		Json::Array(items) => items.iter_mut().for_each(iso_times),
		_ => {},
	}
}

/// ms since the epoch → `YYYY-MM-DDTHH:MM:SS.mmmZ`.
pub fn iso_ms(ms: u64) -> String {
	chrono::DateTime::<chrono::Utc>::from_timestamp_millis(ms as i64)
		.map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
		.unwrap_or_else(|| ms.to_string())
}

#[cfg(test)]
mod tests {
	use super::*;
	use bioledger_primitives::{Quantity, Unit};

	#[test]
	fn events_decode_with_field_names_and_tags() {
		let d = EventDecoder::default();
		let ev = RuntimeEvent::Provenance(pallet_provenance::Event::LotCreated {
			lot: b"09506000134352/L1".to_vec().try_into().unwrap(),
			product: b"09506000134352".to_vec().try_into().unwrap(),
			producer: 3,
			quantity: Quantity::new(12_500_000, Unit::Milligram),
		});
		let got = d.decode(&ev).unwrap();
		assert_eq!((got.pallet.as_str(), got.event.as_str()), ("Provenance", "LotCreated"));
		assert_eq!(got.fields["lot"], "09506000134352/L1");
		assert_eq!(got.fields["quantity"]["amount"], 12_500_000);
		assert_eq!(got.fields["quantity"]["unit"], "Milligram");
		assert_eq!(got.orgs, vec![3]);
		assert_eq!(got.lots, vec!["09506000134352/L1".to_string()]);

		let ex = RuntimeEvent::Provenance(pallet_provenance::Event::ColdChainExcursion {
			lot: b"L2".to_vec().try_into().unwrap(),
			min: -150,
			max: 900,
			duration_secs: 60,
			evidence: [7u8; 32],
			quarantined: true,
		});
		let got = d.decode(&ex).unwrap();
		assert_eq!(got.fields["evidence"], format!("0x{}", "07".repeat(32)));
		assert_eq!(got.fields["min"], -150);

		let shipped = RuntimeEvent::Provenance(pallet_provenance::Event::Shipped {
			shipment: 1,
			from: 0,
			to: 1,
			carrier: None,
			lots: vec![b"L1".to_vec().try_into().unwrap()].try_into().unwrap(),
			promised_at: 5,
		});
		let got = d.decode(&shipped).unwrap();
		assert_eq!(got.fields["lots"], serde_json::json!(["L1"]), "a one-lot list stays a list");
		assert_eq!(got.fields["carrier"], Json::Null);
		let named_none = RuntimeEvent::Provenance(pallet_provenance::Event::LotConsumed {
			lot: b"None".to_vec().try_into().unwrap(),
		});
		assert_eq!(d.decode(&named_none).unwrap().fields["lot"], "None", "an id is not an Option");
	}

	#[test]
	fn module_errors_are_named() {
		let err: DispatchError =
			pallet_provenance::Error::<bioledger_runtime::Runtime>::LotExists.into();
		assert_eq!(error_name(&err), "Provenance.LotExists");
		assert_eq!(error_name(&DispatchError::BadOrigin), "BadOrigin");
	}
}
