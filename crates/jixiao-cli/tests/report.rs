//! `jixiao report` as a user runs it: the report written whole in each format, a record with
//! errors refused (or written with a 附注 under `--force`), and every bad argument refused with
//! a Chinese message and nothing written.

mod common;

use std::path::{Path, PathBuf};

use common::{jixiao, jixiao_env};

const CORRECTED: &str = "examples/lechang-hrss-2024-corrected.toml";
const SEED: &str = "examples/lechang-hrss-2024.toml";

/// A fresh, empty scratch folder.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-report").join(name);
    // Left over from an earlier run, or absent: either way it is made afresh below.
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    dir
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

/// The files in a folder (to prove nothing, not even a temporary file, was left behind).
fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn writes_every_format() {
    let dir = scratch("formats");
    for (name, magic) in [
        ("报告.md", "# 乐昌市人力资源和社会保障局2024年度".as_bytes()),
        ("报告.html", b"<!DOCTYPE html>"),
        ("报告.docx", b"PK\x03\x04"),
        ("报告.pdf", b"%PDF-"),
    ] {
        let out = dir.join(name);
        let r = jixiao(&["report", CORRECTED, "-o", &s(&out)]);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "the report goes to the file, not to stdout");
        assert!(r.stderr.contains(&format!("已生成 {}", s(&out))), "{}", r.stderr);
        let bytes = std::fs::read(&out).expect("written");
        assert!(bytes.starts_with(magic), "{name} starts with {:?}", &bytes[..bytes.len().min(16)]);
    }
    assert_eq!(files_in(&dir), ["报告.docx", "报告.html", "报告.md", "报告.pdf"]);
    #[cfg(unix)]
    {
        // Readable by others, as any document (not private, as temporary files are made).
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join("报告.docx")).expect("meta").permissions().mode();
        assert_eq!(mode & 0o044, 0o044, "{mode:o}");
    }
}

#[test]
fn markdown_report_of_the_corrected_example() {
    let dir = scratch("markdown");
    let out = dir.join("r.md");
    let r = jixiao(&["report", CORRECTED, "-o", &s(&out)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The example is complete: nothing is written as 未填报.
    assert_eq!(r.stderr.lines().filter(|l| l.starts_with("警告")).count(), 0, "{}", r.stderr);
    let md = std::fs::read_to_string(&out).expect("written");
    insta::assert_snapshot!("report_corrected_md", md);
}

#[test]
fn a_record_with_errors_is_refused_and_nothing_is_written() {
    let dir = scratch("refused");
    let out = dir.join("r.docx");
    let r = jixiao(&["report", SEED, "-o", &s(&out)]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    // The findings are listed, then why nothing was written.
    assert!(r.stderr.contains("错误[A001]"), "{}", r.stderr);
    assert!(r.stderr.contains("错误[T001]"), "{}", r.stderr);
    assert!(r.stderr.contains("报告未生成:examples/lechang-hrss-2024.toml 中有 5 个错误"), "{}", r.stderr);
    assert!(r.stderr.contains("--force"), "{}", r.stderr);
    assert!(files_in(&dir).is_empty(), "{:?}", files_in(&dir));
}

#[test]
fn force_writes_the_report_with_the_findings_in_a_note() {
    let dir = scratch("forced");
    let out = dir.join("r.md");
    let r = jixiao(&["report", SEED, "-o", &s(&out), "--force"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("记录有 5 个错误,已按 --force 生成并在附注中列出"), "{}", r.stderr);
    let md = std::fs::read_to_string(&out).expect("written");
    let note = &md[md.find("## 附注\u{ff1a}检查发现的问题").expect("附注 present")..];
    // Brackets are escaped in Markdown (a reader shows `[错误A001]`).
    assert_eq!(note.matches("\\[错误").count(), 5, "{note}");
    assert!(note.contains("\\[错误A001\\]"), "{note}");
    assert!(note.contains("\\[警告C003\\]"), "{note}");
    // Written in spite of errors, the report prints the figures as filed (the stated 合计
    // 3113.18, not the rows' sum 3114.46), so its 附注 speaks of figures it shows.
    assert!(md.contains("|  | 合计 | 3325.83 | 3113.18 | 212.65 | 93.61% |"), "{md}");
    // Auditing the forced report reads the report, not the note that quotes it: the completion
    // claim is reported once.
    let a = jixiao(&["audit", &s(&out), "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&a.stdout).expect("json");
    let codes: Vec<&str> =
        json["findings"].as_array().expect("findings").iter().filter_map(|f| f["code"].as_str()).collect();
    assert_eq!(codes.iter().filter(|c| **c == "T001").count(), 1, "{codes:?}");
    // The reviewer is told the note is there and what it lists.
    let errors = note.matches("\\[错误").count();
    let warnings = note.matches("\\[警告").count();
    let notes = json["notes"].as_array().expect("notes");
    assert_eq!(notes.len(), 1, "{notes:?}");
    let said = format!("存在的 {errors} 个错误、{warnings} 个警告");
    assert!(notes[0].as_str().is_some_and(|n| n.contains("附注:检查发现的问题") && n.contains(&said)), "{notes:?}");
    let human = jixiao(&["audit", &s(&out)]);
    assert!(
        human
            .stdout
            .contains(&format!("注:报告末尾有 jixiao 生成时附上的“附注:检查发现的问题”,列出所依据的记录{said}")),
        "{}",
        human.stdout
    );
}

#[test]
fn missing_parts_say_not_filled_and_are_named_in_warnings() {
    let dir = scratch("missing");
    let rec = dir.join("min.toml");
    std::fs::write(&rec, "kind = \"dept_evaluation\"\n[header]\ndepartment = \"示例局\"\nyear = 2024\n")
        .expect("write");
    let out = dir.join("r.md");
    let r = jixiao(&["report", &s(&rec), "-o", &s(&out)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for w in [
        "警告:“部门主要职责”未填报:记录中缺少 部门主要职责(duties)",
        "警告:“部门整体收入”未填报:记录中缺少 年初预算数(finance.budget_initial)、上年预算数(finance.budget_last_year)",
        "警告:“预决算差异表”未填报:记录中缺少 预决算差异表(budget_table.rows)",
        "警告:“部门整体支出目标”未填报:记录中缺少 绩效目标(targets)",
        "警告:“存在问题”未填报",
    ] {
        assert!(r.stderr.contains(w), "{w}\n{}", r.stderr);
    }
    let md = std::fs::read_to_string(&out).expect("written");
    assert!(md.contains("> 未填报\u{ff08}记录中缺少\u{ff1a}年初预算数、上年预算数\u{ff09}。"), "{md}");
    assert!(md.contains("## 五、存在问题"), "{md}");
}

#[test]
fn sentence_templates_can_be_replaced() {
    let dir = scratch("templates");
    let t = dir.join("句子.toml");
    std::fs::write(&t, "budget_change = \"年初预算{{ budget }}万元,比上年{{ change_word }}{{ change }}万元({{ rate_word }}{{ rate }}%)。\"\n").expect("write");
    let out = dir.join("r.md");
    let r = jixiao(&["report", CORRECTED, "-o", &s(&out), "--templates", &s(&t)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let md = std::fs::read_to_string(&out).expect("written");
    // Typography applies to a user's template too: its ASCII commas and brackets become full-width.
    assert!(md.contains("年初预算3325.83万元\u{ff0c}比上年增加607.17万元\u{ff08}增长22.33%\u{ff09}。"), "{md}");

    std::fs::write(&t, "budget_change = \"{{ budget \"\n").expect("write");
    let r = jixiao(&["report", CORRECTED, "-o", &s(&out), "--templates", &s(&t)]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("句子模板“budget_change”有误"), "{}", r.stderr);
}

#[test]
fn bad_arguments_are_refused_and_nothing_is_written() {
    let dir = scratch("bad");
    let cases: [(Vec<String>, &str); 5] = [
        (vec![s(&dir.join("r.xyz"))], "错误:不支持的输出格式“.xyz”"),
        (vec![s(&dir.join("r"))], "错误:不支持的输出格式(无扩展名)"),
        (vec![s(&dir.join("no/such/dir/r.docx"))], "目录"),
        (vec![s(&dir)], "错误:不支持的输出格式"),
        (vec![CORRECTED.to_string()], "错误:不支持的输出格式“.toml”"),
    ];
    for (out, want) in &cases {
        let r = jixiao(&["report", CORRECTED, "-o", &out[0]]);
        assert_eq!(r.code, 2, "{out:?}: {}", r.stderr);
        assert!(r.stderr.contains(want), "{out:?}: {}", r.stderr);
    }
    let r = jixiao(&["report", CORRECTED, "-o", &s(&dir.join("no/such/dir/r.docx"))]);
    assert!(r.stderr.contains("不存在"), "{}", r.stderr);
    // A folder named like a report.
    std::fs::create_dir_all(dir.join("folder.docx")).expect("mkdir");
    let r = jixiao(&["report", CORRECTED, "-o", &s(&dir.join("folder.docx"))]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("这是一个目录"), "{}", r.stderr);
    // The record itself as the output.
    let rec = dir.join("rec.md");
    std::fs::write(&rec, "not a record").expect("write");
    let r = jixiao(&["report", &s(&rec), "-o", &s(&rec)]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("就是输入的记录文件"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&rec).expect("still there"), "not a record");
    // A department's report is not a workbook (a project's form may be); --full is for a
    // project's form.
    let r = jixiao(&["report", CORRECTED, "-o", &s(&dir.join("d.xlsx"))]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("部门整体支出绩效自评报告不生成 .xlsx") && r.stderr.contains("jixiao export"),
        "{}",
        r.stderr
    );
    let r = jixiao(&["report", CORRECTED, "-o", &s(&dir.join("d.md")), "--full"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--full 用于项目支出绩效自评记录"), "{}", r.stderr);
    assert_eq!(files_in(&dir), ["folder.docx", "rec.md"]);
}

#[test]
fn a_project_record_gets_its_form() {
    let dir = scratch("project");
    let out = dir.join("p.md");
    let r = jixiao(&["report", "examples/project-village-road-2024.toml", "-o", &s(&out)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("项目支出绩效自评表;草稿"), "{}", r.stderr);
    let md = std::fs::read_to_string(&out).expect("written");
    assert!(md.starts_with("# 项目支出绩效自评表"), "{md}");
    assert!(md.contains("> 草稿") && md.contains("| 项目名称 |") && md.contains("96.00%"), "{md}");
    // --final: no 草稿; --full: the report's parts after the form.
    let r = jixiao(&["report", "examples/project-village-road-2024.toml", "-o", &s(&out), "--final", "--full"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let md = std::fs::read_to_string(&out).expect("written");
    assert!(!md.contains("草稿") && md.contains("## 五、问题和改进措施"), "{md}");
    // The form as a workbook, laid out as printed (its layout is tested in jixiao-render).
    let xlsx = dir.join("p.xlsx");
    let r = jixiao(&["report", "examples/project-village-road-2024.toml", "-o", &s(&xlsx)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(std::fs::read(&xlsx).expect("written").starts_with(b"PK"));
    // A record without problems makes a final form, but not a final full report.
    let farm = "examples/project-farm-machinery-subsidy-2024.toml";
    let r = jixiao(&["report", farm, "-o", &s(&dir.join("f.md")), "--final", "--full"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("存在问题"), "{}", r.stderr);
    let r = jixiao(&["check", "--final", farm]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("定稿检查:记录已含定稿所需的全部内容"), "{}", r.stdout);
    // Errors: refused unless --force, which lists them after the form.
    let errors = "examples/project-home-care-service-2024-errors.toml";
    let forced = dir.join("e.md");
    let r = jixiao(&["report", errors, "-o", &s(&forced)]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("自评表未生成"), "{}", r.stderr);
    assert!(!forced.exists());
    let r = jixiao(&["report", errors, "-o", &s(&forced), "--force"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(std::fs::read_to_string(&forced).expect("written").contains("附注"));
}

/// A department's report carries the 项目支出绩效自评结果汇总表 of the projects it lists (two
/// files and one written inline), in every format.
#[test]
fn a_department_report_has_its_projects_summary_in_every_format() {
    let dir = scratch("dept-projects");
    let dept = "examples/dept-agriculture-2024.toml";
    let md = dir.join("d.md");
    let r = jixiao(&["report", dept, "-o", &s(&md)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = std::fs::read_to_string(&md).expect("written");
    let table = &text[text.find("## 附表\u{ff1a}项目支出绩效自评结果汇总表").expect("the summary table")..];
    // 640.00 − 608.00 = 32.00; 合计 640.00 + 905.50 + 320.00 = 1865.50, 608.00 + 905.50 +
    // 313.60 = 1827.10; the scores are each project's own score sheet's.
    insta::assert_snapshot!("dept_projects_summary_md", table);
    // The other formats, read back by jixiao's own reader (`extract`): the table's title, a
    // project written inline, and the 合计 row's figures.
    let wanted = ["项目支出绩效自评结果汇总表", "农村户用厕所改造项目", "1865.50", "1827.10", "38.40", "99.8"];
    for name in ["d.html", "d.docx", "d.pdf"] {
        let out = dir.join(name);
        let r = jixiao(&["report", dept, "-o", &s(&out)]);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        let r = jixiao(&["extract", &s(&out)]);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        let text = r.stdout;
        let format = name;
        for w in wanted {
            assert!(text.contains(w), "{format} lacks {w}: {text}");
        }
    }
}

/// A department report is refused while a project it lists has errors (the summary table's
/// figures come from the projects' records), naming the project; `--force` writes it with the
/// project's findings in the 附注.
#[test]
fn a_department_report_is_refused_for_errors_in_its_projects() {
    let dir = scratch("dept-project-errors");
    let root = common::root().join("examples");
    for f in ["project-farmland-2024.toml", "project-home-care-service-2024-errors.toml"] {
        std::fs::copy(root.join(f), dir.join(f)).expect("copy");
    }
    // The agriculture example listing the home-care project (with its deliberate errors)
    // instead of the farm-machinery one, and stating nothing about its projects' figures.
    let dept = std::fs::read_to_string(root.join("dept-agriculture-2024.toml"))
        .expect("read")
        .lines()
        .filter(|l| {
            !["total =", "with_targets =", "coverage_stated =", "project_spending ="].iter().any(|k| l.starts_with(k))
        })
        .map(|l| {
            if l.starts_with("files = ") {
                "files = [\"project-farmland-2024.toml\", \"project-home-care-service-2024-errors.toml\"]".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(dir.join("d.toml"), dept).expect("write");
    let r = common::jixiao_in(&dir, &["check", "d.toml"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.starts_with("未发现问题\n"), "the department's own figures are clean: {}", r.stdout);

    let out = dir.join("d.md");
    let r = common::jixiao_in(&dir, &["report", "d.toml", "-o", "d.md"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!out.exists());
    assert!(r.stderr.contains("项目 2/3“居家养老上门服务(政府购买服务)”:"), "{}", r.stderr);
    assert!(r.stderr.contains("错误[P003]: 项目“居家养老上门服务(政府购买服务)”:"), "{}", r.stderr);
    assert!(r.stderr.contains("个在所列的项目支出绩效自评记录中"), "{}", r.stderr);
    assert!(!r.stderr.contains("项目 1/3"), "a project without errors is not listed: {}", r.stderr);

    let r = common::jixiao_in(&dir, &["report", "d.toml", "-o", "d.md", "--force"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let md = std::fs::read_to_string(&out).expect("written");
    let notes = &md[md.find("附注").expect("the 附注")..];
    // (The report's typography makes the brackets and colons full-width.)
    assert!(notes.contains("错误P003\\] 项目“居家养老上门服务\u{ff08}政府购买服务\u{ff09}”\u{ff1a}"), "{notes}");
}

#[test]
#[cfg(unix)]
fn an_unwritable_folder_leaves_nothing_behind() {
    // /proc refuses new files even to root.
    let r = jixiao(&["report", CORRECTED, "-o", "/proc/jixiao-report.md"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("错误:无法写入 /proc/jixiao-report.md"), "{}", r.stderr);
    assert!(r.stderr.contains("未生成任何文件"), "{}", r.stderr);
    assert!(!Path::new("/proc/jixiao-report.md").exists());
}

#[test]
fn an_existing_report_is_replaced_whole() {
    let dir = scratch("replace");
    let out = dir.join("r.html");
    std::fs::write(&out, "old").expect("write");
    let r = jixiao(&["report", CORRECTED, "-o", &s(&out)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = std::fs::read_to_string(&out).expect("written");
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    assert_eq!(files_in(&dir), ["r.html"]);
}

#[test]
fn without_chinese_fonts_the_pdf_and_the_charts_use_jixiaos_own() {
    let dir = scratch("no-fonts");
    let empty = dir.join("fonts");
    std::fs::create_dir_all(&empty).expect("mkdir");
    let run = |out: &Path| {
        let r = jixiao_env(&common::root(), &["report", CORRECTED, "-o", &s(out)], &[("JIXIAO_FONT_DIR", &empty)]);
        (r.code, r.stderr)
    };
    let (code, err) = run(&dir.join("r.pdf"));
    assert_eq!(code, 0, "{err}");
    let fonts = std::process::Command::new("pdffonts").arg(dir.join("r.pdf")).output().expect("pdffonts");
    let fonts = String::from_utf8_lossy(&fonts.stdout).to_string();
    for face in ["JixiaoFangsong-Regular", "JixiaoHei-Regular", "JixiaoKai-Regular"] {
        assert!(fonts.contains(face), "{face}: {fonts}");
    }
    assert!(!fonts.lines().skip(2).any(|l| l.contains(" no ")), "every font embedded: {fonts}");
    let (code, err) = run(&dir.join("r.docx"));
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("警告"), "{err}");
    let docx = std::fs::read(dir.join("r.docx")).expect("written");
    let pngs = docx.windows(b"word/media/".len()).filter(|w| *w == b"word/media/").count();
    assert!(pngs >= 2, "the two charts are pictures");
    assert_eq!(files_in(&dir), ["fonts", "r.docx", "r.pdf"]);
}

/// The seed written by jixiao in spite of its errors, as Markdown, Word, PDF and HTML, audits
/// to the record's five errors and no other, like the seed itself: the figures are printed as
/// filed.
#[test]
fn a_forced_report_in_every_format_audits_to_the_records_errors() {
    let dir = scratch("forced-formats");
    for ext in ["md", "docx", "pdf", "html"] {
        let out = dir.join(format!("r.{ext}"));
        let r = jixiao(&["report", SEED, "-o", &s(&out), "--force", "--no-charts"]);
        assert_eq!(r.code, 0, "{ext}: {}", r.stderr);
        let a = jixiao(&["audit", &s(&out), "--format", "json"]);
        let json: serde_json::Value = serde_json::from_str(&a.stdout).expect("json");
        let mut errors: Vec<&str> = json["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["severity"] == "error")
            .filter_map(|f| f["code"].as_str())
            .collect();
        errors.sort_unstable();
        assert_eq!(errors, ["A001", "A001", "C001", "N001", "T001"], "{ext}: {}", a.stdout);
    }
}
