//! What the program prints to standard output, and how findings are drawn on the terminal.
//!
//! A closed pipe ends the program quietly; nothing here decides what is printed.

use std::io::IsTerminal;

use jixiao_pipeline::diagnostics::Options;

/// How findings are drawn: ASCII lines if asked, colour only on a terminal without `NO_COLOR`.
pub fn options(ascii: bool) -> Options {
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    Options { ascii, color }
}

/// [`options`] for what goes to standard error.
pub fn options_stderr() -> Options {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    Options { ascii: false, color }
}

/// A JSON value, pretty-printed, to standard output.
pub fn print_json(v: &serde_json::Value) {
    outln(&serde_json::to_string_pretty(v).unwrap_or_default());
}

/// Writes to standard output. A closed pipe (`jixiao rules | head`) ends the program quietly,
/// as other command-line tools do; any other write error is reported.
pub fn out(s: &str) {
    use std::io::Write;
    let mut o = std::io::stdout().lock();
    if let Err(e) = o.write_all(s.as_bytes()).and_then(|()| o.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        let mut err = std::io::stderr();
        // Standard error may be as broken as standard output: then the exit code says it.
        let _ = writeln!(err, "错误:无法写出结果:{}", crate::io::os_reason(&e));
        std::process::exit(2);
    }
}

/// [`out`] with a line break.
pub fn outln(s: &str) {
    out(&format!("{s}\n"));
}
