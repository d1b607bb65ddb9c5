//! Text that does not decode as the reader first guesses — UTF-32 with or without its BOM,
//! UTF-16 without a BOM, binary content without zero bytes, UTF-8 mixed with GBK, old Mac
//! line endings (CR only) — is read as what it is or refused with exit 2 and a message; never
//! audited as clean from garbage. Inputs are built here from the shared corpus's reports.

mod common;

use common::{Run, jixiao_in};

fn normalised(r: &Run, name: &str) -> String {
    format!("{}\n{}\n{}", r.code, r.stdout.replace(name, "X"), r.stderr.replace(name, "X"))
}

#[test]
fn encodings_and_line_endings_give_the_audit_of_the_utf8_text() {
    let Some(text) = jixiao_testkit::shared_text("corpus/11-guichi-tangxi-xiangmu-2022.txt") else { return };
    let dir = jixiao_testkit::scratch(env!("CARGO_TARGET_TMPDIR"), "cli-hostile/text");
    std::fs::write(dir.join("utf8.txt"), &text).expect("write");
    let base = normalised(&jixiao_in(&dir, &["audit", "utf8.txt"]), "utf8.txt");
    let utf32: Vec<u8> = text.chars().flat_map(|c| (c as u32).to_le_bytes()).collect();
    let utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let cases: [(&str, Vec<u8>); 4] = [
        ("cr.txt", text.replace('\n', "\r").into_bytes()),
        ("utf32.txt", [&[0xFF, 0xFE, 0, 0][..], &utf32].concat()),
        ("utf32-nobom.txt", utf32.clone()),
        ("utf16-nobom.txt", utf16),
    ];
    for (name, bytes) in cases {
        std::fs::write(dir.join(name), bytes).expect("write");
        assert_eq!(normalised(&jixiao_in(&dir, &["audit", name]), name), base, "{name}");
    }
}

#[test]
fn binary_and_mixed_encodings_are_refused() {
    let dir = jixiao_testkit::scratch(env!("CARGO_TARGET_TMPDIR"), "cli-hostile/undecodable");
    let binary: Vec<u8> = (0..50_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8 | 1).collect();
    std::fs::write(dir.join("binary.txt"), binary).expect("write");
    let r = jixiao_in(&dir, &["audit", "binary.txt"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("binary.txt") && r.stderr.contains("不是文本文件"), "{}", r.stderr);
    let part = "一、部门基本情况\n年初预算 3325.83 万元,执行率 93.35%。\n";
    let mut mixed = part.repeat(5).into_bytes();
    mixed.extend_from_slice(&encoding_rs::GBK.encode(&part.repeat(5)).0);
    std::fs::write(dir.join("mixed.txt"), mixed).expect("write");
    let r = jixiao_in(&dir, &["audit", "mixed.txt"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("混用了两种编码") && r.stderr.contains("第 11 行"), "{}", r.stderr);
}
