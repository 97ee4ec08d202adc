//! Robustness of the vault against the things DESIGN §4 names: `kill -9` at any moment,
//! concurrent writers, a tampered, swapped, truncated or trimmed vault file, wrong and
//! mistyped keys, and leaks of secret values or names into files and output.
//!
//! Tampering goes through python3's `sqlite3` module (always present where these tests run),
//! so rows can be edited precisely without adding rusqlite as a dev-dependency.

mod common;
use common::*;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Output, Stdio};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

const BIN: &str = env!("CARGO_BIN_EXE_locket");

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// The `locket` binary as a plain std command (so the child can be killed), with the same
/// scrubbed environment as `bare_locket()` plus the vault dir and key.
fn raw_locket(dir: &Path, key: &str) -> StdCommand {
    let mut c = StdCommand::new(BIN);
    c.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", std::env::temp_dir().join("locket-test-home-unused"))
        .env("LOCKET_NO_PROMPT", "1")
        .env("NO_COLOR", "1")
        .env("LOCKET_VAULT_KEY", key)
        .arg("--vault-dir")
        .arg(dir);
    c
}

/// Runs `locket ARGS` against `dir` with `key`, feeding `stdin` when given.
fn run(dir: &Path, key: &str, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = raw_locket(dir, key);
    cmd.args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawning locket");
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        // The child may exit without reading (e.g. a usage error); a broken pipe is fine.
        let _ = pipe.write_all(bytes);
    }
    child.wait_with_output().expect("waiting for locket")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn show(out: &Output) -> String {
    format!(
        "status {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        out.status,
        text(&out.stdout),
        text(&out.stderr)
    )
}

fn assert_ok(out: &Output, what: &str) {
    assert!(out.status.success(), "{what} failed:\n{}", show(out));
    assert_no_panic(out, what);
}

fn assert_no_panic(out: &Output, what: &str) {
    for stream in [&out.stdout, &out.stderr] {
        let s = text(stream);
        assert!(
            !s.contains("panicked") && !s.contains("RUST_BACKTRACE"),
            "{what} panicked:\n{}",
            show(out)
        );
    }
}

/// A failure that is reported the way DESIGN §2 promises: the documented exit code, a message
/// on stderr containing one of `words` (any message when `words` is empty: the exact one is a
/// case in tests/cmd), no panic, and nothing on stdout.
fn assert_clean_failure(out: &Output, code: i32, words: &[&str], what: &str) {
    assert_no_panic(out, what);
    assert_eq!(
        out.status.code(),
        Some(code),
        "{what}: wrong exit code\n{}",
        show(out)
    );
    let stderr = text(&out.stderr).to_lowercase();
    assert!(
        words.is_empty() || words.iter().any(|w| stderr.contains(&w.to_lowercase())),
        "{what}: stderr should mention one of {words:?}\n{}",
        show(out)
    );
    assert!(
        out.stdout.is_empty(),
        "{what}: a failing command printed to stdout\n{}",
        show(out)
    );
}

/// Every file in the vault dir with its bytes. Asserts no write-ahead log is pending, so the
/// snapshot is the whole vault: every process that touched it has exited and checkpointed.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let wal = dir.join("vault.db-wal");
    if let Ok(meta) = std::fs::metadata(&wal) {
        assert_eq!(
            meta.len(),
            0,
            "a write-ahead log is pending in {}",
            dir.display()
        );
    }
    files_under(dir)
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

fn assert_unchanged(before: &BTreeMap<PathBuf, Vec<u8>>, dir: &Path, what: &str) {
    let after = snapshot(dir);
    let names = |m: &BTreeMap<PathBuf, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(before),
        names(&after),
        "{what} changed the set of files in the vault dir"
    );
    for (path, bytes) in before {
        assert!(
            after[path] == *bytes,
            "{what} modified {} ({} bytes before, {} after)",
            path.display(),
            bytes.len(),
            after[path].len()
        );
    }
}

/// Runs `script` under python3 with `con` an sqlite3 connection to `db`; commits and closes
/// (which checkpoints the WAL into the main file). Returns the script's stdout.
fn python_sqlite(db: &Path, script: &str) -> String {
    let program = format!(
        "import sqlite3, sys\ncon = sqlite3.connect(sys.argv[1])\n{script}\ncon.commit()\ncon.close()\n"
    );
    let out = StdCommand::new("python3")
        .arg("-c")
        .arg(&program)
        .arg(db)
        .output()
        .expect("python3 is needed for the tampering tests");
    assert!(
        out.status.success(),
        "python3 sqlite3 edit failed:\n{}\n{program}",
        show(&out)
    );
    text(&out.stdout)
}

/// A value of exactly `len` bytes, recognisable, and different for every `tag`.
fn filler(tag: &str, len: usize) -> String {
    let mut s = format!("{tag}:");
    let alphabet = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let seed = tag
        .bytes()
        .fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(b as u64));
    let mut i = 0u64;
    while s.len() < len {
        let k = (seed.wrapping_add(i.wrapping_mul(2_654_435_761))) % alphabet.len() as u64;
        s.push(alphabet[k as usize] as char);
        i += 1;
    }
    s.truncate(len);
    s
}

/// A small xorshift64 PRNG: enough to spread kill times, no dependency needed.
struct XorShift(u64);

impl XorShift {
    fn new(seed: u64) -> Self {
        XorShift(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn list_json(dir: &Path, key: &str) -> Vec<serde_json::Value> {
    let out = run(dir, key, &["--json", "list"], None);
    assert_ok(&out, "list --json");
    serde_json::from_slice::<serde_json::Value>(&out.stdout)
        .expect("list --json prints JSON")
        .as_array()
        .expect("list --json prints an array")
        .clone()
}

fn listed_names(dir: &Path, key: &str) -> Vec<String> {
    list_json(dir, key)
        .iter()
        .map(|e| {
            e["name"]
                .as_str()
                .expect("each entry has a name")
                .to_string()
        })
        .collect()
}

fn get_value(dir: &Path, key: &str, name: &str) -> Vec<u8> {
    let out = run(dir, key, &["get", "-n", name], None);
    assert_ok(&out, &format!("get {name}"));
    out.stdout
}

// ---------------------------------------------------------------------------------------------
// 1. Crash safety
// ---------------------------------------------------------------------------------------------

/// What one killed `set` tried to write.
struct Attempt {
    name: String,
    value: String,
    acknowledged: bool,
}

/// `kill -9` at random moments during 300 `set`s (some before the write starts, some during,
/// some after it finished): the vault still opens, `doctor` passes, every acknowledged write
/// is there with its exact value, and nothing that is there holds anything but the value that
/// was meant for it. About a fifth of the writes overwrite one shared name, to check that an update
/// is atomic too: the survivor is the last acknowledged value or a later attempt, never an
/// older one or a mix.
#[test]
fn kill_9_at_random_moments_loses_no_acknowledged_write() {
    let v = TestVault::new();
    let seed = std::env::var("LOCKET_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    eprintln!("crash test seed: {seed} (rerun with LOCKET_CRASH_SEED={seed})");
    let mut rng = XorShift::new(seed);

    // How long one uninterrupted `set` takes, spawn to exit (median of 7).
    let mut attempts: Vec<Attempt> = Vec::new();
    let mut timings = Vec::new();
    for i in 0..7 {
        let name = format!("warmup_{i}");
        let value = filler(&format!("warmup-{i}"), 64 + 500 * i);
        let start = Instant::now();
        let out = run(&v.dir, &v.key, &["set", &name], Some(value.as_bytes()));
        timings.push(start.elapsed());
        assert_ok(&out, "an uninterrupted set");
        attempts.push(Attempt {
            name,
            value,
            acknowledged: true,
        });
    }
    timings.sort();
    let typical = timings[timings.len() / 2];
    let window = typical.mul_f64(1.5);
    eprintln!("one set takes ~{typical:?}; kills land in 0..{window:?}");

    const ROUNDS: usize = 300;
    const SHARED: &str = "shared_counter";
    let mut self_exited_with_error = Vec::new();
    let mut killed = 0usize;
    let mut acked_late = 0usize;
    let mut wal_left = 0usize;
    for i in 0..ROUNDS {
        // Chosen at random, not by `i`, so shared writes meet every part of the kill window.
        let name = if rng.next().is_multiple_of(5) {
            SHARED.to_string()
        } else {
            format!("name_{i}")
        };
        // Values from 12 bytes to ~6 KB: small rows, and rows with overflow pages.
        let len = 8 + (rng.next() % 6000) as usize;
        let value = filler(&format!("crash-{i}"), len.max(12));
        // Stratified: round i lands in the (i % 10)-th tenth of the window, at a random point.
        let frac = ((i % 10) as f64 + rng.unit()) / 10.0;
        let delay = window.mul_f64(frac);

        let mut child = raw_locket(&v.dir, &v.key)
            .args(["set", &name])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawning locket set");
        {
            let mut pipe = child.stdin.take().unwrap();
            // Fails with a broken pipe if the child is already gone; that is part of the test.
            let _ = pipe.write_all(value.as_bytes());
        }
        std::thread::sleep(delay);
        // SIGKILL on Unix. It fails only if the child was already reaped, which it is not.
        let _ = child.kill();
        let status = child.wait().expect("waiting for the killed child");
        // A killed writer that leaves a non-empty write-ahead log was stopped mid-write or
        // between its commit and the checkpoint: evidence that kills land during writes.
        if status.code().is_none()
            && std::fs::metadata(v.dir.join("vault.db-wal")).is_ok_and(|m| m.len() > 0)
        {
            wal_left += 1;
        }
        let mut stderr = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = e.read_to_string(&mut stderr);
        }
        // Exit status 0 means the process finished `set` and returned success before the
        // signal landed: the write was acknowledged. A signal death means it was not.
        let acknowledged = status.code() == Some(0);
        match status.code() {
            Some(0) => acked_late += usize::from(frac > 0.66),
            Some(code) => self_exited_with_error.push(format!("{name}: exit {code}: {stderr}")),
            None => killed += 1,
        }
        attempts.push(Attempt {
            name,
            value,
            acknowledged,
        });
    }
    let acked = attempts.iter().filter(|a| a.acknowledged).count() - 7;
    eprintln!(
        "{ROUNDS} rounds: {acked} acknowledged ({acked_late} in the last third of the window), \
         {killed} killed ({wal_left} of them left a write-ahead log behind)"
    );
    assert!(
        self_exited_with_error.is_empty(),
        "a `set` that was not killed failed on its own (after an earlier kill):\n{}",
        self_exited_with_error.join("\n")
    );
    assert!(
        killed >= ROUNDS / 10,
        "only {killed} of {ROUNDS} sets were killed: the kill window ({window:?}) is too late to test anything"
    );
    assert!(
        acked >= ROUNDS / 10,
        "only {acked} of {ROUNDS} sets finished: the kill window ({window:?}) is too early to test anything"
    );

    // The vault opens and is whole.
    let doctor = run(&v.dir, &v.key, &["doctor"], None);
    assert_ok(&doctor, "doctor after the kills");

    // Every acknowledged write is there, exactly.
    let present: BTreeSet<String> = listed_names(&v.dir, &v.key).into_iter().collect();
    for a in attempts
        .iter()
        .filter(|a| a.acknowledged && a.name != SHARED)
    {
        assert!(
            present.contains(&a.name),
            "acknowledged secret {} is missing after the kills",
            a.name
        );
    }

    let committed_unacked = attempts
        .iter()
        .filter(|a| !a.acknowledged && a.name != SHARED && present.contains(&a.name))
        .count();
    eprintln!("{committed_unacked} killed writes had committed before the kill");

    // Whatever is there holds exactly what was meant for it.
    let intended: BTreeMap<&str, &str> = attempts
        .iter()
        .filter(|a| a.name != SHARED)
        .map(|a| (a.name.as_str(), a.value.as_str()))
        .collect();
    for name in &present {
        if name == SHARED {
            continue;
        }
        let want = intended
            .get(name.as_str())
            .unwrap_or_else(|| panic!("{name} exists but was never written"));
        let got = get_value(&v.dir, &v.key, name);
        assert!(
            got == want.as_bytes(),
            "{name} holds {} bytes that are not its value ({} bytes)",
            got.len(),
            want.len()
        );
    }

    // The shared name: the last acknowledged value or a later (unacknowledged) attempt.
    let shared: Vec<&Attempt> = attempts.iter().filter(|a| a.name == SHARED).collect();
    let last_acked = shared.iter().rposition(|a| a.acknowledged);
    if present.contains(SHARED) {
        let got = get_value(&v.dir, &v.key, SHARED);
        let pos = shared.iter().position(|a| a.value.as_bytes() == got);
        let pos = pos.unwrap_or_else(|| {
            panic!("{SHARED} holds {} bytes that no write ever sent", got.len())
        });
        if let Some(last) = last_acked {
            assert!(
                pos >= last,
                "{SHARED} rolled back to write #{pos}, older than the last acknowledged write #{last}"
            );
        }
    } else {
        assert!(
            last_acked.is_none(),
            "{SHARED} is missing though a write to it was acknowledged"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Concurrency
// ---------------------------------------------------------------------------------------------

/// Two writers at once, 200 `set` processes each: all 400 land, with their values.
#[test]
fn two_concurrent_writers_lose_nothing() {
    let v = TestVault::new();
    const PER_THREAD: usize = 200;
    let value_of = |t: usize, i: usize| filler(&format!("conc-{t}-{i}"), 20 + (i * 37) % 700);
    let failures: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..2)
            .map(|t| {
                let v = &v;
                s.spawn(move || {
                    let mut failed = Vec::new();
                    for i in 0..PER_THREAD {
                        let name = format!("writer{t}_{i:03}");
                        let value = value_of(t, i);
                        let out = run(&v.dir, &v.key, &["set", &name], Some(value.as_bytes()));
                        if !out.status.success() {
                            failed.push(format!("{name}: {}", show(&out)));
                        }
                    }
                    failed
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert!(
        failures.is_empty(),
        "{} concurrent sets failed; first: {}",
        failures.len(),
        failures[0]
    );

    let entries = list_json(&v.dir, &v.key);
    assert_eq!(entries.len(), 2 * PER_THREAD, "list --json entry count");
    let names: BTreeSet<String> = entries
        .iter()
        .map(|e| e["name"].as_str().unwrap().to_string())
        .collect();
    for t in 0..2 {
        for i in 0..PER_THREAD {
            let name = format!("writer{t}_{i:03}");
            assert!(names.contains(&name), "{name} is missing");
            assert_eq!(
                text(&get_value(&v.dir, &v.key, &name)),
                value_of(t, i),
                "{name} has the wrong value"
            );
        }
    }
    assert_ok(&run(&v.dir, &v.key, &["doctor"], None), "doctor");
}

// ---------------------------------------------------------------------------------------------
// 3. Tampering
// ---------------------------------------------------------------------------------------------

const INTEGRITY: &[&str] = &["integrity check failed", "modified outside locket"];
const DAMAGED: &[&str] = &["damaged", "not a locket vault"];

/// A vault with three secrets whose values have distinct lengths (so python can find their
/// rows by `length(value)` alone): `small` (50 bytes), `medium` (300), `large` (2000).
fn tamper_vault() -> (TestVault, BTreeMap<&'static str, String>) {
    let v = TestVault::new();
    let mut values = BTreeMap::new();
    for (name, len) in [("small", 50), ("medium", 300), ("large", 2000)] {
        let value = filler(&format!("tamper-{name}"), len);
        v.set(name, &value);
        values.insert(name, value);
    }
    (v, values)
}

/// Runs a command that must fail on the tampered vault without touching it.
fn failing(
    v: &TestVault,
    key: &str,
    args: &[&str],
    stdin: Option<&[u8]>,
    code: i32,
    words: &[&str],
) -> Output {
    let before = snapshot(&v.dir);
    let out = run(&v.dir, key, args, stdin);
    assert_clean_failure(&out, code, words, &format!("locket {}", args.join(" ")));
    assert_unchanged(&before, &v.dir, &format!("locket {}", args.join(" ")));
    out
}

/// `doctor` on a damaged vault: it reports on stdout, fails with `code`, mentions one of
/// `words`, and changes nothing.
fn failing_doctor(v: &TestVault, code: i32, words: &[&str]) -> Output {
    let before = snapshot(&v.dir);
    let out = run(&v.dir, &v.key, &["doctor"], None);
    assert_no_panic(&out, "doctor");
    assert_eq!(out.status.code(), Some(code), "doctor:\n{}", show(&out));
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr)).to_lowercase();
    assert!(
        words.iter().any(|w| all.contains(&w.to_lowercase())),
        "doctor should mention one of {words:?}:\n{}",
        show(&out)
    );
    assert_unchanged(&before, &v.dir, "doctor");
    out
}

fn assert_no_value_in(out: &Output, values: &BTreeMap<&'static str, String>, what: &str) {
    for (name, value) in values {
        for stream in [&out.stdout, &out.stderr] {
            assert!(
                !contains(stream, value.as_bytes()),
                "{what} printed the value of {name}:\n{}",
                show(out)
            );
        }
    }
}

/// One flipped byte anywhere in a value's envelope (version, nonce, ciphertext, tag) makes
/// `get` of that secret fail as an integrity error and `doctor` fail; other secrets stay
/// readable; flipping it back heals the vault, so detection is exact.
#[test]
fn tamper_flipped_value_byte_is_detected() {
    let (v, values) = tamper_vault();
    let len = 1 + 12 + 2000 + 16;
    for pos in [0, 5, 13 + 1000, len - 1] {
        let flip = format!(
            "rid, val = con.execute('SELECT id, value FROM secrets ORDER BY length(value) DESC LIMIT 1').fetchone()\n\
             assert len(val) == {len}, len(val)\n\
             val = bytearray(val); val[{pos}] ^= 0x01\n\
             con.execute('UPDATE secrets SET value = ? WHERE id = ?', (bytes(val), rid))"
        );
        python_sqlite(&v.db(), &flip);
        let out = failing(&v, &v.key, &["get", "-n", "large"], None, 1, INTEGRITY);
        assert!(
            text(&out.stderr).contains("large"),
            "the error should name the damaged secret:\n{}",
            show(&out)
        );
        assert_no_value_in(&out, &values, "get of a tampered secret");
        let doctor = failing_doctor(&v, 1, INTEGRITY);
        assert_no_value_in(&doctor, &values, "doctor");
        // The damage is contained to the one record.
        assert_eq!(v.get("small"), values["small"]);
        assert_eq!(v.get("medium"), values["medium"]);

        python_sqlite(&v.db(), &flip); // flip it back
        assert_eq!(
            v.get("large"),
            values["large"],
            "after restoring byte {pos}"
        );
        assert_ok(
            &run(&v.dir, &v.key, &["doctor"], None),
            "doctor after restoring",
        );
    }
}

/// One flipped byte in a row's sealed metadata: `list` (which opens every record) and `get`
/// fail with an integrity error, and change nothing.
#[test]
fn tamper_flipped_meta_byte_is_detected() {
    let (v, values) = tamper_vault();
    python_sqlite(
        &v.db(),
        "rid, meta = con.execute('SELECT id, meta FROM secrets ORDER BY length(value) DESC LIMIT 1').fetchone()\n\
         meta = bytearray(meta); meta[len(meta) // 2] ^= 0x80\n\
         con.execute('UPDATE secrets SET meta = ? WHERE id = ?', (bytes(meta), rid))",
    );
    failing(&v, &v.key, &["get", "-n", "large"], None, 1, INTEGRITY);
    failing(&v, &v.key, &["list"], None, 1, INTEGRITY);
    failing(&v, &v.key, &["--json", "list"], None, 1, INTEGRITY);
    let doctor = failing_doctor(&v, 1, INTEGRITY);
    assert_no_value_in(&doctor, &values, "doctor");
}

/// Swaps column `column` between the rows of `large` and `medium`.
fn swap(v: &TestVault, column: &str) {
    python_sqlite(
        &v.db(),
        &format!(
            "rows = con.execute('SELECT id, {column} FROM secrets ORDER BY length(value) DESC LIMIT 2').fetchall()\n\
             (a, av), (b, bv) = rows\n\
             assert av != bv\n\
             con.execute('UPDATE secrets SET {column} = ? WHERE id = ?', (bv, a))\n\
             con.execute('UPDATE secrets SET {column} = ? WHERE id = ?', (av, b))"
        ),
    );
}

fn assert_swap_detected(v: &TestVault, values: &BTreeMap<&'static str, String>) {
    for name in ["large", "medium"] {
        let out = failing(v, &v.key, &["get", "-n", name], None, 1, INTEGRITY);
        // Neither secret's value comes out, least of all the other one's.
        assert_no_value_in(&out, values, &format!("get {name} after a swap"));
    }
    // The untouched row still reads.
    assert_eq!(v.get("small"), values["small"]);
    let doctor = failing_doctor(v, 1, INTEGRITY);
    assert_no_value_in(&doctor, values, "doctor");
}

/// Two rows' sealed values swapped: each ciphertext is bound to its row, so neither `get`
/// returns the other secret's value.
#[test]
fn tamper_swapped_values_are_detected() {
    let (v, values) = tamper_vault();
    swap(&v, "value");
    assert_swap_detected(&v, &values);
}

/// Two rows' sealed metadata swapped: a row never answers for a name it does not hold.
#[test]
fn tamper_swapped_metas_are_detected() {
    let (v, values) = tamper_vault();
    swap(&v, "meta");
    assert_swap_detected(&v, &values);
    failing(&v, &v.key, &["list"], None, 1, INTEGRITY);
}

fn truncated_vault_fails_cleanly(len: impl Fn(u64) -> u64) {
    let (v, values) = tamper_vault();
    let full = std::fs::metadata(v.db()).unwrap().len();
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(v.db())
        .unwrap();
    file.set_len(len(full)).unwrap();
    drop(file);
    failing(&v, &v.key, &["get", "-n", "small"], None, 1, DAMAGED);
    failing(&v, &v.key, &["get", "-n", "large"], None, 1, DAMAGED);
    failing(&v, &v.key, &["list"], None, 1, DAMAGED);
    failing(&v, &v.key, &["--json", "list"], None, 1, DAMAGED);
    // A write must not "repair" the file by overwriting it.
    failing(
        &v,
        &v.key,
        &["set", "new_one"],
        Some(b"new value"),
        1,
        DAMAGED,
    );
    failing(&v, &v.key, &["rm", "small"], None, 1, DAMAGED);
    let before = snapshot(&v.dir);
    let doctor = run(&v.dir, &v.key, &["doctor"], None);
    assert_no_panic(&doctor, "doctor");
    assert!(!doctor.status.success(), "doctor passed a truncated vault");
    let all = format!("{}{}", text(&doctor.stdout), text(&doctor.stderr)).to_lowercase();
    assert!(
        DAMAGED.iter().any(|w| all.contains(w)),
        "doctor should say the vault is damaged:\n{}",
        show(&doctor)
    );
    assert_no_value_in(&doctor, &values, "doctor");
    assert_unchanged(&before, &v.dir, "doctor");
}

#[test]
fn tamper_truncated_to_half_fails_cleanly() {
    truncated_vault_fails_cleanly(|full| full / 2);
}

#[test]
fn tamper_truncated_to_100_bytes_fails_cleanly() {
    truncated_vault_fails_cleanly(|_| 100);
}

/// `doctor` on a damaged (truncated) vault exits 1, "operation failed", like every other
/// command on it, and does not claim the key is the problem: exit 3 means "vault locked or
/// wrong key" (DESIGN §2), and the key here is the right one.
#[test]
fn doctor_on_a_damaged_vault_blames_the_file_not_the_key() {
    let (v, _) = tamper_vault();
    let full = std::fs::metadata(v.db()).unwrap().len();
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(v.db())
        .unwrap();
    file.set_len(full / 2).unwrap();
    drop(file);
    let out = failing_doctor(&v, 1, DAMAGED);
    assert!(
        !text(&out.stdout).contains("no key source opens this vault"),
        "doctor blames the key for a damaged file:\n{}",
        show(&out)
    );
}

/// A valid key of another vault: exit 3 (its message: tests/cmd/get/wrong-key.toml), nothing
/// changed, even by `set`.
#[test]
fn tamper_key_of_another_vault_is_refused() {
    let (v, values) = tamper_vault();
    let other = TestVault::new();
    assert_ne!(other.key, v.key);
    let words = &[];
    for args in [&["get", "-n", "small"][..], &["list"], &["rm", "small"]] {
        let out = failing(&v, &other.key, args, None, 3, words);
        assert_no_value_in(&out, &values, "a command with the wrong key");
    }
    failing(
        &v,
        &other.key,
        &["set", "small"],
        Some(b"overwrite attempt"),
        3,
        words,
    );
    failing(
        &v,
        &other.key,
        &["set", "brand_new"],
        Some(b"new"),
        3,
        words,
    );
    // Still the old contents under the right key.
    assert_eq!(v.get("small"), values["small"]);
    assert_eq!(listed_names(&v.dir, &v.key).len(), 3);
}

/// One character of the real key changed: exit 3, "not a valid vault key" (the checksum
/// catches the typo; the exact message is tests/cmd/get/invalid-key.toml), and the message
/// never echoes the key.
#[test]
fn tamper_mistyped_key_is_not_a_valid_key() {
    let (v, values) = tamper_vault();
    // The first character of the base32 body, replaced by another base32 character.
    let at = "LOCKET-KEY-1-".len();
    let mut typo = v.key.clone().into_bytes();
    typo[at] = if typo[at] == b'A' { b'B' } else { b'A' };
    let typo = String::from_utf8(typo).unwrap();
    assert_ne!(typo, v.key);
    let words = &["not a valid vault key"];
    for args in [&["get", "-n", "small"][..], &["list"]] {
        let out = failing(&v, &typo, args, None, 3, words);
        assert!(
            !text(&out.stderr).contains(&typo) && !text(&out.stderr).contains(&v.key),
            "the error message echoes the key:\n{}",
            show(&out)
        );
        assert_no_value_in(&out, &values, "a command with a mistyped key");
    }
    failing(
        &v,
        &typo,
        &["set", "small"],
        Some(b"overwrite attempt"),
        3,
        words,
    );
    assert_eq!(v.get("small"), values["small"]);
}

/// A row deleted behind locket's back: each remaining record still opens on its own, but
/// `doctor` compares against the sealed manifest and reports the loss.
#[test]
fn tamper_deleted_row_is_caught_by_doctor() {
    let (v, values) = tamper_vault();
    python_sqlite(
        &v.db(),
        "rid, = con.execute('SELECT id FROM secrets ORDER BY length(value) DESC LIMIT 1').fetchone()\n\
         assert con.execute('DELETE FROM secrets WHERE id = ?', (rid,)).rowcount == 1",
    );
    let out = failing_doctor(&v, 1, &["manifest"]);
    assert_no_value_in(&out, &values, "doctor");
    let report = text(&out.stdout).to_lowercase();
    assert!(
        report.contains("manifest") && report.contains("deleted"),
        "doctor should say records were deleted:\n{}",
        show(&out)
    );
}

// ---------------------------------------------------------------------------------------------
// 4. Leaks
// ---------------------------------------------------------------------------------------------

/// RFC 4648 base64, standard or URL-safe alphabet, without padding.
fn base64(bytes: &[u8], url_safe: bool) -> String {
    let alphabet: &[u8; 64] = if url_safe {
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    } else {
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    };
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(alphabet[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// The forms of a value that must never be found in a file: the plaintext, each line of it,
/// base64 (standard and URL-safe, at each of the three byte alignments) and hex.
fn value_forms(value: &str) -> Vec<Vec<u8>> {
    let mut forms = vec![value.as_bytes().to_vec()];
    forms.extend(
        value
            .lines()
            .filter(|l| l.len() >= 8)
            .map(|l| l.as_bytes().to_vec()),
    );
    for url_safe in [false, true] {
        for skip in 0..3 {
            let enc = base64(&value.as_bytes()[skip..], url_safe);
            // Drop the last (possibly partial) group: what remains appears verbatim inside
            // the base64 of any text that holds the value at this alignment.
            let enc = &enc[..enc.len() - 4];
            forms.push(enc.as_bytes().to_vec());
        }
    }
    let hex: String = value.bytes().map(|b| format!("{b:02x}")).collect();
    forms.push(hex.into_bytes());
    forms
}

/// The leak checks are not vacuous: every alignment of a value inside base64 (as python's
/// `base64` module writes it, standard and URL-safe) and hex is found by `value_forms`.
#[test]
fn leak_detector_finds_encoded_values() {
    let value = "LEAKVALUE-0123456789-detector-Ab9";
    let out = StdCommand::new("python3")
        .arg("-c")
        .arg(
            "import base64, sys\n\
             v = sys.argv[1].encode()\n\
             for pad in range(3):\n\
             \x20   t = b'x' * pad + v + b'tail'\n\
             \x20   print(base64.b64encode(t).decode())\n\
             \x20   print(base64.urlsafe_b64encode(t).decode())\n\
             \x20   print(t.hex())",
        )
        .arg(value)
        .output()
        .expect("python3");
    assert!(out.status.success(), "{}", show(&out));
    let forms = value_forms(value);
    for line in text(&out.stdout).lines() {
        assert!(
            forms.iter().any(|f| contains(line.as_bytes(), f)),
            "no form of the value found in {line}"
        );
    }
    assert!(!forms.iter().any(|f| contains(b"unrelated text", f)));
}

struct LeakSession {
    values: Vec<(&'static str, String)>,
    names: Vec<&'static str>,
    vault_dirs: Vec<PathBuf>,
    outputs: Vec<(String, Output)>,
}

impl LeakSession {
    fn record(&mut self, what: String, out: Output) -> Output {
        assert_no_panic(&out, &what);
        self.outputs.push((what, out.clone()));
        self.check_files(&self.outputs.last().unwrap().0.clone());
        out
    }

    /// No file under any vault dir holds a value (in any form) or a name.
    fn check_files(&self, after: &str) {
        for dir in &self.vault_dirs {
            for file in files_under(dir) {
                let bytes = std::fs::read(&file).unwrap_or_default();
                for (name, value) in &self.values {
                    for form in value_forms(value) {
                        assert!(
                            !contains(&bytes, &form),
                            "after `{after}`: {} contains the value of {name} (as {:?})",
                            file.display(),
                            text(&form)
                        );
                    }
                }
                for name in &self.names {
                    assert!(
                        !contains(&bytes, name.as_bytes()),
                        "after `{after}`: {} contains the name {name} in plaintext",
                        file.display()
                    );
                }
            }
        }
    }
}

/// A whole session with distinctive secrets: no value or name ever reaches a vault file or the
/// encrypted export, and no value reaches any output but `get`'s stdout.
#[test]
fn leak_no_value_or_name_reaches_files_or_output() {
    const PASSPHRASE: &str = "correct horse battery staple 42";
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let dir2 = tmp.path().join("vault2");
    let export = tmp.path().join("export.age");
    let value_file = tmp.path().join("bravo.txt");

    let alpha = "LEAKVALUE-7f3a91c4e2-alpha-Zq8wLm";
    let bravo = "LEAKVALUE-b2e6d0aa51-bravo-Pk3mRt\nLEAKVALUE-b2e6-second-line-Yh7u\n";
    let charlie = "LEAKVALUE-c91f3b7708-charlie-Xy5tQa";
    let delta = "LEAKVALUE-d4a07e19c3-delta-Rn2vWe";
    let foxtrot = "LEAKVALUE-f00dfeed42-foxtrot-Jc6pNs";
    let mut s = LeakSession {
        values: vec![
            ("leakname_alpha", alpha.to_string()),
            ("leakname_bravo", bravo.to_string()),
            ("leakname_charlie", charlie.to_string()),
            ("leakname_delta", delta.to_string()),
            ("leakname_foxtrot", foxtrot.to_string()),
        ],
        names: vec![
            "leakname_alpha",
            "leakname_bravo",
            "leakname_charlie",
            "leakname_delta",
            "leakname_echo",
            "leakname_foxtrot",
        ],
        vault_dirs: vec![dir.clone(), dir2.clone()],
        outputs: Vec::new(),
    };

    let init = |s: &mut LeakSession, d: &Path| -> String {
        let out = bare_locket()
            .arg("--vault-dir")
            .arg(d)
            .args(["init", "--no-keyring"])
            .output()
            .unwrap();
        let out = s.record(format!("init {}", d.display()), out);
        assert!(out.status.success(), "init:\n{}", show(&out));
        text(&out.stdout).trim().to_string()
    };
    let mut key = init(&mut s, &dir);

    macro_rules! locket {
        ($key:expr, $dir:expr, [$($arg:expr),*], $stdin:expr) => {{
            let args: &[&str] = &[$($arg),*];
            let out = run($dir, $key, args, $stdin);
            s.record(format!("locket {}", args.join(" ")), out)
        }};
        ($key:expr, [$($arg:expr),*]) => { locket!($key, &dir, [$($arg),*], None) };
    }
    macro_rules! ok {
        ($($t:tt)*) => {{
            let out = locket!($($t)*);
            assert!(out.status.success(), "{}", show(&out));
            out
        }};
    }

    ok!(
        &key,
        &dir,
        ["set", "leakname_alpha"],
        Some(alpha.as_bytes())
    );
    std::fs::write(&value_file, bravo).unwrap();
    ok!(
        &key,
        &dir,
        [
            "set",
            "leakname_bravo",
            "--from-file",
            value_file.to_str().unwrap()
        ],
        None
    );
    ok!(
        &key,
        &dir,
        ["set", "leakname_charlie", "--allow", "api.example.com"],
        Some(charlie.as_bytes())
    );
    ok!(
        &key,
        &dir,
        ["set", "leakname_delta"],
        Some(delta.as_bytes())
    );
    ok!(
        &key,
        &dir,
        ["set", "leakname_foxtrot"],
        Some(foxtrot.as_bytes())
    );
    ok!(&key, ["list"]);
    let listed = ok!(&key, ["--json", "list"]);
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 5);
    ok!(&key, ["rename", "leakname_delta", "leakname_echo"]);
    ok!(&key, ["disable", "leakname_alpha"]);
    ok!(&key, ["enable", "leakname_alpha"]);
    ok!(
        &key,
        [
            "allow",
            "leakname_alpha",
            "api.example.org",
            "*.example.net"
        ]
    );
    ok!(&key, ["allow", "leakname_charlie", "--clear"]);

    // Encrypted export outside the vault dir, imported into a second vault.
    let out = {
        let mut cmd = raw_locket(&dir, &key);
        cmd.env("LOCKET_EXPORT_PASSPHRASE", PASSPHRASE)
            .args(["export", "-o"])
            .arg(&export);
        s.record("locket export -o FILE".into(), cmd.output().unwrap())
    };
    assert!(out.status.success(), "export:\n{}", show(&out));
    let key2 = init(&mut s, &dir2);
    let out = {
        let mut cmd = raw_locket(&dir2, &key2);
        cmd.env("LOCKET_EXPORT_PASSPHRASE", PASSPHRASE)
            .arg("import")
            .arg(&export);
        s.record("locket import FILE".into(), cmd.output().unwrap())
    };
    assert!(out.status.success(), "import:\n{}", show(&out));
    assert_eq!(text(&get_value(&dir2, &key2, "leakname_echo")), delta);
    assert_eq!(text(&get_value(&dir2, &key2, "leakname_bravo")), bravo);
    ok!(&key2, &dir2, ["list"], None);
    ok!(&key2, &dir2, ["doctor"], None);

    ok!(&key, ["rm", "leakname_foxtrot"]);
    ok!(&key, ["doctor"]);
    let rotated = ok!(&key, ["key", "rotate"]);
    let new_key = text(&rotated.stdout).trim().to_string();
    assert!(new_key.starts_with("LOCKET-KEY-1-"), "{}", show(&rotated));
    assert_ne!(new_key, key);
    let old_key = std::mem::replace(&mut key, new_key);
    let refused = locket!(&old_key, ["get", "-n", "leakname_alpha"]);
    assert_eq!(refused.status.code(), Some(3), "{}", show(&refused));
    ok!(&key, ["list"]);
    ok!(&key, ["doctor"]);

    // `get`, the one command that prints a value, prints exactly it.
    let got = ok!(&key, ["get", "-n", "leakname_alpha"]);
    assert_eq!(text(&got.stdout), alpha);
    let got = ok!(&key, ["get", "leakname_bravo"]);
    assert_eq!(text(&got.stdout), format!("{bravo}\n"));
    let got = ok!(&key, ["get", "-n", "leakname_echo"]);
    assert_eq!(text(&got.stdout), delta);
    let typo = locket!(&key, ["get", "leakname_alpa"]);
    assert_eq!(typo.status.code(), Some(4), "{}", show(&typo));
    assert!(typo.stdout.is_empty(), "{}", show(&typo));

    // The encrypted export holds no value and no name.
    let exported = std::fs::read(&export).unwrap();
    for (name, value) in &s.values {
        for form in value_forms(value) {
            assert!(
                !contains(&exported, &form),
                "the encrypted export contains the value of {name}"
            );
        }
    }
    for name in &s.names {
        assert!(
            !contains(&exported, name.as_bytes()),
            "the encrypted export contains the name {name}"
        );
    }

    // No output but `get`'s stdout carries a value, in any form.
    for (what, out) in &s.outputs {
        for (stream_name, stream) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            if what.starts_with("locket get") && stream_name == "stdout" && out.status.success() {
                continue;
            }
            for (name, value) in &s.values {
                for form in value_forms(value) {
                    assert!(
                        !contains(stream, &form),
                        "the {stream_name} of `{what}` contains the value of {name}:\n{}",
                        show(out)
                    );
                }
            }
        }
    }
    assert!(
        s.outputs.len() >= 25,
        "the session ran {} commands",
        s.outputs.len()
    );
    s.check_files("the whole session");
}
