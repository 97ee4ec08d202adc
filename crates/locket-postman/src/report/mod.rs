//! Machine-readable reports of a run, in newman's shapes: [`json`] (newman's JSON reporter)
//! and [`junit`] (newman's JUnit reporter). Both are built from a [`Summary`] whose texts are
//! already masked; the CLI writes them through a masking writer as well.
//!
//! [`Summary`]: super::runner::Summary

pub mod json;
pub mod junit;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn millis(d: Duration) -> f64 {
    (d.as_secs_f64() * 1000.0 * 1000.0).round() / 1000.0
}

fn epoch_millis(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// Shown wherever scripts would have run: locket does not run them (yet), and says so.
pub const SCRIPTS_NOT_RUN: &str =
    "pre-request and test scripts are not run by locket run (no assertions were checked)";
