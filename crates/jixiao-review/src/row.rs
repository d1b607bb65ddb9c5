//! One report of a batch: read, audited, and summed up in one row.

use std::io::Read;
use std::path::Path;

use jixiao_pipeline::record::{DeptRecord, Target};
use jixiao_pipeline::{Decimal, Input, Pages, ReadError, Record, Severity};

use crate::signals::Signal;

/// What could be done with a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Read and checked: at least one relation or figure the rules look at was found.
    Checked,
    /// Read, but nothing checkable was found: not the same as "no problem".
    NothingChecked,
    /// Could not be read, with why.
    Unreadable(String),
}

impl Status {
    /// The status in Chinese, for the summary.
    pub fn zh(&self) -> String {
        match self {
            Status::Checked => "已检查".into(),
            Status::NothingChecked => "未能检查(未识别出可检查的内容,不表示没有问题)".into(),
            Status::Unreadable(why) if why.starts_with("无法读取") => why.clone(),
            Status::Unreadable(why) => format!("无法读取:{why}"),
        }
    }
}

/// One finding of a report, as the summary lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingRow {
    /// Rule code.
    pub code: String,
    /// 错误 / 警告 / 提示.
    pub severity: Severity,
    /// The message.
    pub message: String,
    /// Line of its first figure in the report's text (1-based), if it has one.
    pub line: Option<usize>,
    /// The figure's text.
    pub figure: Option<String>,
    /// The page its first figure is on (1-based): a PDF's page, a Word file's page as Word
    /// last laid it out (where Word left the marks), or a text's page between form feeds;
    /// `None` where the file does not tell pages apart (other DOCX, HTML, text without form
    /// feeds) or the finding points at no figure.
    pub page: Option<usize>,
    /// Every figure it points at, as byte ranges of the report's text (for annotated copies).
    pub spans: Vec<std::ops::Range<usize>>,
}

/// One report of a batch.
#[derive(Debug, Clone)]
pub struct ReportRow {
    /// The file, as found.
    pub file: String,
    /// Read and checked, nothing checkable, or unreadable.
    pub status: Status,
    /// 部门整体 / 项目支出 / 转移支付, as the text says.
    pub kind: &'static str,
    /// The unit named in it.
    pub unit: Option<String>,
    /// The year evaluated.
    pub year: Option<u16>,
    /// Pages, where the file tells them (a PDF's pages, the count Word stored in a DOCX, a
    /// text's form feeds); never guessed.
    pub pages: Option<Pages>,
    /// 自评总分 as stated (a project report's too).
    pub stated_total: Option<Decimal>,
    /// 评价等级 as stated, as written (`优秀`; a project report's too).
    pub stated_grade: Option<String>,
    /// 预算执行率 (%) as stated or computed from the budget and actual stated.
    pub execution_rate: Option<Decimal>,
    /// The total the data supports, where an indicator table was read and at least one
    /// indicator's score could be judged from the data (the others count as self-scored).
    pub supported_total: Option<Decimal>,
    /// Error-level findings.
    pub errors: usize,
    /// Warning-level findings.
    pub warnings: usize,
    /// Every finding.
    pub findings: Vec<FindingRow>,
    /// Score-inflation and copy signals.
    pub signals: Vec<Signal>,
    /// Self-scores at their indicator's full marks, and self-scores read (for the full-marks signal).
    pub(crate) full_marks: (usize, usize),
    /// Texts of the problems section.
    pub(crate) problems: Vec<String>,
    /// Names of units (局, 人民政府, …) written in the text (for copy residue across the batch).
    pub(crate) names: Vec<String>,
    /// The performance targets read (for deviations and completion rates).
    pub(crate) targets: Vec<Target>,
    /// Names of the indicators self-scored at full marks.
    pub(crate) full_mark_names: Vec<String>,
    /// The report's text (for near-duplicate paragraphs and the dashboard).
    pub text: String,
    /// What the closing note of a report jixiao wrote with `--force` lists.
    pub(crate) forced_note: Option<jixiao_pipeline::ForcedNote>,
}

impl ReportRow {
    pub(crate) fn new(file: String, status: Status) -> ReportRow {
        ReportRow {
            file,
            status,
            kind: "",
            unit: None,
            year: None,
            pages: None,
            stated_total: None,
            stated_grade: None,
            execution_rate: None,
            supported_total: None,
            errors: 0,
            warnings: 0,
            findings: Vec::new(),
            signals: Vec::new(),
            full_marks: (0, 0),
            problems: Vec::new(),
            names: Vec::new(),
            targets: Vec::new(),
            full_mark_names: Vec::new(),
            text: String::new(),
            forced_note: None,
        }
    }
}

/// Reads a file, bounded by the file-size limit.
pub(crate) fn read(path: &Path) -> Result<Vec<u8>, String> {
    let limit = jixiao_pipeline::limits::Limits::default().max_file_bytes;
    let file = std::fs::File::open(path).map_err(|e| format!("无法打开({})", e.kind()))?;
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes).map_err(|e| format!("读取出错({})", e.kind()))?;
    if bytes.len() as u64 > limit {
        return Err(format!("超过可复核文件的上限 {} MiB,未读取", limit / (1024 * 1024)));
    }
    Ok(bytes)
}

/// Reads and audits one file; never panics (a panic inside a reader is the file's reason).
pub(crate) fn audit_file(path: &Path) -> ReportRow {
    let file = path.display().to_string();
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
    let bytes = match read(path) {
        Ok(b) => b,
        Err(why) => return ReportRow::new(file, Status::Unreadable(why)),
    };
    let outcome = std::panic::catch_unwind(|| {
        let read = jixiao_pipeline::read(&name, Input::Report(&bytes)).map_err(|e| match e {
            ReadError::Report(e) => e.to_string(),
            _ => "无法读取".to_string(),
        })?;
        Ok::<_, String>(summarize(file.clone(), jixiao_pipeline::check(read, None)))
    });
    match outcome {
        Ok(Ok(row)) => row,
        Ok(Err(why)) => ReportRow::new(file, Status::Unreadable(why)),
        Err(_) => ReportRow::new(file, Status::Unreadable("文件内容异常,读取时出错(已记录为程序缺陷)".into())),
    }
}

/// The page (1-based) a byte of the text is on: by where the pages start (a PDF's, or those
/// of Word's last layout), else by the form feeds before it; `None` when the text has neither.
pub(crate) fn page_of(text: &str, page_starts: &[usize], at: usize) -> Option<usize> {
    if !page_starts.is_empty() {
        return Some(page_starts.partition_point(|p| *p <= at).max(1));
    }
    if !text.contains('\u{c}') {
        return None;
    }
    Some(1 + text.get(..at)?.bytes().filter(|b| *b == 0x0c).count())
}

/// Whether a line is a heading (`四、…`, `(二)…`, `3.…`).
fn is_heading(line: &str) -> bool {
    let mut c = line.chars();
    match c.next() {
        Some('(' | '\u{ff08}') => true,
        Some(f) if "一二三四五六七八九十".contains(f) => line.chars().take(4).any(|x| x == '、'),
        Some(f) if f.is_ascii_digit() => line.chars().take(4).any(|x| matches!(x, '、' | '.' | '\u{ff0e}')),
        _ => false,
    }
}

/// The body of the problems section (`存在的问题`) when it is a heading of its own.
fn problems_section(text: &str) -> Option<String> {
    let mut lines = text.lines().map(str::trim);
    lines.find(|l| is_heading(l) && l.contains("存在") && l.contains("问题") && l.chars().count() <= 30)?;
    let body: Vec<&str> = lines.filter(|l| !l.is_empty()).take_while(|l| !is_heading(l)).collect();
    (!body.is_empty()).then(|| body.join(""))
}

fn kind_of(text: &str, project: bool) -> &'static str {
    let head: String = text.chars().take(400).collect();
    if head.contains("转移支付") {
        "转移支付"
    } else if project || head.contains("项目支出") {
        "项目支出"
    } else {
        "部门整体"
    }
}

/// The execution rate a department record states or supports, in percent.
fn execution_rate(r: &DeptRecord) -> Option<Decimal> {
    let hundred = Decimal::ONE_HUNDRED;
    if let Some(t) = &r.budget_table
        && let Some(total) = &t.total
    {
        if let Some(rate) = &total.execution_rate {
            return Some(rate.0);
        }
        if let (Some(b), Some(a)) = (&total.budget, &total.actual)
            && !b.value.is_zero()
        {
            return a.value.checked_div(b.value)?.checked_mul(hundred);
        }
    }
    if let Some(rate) = r.spending_rates.iter().find_map(|s| s.rate_stated.as_ref()) {
        return Some(rate.0);
    }
    let f = &r.finance;
    let budget = f.budget_adjusted.as_ref().or(f.budget_initial.as_ref())?;
    let actual = f.actual.as_ref()?;
    if budget.value.is_zero() || budget.unit != actual.unit {
        return None;
    }
    actual.value.checked_div(budget.value)?.checked_mul(hundred)
}

/// Names of units written in a text: a run of Chinese characters ending in a unit's suffix.
fn unit_names(text: &str) -> Vec<String> {
    const SUFFIXES: &[&str] = &["人民政府", "局", "委员会", "办公室", "街道办事处", "中心", "医院", "学校"];
    let mut out: Vec<String> = Vec::new();
    for suffix in SUFFIXES {
        for (at, _) in text.match_indices(suffix) {
            let before: Vec<char> = text[..at].chars().rev().take_while(|c| is_han(*c)).take(16).collect();
            if before.len() < 2 {
                continue;
            }
            let name: String = before.iter().rev().collect::<String>() + suffix;
            if !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

fn summarize(file: String, outcome: jixiao_pipeline::Outcome) -> ReportRow {
    let read = &outcome.read;
    let mut row = ReportRow::new(file, Status::Checked);
    let dept = match &read.record {
        Record::Dept(d) if read.reading.recognised => Some(d.as_ref()),
        _ => None,
    };
    row.kind = kind_of(&read.text, read.reading.project.is_some() && dept.is_none());
    row.names = unit_names(&read.text);
    row.text = read.text.clone();
    row.pages = read.reading.pages;
    row.forced_note = read.reading.forced_note;
    // What a report states of its whole evaluation, read whether or not a department
    // self-evaluation was recognised in it (a project report states its total and grade too).
    if let Record::Dept(d) = &read.record {
        row.stated_total = d.scoring.stated_total.as_ref().map(|n| n.0);
        row.stated_grade = d.scoring.stated_grade.clone();
    }
    if read.reading.coverage.nothing_checked() && outcome.findings.is_empty() {
        row.status = Status::NothingChecked;
    }
    if let Some(r) = dept {
        row.unit = Some(r.header.department.trim().to_string()).filter(|u| !u.is_empty());
        row.year = Some(r.header.year).filter(|y| *y > 0);
        row.execution_rate = execution_rate(r);
        row.targets = r.targets.clone();
        row.problems = r.problems.iter().map(|p| p.text.clone().unwrap_or_else(|| p.title.clone())).collect();
        if row.problems.is_empty() {
            row.problems = problems_section(&read.text).into_iter().collect();
        }
        if let Some(sys) = read.reading.system {
            let full = r
                .scoring
                .scores
                .iter()
                .filter(|s| {
                    sys.indicators
                        .iter()
                        .any(|i| i.code == s.code && i.max_points.as_ref().map(|m| m.0) == Some(s.self_score.0))
                })
                .count();
            row.full_marks = (full, r.scoring.scores.len());
        }
    }
    if let Some(sheet) = &outcome.score {
        let leaves = || sheet.rows.iter().filter(|x| x.self_score_stated && x.children_sum.is_none() && !x.adjustment);
        row.full_mark_names = leaves()
            .filter(|x| x.self_score.is_some() && x.self_score == x.max_points)
            .map(|x| x.name.clone())
            .collect();
        if leaves().any(|x| x.supported.is_some()) {
            // A score is supported up to what the data allows; no more than was claimed.
            let judged = |x: &jixiao_pipeline::scoring::ScoreRow| match (x.self_score, x.supported) {
                (Some(s), Some(p)) => Some(s.min(p)),
                (s, p) => s.or(p),
            };
            let sum = leaves().filter_map(judged).try_fold(Decimal::ZERO, |a, b| a.checked_add(b));
            row.supported_total = sum.and_then(|s| s.checked_add(sheet.adjustment.unwrap_or_default()));
        }
    }
    for f in &outcome.findings {
        match f.severity {
            Severity::Error => row.errors += 1,
            Severity::Warning => row.warnings += 1,
        }
        let spans: Vec<std::ops::Range<usize>> = outcome.spans(f).iter().map(|(s, _)| s.start..s.end).collect();
        let first = spans.first().cloned();
        row.findings.push(FindingRow {
            code: f.code.to_string(),
            severity: f.severity,
            message: f.message.clone(),
            line: first.as_ref().map(|s| jixiao_pipeline::source::line_col(&read.text, s.start).0),
            figure: first.as_ref().and_then(|s| read.text.get(s.clone())).map(str::to_string),
            page: first.as_ref().and_then(|s| page_of(&read.text, &read.reading.page_starts, s.start)),
            spans,
        });
    }
    row
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_names_are_runs_of_chinese_ending_in_a_units_suffix() {
        let names = unit_names("按照乐昌市财政局要求,乐昌市人力资源和社会保障局编制本报告。");
        // A run may carry words before the name (`按照`): names are matched by their end.
        assert_eq!(names, vec!["按照乐昌市财政局".to_string(), "乐昌市人力资源和社会保障局".to_string()]);
    }
}
