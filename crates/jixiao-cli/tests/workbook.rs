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
    let r = jixiao(&["export", "examples/project-farmland-2024.toml", "-o", &s(&dir.join("p.xlsx"))]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("项目支出绩效自评记录"), "{}", r.stderr);
    std::fs::write(dir.join("not.xlsx"), "just text").expect("write");
    let r = jixiao_in(&dir, &["check", "not.xlsx"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("错误:无法读取 not.xlsx:不是 Excel 工作簿"), "{}", r.stderr);
    let r = jixiao_in(&dir, &["check", "missing.xlsx"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("文件不存在"), "{}", r.stderr);
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(2048, 0);
    std::fs::write(dir.join("locked.xlsx"), ole).expect("write");
    let r = jixiao_in(&dir, &["check", "locked.xlsx"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("设置了打开密码"), "{}", r.stderr);
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
    // The figures are read; a stated total equal to its recomputation cannot be told from a
    // formula in an .xls, so the 差异 column's A001 of the .xlsx is not raised.
    assert!(r.stdout.contains("发现 4 个错误"), "{}", r.stdout);
    for code in ["错误[A001]", "错误[C001]", "错误[N001]", "错误[T001]"] {
        assert!(r.stdout.contains(code), "{code}: {}", r.stdout);
    }
}
