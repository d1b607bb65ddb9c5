//! PDFs that would make the PDF reader recurse past its stack — a `TJ` operator nested
//! 200 000 deep (plain or compressed), a page tree 20 000 levels deep — end `jixiao audit`
//! with exit 2 and a Chinese message naming the limit, never an abort (exit 134). The files
//! are built here (`jixiao_testkit::pdf`).
#![cfg(feature = "pdf")]

mod common;

use common::jixiao_in;
use jixiao_testkit::pdf::{deep_page_tree, deep_tj, header_not_utf8};

#[test]
fn deeply_nested_pdfs_are_refused_naming_the_limit() {
    let dir = jixiao_testkit::scratch(env!("CARGO_TARGET_TMPDIR"), "cli-hostile/pdf-nesting");
    let cases: [(&str, Vec<u8>, &str); 3] = [
        ("tj.pdf", deep_tj(200_000, false), "超过嵌套层数上限(128 层)"),
        ("tj-flate.pdf", deep_tj(200_000, true), "超过嵌套层数上限(128 层)"),
        ("tree.pdf", deep_page_tree(20_000), "的页面树(第 "),
    ];
    for (name, bytes, says) in cases {
        std::fs::write(dir.join(name), bytes).expect("write");
        let r = jixiao_in(&dir, &["audit", name]);
        assert_eq!(r.code, 2, "{name}: {}", r.stderr);
        assert!(r.stderr.contains(name) && r.stderr.contains(says), "{name}: {}", r.stderr);
        assert!(!r.stderr.contains("overflow") && !r.stderr.contains("panicked"), "{}", r.stderr);
    }
    // Within the limits, the same construction is audited as any report.
    std::fs::write(dir.join("ok.pdf"), deep_tj(100, true)).expect("write");
    let r = jixiao_in(&dir, &["audit", "ok.pdf"]);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
}

/// A panic inside the PDF library (pdf_oxide slicing a header inside a character) prints no
/// "thread … panicked" and no backtrace: only the Chinese message, the detail set apart.
#[test]
fn a_panic_inside_the_pdf_library_prints_only_the_message() {
    let dir = jixiao_testkit::scratch(env!("CARGO_TARGET_TMPDIR"), "cli-hostile/pdf-panic");
    std::fs::write(dir.join("header.pdf"), header_not_utf8()).expect("write");
    let r = common::jixiao_env(&dir, &["audit", "header.pdf"], &[("RUST_BACKTRACE", std::path::Path::new("1"))]);
    let stderr = &r.stderr;
    assert_eq!(r.code, 2, "{stderr}");
    assert!(
        stderr.contains("header.pdf") && stderr.contains("PDF 解析器无法处理此文件") && stderr.contains("技术信息"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked") && !stderr.contains("stack backtrace"), "{stderr}");
}
