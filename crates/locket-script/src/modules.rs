//! The JavaScript that ships inside the crate: the engine's own files and the vendored bundles.

include!(concat!(env!("OUT_DIR"), "/vendor_modules.rs"));

/// The engine, in load order: each file is `(function (host, lib) { ... })` and adds to `lib`.
pub(crate) static OWN_SOURCES: &[(&str, &str)] = &[
    ("locket:util.js", include_str!("../js/util.js")),
    ("locket:variables.js", include_str!("../js/variables.js")),
    ("locket:response.js", include_str!("../js/response.js")),
    (
        "locket:chai-postman.js",
        include_str!("../js/chai-postman.js"),
    ),
    ("locket:pm.js", include_str!("../js/pm.js")),
    ("locket:legacy.js", include_str!("../js/legacy.js")),
    ("locket:engine.js", include_str!("../js/engine.js")),
];

/// The source of `require(name)`'s bundle, if it ships.
pub(crate) fn vendor_source(name: &str) -> Option<&'static str> {
    VENDOR_MODULES
        .iter()
        .find(|(module, _)| *module == name)
        .map(|(_, source)| *source)
}

/// The names `require` accepts, for error messages and docs.
pub fn vendor_modules() -> impl Iterator<Item = &'static str> {
    VENDOR_MODULES.iter().map(|(name, _)| *name)
}
