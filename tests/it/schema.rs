//! The published JSON Schema of results.json (docs/results.schema.json) is the one the types
//! generate. Run with VERBAND_WRITE_SCHEMA=1 to write it after changing the contract.

#[test]
fn the_published_schema_is_the_types_schema() {
    let path = crate::common::root().join("docs/results.schema.json");
    let schema = serde_json::to_string_pretty(&verband::results::schema()).unwrap() + "\n";
    if std::env::var_os("VERBAND_WRITE_SCHEMA").is_some() {
        std::fs::write(&path, &schema).unwrap();
    }
    let published = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        published == schema,
        "docs/results.schema.json is out of date: rerun with VERBAND_WRITE_SCHEMA=1"
    );
}
