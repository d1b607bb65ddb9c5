//! The `jixiao` command: parses arguments, reads files, prints, and decides the exit code.
//! Everything else is in the library crates.
//!
//! Exit codes: 0 no error-level finding (for `report`: the report was written); 1 error-level
//! findings; 2 the tool could not do its work (bad input file, unknown option, unreadable path).
//!
//! This file only wires: the arguments are defined in `args`, each command is in
//! `commands`, files are read and written in `io`, standard output in `output`.

mod args;
mod commands;
mod io;
mod output;

use std::process::ExitCode;

use clap::FromArgMatches;
use jixiao_pipeline::Severity;

use crate::args::{Cli, Command, argument_error, cli_command};
use crate::io::Failure;

fn main() -> ExitCode {
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
        Command::Template { output, system } => commands::template(&output, system.as_deref()),
        Command::Import { file, output } => commands::import(&file, &output),
        Command::Export { file, output } => commands::export(&file, &output),
        Command::Explain { code } => commands::explain(&code),
        Command::Rules { format } => commands::rules(format),
        Command::Audit { files, format, ascii } => commands::audit(&files, format, ascii),
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
