//! The JavaScript that ships inside the crate, as QuickJS bytecode compiled by build.rs: the
//! engine's own files (`js/*.js`) and the vendored bundles (`js/vendor/*.js`).

use rquickjs::{Ctx, Value, qjs};

include!(concat!(env!("OUT_DIR"), "/modules.rs"));

/// The names `require` may load (some are for the engine's own use, see `js/util.js`).
pub fn vendor_modules() -> impl Iterator<Item = &'static str> {
    VENDOR_BYTECODE.iter().map(|(name, _)| *name)
}

/// The bytecode of `require(name)`'s bundle, if it ships.
pub(crate) fn vendor_bytecode(name: &str) -> Option<&'static [u8]> {
    VENDOR_BYTECODE
        .iter()
        .find(|(module, _)| *module == name)
        .map(|(_, bytes)| *bytes)
}

/// Runs bytecode written by build.rs and returns its completion value (for our files and the
/// wrapped bundles: a function). A JavaScript exception is left pending, as `Ctx::eval` does.
pub(crate) fn run_bytecode<'js>(
    ctx: &Ctx<'js>,
    bytecode: &'static [u8],
) -> rquickjs::Result<Value<'js>> {
    let raw = ctx.as_raw().as_ptr();
    // SAFETY: `raw` is the live context `ctx` borrows; the bytecode was written by the same
    // QuickJS (build.rs uses this rquickjs); JS_EvalFunction takes ownership of `function`, and
    // the returned value's ownership passes to `Value`.
    unsafe {
        let flags = qjs::JS_READ_OBJ_BYTECODE as i32;
        let function = qjs::JS_ReadObject(raw, bytecode.as_ptr(), bytecode.len() as _, flags);
        if qjs::JS_IsException(function) {
            return Err(rquickjs::Error::Exception);
        }
        let value = qjs::JS_EvalFunction(raw, function);
        if qjs::JS_IsException(value) {
            return Err(rquickjs::Error::Exception);
        }
        Ok(Value::from_raw(ctx.clone(), value))
    }
}
