//! The rule pages in `docs/rules/` are generated from the rules' doc comments and stay
//! current. Run with `JIXIAO_UPDATE=1` to rewrite them.

use std::collections::BTreeMap;
use std::path::PathBuf;

#[test]
fn rule_docs_are_current() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules");
    let mut expected = BTreeMap::new();
    expected.insert("README.md".to_string(), jixiao_rules::doc_index());
    for i in jixiao_rules::all_infos() {
        expected.insert(format!("{}-{}.md", i.code, i.name), jixiao_rules::doc_page(i));
    }
    if std::env::var_os("JIXIAO_UPDATE").is_some() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("mkdir docs/rules");
        for (name, text) in &expected {
            std::fs::write(dir.join(name), text).expect("write page");
        }
        return;
    }
    let mut present = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).expect("docs/rules exists") {
        let e = entry.expect("entry");
        present
            .insert(e.file_name().to_string_lossy().to_string(), std::fs::read_to_string(e.path()).unwrap_or_default());
    }
    assert_eq!(
        present.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "docs/rules has other pages than the rules: run `JIXIAO_UPDATE=1 cargo test -p jixiao-rules --test generated`"
    );
    for (name, text) in &expected {
        assert!(
            present[name] == *text,
            "docs/rules/{name} is stale: run `JIXIAO_UPDATE=1 cargo test -p jixiao-rules --test generated`"
        );
    }
}
