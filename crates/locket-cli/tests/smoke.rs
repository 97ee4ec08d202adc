mod common;
use common::*;

#[test]
fn set_then_get() {
    let v = TestVault::new();
    v.set("a", "value-1");
    assert_eq!(v.get("a"), "value-1");
}
