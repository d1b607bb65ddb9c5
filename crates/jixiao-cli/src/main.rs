//! The `jixiao` command: parses arguments, reads files, prints, and decides the exit code.
//! Everything else is in the library crates.
//!
//! Exit codes: 0 no error-level finding (for `report`: the report was written); 1 error-level
//! findings; 2 the tool could not do its work (bad input file, unknown option, unreadable path).
//!
//! This file only wires: the arguments are defined in `args`, each command is in
//! `commands`, files are read and written in `io`, standard output in `output`.

/// `eprintln!` that never panics: a message that cannot be written (standard error closed or
/// on a full disk, `2>/dev/full`) is dropped, and the exit code still says what happened. It
/// shadows the standard macro in every module below.
macro_rules! eprintln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        // Nothing else can be told to the user when their standard error refuses a message.
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// `eprint!` that never panics (see `eprintln!`).
macro_rules! eprint {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        // As in `eprintln!`.
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

/// mimalloc instead of the C library's allocator: the readers allocate many small strings and
/// vectors (a workbook import makes ~20 allocations per field), and mimalloc serves them in a
/// fraction of the time (import of 10 500 target rows 0.27 s -> 0.19 s, docs/workbook.md).
/// Transparent huge pages are off (`no_thp`): with them the audit of a 40 MB text spent up to
/// a second in the kernel compacting memory.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod args;
mod commands;
mod final_doc;
mod io;
mod output;
mod project_report;

use std::cell::RefCell;
use std::process::ExitCode;

use clap::FromArgMatches;
use jixiao_pipeline::Severity;

use crate::args::{Cli, Command, argument_error, cli_command};
use crate::io::Failure;

thread_local! {
    /// Where and why the last panic on this thread happened, for the message that replaces it.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// A panic prints nothing by itself: a library that catches one at its boundary (a workbook
/// or PDF reader failing inside a dependency) turns it into a Chinese "无法读取" message, and
/// one that reaches `main` becomes a Chinese message with the technical detail set apart.
fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let at = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
        LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{what}({at})")));
    }));
}

fn main() -> ExitCode {
    quiet_panics();
    match std::panic::catch_unwind(run) {
        Ok(code) => code,
        Err(_) => {
            let detail = LAST_PANIC.with(|p| p.borrow_mut().take()).unwrap_or_default();
            eprintln!(
                "错误:jixiao 内部出错,未能完成(这是 jixiao 的缺陷,请把这条信息和所用的文件报告给开发者;未写出任何文件)\n技术细节:{detail}"
            );
            ExitCode::from(2)
        }
    }
}

fn run() -> ExitCode {
    let parsed = cli_command().try_get_matches().and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => {
            if !e.use_stderr() {
                // --help, --version. If printing the page fails (a closed pipe), there is
                // nothing left to tell the user: the exit code stays 0 as for any help page.
                let _ = e.print();
                return ExitCode::from(0);
            }
            eprintln!("{}", argument_error(&e));
            return ExitCode::from(2);
        }
    };
    let result = match cli.command {
        Command::Check(a) => commands::check(&a),
        Command::Score(a) => commands::score(&a),
        Command::Report(a) => commands::report(&a),
        Command::Template { output, system, kind } => commands::template(&output, system.as_deref(), kind),
        Command::Import { file, output } => commands::import(&file, &output),
        Command::Export { file, output } => commands::export(&file, &output),
        Command::Rollover { file, output } => commands::rollover(&file, &output),
        Command::Explain { code } => commands::explain(&code),
        Command::Rules { format } => commands::rules(format),
        Command::Audit { files, format, ascii } => commands::audit(&files, format, ascii),
        Command::Review { paths, output, html, json, jobs, rules, annotate, previous } => {
            commands::review(&commands::ReviewOptions {
                paths: &paths,
                output: output.as_deref(),
                html: html.as_deref(),
                json,
                jobs,
                rules: rules.as_deref(),
                annotate: annotate.as_deref(),
                previous: &previous,
            })
        }
        Command::Extract { file, record } => commands::extract(&file, record),
        Command::Systems => commands::systems(),
        Command::Demo => commands::demo(),
        #[cfg(feature = "serve")]
        Command::Serve(a) => commands::serve(&a),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(Failure(message)) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

/// The exit code for findings: 1 if any is an error, else 0.
fn exit_for(findings: &[jixiao_pipeline::Finding]) -> u8 {
    u8::from(findings.iter().any(|f| f.severity == Severity::Error))
}
