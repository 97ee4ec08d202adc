//! The tests' fake 1Password Connect server (`tests/support/fake_connect.rs`, after the Connect
//! OpenAPI spec) as a process, for `scripts/bench/onepassword.sh`.
//!
//! `cargo run --example fake_connect -- ITEMS FIELDS DELAY_MS` with the token to accept in
//! `FAKE_CONNECT_TOKEN`: seeds vault `Bench` with items `item1`..`itemITEMS`, each with fields
//! `field1`..`fieldFIELDS` (values `value-I-F`), prints its URL on the first line of stdout,
//! then reads commands on stdin: `counts` prints the requests answered so far as
//! `vaults=N listings=N items=N refused=N`, `reset` zeroes them, `ids` prints the items' ids
//! (space-separated, in order); end of input stops it.

#[allow(dead_code)]
#[path = "../tests/support/fake_connect.rs"]
mod fake_connect;
#[allow(dead_code)]
#[path = "../tests/support/fake_http.rs"]
mod fake_http;

use std::io::{BufRead, Write};
use std::time::Duration;

fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("numbers: ITEMS FIELDS DELAY_MS"))
        .collect();
    let [items, fields, delay_ms] = args[..] else {
        panic!("usage: fake_connect ITEMS FIELDS DELAY_MS");
    };
    let token = std::env::var("FAKE_CONNECT_TOKEN").expect("FAKE_CONNECT_TOKEN");
    let server = fake_connect::FakeConnect::start(&token);
    let vault = server.add_vault("Bench");
    for i in 1..=items {
        let values: Vec<(String, String)> = (1..=fields)
            .map(|f| (format!("field{f}"), format!("value-{i}-{f}")))
            .collect();
        let pairs: Vec<(&str, &str)> = values
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        server.put_item(&vault, &format!("item{i}"), &pairs);
    }
    server.set_delay(Duration::from_millis(delay_ms));
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", server.url()).unwrap();
    out.flush().unwrap();
    for line in std::io::stdin().lock().lines() {
        match line.unwrap_or_default().trim() {
            "counts" => {
                let c = server.counts();
                writeln!(
                    out,
                    "vaults={} listings={} items={} refused={}",
                    c.vault_lists, c.item_lists, c.item_gets, c.refused
                )
                .unwrap();
            }
            "reset" => server.reset_counts(),
            "ids" => {
                let ids: Vec<String> = (1..=items)
                    .map(|i| server.item_id(&vault, &format!("item{i}")))
                    .collect();
                writeln!(out, "{}", ids.join(" ")).unwrap();
            }
            _ => {}
        }
        out.flush().unwrap();
    }
}
