//! PDFs nested deeper than the reader can recurse are refused with a message naming the
//! limit, before the reader sees them; the same files within the limits are read. The files
//! are built here (`jixiao_testkit::pdf`).
#![cfg(feature = "pdf")]

use jixiao_extract::formats::{ReadError, read};
use jixiao_testkit::pdf::{deep_page_tree, deep_tj, header_not_utf8};

fn refused(bytes: &[u8]) -> String {
    match read("a.pdf", bytes) {
        Err(e @ ReadError::OverLimit(_)) => e.to_string(),
        other => panic!("not refused over a limit: {other:?}"),
    }
}

fn read_text(bytes: &[u8]) -> String {
    let read = read("a.pdf", bytes).expect("read");
    assert_eq!(read.partial, None);
    read.text
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

#[test]
fn a_pdf_with_only_a_permissions_password_is_read() {
    // The user password is empty: pdftotext and every viewer open it, so jixiao does too.
    let text = read_text(&jixiao_testkit::pdf::permissions_only());
    assert!(text.contains("Budget execution rate is 95 percent") && text.contains("line 5."), "{text}");
}

/// The seeds of the `pdf_reader` fuzz target (`fuzz/seeds/pdf_reader`): hostile nesting just
/// past each limit and far past it, and files within the limits, each small enough for the
/// fuzzer's `-max_len`. Each seed gives the answer named here; `JIXIAO_UPDATE=1` rewrites them.
#[test]
fn the_fuzz_seeds_are_current_and_answer_as_named() {
    use jixiao_testkit::pdf::{document, permissions_only};
    let mut deep_object = b"[".repeat(2_000);
    deep_object.extend(b"]".repeat(2_000));
    let seeds: [(&str, Vec<u8>, bool); 10] = [
        ("ok-tj-100.pdf", deep_tj(100, false), false),
        ("tj-129.pdf", deep_tj(129, false), true),
        ("tj-5000-flate.pdf", deep_tj(5_000, true), true),
        ("tree-32.pdf", deep_page_tree(32), false),
        ("tree-33.pdf", deep_page_tree(33), true),
        ("tree-200.pdf", deep_page_tree(200), true),
        (
            "object-2000.pdf",
            document(&[
                b"<< /Type /Catalog /Pages 2 0 R /Extra 3 0 R >>".to_vec(),
                b"<< /Type /Pages /Kids [] /Count 0 >>".to_vec(),
                deep_object,
            ]),
            true,
        ),
        ("permissions-only.pdf", permissions_only(), false),
        ("ok-tj-100-flate.pdf", deep_tj(100, true), false),
        ("header-not-utf8.pdf", header_not_utf8(), false),
    ];
    let dir = jixiao_testkit::repo_root().join("fuzz/seeds/pdf_reader");
    let update = std::env::var_os("JIXIAO_UPDATE").is_some();
    for (name, bytes, over_limit) in seeds {
        assert!(bytes.len() <= 30_000, "{name}: {} bytes, past the fuzzer's -max_len", bytes.len());
        assert_eq!(matches!(read("a.pdf", &bytes), Err(ReadError::OverLimit(_))), over_limit, "{name}");
        let path = dir.join(name);
        if update {
            std::fs::create_dir_all(&dir).expect("seed folder");
            std::fs::write(&path, &bytes).expect("write seed");
        }
        let stored = std::fs::read(&path).unwrap_or_default();
        assert!(stored == bytes, "{name} is stale: JIXIAO_UPDATE=1 cargo test -p jixiao-extract --test pdf_nesting");
    }
}

#[test]
fn a_pdf_cut_short_is_read_as_partial_never_as_whole_nor_called_a_scan() {
    let whole = jixiao_testkit::pdf::deep_tj(10, false);
    assert!(read_text(&whole).contains("Budget execution rate"));
    // Cut after the page's content: the text is there, the end of the file is not. What was
    // read is given, with a note of how much.
    let cut = &whole[..whole.len() - 30];
    let read = read("a.pdf", cut).expect("the part before the cut");
    assert!(read.text.contains("Budget execution rate"));
    let m = read.partial.unwrap_or_default();
    assert!(
        m.contains("不完整") && m.contains("%%EOF") && m.contains("读出 1 页") && m.contains("只审核读出的部分"),
        "{m}"
    );
    // Cut before any text: nothing to audit, an error.
    match jixiao_extract::formats::read("a.pdf", &whole[..200]) {
        Err(ReadError::Corrupt(m)) => assert!(m.contains("不完整"), "{m}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn pages_lost_to_a_cut_are_named_once_with_the_technical_detail_set_apart() {
    use jixiao_testkit::pdf::{document, stream};
    let font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec();
    let page = |contents: usize| {
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents {contents} 0 R >>"
        )
        .into_bytes()
    };
    let text = b"BT /F1 12 Tf 72 700 Td (Budget execution rate is 95 percent this year.) Tj ET\n";
    let whole = document(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R 6 0 R 8 0 R] /Count 3 >>".to_vec(),
        page(4),
        stream(text, false),
        font,
        page(7),
        stream(text, false),
        page(9),
        stream(text, false),
    ]);
    // Cut where the second page's object begins: the first page is whole, the others are gone.
    let at = whole.windows(7).position(|w| w == b"6 0 obj").expect("second page");
    let read = read("a.pdf", &whole[..at]).expect("the first page");
    assert!(read.text.contains("Budget execution rate"));
    let m = read.partial.unwrap_or_default();
    assert!(m.contains("第 2、3 页无法提取文字"), "{m}");
    assert_eq!(m.matches("技术信息").count(), 1, "{m}");
    assert_eq!(m.matches("文件可能已损坏").count(), 1, "{m}");
}

/// A page tree whose object header holds a byte that is not UTF-8
/// ([`jixiao_testkit::pdf::header_not_utf8`]): the panic inside pdf_oxide stays inside the
/// reader's thread and becomes a Chinese message with the technical detail set apart.
#[test]
fn a_panic_inside_the_pdf_library_becomes_a_message() {
    match read("a.pdf", &header_not_utf8()) {
        Err(ReadError::Corrupt(m)) => assert!(m.contains("PDF 解析器无法处理此文件") && m.contains("技术信息"), "{m}"),
        other => panic!("{other:?}"),
    }
}
