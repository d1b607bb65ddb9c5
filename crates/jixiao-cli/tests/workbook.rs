//! The 填报工作簿 from the command line: `template`, `export`, `import`, and `check`, `score`
//! and `report` reading a workbook directly, with findings at `'sheet'!cell`.

mod common;

use std::path::{Path, PathBuf};

use common::{jixiao, jixiao_in};

const WORKBOOK: &str = "examples/lechang-hrss-2024.xlsx";

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-workbook").join(name);
    // Left over from an earlier run, or absent: either way it is made afresh below.
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    dir
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

#[test]
fn check_on_the_example_workbook_points_at_cells() {
    let r = jixiao(&["check", WORKBOOK]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    insta::assert_snapshot!("check_workbook_human", r.stdout);
}

#[test]
fn the_workbook_gives_the_findings_of_the_toml() {
    let codes = |args: &[&str]| -> Vec<(String, String, String)> {
        let r = jixiao(args);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
        let mut c: Vec<_> = v["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| (f["code"].to_string(), f["stated"].to_string(), f["computed"].to_string()))
            .collect();
        c.sort();
        c
    };
    assert_eq!(
        codes(&["check", WORKBOOK, "--format", "json"]),
        codes(&["check", "examples/lechang-hrss-2024.toml", "--format", "json"])
    );
    let r = jixiao(&["check", WORKBOOK, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let first = &v["findings"][0]["location"];
    assert_eq!((first["sheet"].as_str(), first["cell"].as_str()), (Some("收支预决算"), Some("D21")));
}

#[test]
fn score_and_report_read_the_workbook() {
    let r = jixiao(&["score", WORKBOOK]);
    assert!(r.stdout.contains("96.5"), "{}", r.stdout);
    let dir = scratch("report");
    let out = dir.join("r.md");
    let r = jixiao(&["report", WORKBOOK, "-o", &s(&out), "--force"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(std::fs::read_to_string(&out).expect("written").contains("年初预算总数3325.83万元"));
}

#[test]
fn template_export_and_import() {
    let dir = scratch("round");
    let t = dir.join("填报模板.xlsx");
    let r = jixiao(&["template", "-o", &s(&t), "--system", "gd-dept-2024"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(std::fs::read(&t).expect("written").starts_with(b"PK"));
    // The empty template: what must be filled, by cell.
    let r = jixiao(&["check", &s(&t)]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("'基本情况'!B5:必填项“部门名称”未填写"), "{}", r.stderr);

    let x = dir.join("导出.xlsx");
    let r = jixiao(&["export", "examples/lechang-hrss-2024-corrected.toml", "-o", &s(&x)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let back = dir.join("导入.toml");
    let r = jixiao(&["import", &s(&x), "-o", &s(&back)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("已生成记录文件"), "{}", r.stderr);
    let r = jixiao(&["check", &s(&back)]);
    assert_eq!((r.code, r.stdout.trim()), (0, "未发现问题"));
    let json = dir.join("导入.json");
    assert_eq!(jixiao(&["import", &s(&x), "-o", &s(&json)]).code, 0);
    assert!(std::fs::read_to_string(&json).expect("json").contains("\"department\": \"乐昌市人力资源和社会保障局\""));
}

#[test]
fn bad_workbook_arguments_and_files() {
    let dir = scratch("bad");
    let r = jixiao(&["template", "-o", &s(&dir.join("t.xls"))]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("工作簿应为 .xlsx"), "{}", r.stderr);
    let r = jixiao(&["import", WORKBOOK, "-o", &s(&dir.join("r.yaml"))]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("记录文件应为 .toml 或 .json"), "{}", r.stderr);
    let r = jixiao(&["template", "--kind", "project", "--system", "gd-dept-2024", "-o", &s(&dir.join("p.xlsx"))]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("不用于项目支出绩效自评"), "{}", r.stderr);
    std::fs::write(dir.join("not.xlsx"), "just text").expect("write");
    let r = jixiao_in(&dir, &["check", "not.xlsx"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("错误:无法读取 not.xlsx:不是 Excel 工作簿"), "{}", r.stderr);
    let r = jixiao_in(&dir, &["check", "missing.xlsx"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("文件不存在"), "{}", r.stderr);
    // A compound-file signature with nothing behind it (an encrypted workbook is a compound
    // file of EncryptionInfo and EncryptedPackage: jixiao-excel's tests build one).
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(2048, 0);
    std::fs::write(dir.join("broken.xlsx"), ole).expect("write");
    let r = jixiao_in(&dir, &["check", "broken.xlsx"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("错误:无法读取 broken.xlsx:工作簿已损坏"), "{}", r.stderr);
    assert_eq!(std::fs::read_dir(&dir).expect("dir").count(), 2, "nothing written");
}

#[test]
fn an_old_xls_is_read_with_a_note() {
    // LibreOffice (installed by scripts/test) saves the example as Excel 97.
    let dir = scratch("xls");
    jixiao_testkit::convert_with_soffice(&common::root().join(WORKBOOK), "xls", &dir);
    let r = jixiao_in(&dir, &["check", "lechang-hrss-2024.xls"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("注:这是旧版 .xls 文件"), "{}", r.stderr);
    // Its figures, formats and formulas are read: the findings are those of the .xlsx.
    let findings = |out: &str| -> Vec<String> {
        out.lines().filter(|l| l.starts_with("错误[") || l.starts_with("警告[")).map(str::to_string).collect()
    };
    let xlsx = jixiao(&["check", WORKBOOK]);
    assert_eq!(findings(&r.stdout), findings(&xlsx.stdout));
    assert!(r.stdout.contains("发现 5 个错误、5 个警告"), "{}", r.stdout);
}

/// A one-sheet `.xlsx` written by hand: `strings` as its shared strings (declaring `count`),
/// `rows` as its `<sheetData>`.
fn hand_made(count: &str, strings: &[&str], rows: &str) -> Vec<u8> {
    use std::io::Write as _;
    let ns = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"";
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let sst: String = strings.iter().map(|s| format!("<si><t>{s}</t></si>")).collect();
    let parts = [
        (
            "_rels/.rels",
            format!(
                "<Relationships><Relationship Id=\"r1\" Type=\"{rel}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
            ),
        ),
        (
            "xl/workbook.xml",
            format!(
                "<workbook {ns} xmlns:r=\"{rel}\"><sheets><sheet name=\"基本情况\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                "<Relationships><Relationship Id=\"rId1\" Type=\"{rel}/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"{rel}/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>"
            ),
        ),
        ("xl/sharedStrings.xml", format!("<sst {ns} count=\"{count}\" uniqueCount=\"{count}\">{sst}</sst>")),
        (
            "xl/worksheets/sheet1.xml",
            format!("<worksheet {ns}><dimension ref=\"A1:XFD1048576\"/><sheetData>{rows}</sheetData></worksheet>"),
        ),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in parts {
        zip.start_file(name, zip::write::SimpleFileOptions::default()).expect("start");
        zip.write_all(text.as_bytes()).expect("write");
    }
    zip.finish().expect("finish").into_inner()
}

#[test]
fn hostile_workbooks_are_answered_in_chinese_with_exit_2() {
    let dir = scratch("hostile");
    let basic = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>\
                 <row r=\"2\"><c r=\"A2\" t=\"s\"><v>1</v></c><c r=\"B2\" t=\"s\"><v>2</v></c></row>\
                 <row r=\"3\"><c r=\"A3\" t=\"s\"><v>3</v></c><c r=\"B3\" t=\"s\"><v>4</v></c></row>\
                 <row r=\"4\"><c r=\"A4\" t=\"s\"><v>5</v></c><c r=\"B4\"><v>2024</v></c></row>";
    let strings = ["【基本信息】", "项目", "内容", "部门名称", "示例局", "年度"];
    // Shared strings declaring a trillion strings, the dimension the whole grid, one cell in
    // its far corner: read as the few cells it holds.
    let far = format!("{basic}<row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row>");
    std::fs::write(dir.join("far.xlsx"), hand_made("1000000000000", &strings, &far)).expect("write");
    let r = jixiao_in(&dir, &["import", "far.xlsx", "-o", "far.toml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // A reference beyond the grid, a row number beyond it: named, exit 2, nothing written.
    for (name, rows, bad) in [
        ("col.xlsx", format!("{basic}<row r=\"5\"><c r=\"XFE5\"><v>1</v></c></row>"), "XFE5"),
        ("row.xlsx", format!("{basic}<row r=\"4294967296\"><c><v>1</v></c></row>"), "4294967296"),
    ] {
        std::fs::write(dir.join(name), hand_made("6", &strings, &rows)).expect("write");
        let r = jixiao_in(&dir, &["import", name, "-o", "out.toml"]);
        assert_eq!(r.code, 2, "{name}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!("错误:无法读取 {name}"))
                && r.stderr.contains("工作表“基本情况”")
                && r.stderr.contains(bad)
                && r.stderr.contains("超出 Excel 的范围"),
            "{name}: {}",
            r.stderr
        );
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    }
    assert!(!dir.join("out.toml").exists());
}

#[test]
fn rollover_starts_next_years_workbook_from_last_years() {
    use std::io::Read as _;
    let dir = scratch("rollover");
    for (name, from) in [("from-toml", "examples/lechang-hrss-2024.toml"), ("from-xlsx", WORKBOOK)] {
        let out = dir.join(format!("{name}.xlsx"));
        let r = jixiao(&["rollover", from, "-o", &s(&out)]);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        assert!(r.stderr.contains("已生成 2025 年的填报工作簿"), "{}", r.stderr);
        // Last year's 年初预算数 and 执行数 are this year's 上年 figures (基本情况 is sheet 2).
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).expect("open")).expect("zip");
        let mut sheet = String::new();
        zip.by_name("xl/worksheets/sheet2.xml").expect("sheet").read_to_string(&mut sheet).expect("read");
        assert!(sheet.contains("<v>2025</v>"), "{name}: the year");
        assert!(sheet.contains("<v>3325.83</v>") && sheet.contains("<v>3113.18</v>"), "{name}: 上年 figures");
        // What is left to fill before it reads: only the new year's budget table figures (its
        // 科目 carried, its 预算数 and 决算数 blank); everything carried reads.
        let r = jixiao(&["import", &s(&out), "-o", &s(&dir.join(format!("{name}.json")))]);
        assert_eq!(r.code, 2, "{name}: {}", r.stderr);
        let issues: Vec<&str> = r.stderr.lines().filter(|l| l.contains("'!")).collect();
        assert_eq!(issues.len(), 14, "{}", r.stderr);
        assert!(
            issues.iter().all(|l| l.contains("'收支预决算'!")
                && (l.contains("“预算数(万元)”未填写") || l.contains("“决算数(万元)”未填写"))),
            "{}",
            r.stderr
        );
    }
    // Into anything but a workbook: refused, nothing written.
    let r = jixiao(&["rollover", "examples/lechang-hrss-2024.toml", "-o", &s(&dir.join("n.toml"))]);
    assert_eq!(r.code, 2);
    assert!(!dir.join("n.toml").exists());
}

/// The project workbook (项目支出绩效自评表): the template asks for what is required by cell; a
/// project with errors exported, checked by cell (a snapshot), scored, and imported back.
#[test]
fn the_project_workbook_from_template_to_findings_by_cell() {
    let dir = scratch("project");
    let r = jixiao(&["template", "--kind", "project", "-o", &s(&dir.join("项目模板.xlsx"))]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = jixiao_in(&dir, &["check", "项目模板.xlsx"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("'项目基本信息'!B5:必填项“项目名称”未填写"), "{}", r.stderr);

    let example = "examples/project-home-care-service-2024-errors.toml";
    let r = jixiao(&["export", example, "-o", &s(&dir.join("项目.xlsx"))]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = jixiao_in(&dir, &["check", "项目.xlsx"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    insta::assert_snapshot!("check_project_workbook_human", r.stdout);
    // The same findings as from the record file.
    let codes = |r: common::Run| -> Vec<(String, String)> {
        let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
        let mut c: Vec<_> = v["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| (f["code"].to_string(), f["message"].to_string()))
            .collect();
        c.sort();
        c
    };
    assert_eq!(
        codes(jixiao_in(&dir, &["check", "项目.xlsx", "--format", "json"])),
        codes(jixiao(&["check", example, "--format", "json"]))
    );
    let r = jixiao_in(&dir, &["score", "项目.xlsx"]);
    assert!(r.stdout.contains("自评总分:95"), "{}", r.stdout);
    let r = jixiao_in(&dir, &["import", "项目.xlsx", "-o", "项目.toml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let back = std::fs::read_to_string(dir.join("项目.toml")).expect("imported");
    assert!(back.contains("kind = \"project_evaluation\""), "{back}");
    assert!(back.contains("project = \"居家养老上门服务(政府购买服务)\""), "{back}");
}
