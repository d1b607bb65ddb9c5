//! PDFs nested deeper than the reader can recurse are refused with a message naming the
//! limit, before the reader sees them; the same files within the limits are read. The files
//! are built here (`jixiao_testkit::pdf`).
#![cfg(feature = "pdf")]

use jixiao_extract::formats::{ReadError, read};
use jixiao_testkit::pdf::{deep_page_tree, deep_tj};

fn refused(bytes: &[u8]) -> String {
    match read("a.pdf", bytes) {
        Err(e @ ReadError::OverLimit(_)) => e.to_string(),
        other => panic!("not refused over a limit: {other:?}"),
    }
}

fn read_text(bytes: &[u8]) -> String {
    read("a.pdf", bytes).expect("read")
}

#[test]
fn a_tj_array_nested_200000_deep_is_refused_plain_or_compressed() {
    for flate in [false, true] {
        let bytes = deep_tj(200_000, flate);
        let m = refused(&bytes);
        assert!(m.contains("超过嵌套层数上限(128 层)") && m.contains("数据流"), "{m}");
    }
}

#[test]
fn a_page_tree_20000_deep_is_refused() {
    let m = refused(&deep_page_tree(20_000));
    assert!(m.contains("页面树") && m.contains("超过页面树层数上限(32 层)"), "{m}");
}

#[test]
fn nesting_up_to_the_limits_is_read() {
    for flate in [false, true] {
        assert!(read_text(&deep_tj(128, flate)).contains("Budget execution rate"));
        let m = refused(&deep_tj(129, flate));
        assert!(m.contains("嵌套层数上限"), "{m}");
    }
    assert!(read_text(&deep_page_tree(32)).contains("Budget execution rate"));
    let m = refused(&deep_page_tree(33));
    assert!(m.contains("页面树层数上限"), "{m}");
}

#[test]
fn a_deep_array_in_an_object_is_refused_at_its_byte() {
    let mut deep = vec![b'['; 100_000];
    deep.extend(vec![b']'; 100_000]);
    let bytes = jixiao_testkit::pdf::document(&[
        b"<< /Type /Catalog /Pages 2 0 R /Extra 3 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [] /Count 0 >>".to_vec(),
        deep,
    ]);
    let m = refused(&bytes);
    assert!(m.contains("字节处超过嵌套层数上限(128 层)"), "{m}");
}
