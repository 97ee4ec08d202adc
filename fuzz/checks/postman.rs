//! Postman files and variable expansion on arbitrary bytes. The input holds up to five parts
//! separated by NUL bytes: a collection, an environment, a globals file, an iteration data file
//! and a template. Every reader either reads or refuses; the template is expanded with the
//! variables read (data row, environment, collection, globals, as newman layers them) and the
//! result is never longer than the template plus the growth limit. Shared by the `postman` fuzz
//! target and the seeds test of locket-postman.

use locket_postman::data;
use locket_postman::dynamic::Dynamic;
use locket_postman::model::{Collection, VariableFile};
use locket_postman::variables::{MAX_GROWTH, Scope, Scopes};

pub fn run(input: &[u8]) {
    let mut parts = input.split(|&b| b == 0);
    let mut next = || parts.next().unwrap_or_default();
    let (collection, environment, globals, data_file, template) =
        (next(), next(), next(), next(), next());
    let collection = Collection::from_json(collection)
        .map(|c| Scope::new(&c.variables))
        .unwrap_or_default();
    let environment = VariableFile::from_json(environment)
        .map(|f| Scope::new(&f.values))
        .unwrap_or_default();
    let globals = VariableFile::from_json(globals)
        .map(|f| Scope::new(&f.values))
        .unwrap_or_default();
    let rows = data::read(data_file).unwrap_or_default();
    let row = rows.into_iter().next().unwrap_or_default();
    let template = String::from_utf8_lossy(template);
    let scopes = Scopes {
        layers: vec![&row, &environment, &collection, &globals],
    };
    if let Ok(out) = scopes.render(&template, &mut Dynamic::new()) {
        assert!(out.len() <= template.len() + MAX_GROWTH);
    }
}
