//! `locket exec`: references resolved in the command's environment (never its arguments),
//! env files, masking of everything the command prints, exit status and signals passed
//! through, and nothing started when a reference does not resolve.

mod common;

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use common::*;
use predicates::prelude::*;
use predicates::str::contains as has;

/// Only unreserved characters: its longest masked form is its 24-character base64.
const TOKEN: &str = "s3cr3t-token-value-1";
/// Needs every encoding: space, `@`, `/`, `"` and `\`.
const PASSWORD: &str = "p@ss w/rd\"1\\-XYZ";
const MASK: &str = "********";
/// How long a test waits for something that should happen at once before calling it a hang.
const PATIENCE: Duration = Duration::from_secs(30);

fn vault() -> TestVault {
    let v = TestVault::new();
    v.set("tok", TOKEN);
    v.set("pw", PASSWORD);
    v
}

fn exec(v: &TestVault) -> assert_cmd::Command {
    let mut c = v.cmd();
    c.arg("exec");
    c
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `locket exec ARGS` as a raw child with all three streams piped, for tests that talk to it
/// while it runs.
fn spawn_exec(v: &TestVault, env: &[(&str, &str)], args: &[&str]) -> Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_locket"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("LOCKET_NO_PROMPT", "1")
        .env("NO_COLOR", "1")
        .env("LOCKET_VAULT_KEY", &v.key)
        .envs(env.iter().copied())
        .arg("--vault-dir")
        .arg(&v.dir)
        .arg("exec")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Reads a stream on a thread, handing over each chunk as it arrives.
fn chunks(mut from: impl Read + Send + 'static) -> Receiver<Vec<u8>> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n @ 1..) = from.read(&mut buf) {
            if tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    rx
}

/// Collects chunks into `seen` until `done(seen)`; false if that did not happen in time or the
/// stream ended first.
fn read_until(rx: &Receiver<Vec<u8>>, seen: &mut Vec<u8>, done: impl Fn(&[u8]) -> bool) -> bool {
    let deadline = Instant::now() + PATIENCE;
    while !done(seen) {
        match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(chunk) => seen.extend_from_slice(&chunk),
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return false,
        }
    }
    true
}

/// The child's exit status; kills it and fails if it does not exit in time.
fn wait(child: &mut Child) -> ExitStatus {
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("locket exec did not exit");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for group in bytes.chunks(3) {
        let n = group
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= group.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn percent(value: &str, plus: bool) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            b' ' if plus => "+".into(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn json_escaped(value: &str) -> String {
    let quoted = serde_json::to_string(value).unwrap();
    quoted[1..quoted.len() - 1].to_string()
}

/// Every form of `value` locket masks that a test prints.
fn forms(value: &str) -> Vec<String> {
    let mut out = vec![
        value.to_string(),
        base64(value.as_bytes()),
        percent(value, false),
        percent(value, true),
        json_escaped(value),
    ];
    out.sort();
    out.dedup();
    out
}

// ---- resolution ----------------------------------------------------------------------------

#[test]
fn references_in_the_environment_are_resolved_for_the_command() {
    let v = vault();
    let show = ["--", "sh", "-c", "printf '%s|%s' \"$TOKEN\" \"$PLAIN\""];
    let out = exec(&v)
        .arg("--no-masking")
        .args(show)
        .env("TOKEN", "Bearer {{vault:tok}}")
        .env("PLAIN", "no {{reference}} here")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        format!("Bearer {TOKEN}|no {{{{reference}}}} here")
    );
    assert!(
        text(&out.stderr).contains("not masked"),
        "{}",
        text(&out.stderr)
    );

    exec(&v)
        .args(show)
        .env("TOKEN", "Bearer {{vault:tok}}")
        .env("PLAIN", "plain")
        .assert()
        .success()
        .stdout(format!("Bearer {MASK}|plain"))
        .stderr(has("not masked").not());
}

#[test]
fn env_files_are_loaded_in_order_and_override_the_environment() {
    let v = vault();
    let first = v.path("first.env");
    let second = v.path("second.env");
    std::fs::write(
        &first,
        "# shared settings\nA=from-first\nB=from-first\nexport SECRET='{{vault:tok}}'\nBROKEN=fixed\n",
    )
    .unwrap();
    std::fs::write(&second, "B=from-second\nC=\"quoted # not a comment\"\n").unwrap();
    let out = exec(&v)
        .arg("--no-masking")
        .arg("--env-file")
        .arg(&first)
        .arg("--env-file")
        .arg(&second)
        .args(["--", "sh", "-c"])
        .arg("printf '%s|%s|%s|%s|%s|%s' \"$A\" \"$B\" \"$C\" \"$D\" \"$SECRET\" \"$BROKEN\"")
        .env("A", "inherited")
        .env("D", "inherited")
        // Overridden by the first file: its reference is never looked at.
        .env("BROKEN", "{{vault:does-not-exist}}")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        format!("from-first|from-second|quoted # not a comment|inherited|{TOKEN}|fixed")
    );
}

#[test]
fn a_bad_env_file_exits_2_and_the_command_does_not_run() {
    // The messages, naming file and line, are in tests/cmd/exec/env-file-*.toml.
    let v = vault();
    let marker = v.path("started");
    for content in [
        "A=1\nnot a pair\n",
        "OK=1\n1BAD=x\n",
        "MY-VAR=x\n",
        "A='unclosed secretvalue\n",
    ] {
        let file = v.path("bad.env");
        std::fs::write(&file, content).unwrap();
        let out = exec(&v)
            .arg("--env-file")
            .arg(&file)
            .args(["--", "sh", "-c", "touch \"$MARK\""])
            .env("MARK", &marker)
            .output()
            .unwrap();
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{content:?}: {stderr}");
        assert!(!stderr.contains("secretvalue"), "{stderr}");
        assert!(!marker.exists(), "{content:?} started the command");
    }
}

#[test]
fn non_utf8_environment_values_pass_through_untouched() {
    let v = vault();
    let raw: &[u8] = b"\xff\xfe not {{ text";
    let out = exec(&v)
        .args(["--", "sh", "-c", "printf %s \"$BIN\""])
        .env("BIN", OsStr::from_bytes(raw))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(out.stdout, raw);
    // A reference in a value that is not UTF-8 is resolved all the same.
    let out = exec(&v)
        .args(["--no-masking", "--", "sh", "-c", "printf %s \"$BIN\""])
        .env("BIN", OsStr::from_bytes(b"\xff {{vault:tok}}"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(out.stdout, [b"\xff ".as_slice(), TOKEN.as_bytes()].concat());
}

#[test]
fn references_in_arguments_are_passed_as_written_with_a_warning() {
    let v = vault();
    exec(&v)
        .args(["--", "printf", "%s", "{{vault:tok}}"])
        .assert()
        .success()
        .stdout("{{vault:tok}}")
        .stderr(
            has("argument 2")
                .and(has("not resolve references in arguments"))
                .and(has("environment variable")),
        );
    exec(&v)
        .args(["--", "printf", "%s", "plain"])
        .assert()
        .success()
        .stderr("");
}

// ---- strictness ----------------------------------------------------------------------------

#[test]
fn an_unresolved_reference_exits_4_lists_every_one_and_starts_nothing() {
    let v = vault();
    let marker = v.path("started");
    let file = v.path("c.env");
    std::fs::write(&file, "# first line\nC={{vault:nope}}\n").unwrap();
    let out = exec(&v)
        .arg("--env-file")
        .arg(&file)
        .args(["--", "sh", "-c", "touch \"$MARK\""])
        .env("MARK", &marker)
        .env("A", "{{vault:missing}}")
        .env("B", "x {{vault:}}")
        .env("OK", "{{vault:tok}}")
        .output()
        .unwrap();
    // The message is in tests/cmd/exec/unresolved.toml.
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(!stderr.contains(TOKEN), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(!marker.exists(), "the command was started");
}

#[test]
fn a_locked_vault_exits_3_and_starts_nothing() {
    let v = vault();
    let marker = v.path("started");
    v.cmd_no_key()
        .args(["exec", "--", "sh", "-c", "touch \"$MARK\""])
        .env("MARK", &marker)
        .env("T", "{{vault:tok}}")
        .assert()
        .code(3);
    assert!(!marker.exists(), "the command was started");
}

#[test]
fn without_references_the_vault_is_not_opened() {
    let v = vault();
    v.cmd_no_key()
        .args(["exec", "--", "sh", "-c", "printf %s \"$X\""])
        .env("X", "plain {{not-a-reference}}")
        .assert()
        .success()
        .stdout("plain {{not-a-reference}}");
    // Not even a vault is needed.
    bare_locket()
        .arg("--vault-dir")
        .arg(v.path("no-vault-here"))
        .args(["exec", "--", "sh", "-c", "printf ok"])
        .assert()
        .success()
        .stdout("ok");
    assert!(!v.path("no-vault-here").exists());
}

#[test]
fn values_an_environment_cannot_hold_stop_the_command() {
    let v = vault();
    let marker = v.path("started");
    let binary = v.path("binary");
    std::fs::write(&binary, b"bin\0ary-secret").unwrap();
    v.cmd()
        .args(["set", "bin", "--from-file"])
        .arg(&binary)
        .assert()
        .success();
    exec(&v)
        .args(["--", "sh", "-c", "touch \"$MARK\""])
        .env("MARK", &marker)
        .env("B", "{{vault:bin}}")
        .assert()
        .code(1)
        .stderr(
            has("env B: a secret it references contains a NUL byte").and(has("ary-secret").not()),
        );
    assert!(!marker.exists(), "the command was started");
}

#[test]
fn short_and_empty_values_are_warned_about() {
    let v = vault();
    v.set("short", "abc");
    v.cmd()
        .args(["set", "empty", "--from-file", "/dev/null"])
        .assert()
        .success();
    exec(&v)
        .args(["--", "sh", "-c", "printf '%s|%s' \"$S\" \"$E\""])
        .env("S", "{{vault:short}}")
        .env("E", "{{vault:empty}}")
        .assert()
        .success()
        .stdout("abc|")
        .stderr(
            has("short is shorter than 4 characters: it is not masked").and(has("empty is empty")),
        );
}

// ---- masking -------------------------------------------------------------------------------

/// A command printing, on stdout then stderr, each given value on its own line.
fn print_each(vars: &[(&str, String)]) -> String {
    let list: Vec<String> = vars.iter().map(|(k, _)| format!("\"${k}\"")).collect();
    let list = list.join(" ");
    format!("printf '%s\\n' {list}; printf '%s\\n' {list} >&2")
}

#[test]
fn values_and_their_encodings_are_masked_on_stdout_and_stderr() {
    let v = vault();
    let mut vars: Vec<(&str, String)> = vec![
        ("RAW", "{{vault:pw}}".into()),
        ("INSIDE", "x{{vault:pw}}y".into()),
        ("B64", base64(PASSWORD.as_bytes())),
        ("PCT", percent(PASSWORD, false)),
        ("FORM", percent(PASSWORD, true)),
        (
            "JSON",
            format!("{{\"password\":\"{}\"}}", json_escaped(PASSWORD)),
        ),
        (
            "BASIC",
            format!("Basic {}", base64(format!("user:{PASSWORD}").as_bytes())),
        ),
    ];
    vars.push(("TOK", "{{vault:tok}}".into()));
    let script = print_each(&vars);
    let run = |no_masking: bool| {
        let mut c = exec(&v);
        if no_masking {
            c.arg("--no-masking");
        }
        let out = c
            .args(["--", "sh", "-c", &script])
            .envs(vars.iter().map(|(k, val)| (*k, val)))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        (text(&out.stdout), text(&out.stderr))
    };
    let (stdout, stderr) = run(false);
    let basic = base64(format!("user:{PASSWORD}").as_bytes());
    for (name, out) in [("stdout", &stdout), ("stderr", &stderr)] {
        for form in forms(PASSWORD).iter().chain([&basic]).chain(&forms(TOKEN)) {
            assert!(!out.contains(form.as_str()), "{form} on {name}: {out}");
        }
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), vars.len(), "{name}: {out}");
        for line in lines {
            assert!(line.contains(MASK), "{name}: {line:?} is not masked");
        }
        assert!(out.contains(&format!("x{MASK}y")), "{out}");
        assert!(out.contains("{\"password\":\"********\"}"), "{out}");
    }
    // The control: unmasked, every form is there.
    let (stdout, stderr) = run(true);
    for out in [&stdout, &stderr] {
        for form in forms(PASSWORD).iter().chain([&basic]) {
            assert!(out.contains(form.as_str()), "{form} missing: {out}");
        }
    }
}

#[test]
fn a_secret_written_one_byte_at_a_time_is_masked() {
    let v = vault();
    // One write per character, with a pause between them so each arrives on its own.
    let script = "for fd in 1 2; do s=$S; while [ -n \"$s\" ]; do rest=${s#?}; \
                  printf %s \"${s%\"$rest\"}\" >&$fd; s=$rest; sleep 0.01; done; echo >&$fd; done";
    let out = exec(&v)
        .args(["--", "sh", "-c", script])
        .env("S", "<{{vault:tok}}>")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), format!("<{MASK}>\n"));
    assert_eq!(text(&out.stderr), format!("<{MASK}>\n"));
    // The control: the same command unmasked.
    exec(&v)
        .args(["--no-masking", "--", "sh", "-c", script])
        .env("S", "<{{vault:tok}}>")
        .assert()
        .success()
        .stdout(format!("<{TOKEN}>\n"));
}

#[test]
fn a_secret_split_across_read_chunks_is_masked() {
    let v = vault();
    // Straddle every power-of-two boundary a read, a pipe buffer or a page could split at.
    let mut payload = Vec::new();
    let mut expected = Vec::new();
    for boundary in [4096usize, 8192, 32768, 65536, 131072] {
        for before in [1, 7, TOKEN.len() - 1] {
            let filler = boundary - before - payload.len() % boundary;
            let filler = vec![b'.'; filler % boundary];
            payload.extend_from_slice(&filler);
            expected.extend_from_slice(&filler);
            payload.extend_from_slice(TOKEN.as_bytes());
            expected.extend_from_slice(MASK.as_bytes());
        }
        payload.push(b'\n');
        expected.push(b'\n');
    }
    let file = v.path("payload");
    std::fs::write(&file, &payload).unwrap();
    let out = exec(&v)
        .args(["--", "sh", "-c", "cat \"$F\"; cat \"$F\" >&2"])
        .env("F", &file)
        .env("S", "{{vault:tok}}")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!contains(&out.stdout, TOKEN.as_bytes()));
    assert!(!contains(&out.stderr, TOKEN.as_bytes()));
    assert!(
        out.stdout == expected,
        "stdout differs from the masked payload"
    );
    assert!(
        out.stderr == expected,
        "stderr differs from the masked payload"
    );
}

#[test]
fn stdin_is_the_commands_and_what_it_echoes_is_masked() {
    let v = vault();
    exec(&v)
        .args(["--", "cat"])
        .env("S", "{{vault:tok}}")
        .write_stdin(format!("from stdin: {TOKEN}\n"))
        .assert()
        .success()
        .stdout(format!("from stdin: {MASK}\n"));
}

#[test]
fn output_is_not_held_back_while_the_command_waits() {
    let v = vault();
    let pad = "x".repeat(64);
    let line = format!("ready {pad}\n");
    let script = "printf 'ready %s\\n' \"$PAD\"; read answer; printf 'got %s\\n' \"$answer\"";
    // With TOKEN masked, at most its longest masked form (24 bytes of base64) minus one is
    // held back; without anything to mask, and with --no-masking, nothing is.
    for (args, secret, held_back) in [
        (&[][..], "{{vault:tok}}", 23),
        (&[][..], "plain", 0),
        (&["--no-masking"][..], "{{vault:tok}}", 0),
    ] {
        let mut child = spawn_exec(
            &v,
            &[("PAD", &pad), ("S", secret)],
            &[args, &["--", "sh", "-c", script]].concat(),
        );
        let stdout = chunks(child.stdout.take().unwrap());
        let mut seen = Vec::new();
        let shown = read_until(&stdout, &mut seen, |s| s.len() >= line.len() - held_back);
        // Only now does the command get its answer and finish.
        child.stdin.take().unwrap().write_all(b"go\n").unwrap();
        let status = wait(&mut child);
        assert!(
            shown,
            "{args:?} {secret}: only {:?} shown while the command waited",
            text(&seen)
        );
        assert!(status.success());
        read_until(&stdout, &mut seen, |_| false);
        assert_eq!(text(&seen), format!("{line}got go\n"), "{args:?} {secret}");
    }
}

// ---- exit status and signals ---------------------------------------------------------------

#[test]
fn the_exit_code_passes_through() {
    let v = vault();
    for secret in ["{{vault:tok}}", "plain"] {
        for code in [0, 1, 4, 7, 255] {
            exec(&v)
                .args(["--", "sh", "-c", &format!("exit {code}")])
                .env("S", secret)
                .assert()
                .code(code)
                .stderr("");
        }
    }
}

#[test]
fn a_command_killed_by_a_signal_kills_locket_with_the_same_signal() {
    let v = vault();
    for secret in ["{{vault:tok}}", "plain"] {
        for (signal, number) in [("TERM", 15), ("KILL", 9), ("INT", 2)] {
            let out = exec(&v)
                .args(["--", "sh", "-c", &format!("kill -{signal} $$")])
                .env("S", secret)
                .output()
                .unwrap();
            assert_eq!(
                out.status.signal(),
                Some(number),
                "{signal} {secret}: {:?} {}",
                out.status,
                text(&out.stderr)
            );
        }
    }
}

fn kill(signal: &str, pid: u32) {
    let status = std::process::Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(pid.to_string())
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn signals_sent_to_locket_are_forwarded_to_the_command() {
    let v = vault();
    let script = "trap 'echo \"got $1\" > \"$MARK\"; exit 3' TERM INT HUP QUIT USR1; \
                  echo ready-to-be-signalled-and-long-enough-to-pass-the-masker; \
                  while :; do sleep 0.05; done";
    for (args, secret) in [
        (&[][..], "{{vault:tok}}"),
        (&["--no-masking"][..], "{{vault:tok}}"),
        (&[][..], "plain"),
    ] {
        for signal in ["TERM", "INT", "HUP", "QUIT", "USR1"] {
            let marker = v.path("trapped");
            let _ = std::fs::remove_file(&marker);
            let marker_text = marker.to_str().unwrap();
            let mut child = spawn_exec(
                &v,
                &[("S", secret), ("MARK", marker_text)],
                &[args, &["--", "sh", "-c", script, "sh", signal]].concat(),
            );
            let stdout = chunks(child.stdout.take().unwrap());
            let mut seen = Vec::new();
            // The trap is set once the command says so (the masker holds the end of it back).
            let ready = read_until(&stdout, &mut seen, |s| contains(s, b"rea"));
            if !ready {
                let _ = child.kill();
            }
            assert!(ready, "{args:?} {secret}: the command never got ready");
            kill(signal, child.id());
            let status = wait(&mut child);
            assert_eq!(
                status.code(),
                Some(3),
                "{signal} {args:?} {secret}: {status:?}"
            );
            assert_eq!(
                std::fs::read_to_string(&marker).unwrap(),
                format!("got {signal}\n")
            );
        }
    }
}

const READY_THEN_SLEEP: &str =
    "echo ready-to-be-signalled-and-long-enough-to-pass-the-masker; exec sleep 60";

#[test]
fn a_forwarded_signal_that_kills_the_command_kills_locket_the_same_way() {
    let v = vault();
    for (args, secret) in [(&[][..], "{{vault:tok}}"), (&["--no-masking"][..], "plain")] {
        for (signal, number) in [("TERM", 15), ("INT", 2), ("HUP", 1)] {
            let mut child = spawn_exec(
                &v,
                &[("S", secret)],
                &[args, &["--", "sh", "-c", READY_THEN_SLEEP]].concat(),
            );
            let stdout = chunks(child.stdout.take().unwrap());
            let mut seen = Vec::new();
            let ready = read_until(&stdout, &mut seen, |s| contains(s, b"rea"));
            if !ready {
                let _ = child.kill();
            }
            assert!(ready, "the command never got ready");
            // Whether the shell has become `sleep` yet or not, the signal kills it.
            kill(signal, child.id());
            let status = wait(&mut child);
            assert_eq!(
                status.signal(),
                Some(number),
                "{signal} {args:?}: {status:?}"
            );
        }
    }
}

#[test]
fn ctrl_c_at_a_terminal_reaches_the_command_and_locket_waits_for_it() {
    // `script` gives the command a real terminal; typing ^C on it sends SIGINT to the
    // foreground process group: locket and the command. The command's trap decides the end.
    let v = vault();
    let marker = v.path("interrupted");
    let command = format!(
        "exec {} --vault-dir {} exec -- sh -c 'trap \"echo int >> {}; exit 5\" INT; \
         echo ready-for-ctrl-c-and-long-enough-to-pass-the-masker; \
         while :; do sleep 0.05; done'",
        env!("CARGO_BIN_EXE_locket"),
        v.dir.display(),
        marker.display()
    );
    let mut child = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("LOCKET_NO_PROMPT", "1")
        .env("NO_COLOR", "1")
        .env("LOCKET_VAULT_KEY", &v.key)
        .env("S", "{{vault:tok}}")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = chunks(child.stdout.take().unwrap());
    let mut seen = Vec::new();
    let ready = read_until(&stdout, &mut seen, |s| contains(s, b"ready-for"));
    if !ready {
        let _ = child.kill();
    }
    assert!(ready, "never ready: {}", text(&seen));
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"\x03").unwrap();
    // `script -e` exits as locket did: with the command's code, not killed by the SIGINT.
    let status = wait(&mut child);
    drop(stdin);
    assert_eq!(status.code(), Some(5), "{}", text(&seen));
    assert_eq!(std::fs::read_to_string(&marker).unwrap(), "int\n");
}

// ---- leaks ---------------------------------------------------------------------------------

#[test]
fn no_output_contains_a_secret_unless_masking_is_off() {
    let v = vault();
    v.set("json", "{\"client_secret\": \"abc/def+ghi==\"}");
    let secrets = [TOKEN, PASSWORD, "{\"client_secret\": \"abc/def+ghi==\"}"];
    let all_forms: Vec<String> = secrets.iter().flat_map(|s| forms(s)).collect();
    let env_file = v.path("leak.env");
    std::fs::write(&env_file, "FROM_FILE={{vault:json}}\n").unwrap();
    let vars: Vec<(&str, String)> = vec![
        ("T", "{{vault:tok}}".into()),
        ("P", "{{vault:pw}}".into()),
        ("FROM_FILE", String::new()),
        ("B64", base64(PASSWORD.as_bytes())),
        ("PCT", percent(PASSWORD, false)),
        ("JSONP", json_escaped(PASSWORD)),
        ("JSONJ", json_escaped(secrets[2])),
        ("B64J", base64(secrets[2].as_bytes())),
    ];
    let printing = print_each(&vars);
    let runs: Vec<(&str, Vec<&str>, i32)> = vec![
        ("prints every form", vec!["sh", "-c", &printing], 0),
        (
            "prints then fails",
            vec!["sh", "-c", "printf '%s %s' \"$T\" \"$P\" >&2; exit 9"],
            9,
        ),
        ("prints env", vec!["env"], 0),
        ("unresolved", vec!["sh", "-c", "echo never"], 4),
    ];
    let mut outputs = Vec::new();
    for (what, command, code) in &runs {
        let mut c = exec(&v);
        c.arg("--env-file").arg(&env_file).arg("--").args(command);
        for (k, val) in &vars {
            if !val.is_empty() {
                c.env(k, val);
            }
        }
        if *what == "unresolved" {
            c.env("MISSING", "{{vault:missing}}");
        }
        let out = c.output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(*code),
            "{what}: {}",
            text(&out.stderr)
        );
        outputs.push((what.to_string(), out.stdout, out.stderr));
    }
    for (what, stdout, stderr) in &outputs {
        for form in &all_forms {
            assert!(
                !contains(stdout, form.as_bytes()),
                "{what}: {form} on stdout"
            );
            assert!(
                !contains(stderr, form.as_bytes()),
                "{what}: {form} on stderr"
            );
        }
    }
    // The control: with --no-masking the same command shows them, so the search above works.
    let out = exec(&v)
        .arg("--env-file")
        .arg(&env_file)
        .args(["--no-masking", "--", "sh", "-c", &printing])
        .envs(
            vars.iter()
                .filter(|(_, val)| !val.is_empty())
                .map(|(k, val)| (*k, val)),
        )
        .output()
        .unwrap();
    let shown = secrets.iter().copied().chain(
        vars.iter()
            .filter(|(_, val)| !val.is_empty() && !val.contains("{{"))
            .map(|(_, val)| val.as_str()),
    );
    for form in shown {
        assert!(
            contains(&out.stdout, form.as_bytes()),
            "{form} not shown unmasked"
        );
    }
}

#[test]
fn the_command_gets_the_callers_umask_and_core_limit_not_lockets() {
    let shell = |script: &str| {
        let out = std::process::Command::new("sh")
            .args(["-c", script])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let expected = shell("umask; ulimit -c");
    let out = bare_locket()
        .args(["exec", "--", "sh", "-c", "umask; ulimit -c"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        expected,
        "locket's umask 077 and core limit 0 leaked into the command"
    );
}

#[test]
fn a_vault_key_passed_on_is_masked_in_the_commands_output() {
    let v = TestVault::new();
    v.set("tok", "token-value-123");
    let out = v
        .cmd()
        .env("TOKEN", "{{vault:tok}}")
        .args([
            "exec",
            "--pass-key-env",
            "--",
            "sh",
            "-c",
            "printf '%s|%s' \"$LOCKET_VAULT_KEY\" \"$TOKEN\"",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!stdout.contains(&v.key), "the vault key leaked: {stdout}");
    assert!(!stdout.contains("token-value-123"));
    assert_eq!(stdout, "********|********");
}

/// The names of the variables `exec`'s command sees.
fn child_variable_names(v: &TestVault, flags: &[&str]) -> Vec<String> {
    let out = exec(v)
        .env("TOKEN", "{{vault:tok}}")
        .env("LOCKET_VAULT_KEY_FILE", v.path("some.key"))
        .env("LOCKET_PASSPHRASE", "vault passphrase 1")
        .env("LOCKET_EXPORT_PASSPHRASE", "export passphrase 2")
        .args(flags)
        .args([
            "--",
            "sh",
            "-c",
            "env | sed -n 's/^\\([A-Za-z_][A-Za-z0-9_]*\\)=.*/\\1/p'",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout).lines().map(str::to_string).collect()
}

#[test]
fn the_variables_that_unlock_locket_stay_with_locket() {
    let v = vault();
    let unlocking = [
        "LOCKET_VAULT_KEY",
        "LOCKET_VAULT_KEY_FILE",
        "LOCKET_PASSPHRASE",
        "LOCKET_EXPORT_PASSPHRASE",
    ];
    let names = child_variable_names(&v, &[]);
    assert!(names.iter().any(|n| n == "TOKEN"), "{names:?}");
    for name in unlocking {
        assert!(
            !names.iter().any(|n| n == name),
            "{name} reached the command"
        );
    }
    let names = child_variable_names(&v, &["--pass-key-env"]);
    for name in unlocking {
        assert!(names.iter().any(|n| n == name), "{name} was not passed on");
    }
}

#[test]
fn a_command_that_runs_locket_itself_works_with_pass_key_env() {
    let v = vault();
    let run = |flags: &[&str]| {
        exec(&v)
            .args(flags)
            .arg("--")
            .arg(env!("CARGO_BIN_EXE_locket"))
            .arg("--vault-dir")
            .arg(&v.dir)
            .args(["get", "-n", "tok"])
            .output()
            .unwrap()
    };
    let without = run(&[]);
    assert_eq!(without.status.code(), Some(3), "{}", text(&without.stderr));
    let with = run(&["--pass-key-env"]);
    assert!(with.status.success(), "{}", text(&with.stderr));
}
