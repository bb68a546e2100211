//! JSON → runtime types, guided by the types' own `TypeInfo`: the mirror of
//! [`crate::decode::to_json`], so a partner writes an agreement's terms or an emission's subject
//! in the same JSON shape the reads return (field names, enum variants as `"Name"` or
//! `{"Name": …}`, `null` for `None`, byte strings as text or `0x`-hex, `*_at` times as ISO 8601).
//! Unknown fields are refused by name.

use codec::Decode;
use scale_info::{form::PortableForm, PortableRegistry, Type, TypeDef, TypeDefPrimitive};
use scale_value::{Composite, Value};
use serde_json::Value as Json;

/// Decode `T` from JSON.
pub fn from_json<T: scale_info::TypeInfo + Decode + 'static>(j: &Json) -> Result<T, String> {
	let mut reg = scale_info::Registry::new();
	let id = reg.register_type(&scale_info::meta_type::<T>()).id;
	let reg: PortableRegistry = reg.into();
	let value = to_value(&reg, id, j, "")?;
	let mut buf = Vec::new();
	scale_value::scale::encode_as_type(&value, id, &reg, &mut buf).map_err(|e| e.to_string())?;
	T::decode(&mut &buf[..]).map_err(|e| e.to_string())
}

fn is_option(ty: &Type<PortableForm>) -> bool {
	ty.path.segments.last().is_some_and(|s| s == "Option")
}

fn to_value(reg: &PortableRegistry, id: u32, j: &Json, at: &str) -> Result<Value<()>, String> {
	let ty = reg.resolve(id).ok_or_else(|| format!("{at}: unknown type"))?;
	match &ty.type_def {
		TypeDef::Composite(c) => {
			let fields = &c.fields;
			if fields.is_empty() {
				return Ok(Value::unnamed_composite(vec![]));
			}
			if fields.iter().all(|f| f.name.is_some()) {
				let obj = j.as_object().ok_or_else(|| format!("{at}: an object is expected"))?;
				for k in obj.keys() {
					if !fields.iter().any(|f| f.name.as_deref() == Some(k.as_str())) {
						return Err(format!("{at}/{k}: unknown field"));
					}
				}
				let mut vals = Vec::new();
				for f in fields {
					let name = f.name.clone().expect("named");
					let v = obj.get(&name).unwrap_or(&Json::Null);
					vals.push((name.clone(), to_value(reg, f.ty.id, v, &format!("{at}/{name}"))?));
				}
				Ok(Value::named_composite(vals))
			} else if fields.len() == 1 {
				Ok(Value::unnamed_composite(vec![to_value(reg, fields[0].ty.id, j, at)?]))
			} else {
				let items = j
					.as_array()
					.filter(|a| a.len() == fields.len())
					.ok_or_else(|| format!("{at}: an array of {} is expected", fields.len()))?;
				let vals = fields
					.iter()
					.zip(items)
					.enumerate()
					.map(|(i, (f, v))| to_value(reg, f.ty.id, v, &format!("{at}/{i}")))
					.collect::<Result<Vec<_>, _>>()?;
				Ok(Value::unnamed_composite(vals))
			}
		},
		TypeDef::Variant(v) => {
			if is_option(ty) {
				let inner =
					v.variants.iter().find(|x| x.name == "Some").and_then(|x| x.fields.first());
				return match (j, inner) {
					(Json::Null, _) => Ok(Value::unnamed_variant("None", vec![])),
					(j, Some(f)) => {
						Ok(Value::unnamed_variant("Some", vec![to_value(reg, f.ty.id, j, at)?]))
					},
					_ => Err(format!("{at}: bad option")),
				};
			}
			let (name, inner) = match j {
				Json::String(s) => (s.clone(), None),
				Json::Object(m) if m.len() == 1 => {
					let (k, v) = m.iter().next().expect("one");
					(k.clone(), Some(v))
				},
				_ => return Err(format!("{at}: \"Variant\" or {{\"Variant\": …}} is expected")),
			};
			let var = v.variants.iter().find(|x| x.name == name).ok_or_else(|| {
				let names: Vec<&str> = v.variants.iter().map(|x| x.name.as_str()).collect();
				format!("{at}: {name:?} is not one of {names:?}")
			})?;
			let at = format!("{at}/{name}");
			let values = if var.fields.is_empty() {
				Composite::Unnamed(vec![])
			} else if var.fields.iter().all(|f| f.name.is_some()) {
				let obj = inner
					.and_then(Json::as_object)
					.ok_or_else(|| format!("{at}: fields expected"))?;
				let mut vals = Vec::new();
				for f in &var.fields {
					let n = f.name.clone().expect("named");
					vals.push((
						n.clone(),
						to_value(
							reg,
							f.ty.id,
							obj.get(&n).unwrap_or(&Json::Null),
							&format!("{at}/{n}"),
						)?,
					));
				}
				Composite::Named(vals)
			} else if var.fields.len() == 1 {
				Composite::Unnamed(vec![to_value(
					reg,
					var.fields[0].ty.id,
					inner.unwrap_or(&Json::Null),
					&at,
				)?])
			} else {
				let items = inner
					.and_then(Json::as_array)
					.ok_or_else(|| format!("{at}: array expected"))?;
				Composite::Unnamed(
					var.fields
						.iter()
						.zip(items)
						.map(|(f, v)| to_value(reg, f.ty.id, v, &at))
						.collect::<Result<Vec<_>, _>>()?,
				)
			};
			Ok(Value::variant(name, values))
		},
		TypeDef::Sequence(_) | TypeDef::Array(_) => {
			let elem = match &ty.type_def {
				TypeDef::Sequence(s) => s.type_param.id,
				TypeDef::Array(a) => a.type_param.id,
				_ => unreachable!(),
			};
			let is_u8 = matches!(
				reg.resolve(elem).map(|t| &t.type_def),
				Some(TypeDef::Primitive(TypeDefPrimitive::U8))
			);
			if let (true, Some(s)) = (is_u8, j.as_str()) {
				let bytes = match s.strip_prefix("0x").map(hex::decode) {
					Some(Ok(b)) => b,
					_ => s.as_bytes().to_vec(),
				};
				return Ok(Value::unnamed_composite(
					bytes.into_iter().map(|b| Value::u128(b as u128)),
				));
			}
			let items = j.as_array().ok_or_else(|| format!("{at}: an array is expected"))?;
			let vals = items
				.iter()
				.enumerate()
				.map(|(i, v)| to_value(reg, elem, v, &format!("{at}/{i}")))
				.collect::<Result<Vec<_>, _>>()?;
			Ok(Value::unnamed_composite(vals))
		},
		TypeDef::Tuple(t) => {
			let items = j
				.as_array()
				.filter(|a| a.len() == t.fields.len())
				.ok_or_else(|| format!("{at}: an array of {} is expected", t.fields.len()))?;
			let vals = t
				.fields
				.iter()
				.zip(items)
				.map(|(f, v)| to_value(reg, f.id, v, at))
				.collect::<Result<Vec<_>, _>>()?;
			Ok(Value::unnamed_composite(vals))
		},
		TypeDef::Compact(c) => to_value(reg, c.type_param.id, j, at),
		TypeDef::Primitive(p) => primitive(p, j, at),
		TypeDef::BitSequence(_) => Err(format!("{at}: bit sequences are not supported")),
	}
}

fn primitive(p: &TypeDefPrimitive, j: &Json, at: &str) -> Result<Value<()>, String> {
	use TypeDefPrimitive as P;
	let number = |j: &Json| -> Option<String> {
		match j {
			Json::Number(n) => Some(n.to_string()),
			Json::String(s) => Some(s.trim().to_string()),
			_ => None,
		}
	};
	match p {
		P::Bool => j
			.as_bool()
			.map(Value::bool)
			.ok_or_else(|| format!("{at}: true or false expected")),
		P::Str => j
			.as_str()
			.map(Value::string)
			.ok_or_else(|| format!("{at}: a string is expected")),
		P::U8 | P::U16 | P::U32 | P::U64 | P::U128 => {
			if at.ends_with("_at") {
				if let Some(s) = j.as_str().filter(|s| s.contains('T')) {
					let t = chrono::DateTime::parse_from_rfc3339(s)
						.map_err(|e| format!("{at}: {e}"))?;
					return Ok(Value::u128(t.timestamp_millis().max(0) as u128));
				}
			}
			number(j)
				.and_then(|n| n.parse::<u128>().ok())
				.map(Value::u128)
				.ok_or_else(|| format!("{at}: an unsigned integer is expected"))
		},
		P::I8 | P::I16 | P::I32 | P::I64 | P::I128 => number(j)
			.and_then(|n| n.parse::<i128>().ok())
			.map(Value::i128)
			.ok_or_else(|| format!("{at}: an integer is expected")),
		_ => Err(format!("{at}: unsupported primitive")),
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::decode::to_json;
	use bioledger_primitives::{Quantity, TemperatureRange, Unit};
	use serde_json::json;

	#[test]
	fn reads_and_writes_share_one_json_shape() {
		let q: Quantity = from_json(&json!({"amount": 1500, "unit": "Milligram"})).unwrap();
		assert_eq!(q, Quantity::new(1500, Unit::Milligram));
		let r: Option<TemperatureRange> = from_json(&json!({"min": 200, "max": 800})).unwrap();
		assert_eq!(r, Some(TemperatureRange { min: 200, max: 800 }));
		assert_eq!(from_json::<Option<TemperatureRange>>(&Json::Null).unwrap(), None);
		let s: pallet_carbon::Subject = from_json(&json!({"Lot": "09506000134352/L1"})).unwrap();
		assert_eq!(to_json(&s), json!({"Lot": "09506000134352/L1"}));
		let e = from_json::<Quantity>(&json!({"amount": 1, "unit": "Gallon"})).unwrap_err();
		assert!(e.contains("not one of"), "{e}");
		let e =
			from_json::<Quantity>(&json!({"amount": 1, "unit": "Each", "colour": 1})).unwrap_err();
		assert_eq!(e, "/colour: unknown field");
		let e = from_json::<Quantity>(&json!({"amount": -1, "unit": "Each"})).unwrap_err();
		assert!(e.contains("/amount"), "{e}");
	}
}
