//! `locket exec`: being built in this session; replaced before it lands.

use std::path::Path;

use anyhow::Result;

use crate::cli::ExecArgs;
use crate::ui::Ui;

pub fn run(_dir: &Path, _args: ExecArgs, _ui: &Ui) -> Result<()> {
    Err(crate::failure::failed("locket exec is not built yet"))
}
