//! Round trip of the 项目支出绩效自评表: the form jixiao writes from each error-free project
//! example (`jixiao-render`), in every format, with and without the report's sections
//! (`--full`), read back by `jixiao audit` (this pipeline) has no error-level problem and
//! its funds block states the record's figures.

use jixiao_core::Record;
use jixiao_core::finding::Severity;
use jixiao_core::input::load_record;
use jixiao_core::load::Format as DataFormat;
use jixiao_core::project::ProjectRecord;
use jixiao_render::fonts::Fonts;
use jixiao_render::{Format, Mode, Options, ProjectInputs, build_project, render};
use rust_decimal::Decimal;

/// The project examples `jixiao check` finds no error in.
const CLEAN: [(&str, &str); 3] = [
    ("village-road", include_str!("../../../examples/project-village-road-2024.toml")),
    ("farm-machinery", include_str!("../../../examples/project-farm-machinery-subsidy-2024.toml")),
    ("farmland", include_str!("../../../examples/project-farmland-2024.toml")),
];

const FORMATS: [(Format, &str); 4] =
    [(Format::Markdown, "p.md"), (Format::Html, "p.html"), (Format::Docx, "p.docx"), (Format::Pdf, "p.pdf")];

fn own_fonts() -> &'static Fonts {
    static FONTS: std::sync::OnceLock<Fonts> = std::sync::OnceLock::new();
    FONTS.get_or_init(|| Fonts::new(jixiao_fonts::bundled()))
}

fn project(text: &str) -> ProjectRecord {
    match load_record(text, DataFormat::Toml).expect("example loads").record {
        Record::Project(p) => *p,
        Record::Dept(_) => panic!("a project record"),
    }
}

/// The amounts of the funds block: each row's 全年预算数 and 全年执行数, in 万元.
fn amounts(r: &ProjectRecord) -> Vec<(Option<Decimal>, Option<Decimal>)> {
    let wan = |a: Option<jixiao_core::value::Amount>| {
        a.map(|a| a.figure_in(jixiao_core::num::MoneyUnit::WanYuan).face.normalize())
    };
    std::iter::once(&r.funds.total)
        .chain(&r.funds.parts)
        .filter(|f| f.actual.is_some())
        .map(|f| (wan(f.budget_full_year), wan(f.actual)))
        .collect()
}

#[test]
fn the_written_form_is_audited_clean_and_states_the_records_funds() {
    let mut problems = Vec::new();
    for (name, text) in CLEAN {
        let record = project(text);
        let findings = jixiao_rules::check(&Record::Project(Box::new(record.clone())), None);
        assert!(findings.iter().all(|f| f.severity != Severity::Error), "{name} has errors of its own");
        for full in [false, true] {
            let inputs = ProjectInputs { record: &record, system: None, notes: &[], full };
            let built = build_project(&inputs, &Options { mode: Mode::Draft, written_at: None }).expect("builds");
            for (format, file) in FORMATS {
                let bytes = render(&built.report, format, own_fonts()).unwrap_or_else(|e| panic!("{format:?}: {e}"));
                let read = jixiao_pipeline::read(file, jixiao_pipeline::Input::Report(&bytes))
                    .unwrap_or_else(|e| panic!("{name} {file} does not read back: {e:?}"));
                let audit = jixiao_pipeline::check(read, None);
                for f in audit.findings.iter().filter(|f| f.severity == Severity::Error) {
                    problems.push(format!("{name} {file} full={full}: [{}] {}", f.code, f.message));
                }
                let Some(Record::Project(back)) = &audit.read.reading.project else {
                    problems.push(format!("{name} {file} full={full}: no funds block read back"));
                    continue;
                };
                let (want, got) = (amounts(&record), amounts(back));
                if got != want {
                    problems.push(format!("{name} {file} full={full}: funds {got:?}, the record's {want:?}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
