//! `locket send`: being built in this session; replaced before it lands.

use std::path::Path;

use anyhow::Result;

use crate::cli::SendArgs;
use crate::ui::Ui;

pub fn run(_dir: &Path, _args: SendArgs, _ui: &Ui) -> Result<()> {
    Err(crate::failure::failed("locket send is not built yet"))
}
