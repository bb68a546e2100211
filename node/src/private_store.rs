//! The node's private store: confidential payloads of the collections its organisation may read,
//! encrypted at rest.
//!
//! One file per payload, `<collection>-<commitment>.bin` under `<base>/chains/<id>/confidential`,
//! holding `nonce (12 bytes) ‖ AES-256-GCM(payload)` with the collection and the commitment as
//! associated data (a file renamed to another collection or commitment does not decrypt). The
//! 256-bit key is generated on first start in the keystore directory (`confidential.key`, mode
//! `0600`, like the other keys); without it the files are unreadable. Every payload is checked
//! against its commitment (`blake2_256`) before it is stored and again when it is read.

use aes_gcm::{
	aead::{Aead, KeyInit, OsRng, Payload},
	AeadCore, Aes256Gcm, Key,
};
use bioledger_primitives::{CollectionId, PayloadHash};
use std::{
	fs,
	io::Write,
	os::unix::fs::{OpenOptionsExt, PermissionsExt},
	path::{Path, PathBuf},
};

/// Largest payload the store accepts (a CoA with its values, a contract's terms).
pub const MAX_PAYLOAD: usize = 256 * 1024;
/// Smallest payload: the 32-byte random salt every payload starts with.
pub const MIN_PAYLOAD: usize = 32;

/// Why a payload was not stored or read.
#[derive(Debug, PartialEq, Eq)]
pub enum StoreError {
	/// The payload does not hash to the commitment.
	Mismatch,
	/// Shorter than the salt or longer than [`MAX_PAYLOAD`].
	Size,
	/// The file does not decrypt (another key, or tampered with).
	Corrupt,
	/// A file-system error.
	Io(String),
}

impl std::fmt::Display for StoreError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			Self::Mismatch => write!(f, "the payload does not match its commitment"),
			Self::Size => write!(f, "payload size out of bounds ({MIN_PAYLOAD}..={MAX_PAYLOAD})"),
			Self::Corrupt => write!(f, "the stored payload does not decrypt"),
			Self::Io(e) => write!(f, "{e}"),
		}
	}
}

/// The commitment to a payload.
pub fn commitment(payload: &[u8]) -> PayloadHash {
	sp_io::hashing::blake2_256(payload)
}

/// The encrypted payload store.
pub struct PrivateStore {
	dir: PathBuf,
	cipher: Aes256Gcm,
}

fn io(e: std::io::Error) -> StoreError {
	StoreError::Io(e.to_string())
}

impl PrivateStore {
	/// Open (creating) the store in `dir` with the key in `key_dir` (created on first use).
	pub fn open(dir: &Path, key_dir: &Path) -> Result<Self, StoreError> {
		fs::create_dir_all(dir).map_err(io)?;
		fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).map_err(io)?;
		fs::create_dir_all(key_dir).map_err(io)?;
		let key_file = key_dir.join("confidential.key");
		let key = match fs::read(&key_file) {
			Ok(k) if k.len() == 32 => k,
			Ok(_) => {
				return Err(StoreError::Io(format!("{} is not a 32-byte key", key_file.display())))
			},
			Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
				let key = Aes256Gcm::generate_key(OsRng);
				let mut f = fs::OpenOptions::new()
					.write(true)
					.create_new(true)
					.mode(0o600)
					.open(&key_file)
					.map_err(io)?;
				f.write_all(&key).map_err(io)?;
				key.to_vec()
			},
			Err(e) => return Err(io(e)),
		};
		let cipher = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&key));
		Ok(Self { dir: dir.to_path_buf(), cipher })
	}

	fn path(&self, collection: CollectionId, hash: &PayloadHash) -> PathBuf {
		self.dir.join(format!("{collection:016x}-{}.bin", hex::encode(hash)))
	}

	fn aad(collection: CollectionId, hash: &PayloadHash) -> Vec<u8> {
		let mut aad = collection.to_le_bytes().to_vec();
		aad.extend_from_slice(hash);
		aad
	}

	/// Store `payload` of `collection` under its commitment `hash`.
	pub fn put(
		&self,
		collection: CollectionId,
		hash: &PayloadHash,
		payload: &[u8],
	) -> Result<(), StoreError> {
		if !(MIN_PAYLOAD..=MAX_PAYLOAD).contains(&payload.len()) {
			return Err(StoreError::Size);
		}
		if commitment(payload) != *hash {
			return Err(StoreError::Mismatch);
		}
		let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
		let aad = Self::aad(collection, hash);
		let sealed = self
			.cipher
			.encrypt(&nonce, Payload { msg: payload, aad: &aad })
			.map_err(|_| StoreError::Corrupt)?;
		let path = self.path(collection, hash);
		let tmp = path.with_extension("tmp");
		let mut f = fs::OpenOptions::new()
			.write(true)
			.create(true)
			.truncate(true)
			.mode(0o600)
			.open(&tmp)
			.map_err(io)?;
		f.write_all(&nonce).map_err(io)?;
		f.write_all(&sealed).map_err(io)?;
		f.sync_all().map_err(io)?;
		fs::rename(&tmp, &path).map_err(io)
	}

	/// The payload of `collection` committed as `hash`, decrypted and checked.
	pub fn get(
		&self,
		collection: CollectionId,
		hash: &PayloadHash,
	) -> Result<Option<Vec<u8>>, StoreError> {
		let bytes = match fs::read(self.path(collection, hash)) {
			Ok(b) => b,
			Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
			Err(e) => return Err(io(e)),
		};
		if bytes.len() < 12 {
			return Err(StoreError::Corrupt);
		}
		let (nonce, sealed) = bytes.split_at(12);
		let aad = Self::aad(collection, hash);
		let payload = self
			.cipher
			.decrypt(nonce.into(), Payload { msg: sealed, aad: &aad })
			.map_err(|_| StoreError::Corrupt)?;
		if commitment(&payload) != *hash {
			return Err(StoreError::Mismatch);
		}
		Ok(Some(payload))
	}

	/// Whether the store holds `hash` of `collection`.
	pub fn has(&self, collection: CollectionId, hash: &PayloadHash) -> bool {
		self.path(collection, hash).exists()
	}

	/// Every payload held: (collection, commitment, bytes on disk).
	pub fn list(&self) -> Vec<(CollectionId, PayloadHash, u64)> {
		let Ok(dir) = fs::read_dir(&self.dir) else { return Vec::new() };
		dir.filter_map(|e| {
			let e = e.ok()?;
			let name = e.file_name().into_string().ok()?;
			let (c, h) = name.strip_suffix(".bin")?.split_once('-')?;
			let collection = u64::from_str_radix(c, 16).ok()?;
			let hash: PayloadHash = hex::decode(h).ok()?.try_into().ok()?;
			Some((collection, hash, e.metadata().ok()?.len()))
		})
		.collect()
	}

	/// How long ago `hash` of `collection` was stored.
	pub fn age(&self, collection: CollectionId, hash: &PayloadHash) -> Option<std::time::Duration> {
		let modified = fs::metadata(self.path(collection, hash)).ok()?.modified().ok()?;
		modified.elapsed().ok()
	}

	/// Delete `hash` of `collection`; whether it was there.
	pub fn delete(&self, collection: CollectionId, hash: &PayloadHash) -> bool {
		fs::remove_file(self.path(collection, hash)).is_ok()
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn payload(fill: u8) -> Vec<u8> {
		let mut p = vec![fill; 32];
		p.extend_from_slice(b"{\"PURITY\":985}");
		p
	}

	#[test]
	fn stores_encrypted_and_checks_commitments() {
		let tmp = tempfile::tempdir().unwrap();
		let (dir, keys) = (tmp.path().join("store"), tmp.path().join("keys"));
		let store = PrivateStore::open(&dir, &keys).unwrap();
		let p = payload(7);
		let h = commitment(&p);
		assert_eq!(store.put(3, &h, &p), Ok(()));
		assert_eq!(store.get(3, &h), Ok(Some(p.clone())));
		// Encrypted at rest: the plaintext is not in the file.
		let raw = fs::read(dir.join(format!("{:016x}-{}.bin", 3, hex::encode(h)))).unwrap();
		assert!(!raw.windows(12).any(|w| w == b"\"PURITY\":985"));
		// The key file is the owner's only.
		let mode = fs::metadata(keys.join("confidential.key")).unwrap().permissions().mode();
		assert_eq!(mode & 0o777, 0o600);
		// A payload that does not match its commitment is refused.
		assert_eq!(store.put(3, &h, &payload(8)), Err(StoreError::Mismatch));
		assert_eq!(store.put(3, &commitment(b"short"), b"short"), Err(StoreError::Size));
		// Moved to another collection, it does not decrypt.
		fs::copy(store.path(3, &h), store.path(4, &h)).unwrap();
		assert_eq!(store.get(4, &h), Err(StoreError::Corrupt));
		// Reopened with the same key it reads; another key does not.
		let again = PrivateStore::open(&dir, &keys).unwrap();
		assert_eq!(again.get(3, &h), Ok(Some(p)));
		let other = PrivateStore::open(&dir, &tmp.path().join("other-keys")).unwrap();
		assert_eq!(other.get(3, &h), Err(StoreError::Corrupt));
		assert_eq!(store.list().len(), 2);
		assert!(store.delete(3, &h));
		assert_eq!(store.get(3, &h), Ok(None));
	}

	/// Store size and write rate for `STORE_PAYLOADS` (default 10,000) payloads of 400 bytes (a
	/// QC result with its CoA summary), extrapolated to 100,000:
	/// `cargo test --release --workspace --bins store_size -- --ignored --nocapture`.
	#[test]
	#[ignore]
	fn store_size() {
		use std::os::unix::fs::MetadataExt;
		let n: u64 = std::env::var("STORE_PAYLOADS")
			.ok()
			.and_then(|v| v.parse().ok())
			.unwrap_or(10_000);
		let tmp = tempfile::tempdir().unwrap();
		let store = PrivateStore::open(&tmp.path().join("s"), &tmp.path().join("k")).unwrap();
		let t = std::time::Instant::now();
		for i in 0..n {
			let mut p = payload((i % 251) as u8);
			p.extend_from_slice(&i.to_le_bytes());
			p.resize(400, b' ');
			store.put(i % 64, &commitment(&p), &p).unwrap();
		}
		let secs = t.elapsed().as_secs_f64();
		let (mut apparent, mut allocated) = (0u64, 0u64);
		for e in fs::read_dir(tmp.path().join("s")).unwrap() {
			let m = e.unwrap().metadata().unwrap();
			apparent += m.len();
			allocated += m.blocks() * 512;
		}
		let per = 100_000.0 / n as f64;
		println!(
			"{n} payloads of 400 bytes: {:.0} writes/s; on disk {:.1} MB apparent, {:.1} MB \
			 allocated; per 100,000: {:.1} MB apparent, {:.1} MB allocated",
			n as f64 / secs,
			apparent as f64 / 1e6,
			allocated as f64 / 1e6,
			apparent as f64 * per / 1e6,
			allocated as f64 * per / 1e6,
		);
	}
}
