//! Hostile and broken input as a user (or an attacker) gives it: every case answers with exit
//! 0, 1 or 2 and a Chinese message naming the cause and the place — never a panic, an abort,
//! a half-written file or an endless run. Inputs are built here; no large file is stored.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Run, jixiao_in};

fn scratch(name: &str) -> PathBuf {
    jixiao_testkit::scratch(env!("CARGO_TARGET_TMPDIR"), &format!("cli-hostile/{name}"))
}

const HEAD: &str = "kind = \"dept_evaluation\"\n[header]\ndepartment = \"某局\"\nyear = 2024\n";

fn no_panic(r: &Run) {
    assert!((0..=2).contains(&r.code), "exit {}: {}", r.code, r.stderr);
    for sign in ["panicked", "RUST_BACKTRACE", "stack backtrace"] {
        assert!(!r.stderr.contains(sign), "{}", r.stderr);
    }
}

#[test]
fn a_control_character_in_a_record_is_refused_at_its_field() {
    let dir = scratch("control");
    // Written as TOML's escape (a raw control character is already a TOML syntax error).
    std::fs::write(dir.join("r.toml"), format!("{HEAD}duties = [\"负责\\u0007就业工作\"]\n")).expect("write");
    let r = jixiao_in(&dir, &["report", "r.toml", "-o", "r.docx", "--force"]);
    no_panic(&r);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("U+0007") && r.stderr.contains("r.toml:"), "{}", r.stderr);
    assert!(!dir.join("r.docx").exists(), "nothing written");
}

#[test]
fn a_device_or_a_link_to_one_is_read_only_up_to_the_limit() {
    let dir = scratch("devzero");
    let r = jixiao_in(&dir, &["audit", "/dev/zero"]);
    no_panic(&r);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("超过") && r.stderr.contains("MiB"), "{}", r.stderr);
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("/dev/zero", dir.join("r.toml")).expect("link");
        let r = jixiao_in(&dir, &["check", "r.toml"]);
        no_panic(&r);
        assert_eq!(r.code, 2);
        assert!(r.stderr.contains("记录文件的上限"), "{}", r.stderr);
    }
}

#[test]
fn a_full_standard_error_does_not_panic() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else { return };
    let out = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["check", "examples/lechang-hrss-2024.toml", "--format", "json"])
        .current_dir(common::root())
        .stderr(full)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1), "the seed has errors; nothing panicked");
    let out = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["check", "no-such-file.toml"])
        .stderr(std::fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full"))
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn standard_input_and_undecodable_file_names_are_explained() {
    let dir = scratch("names");
    let r = jixiao_in(&dir, &["check", "-"]);
    no_panic(&r);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("不从标准输入读取"), "{}", r.stderr);
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"\xb2\xe2\xca\xd4.toml");
        let out = Command::new(env!("CARGO_BIN_EXE_jixiao")).arg("check").arg(name).current_dir(&dir).output();
        let out = out.expect("run");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2));
        assert!(err.contains("不是 UTF-8 编码的文件名"), "{err}");
    }
}

#[cfg(unix)]
#[test]
fn writing_over_a_file_keeps_its_mode_writes_through_links_and_removes_stale_temporaries() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("writes");
    let corrected = common::root().join("examples/lechang-hrss-2024-corrected.toml");
    let out = dir.join("report.md");
    std::fs::write(&out, "old").expect("write");
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let stale = dir.join(".jixiao-abc123.tmp");
    std::fs::write(&stale, vec![0u8; 1024]).expect("stale temporary");
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options().write(true).open(&stale).expect("open").set_modified(hour_ago).expect("age it");
    let r = jixiao_in(&dir, &["report", &corrected.to_string_lossy(), "-o", "report.md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mode = std::fs::metadata(&out).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the file keeps its mode");
    assert!(!stale.exists(), "a stale temporary file of jixiao's is removed");
    // Through a link: the link stays, its target is the report.
    let target = dir.join("target.md");
    std::os::unix::fs::symlink(&target, dir.join("link.md")).expect("link");
    let r = jixiao_in(&dir, &["report", &corrected.to_string_lossy(), "-o", "link.md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(std::fs::symlink_metadata(dir.join("link.md")).expect("link").file_type().is_symlink());
    assert!(std::fs::read_to_string(&target).expect("target written").starts_with("# "));
}

/// An output that links to a device or a pipe is refused: renaming the written file over it
/// would put a regular file in place of the device (as root, `/dev/full` itself). A pipe in
/// the test's own folder stands for the device, so a regression harms nothing else.
#[cfg(unix)]
#[test]
fn an_output_that_is_a_device_or_a_pipe_is_refused() {
    use std::os::unix::fs::FileTypeExt;
    let dir = scratch("device");
    let fifo = dir.join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return;
    }
    std::os::unix::fs::symlink(&fifo, dir.join("out.md")).expect("link");
    let corrected = common::root().join("examples/lechang-hrss-2024-corrected.toml");
    for output in ["out.md", "pipe.md"] {
        if output == "pipe.md" {
            std::fs::rename(&fifo, dir.join("pipe.md")).expect("rename");
        }
        let r = jixiao_in(&dir, &["report", &corrected.to_string_lossy(), "-o", output]);
        no_panic(&r);
        assert_eq!(r.code, 2, "{output}: {}", r.stderr);
        assert!(r.stderr.contains("不是普通文件") && r.stderr.contains(output), "{}", r.stderr);
        let kept = std::fs::metadata(dir.join(if output == "out.md" { "pipe" } else { "pipe.md" })).expect("pipe");
        assert!(kept.file_type().is_fifo(), "the pipe is still a pipe");
    }
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_is_said_in_chinese_without_a_temporary_path() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("readonly");
    let ro = dir.join("ro");
    std::fs::create_dir(&ro).expect("mkdir");
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    // Root writes anywhere: then there is nothing to test.
    if std::fs::write(ro.join("probe"), "x").is_ok() {
        return;
    }
    let corrected = common::root().join("examples/lechang-hrss-2024-corrected.toml");
    let r = jixiao_in(&dir, &["report", &corrected.to_string_lossy(), "-o", "ro/r.md"]);
    no_panic(&r);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("没有权限") && !r.stderr.contains(".tmp") && !r.stderr.contains("os error"),
        "{}",
        r.stderr
    );
}

/// An indicator system whose rules overflow exact decimals: a deduction step of 10⁻²⁸ and a
/// capped rule with a huge rate per unit.
fn overflowing_system(dir: &Path) -> PathBuf {
    let path = dir.join("sys.toml");
    std::fs::write(
        &path,
        "[system]\nid = \"huge\"\nname = \"溢出\"\nkind = \"dept_evaluation\"\n\n\
         [[indicators]]\ncode = \"A\"\nlevel = 1\nname = \"在职人员控制率\"\nmax_points = 5\nmeasure = \"staffing_rate\"\n\
         rule = { type = \"deduction\", threshold = 0, direction = \"over\", step = \"0.0000000000000000000000000001\", points_per_step = 999999999999999 }\n\n\
         [[indicators]]\ncode = \"B\"\nlevel = 1\nname = \"预算调整率\"\nmax_points = 5\nmeasure = \"budget_adjustment_rate\"\n\
         rule = { type = \"capped\", per_unit = 999999999999999 }\n",
    )
    .expect("write");
    path
}

#[test]
fn scoring_that_overflows_exact_decimals_says_so_and_does_not_panic() {
    let dir = scratch("overflow");
    let sys = overflowing_system(&dir);
    std::fs::write(
        dir.join("r.toml"),
        format!(
            "{HEAD}[staffing.authorized]\nadministrative = 1\n[staffing.actual]\nadministrative = 999999\n\
             [finance]\nbudget_initial = \"0.01\"\n[budget_adjustment]\namount = \"999999999999\"\n\
             [[scoring.scores]]\ncode = \"A\"\nself_score = \"5\"\n[[scoring.scores]]\ncode = \"B\"\nself_score = \"5\"\n"
        ),
    )
    .expect("write");
    for cmd in ["score", "check"] {
        let r = jixiao_in(&dir, &[cmd, "r.toml", "--system", &sys.to_string_lossy()]);
        no_panic(&r);
        if cmd == "score" {
            assert!(r.stdout.contains("数值超出可计算范围"), "{}", r.stdout);
        }
    }
}

#[test]
fn many_repeated_figures_give_a_bounded_list_of_findings() {
    let dir = scratch("facts");
    let mut text = HEAD.to_string();
    for i in 0..3000 {
        text.push_str(&format!("[[facts]]\nlabel = \"参保人数\"\nvalue = \"{i}\"\nunit = \"人\"\n"));
    }
    std::fs::write(dir.join("r.toml"), text).expect("write");
    let r = jixiao_in(&dir, &["check", "r.toml", "--format", "json"]);
    no_panic(&r);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let c001 = v["findings"].as_array().expect("findings").iter().filter(|f| f["code"] == "C001").count();
    assert_eq!(c001, 201, "200 listed, then one saying how many more");
    assert!(r.stdout.contains("还有 2799 处同类问题未逐一列出"), "{}", &r.stdout[..r.stdout.len().min(400)]);
}

#[test]
fn a_list_beyond_the_limit_is_refused_naming_the_field_and_the_limit() {
    let dir = scratch("list");
    let mut text = HEAD.to_string();
    text.push_str("duties = [");
    for _ in 0..100_001 {
        text.push_str("\"职责\",");
    }
    text.push_str("]\n");
    std::fs::write(dir.join("r.toml"), text).expect("write");
    let r = jixiao_in(&dir, &["check", "r.toml"]);
    no_panic(&r);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("duties") && r.stderr.contains("列表条目数上限"), "{}", r.stderr);
}

#[test]
fn a_finding_about_many_rows_marks_the_first_twenty_and_counts_the_rest() {
    // 100 missed targets: one T002 naming them all, whose quoted snippet would otherwise span
    // the whole file once per row (quadratic in the rows).
    let dir = scratch("many-marks");
    let mut text = HEAD.to_string();
    for i in 0..100 {
        text.push_str(&format!(
            "[[targets]]\ngroup = \"产出\"\nname = \"指标{i}\"\ndirection = \">=\"\ntarget = \"100\"\nactual = \"90\"\nunit = \"人\"\n"
        ));
    }
    std::fs::write(dir.join("r.toml"), text).expect("write");
    let r = jixiao_in(&dir, &["check", "r.toml"]);
    no_panic(&r);
    assert_eq!(r.stdout.matches("警告[T002]").count(), 1, "{}", r.stdout);
    assert_eq!(r.stdout.matches("━ 未完成").count() + r.stdout.matches("─ 未完成").count(), 20, "{}", r.stdout);
    assert!(r.stdout.contains("另有: 80 处相关位置未在上面标出(--format json 列出全部)"), "{}", r.stdout);
    let json = jixiao_in(&dir, &["check", "r.toml", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    assert_eq!(v["findings"][0]["spans"].as_array().map(Vec::len), Some(100), "JSON lists every place");
}
