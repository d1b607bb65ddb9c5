//! What the fuzz targets share: which panics a reader contains by design.
//!
//! jixiao runs the PDF library (pdf_oxide) and the workbook library (calamine and what it
//! reads with) behind a `catch_unwind` that turns their panics into a Chinese "无法读取"
//! message: a library bug on one file is a refused file, not a crashed process. libFuzzer's
//! panic hook aborts on every panic, caught or not, so a target that reads through such a
//! boundary would report the library's known-contained bugs instead of jixiao's.
//! [`contain_dependency_panics`] lets a panic raised in a dependency's source (a path under
//! Cargo's registry) reach jixiao's catch, and aborts on every other: a panic in jixiao's own
//! code, or in the standard library, is still a crash, and so is any panic that escapes the
//! reader (libFuzzer aborts when the input function unwinds).
//!
//! This is not a place to silence jixiao's own panics.

/// Installs the hook described in the crate doc. Call it once, from a target's `init:` block
/// (after libFuzzer's own hook is installed, which it keeps for every other panic).
pub fn contain_dependency_panics() {
    let abort = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let in_dependency = info.location().is_some_and(|at| {
            let file = at.file().replace('\\', "/");
            file.contains("/registry/src/") || file.contains("/git/checkouts/")
        });
        if !in_dependency {
            abort(info);
        }
    }));
}
