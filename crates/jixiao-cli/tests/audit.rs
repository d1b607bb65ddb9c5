//! `jixiao audit` and `jixiao extract` as a user runs them: the seed report's findings
//! (a snapshot of what they say and where they point), the JSON shape, exit codes, and
//! every kind of unreadable input refused with a Chinese message and exit 2.

mod common;

use std::io::Write;
use std::path::PathBuf;

use common::jixiao_in;

fn seed() -> Option<PathBuf> {
    Some(jixiao_testkit::shared()?.join("seed/000_c570ee2c5f3014ba.txt"))
}

fn scratch() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-audit");
    std::fs::create_dir_all(&dir).expect("mkdir");
    dir
}

#[test]
fn seed_audit_findings_and_where_they_point() {
    let Some(seed) = seed() else { return };
    let dir = scratch();
    std::fs::copy(&seed, dir.join("seed.txt")).expect("copy");
    let r = jixiao_in(&dir, &["audit", "seed.txt", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["file"], "seed.txt");
    let text = std::fs::read_to_string(&seed).expect("seed");
    let findings = v["findings"].as_array().expect("findings");
    let errors: Vec<&str> =
        findings.iter().filter(|f| f["severity"] == "error").filter_map(|f| f["code"].as_str()).collect();
    assert_eq!(errors, ["N001", "A001", "A001", "C001", "T001"]);
    let mut shown = String::new();
    for f in findings {
        shown.push_str(&format!(
            "{} {} {}\n",
            f["severity"].as_str().unwrap_or(""),
            f["code"].as_str().unwrap_or(""),
            f["message"].as_str().unwrap_or("")
        ));
        for s in f["spans"].as_array().expect("spans") {
            let (start, end) = (s["start"].as_u64().unwrap_or(0) as usize, s["end"].as_u64().unwrap_or(0) as usize);
            // Byte offsets index the decoded text, and `text` is what they cover.
            assert_eq!(&text[start..end], s["text"].as_str().unwrap_or(""));
            shown.push_str(&format!(
                "    {}:{} {:?} {}\n",
                s["line"],
                s["column"],
                s["text"].as_str().unwrap_or("").replace('\n', "⏎"),
                s["label"].as_str().unwrap_or("")
            ));
        }
    }
    insta::assert_snapshot!("audit_seed", shown);
    // The human form names the file and ends with the summary.
    let h = jixiao_in(&dir, &["audit", "seed.txt"]);
    assert_eq!(h.code, 1);
    assert!(h.stdout.contains("错误[A001]") && h.stdout.contains("╭▸ seed.txt:"), "{}", h.stdout);
    assert!(h.stdout.trim_end().ends_with("seed.txt:发现 5 个错误、5 个警告"), "{}", h.stdout);
}

#[test]
fn seed_in_gbk_and_utf16_audits_the_same() {
    let Some(seed) = seed() else { return };
    let text = std::fs::read_to_string(&seed).expect("seed");
    let dir = scratch();
    let (gbk, _, _) = encoding_rs::GB18030.encode(&text);
    std::fs::write(dir.join("gbk.txt"), &gbk).expect("write");
    let mut utf16 = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    std::fs::write(dir.join("utf16.txt"), utf16).expect("write");
    let codes = |name: &str| -> Vec<String> {
        let r = jixiao_in(&dir, &["audit", name, "--format", "json"]);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
        v["findings"].as_array().expect("findings").iter().map(|f| format!("{} {}", f["code"], f["stated"])).collect()
    };
    assert_eq!(codes("gbk.txt"), codes("utf16.txt"));
    assert_eq!(codes("gbk.txt").len(), 10);
}

#[test]
fn extract_prints_the_text_the_spans_index() {
    let Some(seed) = seed() else { return };
    let dir = scratch();
    std::fs::copy(&seed, dir.join("seed2.txt")).expect("copy");
    let r = jixiao_in(&dir, &["extract", "seed2.txt"]);
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout, std::fs::read_to_string(&seed).expect("seed"));
    let r = jixiao_in(&dir, &["extract", "seed2.txt", "--record"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains("kind = \"dept_evaluation\"") && r.stdout.contains("budget_initial = \"3325.83\""),
        "{}",
        r.stdout
    );
}

/// A one-page PDF with the given content stream; with `encrypt`, a /Encrypt entry.
fn pdf(content: &[u8], encrypt: bool) -> Vec<u8> {
    let mut objs: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_vec(),
        [format!("<< /Length {} >>\nstream\n", content.len()).as_bytes(), content, b"\nendstream"].concat(),
    ];
    if encrypt {
        let key = "00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF";
        objs.push(format!("<< /Filter /Standard /V 1 /R 2 /O <{key}> /U <{key}> /P -4 >>").into_bytes());
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    let id = "<0123456789ABCDEF0123456789ABCDEF>";
    let enc = if encrypt { format!(" /Encrypt 5 0 R /ID [{id} {id}]") } else { String::new() };
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R{enc} >>\nstartxref\n{xref}\n%%EOF\n", objs.len() + 1).as_bytes(),
    );
    out
}

fn zip_bomb() -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(true);
    zip.start_file("word/document.xml", opts).expect("entry");
    let block = vec![b' '; 1 << 20];
    for _ in 0..210 {
        zip.write_all(&block).expect("write");
    }
    zip.finish().expect("zip").into_inner()
}

#[test]
fn unreadable_reports_are_refused_with_a_reason() {
    let dir = scratch();
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).expect("write");
    write("scanned.pdf", &pdf(b"0 0 m 100 100 l S", false));
    write("encrypted.pdf", &pdf(b"0 0 m 100 100 l S", true));
    let mut truncated = pdf(b"BT /F1 12 Tf 72 700 Td (hello) Tj ET", false);
    truncated.truncate(120);
    write("truncated.pdf", &truncated);
    write("corrupt.docx", b"PK\x03\x04 this is not a zip");
    write("bomb.docx", &zip_bomb());
    write("binary.txt", &[0u8; 4096]);
    write("old.doc", b"\xD0\xCF\x11\xE0");
    write("empty.txt", b" \n\n");
    write("empty.pdf", b"");
    let big = std::fs::File::create(dir.join("huge.txt")).expect("create");
    big.set_len(51 * 1024 * 1024).expect("sparse file");
    let mut shown = String::new();
    for name in [
        "scanned.pdf",
        "encrypted.pdf",
        "truncated.pdf",
        "corrupt.docx",
        "bomb.docx",
        "binary.txt",
        "old.doc",
        "empty.txt",
        "empty.pdf",
        "huge.txt",
        "missing.txt",
    ] {
        let r = jixiao_in(&dir, &["audit", name]);
        assert_eq!(r.code, 2, "{name}: {}{}", r.stdout, r.stderr);
        assert!(r.stdout.is_empty(), "{name}: never a report of 'no problems' for an unreadable file: {}", r.stdout);
        assert!(r.stderr.contains(name), "{name}: {}", r.stderr);
        shown.push_str(&r.stderr);
    }
    insta::assert_snapshot!("audit_bad_input", shown);
    // A readable file among unreadable ones is still audited; the exit code says a file failed.
    // Nothing in it can be checked, and the audit says so rather than 未发现问题.
    write("fine.txt", "某局 2024 年度部门整体支出绩效自评报告\n".as_bytes());
    let r = jixiao_in(&dir, &["audit", "fine.txt", "missing.txt"]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.contains("fine.txt:未能检查"), "{}", r.stdout);
    assert!(r.stdout.contains("未能核对任何数字关系"), "{}", r.stdout);
    assert!(!r.stdout.contains("未发现问题"), "{}", r.stdout);
}

/// A document of which only part could be read is audited on that part, with W004 saying how
/// much was read; never refused outright, never called clean.
#[test]
fn a_report_read_only_in_part_is_audited_with_a_warning() {
    let dir = scratch();
    let whole = jixiao_testkit::pdf::deep_tj(1, false);
    let cut = &whole[..whole.len() - 30];
    std::fs::write(dir.join("cut.pdf"), cut).expect("write");
    let r = jixiao_in(&dir, &["audit", "cut.pdf"]);
    assert_eq!(r.code, 0, "a warning, as other warnings of the audit: {}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("W004"), "{}", r.stdout);
    assert!(r.stdout.contains("读出 1 页") && r.stdout.contains("只审核读出的部分"), "{}", r.stdout);
    assert!(!r.stdout.contains("未发现问题"), "{}", r.stdout);
    let r = jixiao_in(&dir, &["audit", "cut.pdf", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let codes: Vec<&str> =
        json["findings"].as_array().into_iter().flatten().filter_map(|f| f["code"].as_str()).collect();
    assert!(codes.contains(&"W004"), "{}", r.stdout);
}

#[test]
fn the_audit_says_how_much_it_checked() {
    let dir = scratch();
    // Nothing checkable: exit 0, never 未发现问题, and the JSON says no relation was checked.
    std::fs::write(dir.join("blank.txt"), "某局 2024 年度部门整体支出绩效自评报告\n本年度工作顺利。\n").expect("write");
    let r = jixiao_in(&dir, &["audit", "blank.txt"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stdout.contains("未发现问题") && r.stdout.contains("blank.txt:未能检查"), "{}", r.stdout);
    let r = jixiao_in(&dir, &["audit", "blank.txt", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["coverage"]["relations"], 0, "{v}");
    // A table whose rows add up: its relations are checked and counted, and then, with no
    // finding, 未发现问题 is true.
    let table = "某局 2024 年度部门整体支出绩效自评报告\n\n\
                 | 项目 | 预算数 | 决算数 | 差异 |\n| --- | --- | --- | --- |\n\
                 | 基本支出 | 100.00 | 90.00 | 10.00 |\n| 项目支出 | 50.00 | 45.00 | 5.00 |\n\
                 | 合计 | 150.00 | 135.00 | 15.00 |\n";
    std::fs::write(dir.join("table.md"), table).expect("write");
    let r = jixiao_in(&dir, &["audit", "table.md", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let relations = v["coverage"]["relations"].as_u64().unwrap_or(0);
    assert!(relations >= 3, "{v}");
    let h = jixiao_in(&dir, &["audit", "table.md"]);
    assert!(h.stdout.contains(&format!("核对了 {relations} 项数字关系")), "{}", h.stdout);
    if v["findings"].as_array().is_some_and(Vec::is_empty) {
        assert!(h.stdout.contains("table.md:未发现问题"), "{}", h.stdout);
    }
    // The seed: what was read, in both forms.
    let Some(seed) = seed() else { return };
    std::fs::copy(&seed, dir.join("seed3.txt")).expect("copy");
    let r = jixiao_in(&dir, &["audit", "seed3.txt", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let c = &v["coverage"];
    assert!(c["relations"].as_u64().unwrap_or(0) > 10 && c["tables"].as_u64().unwrap_or(0) > 0, "{c}");
    assert!(c["targets"].as_u64().unwrap_or(0) > 0 && c["indicators"].as_u64().unwrap_or(0) > 0, "{c}");
    let h = jixiao_in(&dir, &["audit", "seed3.txt"]);
    assert!(h.stdout.contains(&format!("核对了 {} 项数字关系", c["relations"])), "{}", h.stdout);
}
