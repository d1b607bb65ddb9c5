//! The registry of built-in indicator systems against the `systems/` folder: every file
//! there is built in (listed in `jixiao_core::system::BUILTIN`, so `jixiao systems`, `--system`
//! and the audit's matching know it) and valid, and every built-in system is a file there.
//! A system file added without its registry entry, or an entry left behind, fails here.

use std::path::PathBuf;

use jixiao_core::system::{BUILTIN, builtin, builtins};

fn systems_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../systems")
}

#[test]
fn every_file_in_systems_is_built_in_and_every_built_in_system_is_a_file() {
    let mut files: Vec<String> = std::fs::read_dir(systems_dir())
        .expect("the systems/ folder")
        .map(|e| e.expect("a folder entry").file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut registered: Vec<String> = BUILTIN.iter().map(|(_, file, _)| (*file).to_string()).collect();
    registered.sort();
    let unregistered: Vec<&String> = files.iter().filter(|f| !registered.contains(f)).collect();
    let missing: Vec<&String> = registered.iter().filter(|f| !files.contains(f)).collect();
    assert!(unregistered.is_empty(), "files in systems/ not built in (add them to system::BUILTIN): {unregistered:?}");
    assert!(missing.is_empty(), "built-in systems without a file in systems/: {missing:?}");
    assert_eq!(registered.len(), BUILTIN.len(), "a file is registered twice");
}

#[test]
fn every_built_in_system_is_its_file_and_valid() {
    let mut ids: Vec<&str> = Vec::new();
    for (id, file, text) in BUILTIN {
        assert!(!ids.contains(id), "built-in id {id} registered twice");
        ids.push(id);
        assert_eq!(*file, format!("{id}.toml"), "a built-in system's file is named after its id");
        let on_disk = std::fs::read_to_string(systems_dir().join(file)).expect("the system's file");
        assert_eq!(*text, on_disk, "{file}: the built-in text is not the file's");
        match builtin(id) {
            Some(Ok(loaded)) => assert_eq!(loaded.system.system.id, *id, "{file}: its [system] id"),
            Some(Err(errors)) => panic!("{file} is not a valid indicator system: {errors:?}"),
            None => panic!("{id} is registered but builtin() does not find it"),
        }
    }
    // builtins() keeps only the systems that load: all of them.
    assert_eq!(builtins().len(), BUILTIN.len());
}
