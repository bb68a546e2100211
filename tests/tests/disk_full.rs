//! A validator whose disk fills stops cleanly, refuses to start while the disk is full, and
//! recovers when space returns, with its database intact.
//!
//! Dave's base path is moved onto a 160 MiB tmpfs; every node runs with
//! `--db-storage-threshold 64 --db-storage-polling-period 1` (sc-storage-monitor: the node shuts
//! down through its essential-task path when less than the threshold is free). A filler file
//! takes the tmpfs below the threshold while the consortium finalizes. Needs `mount` (root, as
//! in CI): without it the test fails, unless `BIOLEDGER_SKIP_MOUNT_TESTS=1` says to skip it.

use anyhow::{bail, Context, Result};
use bioledger_e2e::{exclusive, wait_for, Network};
use std::{
	io::Write,
	path::{Path, PathBuf},
	process::Command,
	time::Duration,
};

const THRESHOLD_MIB: u64 = 64;
const TMPFS_MIB: u64 = 160;

/// A tmpfs mounted over a directory; unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
	fn mount(at: &Path, mib: u64) -> Result<Option<Self>> {
		let out = Command::new("mount")
			.args(["-t", "tmpfs", "-o", &format!("size={mib}m"), "tmpfs"])
			.arg(at)
			.output()
			.context("mount")?;
		if !out.status.success() {
			let why = String::from_utf8_lossy(&out.stderr).trim().to_string();
			if std::env::var("BIOLEDGER_SKIP_MOUNT_TESTS").as_deref() == Ok("1") {
				eprintln!("disk_full: cannot mount a tmpfs here ({why}): skipped as asked");
				return Ok(None);
			}
			bail!("cannot mount a tmpfs ({why}); set BIOLEDGER_SKIP_MOUNT_TESTS=1 to skip");
		}
		Ok(Some(Tmpfs(at.to_path_buf())))
	}

	fn available_mib(&self) -> Result<u64> {
		let out = Command::new("df").args(["--output=avail", "-m"]).arg(&self.0).output()?;
		let text = String::from_utf8_lossy(&out.stdout);
		text.lines().nth(1).and_then(|l| l.trim().parse().ok()).context("df output")
	}
}

impl Drop for Tmpfs {
	fn drop(&mut self) {
		let _ = Command::new("umount").arg("-l").arg(&self.0).status();
	}
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
	let st = Command::new("cp")
		.arg("-a")
		.arg(format!("{}/.", from.display()))
		.arg(to)
		.status()?;
	if !st.success() {
		bail!("cp -a {} {}", from.display(), to.display());
	}
	Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_validator_whose_disk_fills_stops_cleanly_and_recovers() -> Result<()> {
	let _g = exclusive().await;
	let threshold = THRESHOLD_MIB.to_string();
	let (mut net, rpcs) = Network::local_consortium_with(&[
		"--db-storage-threshold",
		&threshold,
		"--db-storage-polling-period",
		"1",
	])
	.await?;
	wait_for(Duration::from_secs(120), "finalized >= 3", || async {
		Ok((rpcs[0].finalized().await?.0 >= 3).then_some(()))
	})
	.await?;

	// Dave's base path onto a small tmpfs (his database copied over while he is stopped).
	let dave_dir = net.dirs[3].path().to_path_buf();
	net.nodes[3].stop()?;
	let backup = tempfile::tempdir()?;
	copy_dir(&dave_dir, backup.path())?;
	let Some(tmpfs) = Tmpfs::mount(&dave_dir, TMPFS_MIB)? else { return Ok(()) };
	copy_dir(backup.path(), &dave_dir)?;
	net.nodes[3].restart()?;
	let dave = net.nodes[3].wait_rpc(Duration::from_secs(60)).await?;
	let target = rpcs[0].finalized().await?.0;
	wait_for(Duration::from_secs(90), "Dave to finalize again", || async {
		Ok((dave.finalized().await?.0 >= target).then_some(()))
	})
	.await?;
	let (before, before_hash) = dave.finalized().await?;

	// Fill the disk to below the threshold.
	let filler = dave_dir.join("filler");
	let fill_mib = tmpfs.available_mib()?.saturating_sub(THRESHOLD_MIB / 2);
	{
		let mut f = std::fs::File::create(&filler)?;
		let chunk = vec![0u8; 1 << 20];
		for _ in 0..fill_mib {
			f.write_all(&chunk)?;
		}
		f.sync_all()?;
	}
	let status = net.nodes[3].wait_exit(Duration::from_secs(30)).await?;
	// It ends as a failed essential task (exit status 1), not by a signal or a crash.
	assert_eq!(status.code(), Some(1), "Dave's exit: {status}");
	let log = net.nodes[3].log_text();
	assert!(
		log.contains("dropped below threshold"),
		"no storage-monitor message; exit {status}; log tail:\n{}",
		bioledger_e2e::tail(&log, 20)
	);
	assert!(!log.contains("panicked"), "Dave panicked:\n{}", bioledger_e2e::tail(&log, 30));

	// The others go on without him (3 of 4).
	let f = rpcs[0].finalized().await?.0;
	wait_for(Duration::from_secs(60), "finality without Dave", || async {
		Ok((rpcs[0].finalized().await?.0 >= f + 3).then_some(()))
	})
	.await?;

	// While the disk is still full he refuses to start.
	let log_len = net.nodes[3].log_text().len();
	net.nodes[3].restart()?;
	let refused = net.nodes[3].wait_exit(Duration::from_secs(60)).await?;
	assert!(!refused.success(), "Dave started on a full disk");
	assert!(net.nodes[3].log_text()[log_len..].contains("dropped below threshold"));

	// Space returns: he starts on the same database, which still has his finalized chain.
	std::fs::remove_file(&filler)?;
	net.nodes[3].restart()?;
	let dave = net.nodes[3].wait_rpc(Duration::from_secs(60)).await?;
	assert_eq!(dave.block_hash(before).await?, Some(before_hash), "Dave's database lost a block");
	assert_eq!(rpcs[0].block_hash(before).await?, Some(before_hash));
	let target = rpcs[0].finalized().await?.0;
	wait_for(Duration::from_secs(120), "Dave to catch up", || async {
		Ok((dave.finalized().await?.0 >= target).then_some(()))
	})
	.await?;
	assert_eq!(dave.block_hash(target).await?, rpcs[0].block_hash(target).await?);
	net.nodes[3].kill();
	drop(tmpfs);
	Ok(())
}
