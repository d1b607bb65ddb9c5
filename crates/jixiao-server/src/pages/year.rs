//! A unit's year: the forms by sheet with findings beside the fields and in a list, the score
//! sheet, saving a sheet; the year's history, a past revision and restoring it.

use super::*;

// ---------------------------------------------------------------- a unit's year

/// The record of a revision (or the blank record of a year never saved).
pub(super) fn record_value(unit: &Unit, year: i64, rev: Option<&Revision>) -> Result<Value, Failure> {
    match rev {
        Some(r) => serde_json::from_str(&r.record).map_err(Failure::internal),
        None => Ok(engine::blank_record(&unit.name, year)),
    }
}

pub(super) async fn revision_or_current(
    state: &AppState,
    a: &YearAccess,
    rev: Option<i64>,
) -> Result<Option<Revision>, Failure> {
    let n = rev.unwrap_or(a.year.revision);
    if n == 0 {
        return Ok(None);
    }
    revision_numbered(state, a, n).await.map(Some)
}

/// Revision `n` of the year, or 没有第 n 版 (404).
pub(super) async fn revision_numbered(state: &AppState, a: &YearAccess, n: i64) -> Result<Revision, Failure> {
    state.store().revision(a.unit.id, a.year.year, n).await?.ok_or_else(|| Failure::not_found(format!("没有第 {n} 版")))
}

pub(super) async fn check_value(record: &Value) -> Result<Result<Checked, Vec<LoadProblem>>, Failure> {
    let text = serde_json::to_string_pretty(record).map_err(Failure::internal)?;
    engine::blocking(move || engine::check(text)).await
}

#[derive(Serialize)]
pub(super) struct FindingView {
    index: usize,
    severity: &'static str,
    severity_zh: &'static str,
    code: String,
    message: String,
    help: Option<String>,
    label: Option<String>,
    link: Option<String>,
    cell: Option<String>,
    comparison: Option<String>,
}

pub(super) fn finding_views(
    schema: &Schema,
    findings: &[Finding],
    base: &str,
    cells: Option<&engine::ImportPreview>,
) -> Vec<FindingView> {
    findings
        .iter()
        .enumerate()
        .map(|(i, f)| FindingView {
            index: i,
            severity: if f.severity == Severity::Error { "error" } else { "warning" },
            severity_zh: f.severity.name_zh(),
            code: f.code.clone(),
            message: f.message.clone(),
            help: f.help.clone(),
            label: form::label_of(schema, &f.primary.path),
            link: form::sheet_of(schema, &f.primary.path)
                .map(|s| format!("{base}?sheet={s}#{}", form::anchor(&f.primary.path))),
            cell: cells.and_then(|c| c.cell_of(&f.primary.path)),
            comparison: match (&f.stated, &f.computed) {
                (Some(s), Some(c)) => Some(match &f.tolerance {
                    Some(t) => format!("所述 {s};计算 {c};舍入容差 {t}"),
                    None => format!("所述 {s};计算 {c}"),
                }),
                _ => None,
            },
        })
        .collect()
}

pub(super) fn score_view(schema: &Schema, checked: &Checked) -> Value {
    let Some(s) = &checked.score else {
        return json!({"note": checked.score_note});
    };
    if let Some(why) = s.system_misfit() {
        return json!({"note": format!("{why}。请在“基本情况”中改正指标体系。")});
    }
    json!({
        "system": s.system_name,
        "system_id": s.system_id,
        "rows": s.rows.iter().map(|r| json!({
            "code": r.code,
            "name": r.name,
            "level": r.level,
            "max": engine::score_number(r.max_points),
            "self_score": engine::score_number(r.self_score),
            "supported": engine::score_number(r.supported),
            "basis": r.basis,
            "flags": engine::score_flags(&r.flags),
            "link": r.path.as_deref().and_then(|p| form::sheet_of(schema, p).map(|sh| format!("?sheet={sh}#{}", form::anchor(p)))),
        })).collect::<Vec<_>>(),
        "base_total": s.base_total.normalize().to_string(),
        "adjustment": s.adjustment.map(|a| a.normalize().to_string()),
        "total": s.total.normalize().to_string(),
        "max_total": s.max_total.map(|m| m.normalize().to_string()),
        "grade": s.grade,
        "stated_total": s.stated_total.as_ref().map(|t| t.0.normalize().to_string()),
        "stated_total_mismatch": s.stated_total_mismatch,
        "stated_grade": s.stated_grade.as_ref().map(|g| g.0.clone()),
        "grade_mismatch": s.grade_mismatch(),
    })
}

/// What the year page shows besides the record.
pub(super) struct YearPage<'a> {
    /// The sheet shown: an index into the layout, or `None` for the score sheet.
    sheet: Option<usize>,
    /// A message at the top: (kind, text).
    notice: Option<(&'static str, String)>,
    /// The record shown is a draft (not saved).
    draft: bool,
    /// The revision the form is based on.
    base: i64,
    /// Viewing an old revision (read-only).
    old: Option<&'a Revision>,
    problems: &'a [LoadProblem],
    /// The comments of the last 退回, shown at their fields.
    comments: &'a [jixiao_store::workflow::Comment],
    /// The viewer may review the year.
    can_review: bool,
    /// The year is being filled again after a 退回 (shown as 已退回, as in the reviewer's table).
    returned: bool,
}

pub(super) fn year_page_response(
    status: StatusCode,
    a: &YearAccess,
    record: &Value,
    checked: Option<&Checked>,
    p: YearPage<'_>,
) -> Response {
    let base_url = format!("/units/{}/years/{}", a.unit.code, a.year.year);
    let findings: &[Finding] = checked.map_or(&[], |c| &c.findings);
    let mut marks =
        if p.draft && checked.is_none() { Marks::new(&[], p.problems) } else { Marks::new(findings, p.problems) };
    let schema = form::schema_of(record);
    let sheets = schema.sections;
    let tabs: Vec<Value> = sheets
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (mut e, mut w) = (0, 0);
            for f in findings.iter().filter(|f| form::sheet_of(schema, &f.primary.path) == Some(i)) {
                if f.severity == Severity::Error { e += 1 } else { w += 1 }
            }
            let problems = p.problems.iter().filter(|x| form::sheet_of(schema, &x.path) == Some(i)).count();
            json!({"index": i, "name": s.name, "errors": e + problems, "warnings": w, "active": p.sheet == Some(i)})
        })
        .collect();
    for (i, c) in p.comments.iter().enumerate() {
        let mark = form::Mark {
            severity: "comment",
            code: String::new(),
            message: format!("审核意见:{}", c.text),
            primary: true,
            index: COMMENT_BASE + i,
        };
        marks.add(&c.path, mark);
    }
    let sheet_view = p.sheet.map(|i| form::sheet_view(schema, i, record, &mut marks));
    let comments: Vec<Value> = p
        .comments
        .iter()
        .enumerate()
        .map(|(i, c)| {
            json!({
                "index": COMMENT_BASE + i,
                "label": if c.path.is_empty() { "整体".to_string() } else { form::label_of(schema, &c.path).unwrap_or_else(|| c.path.clone()) },
                "link": form::sheet_of(schema, &c.path).map(|s| format!("{base_url}?sheet={s}#{}", form::anchor(&c.path))),
                "text": c.text, "by": c.author_name,
            })
        })
        .collect();
    let (errors, warnings) = engine::counts(findings);
    let problems: Vec<Value> = p
        .problems
        .iter()
        .enumerate()
        .map(|(i, x)| {
            json!({
                "index": findings.len() + i,
                "label": form::label_of(schema, &x.path).unwrap_or_else(|| x.path.clone()),
                "message": x.message,
                "link": form::sheet_of(schema, &x.path).map(|s| format!("{base_url}?sheet={s}#{}", form::anchor(&x.path))),
            })
        })
        .collect();
    let can_edit = a.can_write && p.old.is_none() && a.year.state == jixiao_store::YearState::Filling;
    let ctx = json!({
        "me": me(&a.viewer),
        "csrf": a.viewer.csrf,
        "unit": {"code": a.unit.code, "name": a.unit.name},
        "year": a.year.year,
        "revision": a.year.revision,
        "state": if p.returned { "已退回" } else { a.year.state.name_zh() },
        "state_name": a.year.state.as_str(),
        "can_review": p.can_review,
        "comments": comments,
        "updated_at": a.year.updated_at,
        "base": p.base,
        "base_url": base_url,
        "can_write": a.can_write,
        "can_edit": can_edit,
        "draft": p.draft,
        "old": p.old.map(|r| json!({"number": r.number, "author": r.author_name, "created_at": r.created_at, "note": r.note})),
        "notice": p.notice.map(|(kind, text)| json!({"kind": kind, "text": text})),
        "tabs": tabs,
        "sheet": sheet_view,
        "score_tab": p.sheet.is_none(),
        "score": checked.map(|c| score_view(schema, c)),
        "findings": finding_views(schema, findings, &base_url, None),
        "checked": checked.is_some(),
        "summary": checked.map(|c| engine::summary(&c.findings)),
        "errors": errors,
        "warnings": warnings,
        "problems": problems,
        "department": record.get("header").and_then(|h| h.get("department")).and_then(Value::as_str),
    });
    page_with_status(status, "year.html", ctx)
}

/// The index of the first comment in a page's list of marks (after every finding).
pub(super) const COMMENT_BASE: usize = 100_000;

pub(super) fn sheet_param(q: &HashMap<String, String>, schema: &Schema) -> Option<usize> {
    match q.get("sheet").map(String::as_str) {
        Some("score") => None,
        Some(s) => Some(s.parse::<usize>().ok().filter(|i| *i < schema.sections.len()).unwrap_or(0)),
        None => Some(0),
    }
}

pub(super) async fn year_page(
    State(state): State<AppState>,
    a: YearAccess,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, Failure> {
    let rev_param = q.get("rev").and_then(|r| r.parse::<i64>().ok()).filter(|r| *r != a.year.revision);
    let rev = revision_or_current(&state, &a, rev_param).await?;
    let record = record_value(&a.unit, a.year.year, rev.as_ref())?;
    let checked = check_value(&record).await?;
    let (checked, problems) = match checked {
        Ok(c) => (Some(c), Vec::new()),
        Err(p) => (None, p),
    };
    let notice = q.get("saved").and_then(|n| n.parse::<i64>().ok()).map(|n| {
        let summary = checked.as_ref().map(|c| engine::summary(&c.findings)).unwrap_or_default();
        ("ok", format!("已保存为第 {n} 版。{summary}"))
    });
    let notice = notice.or_else(|| {
        q.get("moved")
            .and_then(|m| jixiao_store::workflow::Action::parse(m))
            .map(|m| ("ok", format!("已{}:该年度现在是“{}”。", m.name_zh(), a.year.state.name_zh())))
    });
    let (comments, returned) = if a.year.state == jixiao_store::YearState::Filling && rev_param.is_none() {
        crate::workflow::return_state(&state, &a.unit, &a.year).await?
    } else {
        (Vec::new(), false)
    };
    let units = state.store().units().await?;
    let can_review = crate::policy::can_review(&a.viewer.user, &a.unit, &units);
    let old = rev_param.and(rev.as_ref());
    Ok(year_page_response(
        StatusCode::OK,
        &a,
        &record,
        checked.as_ref(),
        YearPage {
            sheet: sheet_param(&q, form::schema_of(&record)),
            notice,
            draft: false,
            base: a.year.revision,
            old,
            problems: &problems,
            comments: &comments,
            can_review,
            returned,
        },
    ))
}

pub(super) async fn sheet_submit(
    State(state): State<AppState>,
    a: YearAccess,
    Path(params): Path<HashMap<String, String>>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    a.viewer.check_form(&fields)?;
    let base = field(&fields, "base").and_then(|b| b.parse::<i64>().ok()).unwrap_or(a.year.revision);
    let base_rev = if base == 0 { None } else { Some(revision_numbered(&state, &a, base).await?) };
    let mut record = record_value(&a.unit, a.year.year, base_rev.as_ref())?;
    let schema = form::schema_of(&record);
    let sheet = params
        .get("sheet")
        .and_then(|s| s.parse::<usize>().ok())
        .filter(|i| *i < schema.sections.len())
        .ok_or_else(|| Failure::not_found("没有这张表"))?;
    let op = Op::parse(field(&fields, "op"));
    form::apply(schema, sheet, &mut record, &fields, &op);
    let draft_page = |status, notice: (&'static str, String), problems: &[LoadProblem]| {
        year_page_response(
            status,
            &a,
            &record,
            None,
            YearPage {
                sheet: Some(sheet),
                notice: Some(notice),
                draft: true,
                base,
                old: None,
                problems,
                comments: &[],
                can_review: false,
                returned: false,
            },
        )
    };
    if op != Op::Save {
        let what = if matches!(op, Op::Add(_)) { "已添加一行" } else { "已删除一行" };
        return Ok(draft_page(StatusCode::OK, ("info", format!("{what},尚未保存:填好后请点“保存”。")), &[]));
    }
    let checked = match check_value(&record).await? {
        Ok(c) => c,
        Err(problems) => {
            let text =
                format!("未保存:记录中有 {} 处无法读取,请按提示改正后再保存(您填写的内容仍在下面)。", problems.len());
            return Ok(draft_page(StatusCode::UNPROCESSABLE_ENTITY, ("error", text), &problems));
        }
    };
    if let Some(message) = crate::workflow::other_year(&record, a.year.year) {
        let problem = LoadProblem { path: "header.year".into(), message: message.clone() };
        return Ok(draft_page(StatusCode::UNPROCESSABLE_ENTITY, ("error", message), &[problem]));
    }
    let save = Save {
        unit: a.unit.id,
        year: a.year.year,
        base,
        record: &checked.text,
        author: a.viewer.user.id,
        note: "",
        now: state.now(),
    };
    match state.store().save(save).await {
        Ok(n) => Ok(Redirect::to(&format!("/units/{}/years/{}?sheet={sheet}&saved={n}", a.unit.code, a.year.year))
            .into_response()),
        Err(jixiao_store::StoreError::Stale { current, .. }) => {
            let text = format!(
                "未保存:在您打开之后,记录已被他人保存为第 {current} 版(您打开的是第 {base} 版)。为免覆盖他人的修改,这次没有保存;您填写的内容仍在下面。请记下您的修改,打开最新版本后重新填写。"
            );
            Ok(draft_page(StatusCode::CONFLICT, ("error", text), &[]))
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------- history

pub(super) async fn history_page(State(state): State<AppState>, a: YearAccess) -> Result<Response, Failure> {
    let list = state.store().revisions(a.unit.id, a.year.year).await?;
    let moves = state.store().moves(a.unit.id, a.year.year).await?;
    Ok(page(
        "history.html",
        json!({
            "me": me(&a.viewer), "csrf": a.viewer.csrf,
            "unit": {"code": a.unit.code, "name": a.unit.name}, "year": a.year.year,
            "revision": a.year.revision, "can_write": a.can_write,
            "base_url": format!("/units/{}/years/{}", a.unit.code, a.year.year),
            "revisions": list,
            "moves": moves.iter().map(crate::workflow::move_json).collect::<Vec<_>>(),
        }),
    ))
}

pub(super) fn change_rows(schema: &Schema, changes: &[jixiao_store::Change]) -> Vec<Value> {
    let show = |v: &Option<String>| -> String {
        match v.as_deref().map(serde_json::from_str::<Value>) {
            None => String::new(),
            Some(Ok(v)) => form::shown(Some(&v)),
            Some(Err(_)) => v.clone().unwrap_or_default(),
        }
    };
    changes
        .iter()
        // A field that was empty and is now absent (or the other way round) shows no change.
        .filter(|c| !(show(&c.old).is_empty() && show(&c.new).is_empty()))
        .map(|c| {
            json!({
                "path": c.path,
                "label": form::label_of(schema, &c.path),
                "old": show(&c.old),
                "new": show(&c.new),
                "added": c.old.is_none(),
                "removed": c.new.is_none(),
            })
        })
        .collect()
}

pub(super) async fn revision_page(
    State(state): State<AppState>,
    a: YearAccess,
    Path(params): Path<HashMap<String, String>>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, Failure> {
    let n = params.get("rev").and_then(|r| r.parse::<i64>().ok()).ok_or_else(|| Failure::not_found("版本号有误"))?;
    let rev = revision_numbered(&state, &a, n).await?;
    let against = q.get("against").and_then(|r| r.parse::<i64>().ok()).unwrap_or(n - 1);
    let other = if against <= 0 { None } else { Some(revision_numbered(&state, &a, against).await?) };
    let new_v: Value = serde_json::from_str(&rev.record).map_err(Failure::internal)?;
    let old_v = match &other {
        Some(o) => serde_json::from_str(&o.record).map_err(Failure::internal)?,
        None => Value::Null,
    };
    let changes = jixiao_store::changes(&old_v, &new_v);
    Ok(page(
        "revision.html",
        json!({
            "me": me(&a.viewer), "csrf": a.viewer.csrf,
            "unit": {"code": a.unit.code, "name": a.unit.name}, "year": a.year.year,
            "current": a.year.revision, "can_write": a.can_write,
            "base_url": format!("/units/{}/years/{}", a.unit.code, a.year.year),
            "rev": rev, "against": against.max(0),
            "changes": change_rows(form::schema_of(&new_v), &changes),
        }),
    ))
}

pub(super) async fn restore(
    State(state): State<AppState>,
    a: YearAccess,
    Path(params): Path<HashMap<String, String>>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    a.viewer.check_form(&fields)?;
    let n = params.get("rev").and_then(|r| r.parse::<i64>().ok()).ok_or_else(|| Failure::not_found("版本号有误"))?;
    let rev = revision_numbered(&state, &a, n).await?;
    let base = field(&fields, "base").and_then(|b| b.parse::<i64>().ok()).unwrap_or(a.year.revision);
    let note = format!("恢复为第 {n} 版");
    let saved = state
        .store()
        .save(Save {
            unit: a.unit.id,
            year: a.year.year,
            base,
            record: &rev.record,
            author: a.viewer.user.id,
            note: &note,
            now: state.now(),
        })
        .await?;
    Ok(Redirect::to(&format!("/units/{}/years/{}?saved={saved}", a.unit.code, a.year.year)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(path: &str, old: Option<&str>, new: Option<&str>) -> jixiao_store::Change {
        jixiao_store::Change { path: path.into(), old: old.map(str::to_string), new: new.map(str::to_string) }
    }

    /// A change is shown by the form's label, and a field that was empty and is now absent is
    /// not shown as a change (an imported workbook leaves out the blank 单位负责人).
    #[test]
    fn changes_are_labelled_and_empty_to_absent_is_none() {
        let schema = form::schema_of(&json!({"kind": "dept_evaluation"}));
        let rows = change_rows(
            schema,
            &[change("header.head", Some("\"\""), None), change("header.filer", Some("\"甲\""), Some("\"乙\""))],
        );
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert_eq!(rows[0]["label"], "基本情况 › 【基本信息】 › 填报人");
        assert_eq!((rows[0]["old"].as_str(), rows[0]["new"].as_str()), (Some("甲"), Some("乙")));
    }
}
