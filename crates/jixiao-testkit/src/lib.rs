//! # jixiao-testkit
//!
//! What jixiao's tests share, and only that (it is a dev-dependency; nothing ships with it):
//!
//! - [`program`]: an outside program a test runs (LibreOffice, poppler, Chromium, PostgreSQL),
//!   found on the `PATH` or failing with one clear message that names the Debian package and
//!   the command that installs it — never a bare "No such file or directory";
//! - [`shared`]: the shared corpus and seed report beside the repository (`../shared`, or
//!   `$JIXIAO_SHARED`);
//! - [`scratch`]: an empty folder under the test's target directory;
//! - [`run`] and [`convert_with_soffice`]: running those programs and checking they worked;
//! - [`pdf`]: small PDFs built in a test, hostile ones included.
//!
//! `scripts/test` installs every program listed in [`PROGRAMS`]; a test that needs a new one
//! adds it there and in that script.

pub mod pdf;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

/// An outside program the tests use, with the Debian package that provides it.
#[derive(Debug, Clone, Copy)]
pub struct Program {
    /// The command name.
    pub name: &'static str,
    /// The Debian package that installs it.
    pub package: &'static str,
    /// What the tests use it for.
    pub purpose: &'static str,
}

/// Every outside program a test runs.
pub const PROGRAMS: &[Program] = &[
    Program {
        name: "soffice",
        package: "libreoffice-writer-nogui libreoffice-calc-nogui",
        purpose: "turning DOCX and XLSX into PDF, recalculating workbooks",
    },
    Program { name: "pdftotext", package: "poppler-utils", purpose: "reading the text of a PDF" },
    Program { name: "pdftoppm", package: "poppler-utils", purpose: "turning PDF pages into images" },
    Program { name: "pdfinfo", package: "poppler-utils", purpose: "counting PDF pages" },
    Program { name: "pdffonts", package: "poppler-utils", purpose: "listing the fonts a PDF embeds" },
    Program { name: "chromium", package: "chromium", purpose: "browser tests of the web workspace" },
    Program {
        name: "chromedriver",
        package: "chromium-driver",
        purpose: "driving Chromium through WebDriver in the browser tests",
    },
    Program { name: "fc-list", package: "fontconfig", purpose: "finding CJK fonts" },
];

fn known(name: &str) -> Program {
    PROGRAMS.iter().copied().find(|p| p.name == name).unwrap_or(Program { name: "", package: "", purpose: "" })
}

/// The message for a program that is not installed.
pub fn missing_message(name: &str) -> String {
    let p = known(name);
    let package = if p.package.is_empty() { name } else { p.package };
    format!(
        "the tests need the program `{name}` ({}), which is not installed.\n\
         Run the tests with `scripts/test`, which installs what is missing, or install it yourself:\n    \
         sudo apt-get install -y --no-install-recommends {package}",
        if p.purpose.is_empty() { "used by this test" } else { p.purpose }
    )
}

/// Where a program is on the `PATH`, if it is.
pub fn find(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|d| d.join(name)).find(|p| is_executable(p))
}

fn is_executable(p: &Path) -> bool {
    std::fs::metadata(p).is_ok_and(|m| m.is_file())
}

/// A command for an outside program; panics with [`missing_message`] if it is not installed.
pub fn program(name: &str) -> Command {
    match find(name) {
        Some(p) => Command::new(p),
        None => panic!("{}", missing_message(name)),
    }
}

/// Runs a command and returns its standard output; panics with its standard error when it
/// fails or cannot start.
pub fn run(cmd: &mut Command) -> String {
    let out = match cmd.output() {
        Ok(out) => out,
        Err(e) => panic!("{cmd:?} did not start: {e}"),
    };
    assert!(out.status.success(), "{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Converts `input` with LibreOffice (`soffice --headless --convert-to to`) into `outdir`,
/// with a profile of its own there (so tests may run in parallel), and returns the path of
/// the converted file. `to` is a LibreOffice filter spec such as `pdf` or `xlsx`.
pub fn convert_with_soffice(input: &Path, to: &str, outdir: &Path) -> PathBuf {
    soffice(input, to, outdir, false)
}

/// As [`convert_with_soffice`], but LibreOffice recalculates every formula of a workbook on
/// load, as Excel does (its default shows the results stored in the file).
pub fn convert_with_soffice_recalculating(input: &Path, to: &str, outdir: &Path) -> PathBuf {
    soffice(input, to, outdir, true)
}

fn soffice(input: &Path, to: &str, outdir: &Path, recalculate: bool) -> PathBuf {
    let mut cmd = program("soffice");
    // LibreOffice waits for ever on a profile URL that is not absolute.
    assert!(outdir.is_absolute(), "soffice needs an absolute folder, not {}", outdir.display());
    let profile = outdir.join(".soffice-profile");
    if recalculate {
        let user = profile.join("user");
        std::fs::create_dir_all(&user).unwrap_or_else(|e| panic!("cannot make {}: {e}", user.display()));
        std::fs::write(
            user.join("registrymodifications.xcu"),
            r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>"#,
        )
        .unwrap_or_else(|e| panic!("cannot write the LibreOffice profile: {e}"));
    }
    run(cmd
        .args(["--headless", "--norestore", "--convert-to", to, "--outdir"])
        .arg(outdir)
        .arg(input)
        .arg(format!("-env:UserInstallation=file://{}", profile.display())));
    let ext = to.split(':').next().unwrap_or(to);
    let stem = input.file_stem().unwrap_or(OsStr::new("out"));
    let out = outdir.join(stem).with_extension(ext);
    assert!(out.exists(), "LibreOffice wrote no {}", out.display());
    out
}

/// Panics with the package to install unless a Simplified-Chinese font is installed (PDF and
/// chart tests typeset Chinese text).
pub fn require_cjk_font() {
    let families = run(program("fc-list").args([":lang=zh", "family"]));
    assert!(
        !families.trim().is_empty(),
        "the tests need a Chinese font, and none is installed.\n\
         Run the tests with `scripts/test`, which installs what is missing, or install one yourself:\n    \
         sudo apt-get install -y --no-install-recommends fonts-noto-cjk"
    );
}

/// The repository's root folder.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The shared corpus folder (`$JIXIAO_SHARED`, or `shared` beside the repository), or `None`
/// when it is absent and `JIXIAO_SKIP_SHARED` is set; panics with what to do otherwise.
pub fn shared() -> Option<PathBuf> {
    let dir = std::env::var_os("JIXIAO_SHARED").map_or_else(|| repo_root().join("../shared"), PathBuf::from);
    if dir.join("seed").is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("JIXIAO_SKIP_SHARED").is_some(),
        "the shared corpus was not found at {}: put it beside the repository, set JIXIAO_SHARED to it, \
         or set JIXIAO_SKIP_SHARED=1 to skip the tests that read it",
        dir.display()
    );
    None
}

/// A file of the shared corpus, read as text (see [`shared`]).
pub fn shared_text(relative: &str) -> Option<String> {
    let path = shared()?.join(relative);
    match std::fs::read_to_string(&path) {
        Ok(t) => Some(t),
        Err(e) => panic!("cannot read {}: {e}", path.display()),
    }
}

/// The seed report (乐昌市人社局 2024), as text.
pub fn seed_text() -> Option<String> {
    shared_text("seed/000_c570ee2c5f3014ba.txt")
}

/// An empty folder `name` under `base` (pass `env!("CARGO_TARGET_TMPDIR")`), emptied first.
pub fn scratch(base: &str, name: &str) -> PathBuf {
    let dir = Path::new(base).join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).unwrap_or_else(|e| panic!("cannot empty {}: {e}", dir.display()));
    }
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot make {}: {e}", dir.display()));
    dir
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_program_names_its_package_and_the_script() {
        let m = missing_message("pdftoppm");
        assert!(m.contains("poppler-utils") && m.contains("scripts/test"), "{m}");
        let m = missing_message("soffice");
        assert!(m.contains("libreoffice-calc-nogui"), "{m}");
    }

    #[test]
    #[should_panic(expected = "sudo apt-get install")]
    fn program_panics_with_the_install_command() {
        let _cmd = program("jixiao-no-such-program-anywhere");
    }

    #[test]
    fn every_program_is_installed_by_the_test_script() {
        let script = std::fs::read_to_string(repo_root().join("scripts/test")).expect("scripts/test");
        for p in PROGRAMS {
            for pkg in p.package.split(' ') {
                assert!(script.contains(pkg), "scripts/test does not install {pkg}");
            }
        }
    }
}
