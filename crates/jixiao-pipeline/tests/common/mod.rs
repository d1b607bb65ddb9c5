//! What the pipeline's tests share: loading and writing records with jixiao's own fonts,
//! and records generated at random (proptest) whose figures all agree.
#![allow(dead_code)] // each test binary uses a part

use jixiao_core::Record;
use jixiao_core::input::load_record;
use jixiao_core::load::Format as DataFormat;
use jixiao_core::record::DeptRecord;
use jixiao_render::fonts::Fonts;
use jixiao_render::{Format, Inputs, Sentences, build, render};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// jixiao's own fonts (no file read), loaded once.
pub fn own_fonts() -> &'static Fonts {
    static FONTS: std::sync::OnceLock<Fonts> = std::sync::OnceLock::new();
    FONTS.get_or_init(|| Fonts::new(jixiao_fonts::bundled()))
}

pub fn load(text: &str) -> Record {
    match load_record(text, DataFormat::Toml) {
        Ok(l) => l.record,
        Err(e) => panic!("record does not load: {:?}", e.iter().map(|e| e.message.clone()).collect::<Vec<_>>()),
    }
}

pub fn dept(r: &Record) -> &DeptRecord {
    match r {
        Record::Dept(d) => d,
        Record::Project(_) => panic!("not a department record"),
    }
}

pub fn system_of(r: &Record) -> Option<jixiao_core::system::IndicatorSystem> {
    r.indicator_system().and_then(jixiao_core::system::builtin).and_then(Result::ok).map(|s| s.system)
}

pub fn write(record: &Record, format: Format) -> Vec<u8> {
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

const DEPARTMENTS: &[&str] = &["清远市人力资源和社会保障局", "某县农业农村局", "某区教育局", "某市财政局"];
pub const CODES: &[&str] = &["201", "205", "206", "207", "208", "210", "211", "212", "213", "221", "229"];
/// Distinct target names (so no two are taken for one another), with their units.
pub const TARGETS: &[(&str, &str)] = &[
    ("城镇新增就业人数", "人"),
    ("开展补贴性职业技能培训", "人次"),
    ("劳动保障监察案件办结数", "件"),
    ("农村公路养护里程", "公里"),
    ("义务教育巩固率", "%"),
    ("家庭医生签约服务覆盖率", "%"),
];

pub fn cents(max: i64) -> impl Strategy<Value = Decimal> {
    (0..=max).prop_map(|c| Decimal::new(c, 2))
}

#[derive(Debug, Clone)]
pub struct Gen {
    pub dept: usize,
    pub year: u16,
    pub rows: Vec<(usize, Decimal, Decimal)>,
    pub last_budget: Decimal,
    pub last_actual: Decimal,
    pub targets: Vec<(usize, u32, u32)>,
    pub staff: (u32, u32, u32, u32),
    pub procurement: (Decimal, Decimal),
}

pub fn records() -> impl Strategy<Value = Gen> {
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

pub fn fixed(d: Decimal) -> String {
    format!("{:.2}", d)
}

pub fn toml_of(g: &Gen) -> String {
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
