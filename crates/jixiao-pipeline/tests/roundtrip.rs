//! Round trip: the report jixiao writes (`jixiao-render`), in every format, read back by
//! `jixiao audit` (this pipeline), has no error-level problem and states the figures the
//! record holds.
//!
//! Over the seed record with its inconsistencies corrected
//! (`examples/lechang-hrss-2024-corrected.toml`), and over generated records (proptest).

use std::collections::BTreeMap;

use jixiao_core::Record;
use jixiao_core::finding::Severity;
use jixiao_core::input::load_record;
use jixiao_core::load::Format as DataFormat;
use jixiao_core::record::DeptRecord;
use jixiao_render::fonts::Fonts;
use jixiao_render::{Format, Inputs, Sentences, build, render};
use proptest::prelude::*;
use rust_decimal::Decimal;

const CORRECTED: &str = include_str!("../../../examples/lechang-hrss-2024-corrected.toml");

/// jixiao's own fonts (no file read), loaded once.
fn own_fonts() -> &'static Fonts {
    static FONTS: std::sync::OnceLock<Fonts> = std::sync::OnceLock::new();
    FONTS.get_or_init(|| Fonts::new(jixiao_fonts::bundled()))
}

fn load(text: &str) -> Record {
    match load_record(text, DataFormat::Toml) {
        Ok(l) => l.record,
        Err(e) => panic!("record does not load: {:?}", e.iter().map(|e| e.message.clone()).collect::<Vec<_>>()),
    }
}

fn dept(r: &Record) -> &DeptRecord {
    match r {
        Record::Dept(d) => d,
        Record::Project(_) => panic!("not a department record"),
    }
}

fn system_of(r: &Record) -> Option<jixiao_core::system::IndicatorSystem> {
    r.indicator_system().and_then(jixiao_core::system::builtin).and_then(Result::ok).map(|s| s.system)
}

/// Every report format and the file name it is read back under.
const FORMATS: [(Format, &str); 4] =
    [(Format::Markdown, "r.md"), (Format::Html, "r.html"), (Format::Docx, "r.docx"), (Format::Pdf, "r.pdf")];

fn write(record: &Record, format: Format) -> Vec<u8> {
    let system = system_of(record);
    let sentences = Sentences::default_set();
    let inputs = Inputs {
        record: dept(record),
        system: system.as_ref(),
        notes: &[],
        sentences: &sentences,
        charts: Some(own_fonts()),
        projects: &[],
    };
    let built = build(&inputs).expect("report builds");
    render(&built.report, format, own_fonts()).unwrap_or_else(|e| panic!("{format:?}: {e}"))
}

/// Figures of a record as `path → value`: numbers only (amounts, counts, rates with their
/// `%` or unit dropped, compared as decimals), arrays keyed by each item's code or name so
/// that order does not matter.
fn figures(rec: &DeptRecord) -> BTreeMap<String, Decimal> {
    fn walk(v: &serde_json::Value, path: String, out: &mut BTreeMap<String, Decimal>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, v) in m {
                    walk(v, if path.is_empty() { k.clone() } else { format!("{path}.{k}") }, out);
                }
            }
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let key = ["code", "name", "label"]
                        .iter()
                        .find_map(|k| item.get(*k).and_then(|v| v.as_str()).map(str::to_string))
                        .unwrap_or_else(|| i.to_string());
                    // Quotes and blanks in a name are typography, not identity.
                    let key: String = key.chars().filter(|c| !matches!(c, '“' | '”' | '"' | ' ')).collect();
                    walk(item, format!("{path}[{key}]"), out);
                }
            }
            serde_json::Value::String(s) => {
                let t = s.trim().trim_end_matches(['%', '元', '人']);
                if let Ok(d) = t.parse::<Decimal>() {
                    out.insert(path, d.normalize());
                }
            }
            serde_json::Value::Number(n) => {
                if let Ok(d) = n.to_string().parse::<Decimal>() {
                    out.insert(path, d.normalize());
                }
            }
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    walk(&serde_json::to_value(rec).expect("record serialises"), String::new(), &mut out);
    out
}

/// The figures a written report must carry back: the record's inputs. Left out: what the
/// report states as computed (totals, differences, rates — compared by the checks instead),
/// and what a report of this outline has no place for.
fn carried(path: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "header.year",
        "finance.budget_initial",
        "finance.budget_last_year",
        "finance.actual",
        "finance.actual_last_year",
        "budget_table.rows",
        "targets",
        "projects.total",
        "projects.with_targets",
        "procurement.planned",
        "procurement.actual",
        "operating_expenses.budget",
        "operating_expenses.actual",
        "three_public_expenses",
        "arbitration",
        "spending_rates",
        "carryover.spending_rate_stated",
        "assets.utilization_stated",
        "staffing.authorized",
        "staffing.actual",
        "scoring.scores",
    ];
    // Stated aggregates (subtotals, rates, per-visit figures) the report recomputes, except
    // those with no parts in the record to compute them from.
    const INPUTS: &[&str] = &["carryover.spending_rate_stated", "assets.utilization_stated"];
    PREFIXES.iter().any(|p| path.starts_with(p)) && (!path.ends_with("_stated") || INPUTS.contains(&path))
}

/// Audits a written report and returns the problems and the figures that did not come back.
fn round_trip(record: &Record, format: Format, name: &str) -> (Vec<String>, Vec<String>) {
    let bytes = write(record, format);
    let read = jixiao_pipeline::read(name, jixiao_pipeline::Input::Report(&bytes))
        .unwrap_or_else(|e| panic!("{name} does not read back: {e:?}"));
    let audit = jixiao_pipeline::check(read, None);
    let errors: Vec<String> = audit
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| format!("{name}: [{}] {}", f.code, f.message))
        .collect();
    let Some(got) = audit.read.reading.recognised.then(|| figures(dept(&audit.read.record))) else {
        return (errors, vec![format!("{name}: no department report recognised")]);
    };
    let want = figures(dept(record));
    let lost = want
        .iter()
        .filter(|(p, _)| carried(p))
        .filter(|(p, v)| got.get(*p) != Some(v))
        .map(|(p, v)| format!("{name}: {p} = {v}, read back {:?}", got.get(p)))
        .collect();
    (errors, lost)
}

#[test]
fn corrected_example_has_no_errors() {
    let record = load(CORRECTED);
    let findings = jixiao_rules::check(&record, system_of(&record).as_ref());
    let msgs: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
    assert!(findings.is_empty(), "{msgs:#?}");
}

#[test]
fn corrected_example_round_trips_in_every_format() {
    let record = load(CORRECTED);
    for (format, name) in FORMATS {
        let (errors, lost) = round_trip(&record, format, name);
        assert!(errors.is_empty(), "{errors:#?}");
        assert!(lost.is_empty(), "{lost:#?}");
    }
}

#[test]
fn corrected_example_audit_is_clean_in_every_format() {
    // Not even a warning: the report states every scope and every reason the record holds.
    let record = load(CORRECTED);
    for (format, name) in FORMATS {
        let bytes = write(&record, format);
        let read = jixiao_pipeline::read(name, jixiao_pipeline::Input::Report(&bytes)).expect("reads back");
        let audit = jixiao_pipeline::check(read, None);
        let all: Vec<String> = audit.findings.iter().map(|f| format!("[{}] {}", f.code, f.message)).collect();
        assert!(all.is_empty(), "{name}: {all:#?}");
    }
}

// ------------------------------------------------------------------ generated records

const DEPARTMENTS: &[&str] = &["清远市人力资源和社会保障局", "某县农业农村局", "某区教育局", "某市财政局"];
const CODES: &[&str] = &["201", "205", "206", "207", "208", "210", "211", "212", "213", "221", "229"];
/// Distinct target names (so no two are taken for one another), with their units.
const TARGETS: &[(&str, &str)] = &[
    ("城镇新增就业人数", "人"),
    ("开展补贴性职业技能培训", "人次"),
    ("劳动保障监察案件办结数", "件"),
    ("农村公路养护里程", "公里"),
    ("义务教育巩固率", "%"),
    ("家庭医生签约服务覆盖率", "%"),
];

fn cents(max: i64) -> impl Strategy<Value = Decimal> {
    (0..=max).prop_map(|c| Decimal::new(c, 2))
}

#[derive(Debug, Clone)]
struct Gen {
    dept: usize,
    year: u16,
    rows: Vec<(usize, Decimal, Decimal)>,
    last_budget: Decimal,
    last_actual: Decimal,
    targets: Vec<(usize, u32, u32)>,
    staff: (u32, u32, u32, u32),
    procurement: (Decimal, Decimal),
}

fn records() -> impl Strategy<Value = Gen> {
    let rows = proptest::sample::subsequence((0..CODES.len()).collect::<Vec<_>>(), 1..=6)
        .prop_flat_map(|idx| {
            let n = idx.len();
            let row = (100i64..=9_999_999, 0u32..=130, proptest::bool::weighted(0.15), cents(99_999));
            (Just(idx), proptest::collection::vec(row, n))
        })
        .prop_map(|(idx, vals)| {
            idx.into_iter()
                .zip(vals)
                .enumerate()
                .map(|(k, (i, (budget, pct, unbudgeted, extra)))| {
                    // Some classes spend without a budget (as 城乡社区支出 in the seed); the
                    // first always has one, so the table is never all zero.
                    if unbudgeted && k > 0 {
                        return (i, Decimal::ZERO, extra);
                    }
                    let budget = Decimal::new(budget, 2);
                    (i, budget, (budget * Decimal::from(pct) / Decimal::from(100)).round_dp(2))
                })
                .collect::<Vec<_>>()
        });
    let targets = proptest::sample::subsequence((0..TARGETS.len()).collect::<Vec<_>>(), 1..=TARGETS.len())
        .prop_flat_map(|idx| {
            let n = idx.len();
            (Just(idx), proptest::collection::vec((1u32..=5000, 0u32..=6000), n))
        })
        .prop_map(|(idx, vals)| {
            idx.into_iter()
                .zip(vals)
                .map(|(i, (t, a))| if TARGETS[i].1 == "%" { (i, t % 100 + 1, a % 101) } else { (i, t, a) })
                .collect::<Vec<_>>()
        });
    (
        0..DEPARTMENTS.len(),
        2019u16..=2026,
        rows,
        cents(9_999_999),
        cents(9_999_999),
        targets,
        (1u32..=60, 0u32..=40, 0u32..=8, 0u32..=10),
        (cents(99_999), 0u32..=100),
    )
        .prop_map(|(dept, year, rows, last_budget, last_actual, targets, staff, (planned, pct))| Gen {
            dept,
            year,
            rows,
            last_budget,
            last_actual,
            targets,
            staff,
            procurement: (planned, (planned * Decimal::from(pct) / Decimal::from(100)).round_dp(2)),
        })
}

fn fixed(d: Decimal) -> String {
    format!("{:.2}", d)
}

fn toml_of(g: &Gen) -> String {
    let budget: Decimal = g.rows.iter().map(|r| r.1).sum();
    let actual: Decimal = g.rows.iter().map(|r| r.2).sum();
    let mut s = format!(
        "kind = \"dept_evaluation\"\nduties = [\"负责本部门职责范围内的各项工作。\"]\n\n[header]\ndepartment = \"{}\"\nyear = {}\nhead = \"张三\"\nfiler = \"李四\"\nphone = \"0763-1234567\"\nfiled_on = {}-03-31\n\n",
        DEPARTMENTS[g.dept],
        g.year,
        g.year + 1
    );
    s += &format!(
        "[finance]\nbudget_initial = \"{}\"\nbudget_last_year = \"{}\"\nactual = \"{}\"\nactual_last_year = \"{}\"\n\n",
        fixed(budget),
        fixed(g.last_budget),
        fixed(actual),
        fixed(g.last_actual)
    );
    for (i, b, a) in &g.rows {
        let name = jixiao_core::classes::by_code(CODES[*i]).map_or("其他支出", |c| c.name);
        s += &format!(
            "[[budget_table.rows]]\ncode = \"{}\"\nname = \"{name}\"\nbudget = \"{}\"\nactual = \"{}\"\nreason = \"按实际工作需要安排支出\"\n\n",
            CODES[*i],
            fixed(*b),
            fixed(*a)
        );
    }
    s += &format!("[budget_table.total]\nbudget = \"{}\"\nactual = \"{}\"\n\n", fixed(budget), fixed(actual));
    for (i, t, a) in &g.targets {
        let (name, unit) = TARGETS[*i];
        s += &format!(
            "[[targets]]\ngroup = \"业务\"\nname = \"{name}\"\ndirection = \">=\"\ntarget = \"{t}\"\nunit = \"{unit}\"\nactual = \"{a}\"\n"
        );
        if a < t {
            s += "deviation_reason = \"受客观条件影响,进度滞后\"\n";
        }
        s += "\n";
    }
    let (adm, inst, service, contracted) = g.staff;
    s += &format!(
        "[staffing.authorized]\nadministrative = {adm}\npublic_institution = {inst}\nservice_staff = {service}\n\n[staffing.actual]\nadministrative = {}\npublic_institution = {}\ncontracted = {contracted}\n\n",
        adm.saturating_sub(1),
        inst
    );
    s += &format!(
        "[procurement]\nplanned = \"{}\"\nactual = \"{}\"\n\n",
        fixed(g.procurement.0),
        fixed(g.procurement.1)
    );
    s += "[[problems]]\ntitle = \"绩效目标设置有待细化。\"\ntext = \"部分指标不够量化。\"\n\n[[recommendations]]\ntitle = \"细化绩效目标。\"\ntext = \"按可衡量的要求设置指标。\"\n";
    s
}

fn check_generated(g: &Gen, formats: &[(Format, &str)]) -> Result<(), TestCaseError> {
    let text = toml_of(g);
    let record = load(&text);
    let errors: Vec<String> = jixiao_rules::check(&record, None)
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.message)
        .collect();
    prop_assert!(errors.is_empty(), "generated record has errors: {errors:?}\n{text}");
    for (format, name) in formats {
        let (errors, lost) = round_trip(&record, *format, name);
        prop_assert!(errors.is_empty(), "{errors:#?}\n{text}");
        prop_assert!(lost.is_empty(), "{lost:#?}\n{text}");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn generated_records_round_trip_as_markdown_html_and_word(g in records()) {
        check_generated(&g, &FORMATS[..3])?;
    }
}

proptest! {
    // Typesetting a PDF takes a while: fewer cases.
    #![proptest_config(ProptestConfig { cases: 4, ..ProptestConfig::default() })]

    #[test]
    fn generated_records_round_trip_as_pdf(g in records()) {
        check_generated(&g, &FORMATS[3..])?;
    }
}
