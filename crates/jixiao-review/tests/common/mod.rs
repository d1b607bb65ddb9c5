//! What the review tests share: reports written by jixiao's own renderer from a record.

#![allow(dead_code)]

use jixiao_pipeline::report::fonts::Fonts;
use jixiao_pipeline::report::{Format, Inputs, Sentences, build, render};
use jixiao_pipeline::{Input, Record};

/// The repository's example record (the seed transcribed, its inconsistencies kept).
pub const RECORD: &str = include_str!("../../../../examples/lechang-hrss-2024.toml");

/// The report of `record` (a TOML record file's text) in `format`, written by jixiao (no charts: quicker, same text).
pub fn written(record: &str, format: Format) -> Vec<u8> {
    let read =
        jixiao_pipeline::read("r.toml", Input::Record { text: record.into(), format: jixiao_pipeline::Format::Toml })
            .unwrap_or_else(|_| panic!("the example record loads"));
    let Record::Dept(dept) = &read.record else { panic!("a department record") };
    let fonts = Fonts::new(jixiao_pipeline::fonts::bundled());
    let sentences = Sentences::default_set();
    let system = dept
        .indicator_system
        .as_deref()
        .and_then(jixiao_pipeline::system::builtin)
        .and_then(Result::ok)
        .map(|s| s.system);
    let inputs = Inputs {
        record: dept,
        system: system.as_ref(),
        notes: &[],
        sentences: &sentences,
        charts: None,
        projects: &[],
    };
    let built = build(&inputs).expect("report builds");
    render(&built.report, format, &fonts).unwrap_or_else(|e| panic!("{format:?}: {e}"))
}
