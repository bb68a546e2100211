//! libFuzzer entry point: the harness in `src/lib.rs` on each input. Inputs that decode to no
//! action are kept out of the corpus.

#![no_main]

use libfuzzer_sys::{fuzz_target, Corpus};

fuzz_target!(init: {
	// `FUZZ_WRITE_SEEDS=DIR`: write the seed corpus and stop (`./scripts/fuzz.sh seeds`).
	if let Ok(dir) = std::env::var("FUZZ_WRITE_SEEDS") {
		bioledger_fuzz::seeds::write(std::path::Path::new(&dir));
		std::process::exit(0);
	}
	// Build the world once, outside the timed inputs.
	bioledger_fuzz::world();
}, |data: &[u8]| -> Corpus {
	if bioledger_fuzz::run(data) == 0 {
		Corpus::Reject
	} else {
		Corpus::Keep
	}
});
