//! GS1 identifiers: EPC URNs ↔ GS1 Digital Link URIs (canonical `https://id.gs1.org/…`), GTIN
//! check digits, and BioLedger lot ids ↔ LGTIN (`{GTIN-14}/{batch}` ↔ `/01/{gtin}/10/{batch}`).

/// The canonical Digital Link resolver prefix.
pub const DL: &str = "https://id.gs1.org";
/// Private identifiers of lots that are not GTIN + batch.
pub const LOT_URN: &str = "urn:bioledger:lot:";

/// The GS1 mod-10 check digit of `digits` (weights 3,1,3,… from the right).
pub fn check_digit(digits: &str) -> Option<char> {
	let mut sum = 0u32;
	for (i, c) in digits.chars().rev().enumerate() {
		let d = c.to_digit(10)?;
		sum += if i % 2 == 0 { d * 3 } else { d };
	}
	char::from_digit((10 - sum % 10) % 10, 10)
}

/// Percent-encode everything but unreserved characters (RFC 3986).
pub fn pct(s: &str) -> String {
	let mut out = String::new();
	for b in s.bytes() {
		if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
			out.push(b as char);
		} else {
			out.push_str(&format!("%{b:02X}"));
		}
	}
	out
}

/// Decode percent-encoding (byte-wise: never slices inside a multi-byte character).
pub fn unpct(s: &str) -> String {
	let b = s.as_bytes();
	let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
	let mut out = Vec::with_capacity(b.len());
	let mut i = 0;
	while i < b.len() {
		if b[i] == b'%' && i + 2 < b.len() {
			if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
				out.push(h * 16 + l);
				i += 3;
				continue;
			}
		}
		out.push(b[i]);
		i += 1;
	}
	String::from_utf8_lossy(&out).into_owned()
}

/// GTIN-14 from a URN's company prefix and indicator+item reference.
fn gtin14(cp: &str, ind_item: &str) -> Option<String> {
	if ind_item.is_empty() || !digits(cp) || !digits(ind_item) {
		return None;
	}
	let body = format!("{}{}{}", &ind_item[..1], cp, &ind_item[1..]);
	(body.len() == 13).then(|| format!("{body}{}", check_digit(&body).unwrap_or('0')))
}

/// Only ASCII digits (so slicing by byte is safe).
fn digits(s: &str) -> bool {
	s.bytes().all(|b| b.is_ascii_digit())
}

/// GLN-13 from company prefix and location reference.
fn gln13(cp: &str, loc: &str) -> Option<String> {
	if !digits(cp) || !digits(loc) {
		return None;
	}
	let body = format!("{cp}{loc}");
	(body.len() == 12).then(|| format!("{body}{}", check_digit(&body).unwrap_or('0')))
}

/// An EPC URN as a canonical Digital Link URI (`None` if it is not one this gateway knows).
pub fn urn_to_dl(urn: &str) -> Option<String> {
	let (scheme, rest) = if let Some(r) = urn.strip_prefix("urn:epc:id:") {
		let (s, r) = r.split_once(':')?;
		(s, r)
	} else if let Some(r) = urn.strip_prefix("urn:epc:class:") {
		let (s, r) = r.split_once(':')?;
		(s, r)
	} else {
		return None;
	};
	let parts: Vec<&str> = rest.splitn(3, '.').collect();
	Some(match (scheme, parts.as_slice()) {
		("sgtin", [cp, item, ser]) => {
			format!("{DL}/01/{}/21/{}", gtin14(cp, item)?, pct(&unpct(ser)))
		},
		("lgtin", [cp, item, lot]) => {
			format!("{DL}/01/{}/10/{}", gtin14(cp, item)?, pct(&unpct(lot)))
		},
		("sscc", [cp, rest]) if !rest.is_empty() && digits(cp) && digits(rest) => {
			let body = format!("{}{}{}", &rest[..1], cp, &rest[1..]);
			format!("{DL}/00/{body}{}", check_digit(&body)?)
		},
		("sgln", [cp, loc, ext]) => {
			let gln = gln13(cp, loc)?;
			if *ext == "0" || ext.is_empty() {
				format!("{DL}/414/{gln}")
			} else {
				format!("{DL}/414/{gln}/254/{}", pct(&unpct(ext)))
			}
		},
		("pgln", [cp, loc]) => format!("{DL}/417/{}", gln13(cp, loc)?),
		("giai", [cp, asset]) => format!("{DL}/8004/{cp}{}", pct(&unpct(asset))),
		_ => return None,
	})
}

/// Any identifier in its canonical form: EPC URNs and Digital Link URIs on any domain become
/// `https://id.gs1.org/…` (no query string); anything else is returned trimmed.
pub fn normalise_uri(s: &str) -> String {
	let s = s.trim();
	if let Some(dl) = urn_to_dl(s) {
		return dl;
	}
	for ai in ["/01/", "/00/", "/414/", "/417/", "/8004/"] {
		if (s.starts_with("https://") || s.starts_with("http://")) && s.contains(ai) {
			let path = &s[s.find(ai).expect("contains")..];
			let path = path.split(['?', '#']).next().unwrap_or(path);
			return format!("{DL}{path}");
		}
	}
	s.to_string()
}

/// The EPC class (LGTIN Digital Link, or a private URN) of a BioLedger lot id.
pub fn lot_class(lot: &str) -> String {
	if let Some((gtin, batch)) = lot.split_once('/') {
		if gtin.len() == 14 && gtin.chars().all(|c| c.is_ascii_digit()) && !batch.is_empty() {
			return format!("{DL}/01/{gtin}/10/{}", pct(batch));
		}
	}
	format!("{LOT_URN}{}", pct(lot))
}

/// The BioLedger lot id of an EPC class (LGTIN URN or Digital Link, or the private URN).
pub fn lot_of_class(class: &str) -> Option<String> {
	let c = normalise_uri(class);
	if let Some(rest) = c.strip_prefix(LOT_URN) {
		return Some(unpct(rest));
	}
	let rest = c.strip_prefix(&format!("{DL}/01/"))?;
	let (gtin, tail) = rest.split_once("/10/")?;
	let batch = tail.split('/').next()?;
	(gtin.len() == 14 && gtin.chars().all(|c| c.is_ascii_digit()))
		.then(|| format!("{gtin}/{}", unpct(batch)))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn urns_become_digital_links() {
		assert_eq!(check_digit("0950600013435"), Some('2'));
		assert_eq!(
			urn_to_dl("urn:epc:class:lgtin:9506000.013435.L2026-0001").unwrap(),
			"https://id.gs1.org/01/09506000134352/10/L2026-0001"
		);
		assert_eq!(
			urn_to_dl("urn:epc:id:sgln:9506000.00001.0").unwrap(),
			"https://id.gs1.org/414/9506000000015"
		);
		assert_eq!(
			urn_to_dl("urn:epc:id:pgln:9506000.00000").unwrap(),
			"https://id.gs1.org/417/9506000000008"
		);
		assert_eq!(
			urn_to_dl("urn:epc:id:pgln:4012345.00000").unwrap(),
			"https://id.gs1.org/417/4012345000009"
		);
		assert_eq!(
			urn_to_dl("urn:epc:id:giai:9506000.T1").unwrap(),
			"https://id.gs1.org/8004/9506000T1"
		);
		assert_eq!(
			urn_to_dl("urn:epc:id:sgtin:0614141.107346.2017").unwrap(),
			"https://id.gs1.org/01/10614141073464/21/2017"
		);
		assert_eq!(
			urn_to_dl("urn:epc:id:sgln:0614141.07346.1234").unwrap(),
			"https://id.gs1.org/414/0614141073467/254/1234"
		);
		assert_eq!(
			normalise_uri("https://example.com/01/09506000134352/10/L1?x=1"),
			"https://id.gs1.org/01/09506000134352/10/L1"
		);
	}

	#[test]
	fn lots_round_trip_through_lgtin() {
		let c = lot_class("09506000134352/L2026-0001");
		assert_eq!(c, "https://id.gs1.org/01/09506000134352/10/L2026-0001");
		assert_eq!(lot_of_class(&c).unwrap(), "09506000134352/L2026-0001");
		assert_eq!(
			lot_of_class("urn:epc:class:lgtin:9506000.013435.L2026-0001").unwrap(),
			"09506000134352/L2026-0001"
		);
		let private = lot_class("API-1 batch");
		assert_eq!(private, "urn:bioledger:lot:API-1%20batch");
		assert_eq!(lot_of_class(&private).unwrap(), "API-1 batch");
		assert_eq!(lot_of_class("https://id.gs1.org/01/09506000134352/21/7"), None);
		// Hostile input never panics: multi-byte characters where digits or hex are expected.
		assert_eq!(urn_to_dl("urn:epc:class:lgtin:950600\u{e9}.\u{e9}13435.L1"), None);
		assert_eq!(urn_to_dl("urn:epc:id:sscc:\u{e9}.\u{e9}1"), None);
		assert_eq!(unpct("%\u{e9}%4"), "%\u{e9}%4");
		assert_eq!(unpct("a%2Fb"), "a/b");
	}
}
