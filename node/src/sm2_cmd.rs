//! `bioledger sm2 …`: SM2/SM3 tools for members and integrators, producing exactly what the
//! chain checks (64-byte `r ‖ s` signatures, 65-byte `04 ‖ x ‖ y` keys, user id
//! `1234567812345678`), and reading/writing OpenSSL-compatible PEM files.

use bioledger_crypto::native::{public_key_from_text, public_key_to_pem, verify, Sm2Keypair};
use std::path::PathBuf;

/// SM2 e-seal keys and SM3 document hashes.
#[derive(Debug, clap::Subcommand)]
pub enum Sm2Cmd {
	/// Generate a key pair (random, or from a dev seed with `--seed`).
	Generate {
		/// Write the secret key here (PKCS#8 PEM, readable by `openssl pkey`).
		#[arg(long)]
		out: Option<PathBuf>,
		/// Write the public key here (SubjectPublicKeyInfo PEM).
		#[arg(long)]
		pub_out: Option<PathBuf>,
		/// Derive deterministically from a seed (development only: secret = SM3(seed)).
		#[arg(long)]
		seed: Option<String>,
	},
	/// Print the public key of a secret key file (hex and PEM).
	Public {
		/// Secret key file (PKCS#8/SEC1 PEM or hex).
		#[arg(long)]
		key: PathBuf,
	},
	/// Sign a message; prints the 64-byte `r ‖ s` signature as hex.
	Sign {
		/// Secret key file (PKCS#8/SEC1 PEM or hex).
		#[arg(long)]
		key: PathBuf,
		#[command(flatten)]
		message: Message,
		/// Also write the DER form here (for `openssl pkeyutl -verify -sigfile`).
		#[arg(long)]
		der_out: Option<PathBuf>,
	},
	/// Verify a signature; exits non-zero if it does not verify.
	Verify {
		/// Public key: a PEM file, a hex file, or hex on the command line.
		#[arg(long)]
		public: String,
		#[command(flatten)]
		message: Message,
		/// Signature: 128 hex characters (`r ‖ s`), or a DER file written by OpenSSL.
		#[arg(long)]
		signature: String,
	},
	/// SM3 digest of a file (hex): the document hash to anchor on chain.
	Hash {
		/// The document.
		file: PathBuf,
	},
}

/// The message to sign or verify.
#[derive(Debug, clap::Args)]
#[group(required = true, multiple = false)]
pub struct Message {
	/// Read the message from this file.
	#[arg(long)]
	message_file: Option<PathBuf>,
	/// The message as hex (e.g. a challenge from `ConsortiumApi_eseal_challenge`).
	#[arg(long)]
	message_hex: Option<String>,
}

impl Message {
	fn bytes(&self) -> Result<Vec<u8>, String> {
		match (&self.message_file, &self.message_hex) {
			(Some(f), _) => std::fs::read(f).map_err(|e| format!("{}: {e}", f.display())),
			(_, Some(h)) => {
				hex::decode(h.trim_start_matches("0x")).map_err(|e| format!("message hex: {e}"))
			},
			_ => Err("give --message-file or --message-hex".into()),
		}
	}
}

fn read(path: &PathBuf) -> Result<String, String> {
	std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn write(path: &PathBuf, data: &[u8]) -> Result<(), String> {
	std::fs::write(path, data).map_err(|e| format!("{}: {e}", path.display()))
}

impl Sm2Cmd {
	/// Run the command.
	pub fn run(&self) -> sc_cli::Result<()> {
		self.run_inner().map_err(sc_cli::Error::Input)
	}

	fn run_inner(&self) -> Result<(), String> {
		match self {
			Sm2Cmd::Generate { out, pub_out, seed } => {
				let kp = match seed {
					Some(s) => Sm2Keypair::from_seed(s),
					None => Sm2Keypair::generate(),
				};
				if let Some(p) = out {
					crate::perimeter::write_secret(p, kp.to_pem().as_bytes())
						.map_err(|e| format!("{}: {e}", p.display()))?;
				}
				if let Some(p) = pub_out {
					write(p, public_key_to_pem(&kp.public()).as_bytes())?;
				}
				println!("0x{}", hex::encode(kp.public()));
			},
			Sm2Cmd::Public { key } => {
				let kp = Sm2Keypair::from_text(&read(key)?).map_err(|e| e.to_string())?;
				println!("0x{}", hex::encode(kp.public()));
				print!("{}", public_key_to_pem(&kp.public()));
			},
			Sm2Cmd::Sign { key, message, der_out } => {
				let kp = Sm2Keypair::from_text(&read(key)?).map_err(|e| e.to_string())?;
				let sig = kp.sign(&message.bytes()?);
				if let Some(p) = der_out {
					write(p, &bioledger_crypto::raw_to_der(&sig))?;
				}
				println!("0x{}", hex::encode(sig));
			},
			Sm2Cmd::Verify { public, message, signature } => {
				let text = match std::fs::read_to_string(public) {
					Ok(t) => t,
					Err(_) => public.clone(),
				};
				let key = public_key_from_text(&text).map_err(|e| e.to_string())?;
				let sig = match hex::decode(signature.trim_start_matches("0x")) {
					Ok(b) if b.len() == 64 => b.try_into().expect("64 bytes; qed"),
					_ => {
						let der = std::fs::read(signature)
							.map_err(|_| "signature is neither 64-byte hex nor a DER file")?;
						bioledger_crypto::der_to_raw(&der).ok_or("not a DER SM2 signature")?
					},
				};
				verify(&key, &message.bytes()?, &sig).map_err(|e| format!("invalid: {e:?}"))?;
				println!("valid");
			},
			Sm2Cmd::Hash { file } => {
				let data = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
				println!("0x{}", hex::encode(bioledger_crypto::native::sm3(&data)));
			},
		}
		Ok(())
	}
}
