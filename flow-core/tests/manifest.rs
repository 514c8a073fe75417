//! The checked-in manifest (`tests/manifest.json`) is what `flow_core::operations::manifest()`
//! says: a change to the operation table, a model's fields or the settings fails here until the
//! manifest is written again with `make manifest`, and the Python and Node suites then hold the
//! stubs, the TypeScript types and the JS resources to it.

use std::path::PathBuf;

#[test]
fn the_checked_in_manifest_is_current() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/manifest.json");
    let generated = serde_json::to_string_pretty(&flow_core::operations::manifest()).unwrap() + "\n";
    if std::env::var_os("FLOW_WRITE_MANIFEST").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "tests/manifest.json is out of date: run `make manifest` and review the diff"
    );
}
