//! `--final`: a final document is written only from a record that has everything the official
//! document needs; `report --final` and `check --final` otherwise exit 1 and list every missing
//! item once, by workbook cell or record field. Without `--final` the report is a draft and
//! says so on every page.

mod common;

use std::path::{Path, PathBuf};

use common::{jixiao, jixiao_in};

const CORRECTED: &str = "examples/lechang-hrss-2024-corrected.toml";
const SEED: &str = "examples/lechang-hrss-2024.toml";

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-final").join(name);
    // Left over from an earlier run, or absent: either way it is made afresh below.
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    dir
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

/// The listed items (`  - 标签:位置`) of a refusal.
fn items(text: &str) -> Vec<String> {
    text.lines().filter_map(|l| l.strip_prefix("  - ")).map(str::to_string).collect()
}

/// What the seed lacks for a final document, by record field.
const SEED_GAPS: [&str; 6] = [
    "单位负责人:header.head(第 30 行)",
    "存在问题第1项的原因:problems[0].cause(未填写)",
    "存在问题第1项的整改措施:problems[0].measures(未填写)",
    "存在问题第2项的原因:problems[1].cause(未填写)",
    "存在问题第2项的整改措施:problems[1].measures(未填写)",
    "结果应用:result_use(未填写)",
];

#[test]
fn the_corrected_example_passes_final() {
    let dir = scratch("corrected");
    let r = jixiao(&["check", "--final", CORRECTED]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("定稿检查:记录已含定稿所需的全部内容。"), "{}", r.stdout);
    for name in ["r.docx", "r.md"] {
        let out = dir.join(name);
        let r = jixiao(&["report", "--final", CORRECTED, "-o", &s(&out)]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stderr.contains("(定稿;"), "{}", r.stderr);
    }
    let md = std::fs::read_to_string(dir.join("r.md")).expect("written");
    assert!(!md.contains("草稿") && !md.contains("未填报"), "{md}");
    let docx = std::fs::read(dir.join("r.docx")).expect("written");
    assert!(!String::from_utf8_lossy(&docx).contains("草稿"));
}

#[test]
fn the_seed_is_refused_with_every_gap_once() {
    let dir = scratch("seed");
    let out = dir.join("r.docx");
    let r = jixiao(&["report", "--final", SEED, "-o", &s(&out), "--force"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!out.exists(), "nothing written");
    // The seed has errors: a final document is refused for them first.
    assert!(r.stderr.contains("不能生成定稿"), "{}", r.stderr);

    let r = jixiao(&["check", "--final", SEED]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains(&format!("{SEED} 还缺少定稿所需的 6 项内容,不能生成定稿")), "{}", r.stdout);
    assert_eq!(items(&r.stdout), SEED_GAPS);

    let r = jixiao(&["check", "--final", SEED, "--format", "json"]);
    assert_eq!(r.code, 1);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let gaps = json["final_gaps"].as_array().expect("final_gaps");
    assert_eq!(gaps.len(), 6);
    assert_eq!(gaps[0], serde_json::json!({"field": "header.head", "label": "单位负责人", "line": 30}));
    assert_eq!(gaps[5], serde_json::json!({"field": "result_use", "label": "结果应用"}));
}

#[test]
fn a_workbook_names_its_cells() {
    let dir = scratch("workbook");
    let book = dir.join("seed.xlsx");
    assert_eq!(jixiao(&["export", SEED, "-o", &s(&book)]).code, 0);
    let r = jixiao(&["check", "--final", &s(&book)]);
    assert_eq!(r.code, 1);
    assert_eq!(
        items(&r.stdout),
        [
            "单位负责人:'基本情况'!B7",
            "存在问题第1项的原因:'问题与建议'!C5",
            "存在问题第1项的整改措施:'问题与建议'!D5",
            "存在问题第2项的原因:'问题与建议'!C6",
            "存在问题第2项的整改措施:'问题与建议'!D6",
            "结果应用:'问题与建议'!B23",
        ]
    );
}

#[test]
fn a_blank_record_is_refused_in_one_round() {
    let dir = scratch("blank");
    std::fs::write(
        dir.join("blank.toml"),
        "kind = \"dept_evaluation\"\n[header]\ndepartment = \"某局\"\nyear = 2024\n",
    )
    .expect("write");
    let r = jixiao_in(&dir, &["report", "--final", "blank.toml", "-o", "r.md"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!dir.join("r.md").exists());
    let listed = items(&r.stderr);
    let unique: std::collections::HashSet<&String> = listed.iter().collect();
    assert_eq!(unique.len(), listed.len(), "each item once: {listed:#?}");
    for want in [
        "单位负责人:header.head(未填写)",
        "存在问题:problems(未填写)",
        "结果应用:result_use(未填写)",
        "绩效目标:targets(未填写)",
        "实有人数:staffing.actual(未填写)",
    ] {
        assert!(listed.iter().any(|l| l == want), "{want}: {listed:#?}");
    }
    assert!(r.stderr.contains(&format!("还缺少定稿所需的 {} 项内容", listed.len())), "{}", r.stderr);
    // The same items from `check --final`.
    let r = jixiao_in(&dir, &["check", "--final", "blank.toml"]);
    assert_eq!(r.code, 1);
    assert_eq!(items(&r.stdout), listed);
}

#[test]
fn a_draft_says_so_in_every_format() {
    let dir = scratch("draft");
    for name in ["r.md", "r.html", "r.docx", "r.pdf"] {
        let out = dir.join(name);
        let r = jixiao(&["report", CORRECTED, "-o", &s(&out)]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stderr.contains("草稿"), "{}", r.stderr);
    }
    let md = std::fs::read_to_string(dir.join("r.md")).expect("md");
    assert!(md.contains("\n> 草稿\n"), "{md}");
    let html = std::fs::read_to_string(dir.join("r.html")).expect("html");
    assert!(html.contains("<p class=\"draft\">草稿</p>"));
    // Word: 草稿 in the page header, which every page shows.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(dir.join("r.docx")).expect("open")).expect("zip");
    let headers: Vec<String> = zip
        .file_names()
        .flatten()
        .filter(|n| n.starts_with("word/header") && n.ends_with(".xml"))
        .map(|n| n.to_string())
        .collect();
    assert!(!headers.is_empty());
    let mut any = false;
    for h in headers {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(&h).expect("part"), &mut text).expect("utf-8");
        any |= text.contains("草稿");
    }
    assert!(any, "a header says 草稿");
    // PDF: every page.
    let pdf = dir.join("r.pdf");
    let pages = jixiao_testkit::run(jixiao_testkit::program("pdfinfo").arg(&pdf));
    let n: usize =
        pages.lines().find_map(|l| l.strip_prefix("Pages:")).and_then(|v| v.trim().parse().ok()).expect("page count");
    for page in 1..=n {
        let p = page.to_string();
        let text =
            jixiao_testkit::run(jixiao_testkit::program("pdftotext").args(["-f", &p, "-l", &p]).arg(&pdf).arg("-"));
        assert!(text.contains("草稿"), "page {page}");
    }
}
