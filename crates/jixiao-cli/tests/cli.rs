//! The `jixiao` command as a user runs it: what it prints and how it exits.
//!
//! Modules of this file: the bundled example (`check`, `score`, `demo`), rule help
//! (`explain`, `rules`), and bad input (each a clear Chinese message and exit 2).

mod common;

use std::path::PathBuf;

use common::{jixiao, jixiao_in};

const SEED: &str = "examples/lechang-hrss-2024.toml";

fn seed_findings() -> Vec<serde_json::Value> {
    let r = jixiao(&["check", SEED, "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    v["findings"].as_array().expect("findings").clone()
}

// ------------------------------------------------------------------ the bundled example

#[test]
fn seed_check_reports_exactly_the_five_known_errors() {
    let findings = seed_findings();
    let errors: Vec<(&str, &str)> = findings
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| (f["code"].as_str().unwrap_or(""), f["location"]["field"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(
        errors,
        vec![
            ("A001", "budget_table.total.actual"),
            ("A001", "budget_table.total.variance"),
            ("C001", "expenditure_structure.items[5].amount"),
            ("N001", "organization.budget_scope.stated_subordinate"),
            ("T001", "claims[0].text"),
        ]
    );
    let by_field = |field: &str| findings.iter().find(|f| f["location"]["field"] == field).cloned().unwrap_or_default();
    let actual = by_field("budget_table.total.actual");
    assert_eq!((actual["stated"].as_str(), actual["computed"].as_str()), (Some("3113.18"), Some("3114.46")));
    let variance = by_field("budget_table.total.variance");
    assert_eq!((variance["stated"].as_str(), variance["computed"].as_str()), (Some("212.65"), Some("211.37")));
    let housing = by_field("expenditure_structure.items[5].amount");
    assert_eq!((housing["stated"].as_str(), housing["computed"].as_str()), (Some("95.50"), Some("96.78")));
    let claim = by_field("claims[0].text");
    let msg = claim["message"].as_str().unwrap_or("");
    for missed in ["37419", "35820", "26943"] {
        assert!(msg.contains(missed), "{msg}");
    }
    // Every finding points at a line and column of the file.
    for f in &findings {
        assert!(f["location"]["line"].as_u64().is_some_and(|l| l > 0), "{f}");
        assert_eq!(f["location"]["file"], SEED);
    }
}

#[test]
fn seed_check_raises_nothing_on_figures_that_are_right_up_to_rounding() {
    let findings = seed_findings();
    let quiet = [
        "three_public_expenses",
        "finance.budget_change",
        "finance.actual_change",
        "budget_table.rows",
        "budget_table.total.execution_rate",
        "operating_expenses",
        "arbitration",
        "scoring",
        "targets[0]",
        "targets[1]",
        "targets[2]",
        "targets[3]",
    ];
    for f in findings.iter().filter(|f| f["severity"] == "error") {
        let field = f["location"]["field"].as_str().unwrap_or("");
        assert!(!quiet.iter().any(|q| field.starts_with(q)), "false alarm: {f}");
    }
    // No error at all carries one of these figures as its stated value.
    for f in findings.iter().filter(|f| f["severity"] == "error") {
        let stated = f["stated"].as_str().unwrap_or("");
        for ok in ["8.09", "95.72元", "22.33%", "-30.35%", "93.61%", "74.32%", "99.32%", "81.02%", "96.5"] {
            assert_ne!(stated, ok, "false alarm on {ok}: {f}");
        }
    }
}

#[test]
fn seed_check_warns_of_unscoped_figures_and_the_staffing_rate() {
    let findings = seed_findings();
    let warnings: Vec<&str> =
        findings.iter().filter(|f| f["severity"] == "warning").filter_map(|f| f["message"].as_str()).collect();
    assert!(
        warnings.iter().any(|m| m.contains("3325.83") && m.contains("3296.95") && m.contains("3104.33")),
        "{warnings:#?}"
    );
    assert!(
        warnings.iter().any(|m| m.contains("86.49") && m.contains("94.16") && m.contains("93.61")),
        "{warnings:#?}"
    );
    assert!(
        warnings.iter().any(|m| m.contains("71.43%") && m.contains("77 ÷ 109") && m.contains("75 ÷ 105")),
        "{warnings:#?}"
    );
}

#[test]
fn seed_check_as_the_user_sees_it() {
    let r = jixiao(&["check", SEED]);
    assert_eq!(r.code, 1);
    insta::assert_snapshot!("check_seed_human", r.stdout);
}

#[test]
fn seed_check_json_snapshot() {
    let r = jixiao(&["check", SEED, "--format", "json"]);
    insta::assert_snapshot!("check_seed_json", r.stdout);
}

#[test]
fn seed_score_is_96_5_and_excellent() {
    let r = jixiao(&["score", SEED, "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["total"], "96.5");
    assert_eq!(v["grade"], "优");
    assert_eq!(v["base_total"], "93");
    assert_eq!(v["adjustment"], "3.5");
    assert_eq!(v["stated_total_matches"], true);
    let human = jixiao(&["score", SEED]);
    insta::assert_snapshot!("score_seed_human", human.stdout);
}

#[test]
fn a_system_that_does_not_fit_the_record_is_said_once_with_no_total_or_grade() {
    // The corrected seed (scored on the Guangdong system's codes) against Hunan's system.
    let record = "examples/lechang-hrss-2024-corrected.toml";
    let human = jixiao(&["score", record, "--system", "hn-dept-2018"]);
    assert_eq!(human.code, 1, "{}", human.stderr);
    insta::assert_snapshot!("score_wrong_system_human", human.stdout);
    let json = jixiao(&["score", record, "--system", "hn-dept-2018", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    assert_eq!(v["scored"], false);
    assert!(v["total"].is_null() && v["grade"].is_null(), "{v}");
    assert_eq!(v["unknown_codes"].as_array().map(Vec::len), Some(27));
    let check = jixiao(&["check", record, "--system", "hn-dept-2018", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&check.stdout).expect("json");
    let codes: Vec<&str> =
        v["findings"].as_array().expect("findings").iter().filter_map(|f| f["code"].as_str()).collect();
    assert_eq!(codes, ["P005"], "one finding naming the system and the codes: {}", check.stdout);
    let message = v["findings"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("hn-dept-2018") && message.contains("A1.1") && message.contains("未评分"), "{message}");
}

#[test]
fn demo_runs_the_whole_job_anywhere() {
    let r = jixiao_in(&std::env::temp_dir(), &["demo"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("发现 5 个错误"), "{}", r.stdout);
    assert!(r.stdout.contains("自评总分:96.5"), "{}", r.stdout);
}

/// On Linux `jixiao` is linked at a fixed address (build.rs): the dynamic loader then has no
/// 2.4 MB of tables to relocate at each start. `JIXIAO_PIE=1` at build time keeps it
/// position-independent. The ELF header's type says which (2 fixed, 3 position-independent).
#[cfg(target_os = "linux")]
#[test]
fn the_program_is_linked_at_a_fixed_address_unless_asked_otherwise() {
    let bytes = std::fs::read(env!("CARGO_BIN_EXE_jixiao")).expect("the jixiao executable");
    assert_eq!(&bytes[..4], b"\x7fELF");
    let kind = u16::from_le_bytes([bytes[16], bytes[17]]);
    let expected = if option_env!("JIXIAO_PIE") == Some("1") { 3 } else { 2 };
    assert_eq!(kind, expected, "ELF e_type of {}", env!("CARGO_BIN_EXE_jixiao"));
}

#[test]
fn score_with_a_system_file_and_a_wrong_kind() {
    let r = jixiao(&["score", SEED, "--system", "systems/sc-dept-dazhou.toml", "--format", "json"]);
    assert_eq!(r.code, 1, "scores on codes the system lacks are errors: {}", r.stderr);
    let r = jixiao(&["score", SEED, "--system", "mof-2020-project"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("用于项目支出绩效自评,而记录是部门整体支出绩效自评"), "{}", r.stderr);
}

// ------------------------------------------------------------------ rule help

#[test]
fn explain_and_rules() {
    let r = jixiao(&["explain", "A001"]);
    assert_eq!(r.code, 0);
    insta::assert_snapshot!("explain_a001", r.stdout);
    // The workbook's reading findings are explained too.
    let r = jixiao(&["explain", "w001"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("W001 公式结果未重新计算(stale_formula) [警告]"), "{}", r.stdout);
    let r = jixiao(&["explain", "Z999"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("没有代码或名称为“Z999”的规则"));
    let r = jixiao(&["rules"]);
    insta::assert_snapshot!("rules", r.stdout);
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    // `jixiao demo | head -1`: the reader has gone before jixiao writes.
    for args in [&["demo"][..], &["explain", "A001"], &["rules"]] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_jixiao"))
            .args(args)
            .current_dir(common::root())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run jixiao");
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(matches!(out.status.code(), Some(0 | 1)), "{args:?}: {:?} {stderr}", out.status);
    }
}

// ------------------------------------------------------------------ bad input

#[test]
fn argument_errors_and_help_pages_are_in_chinese() {
    for (args, want) in [
        (&["check", "a.toml", "b.toml"][..], "错误:多余的参数“b.toml”"),
        (&["report", "examples/lechang-hrss-2024.toml"], "错误:缺少必需的参数:--output。"),
        (&["chek", "x"], "错误:没有“chek”这个命令(是不是要用 check?)"),
        (&["check", "--formt", "json", "x"], "错误:不认识的选项“--formt”(是不是要用 --format?)"),
        (&["check", "--format", "xml", "x"], "错误:选项 --format 的值“xml”无效,可选:human、json"),
        (&["check"], "错误:缺少必需的参数:文件"),
    ] {
        let r = jixiao(args);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(r.stderr.contains(want), "{args:?}: {}", r.stderr);
        for english in ["error:", "Usage:", "tip:", "For more information"] {
            assert!(!r.stderr.contains(english), "{args:?}: {}", r.stderr);
        }
    }
    for args in [&["--help"][..], &["check", "--help"], &["audit", "--help"], &["report", "-h"]] {
        let r = jixiao(args);
        assert_eq!(r.code, 0, "{args:?}");
        assert!(r.stdout.contains("用法 (Usage):") && r.stdout.contains("显示帮助"), "{args:?}: {}", r.stdout);
        for english in [
            "\nOptions:",
            "\nArguments:",
            "  Print help",
            "Possible values",
            "[default:",
            "<FILE>",
            "<OUTPUT>",
            "<COMMAND>",
        ] {
            assert!(!r.stdout.contains(english), "{args:?}: {}", r.stdout);
        }
    }
}

fn scratch(name: &str, content: &[u8]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-bad-input");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join(name), content).expect("write");
    dir
}

const HEAD: &str = "kind = \"dept_evaluation\"\n[header]\ndepartment = \"示例局\"\nyear = 2024\n";

fn bad(name: &str, content: &str) -> String {
    let dir = scratch(name, content.as_bytes());
    let r = jixiao_in(&dir, &["check", name]);
    assert_eq!(r.code, 2, "{name}: {}{}", r.stdout, r.stderr);
    assert!(r.stdout.is_empty(), "nothing on stdout when the input is refused");
    r.stderr
}

#[test]
fn bad_input_gets_a_chinese_message_with_file_line_and_field() {
    let cases = [
        ("malformed.toml", format!("{HEAD}[finance\nbudget_initial = \"1\"\n")),
        ("missing_field.toml", "kind = \"dept_evaluation\"\n[header]\nyear = 2024\n".to_string()),
        ("text_for_number.toml", format!("{HEAD}[finance]\nbudget_initial = \"三千万\"\n")),
        ("negative_headcount.toml", format!("{HEAD}[staffing.actual]\nadministrative = -2\n")),
        (
            "unknown_class.toml",
            format!(
                "{HEAD}[[budget_table.rows]]\ncode = \"299\"\nname = \"某支出\"\nbudget = \"1.00\"\nactual = \"1.00\"\n"
            ),
        ),
        ("huge_rate.toml", format!("{HEAD}[procurement]\nrate_stated = \"1500%\"\n")),
        (
            "bad_json.json",
            "{\"kind\": \"dept_evaluation\", \"header\": {\"department\": \"示例局\", \"year\": \"二〇二四\"}}".into(),
        ),
    ];
    let mut shown = String::new();
    for (name, content) in &cases {
        let err = bad(name, content);
        assert!(err.contains(name), "{err}");
        shown.push_str(&format!("==== {name}\n{err}\n"));
    }
    insta::assert_snapshot!("bad_input", shown);
}

#[test]
fn unreadable_files_are_refused_clearly() {
    let dir = scratch("latin1.toml", b"kind = \"dept_evaluation\"\n# \xff\xfe\n");
    let r = jixiao_in(&dir, &["check", "latin1.toml"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("不是 UTF-8 编码"), "{}", r.stderr);
    let r = jixiao_in(&dir, &["check", "no_such_file.toml"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("文件不存在"), "{}", r.stderr);
    let r = jixiao_in(&dir, &["check", "record.docx"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("不支持的文件类型"), "{}", r.stderr);
    let r = jixiao_in(&dir, &["check", "--no-such-option"]);
    assert_eq!(r.code, 2);
}

/// `check` on a department runs each project it lists (`projects.files`), naming the project
/// each finding belongs to; a listed file that is missing stops it with the reason.
#[test]
fn a_department_is_checked_with_its_projects() {
    let r = jixiao(&["check", "examples/dept-agriculture-2024.toml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("未发现问题\n"), "the department's own figures agree with its projects: {}", r.stdout);
    assert!(r.stdout.contains("项目 1/3“高标准农田建设补助项目”(project-farmland-2024.toml):"), "{}", r.stdout);
    assert!(r.stdout.contains("警告[T007]: 项目“高标准农田建设补助项目”:"), "{}", r.stdout);
    assert!(
        r.stdout.contains("项目 2/3“农机购置与应用补贴”(project-farm-machinery-subsidy-2024.toml):\n未发现问题"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("项目 3/3“农村户用厕所改造项目”(写在本记录内):\n未发现问题"), "{}", r.stdout);
    let r = jixiao(&["check", "examples/dept-agriculture-2024.toml", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["projects"][0]["project"], "高标准农田建设补助项目");
    assert_eq!(v["projects"][0]["findings"]["findings"][0]["code"], "P002");

    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-dept-projects");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let dept = "kind = \"dept_evaluation\"\n[header]\ndepartment = \"示例局\"\nyear = 2024\n[projects]\nfiles = [\"没有这个项目.toml\"]\n";
    std::fs::write(dir.join("d.toml"), dept).expect("write");
    let r = common::jixiao_in(&dir, &["check", "d.toml"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("d.toml 所列的第 1 个项目"), "{}", r.stderr);
}

/// A project written inside the department record is checked as a listed file is: its
/// findings name it and quote the department's own file at the project's lines; the
/// department's 项目总数 and 项目支出 are checked against its projects (C005).
#[test]
fn inline_projects_are_checked_and_the_departments_figures_against_them() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-dept-inline");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/");
    std::fs::copy(format!("{root}project-farm-machinery-subsidy-2024.toml"), dir.join("farm.toml")).expect("copy");
    // The home-care example (with deliberate errors) written inline, its tables moved under
    // [[projects.inline]].
    let errors = std::fs::read_to_string(format!("{root}project-home-care-service-2024-errors.toml")).expect("read");
    let mut inline = String::from("[[projects.inline]]\n");
    for line in errors.lines().filter(|l| !l.starts_with('#')) {
        let nested = if let Some(t) = line.strip_prefix("[[").and_then(|l| l.strip_suffix("]]")) {
            format!("[[projects.inline.{t}]]")
        } else if let Some(t) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            format!("[projects.inline.{t}]")
        } else {
            line.to_string()
        };
        inline.push_str(&nested);
        inline.push('\n');
    }
    // Two projects listed, one said; 905.50 + 312.00 = 1217.50 spent on them, 1200.00 said.
    let dept = format!(
        "kind = \"dept_evaluation\"\n[header]\ndepartment = \"示例局\"\nyear = 2024\n[projects]\ntotal = 1\n\
         project_spending = \"1200.00\"\nfiles = [\"farm.toml\"]\n\n{inline}"
    );
    std::fs::write(dir.join("d.toml"), &dept).expect("write");
    let r = common::jixiao_in(&dir, &["check", "d.toml"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("错误[C005]: 项目总数称 1 项,但列出了 2 个项目的自评记录(“农机购置与应用补贴”、“居家养老上门服务(政府购买服务)”)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("错误[C005]: 项目支出称 1200.00 万元,少于所列 2 个项目的全年执行数之和 1217.50 万元"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("项目 2/2“居家养老上门服务(政府购买服务)”(写在本记录内):"), "{}", r.stdout);
    // The inline project's finding is shown in the department's file, at the project's line.
    let line = dept.lines().position(|l| l.starts_with("stated_total = \"96\"")).expect("the stated total") + 1;
    assert!(r.stdout.contains(&format!("d.toml:{line}:")), "{}", r.stdout);
    assert!(r.stdout.contains("错误[P003]: 项目“居家养老上门服务(政府购买服务)”:"), "{}", r.stdout);
    let r = common::jixiao_in(&dir, &["check", "d.toml", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["projects"][1]["file"], "");
    let codes: Vec<&str> =
        v["findings"].as_array().expect("findings").iter().filter_map(|f| f["code"].as_str()).collect();
    assert_eq!(codes, ["C005", "C005"]);
}
