//! A year's files: downloads (report, workbook, record) and importing a workbook (preview,
//! then confirm).

use super::*;

// ---------------------------------------------------------------- downloads

/// A download's `Content-Disposition` with a Chinese file name.
pub fn attachment(name: &str) -> HeaderValue {
    let ascii: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' }).collect();
    HeaderValue::from_str(&format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{}", views::url_encode(name)))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

/// A file of a unit's year: the record (JSON, TOML), the workbook, or the report (`report.*` a
/// draft, `final.*` the 定稿); the report is refused while the record has errors, the 定稿 also
/// while the record lacks what it needs.
pub async fn year_file(checked: Checked, file: &str, stem: &str) -> Result<Response, Failure> {
    let (bytes, mime, name): (Vec<u8>, &str, String) = match file {
        "record.json" => (checked.text.clone().into_bytes(), "application/json; charset=utf-8", format!("{stem}.json")),
        "record.toml" => {
            let t = engine::record_toml(&checked).map_err(Failure::internal)?;
            (t.into_bytes(), "application/toml; charset=utf-8", format!("{stem}.toml"))
        }
        "workbook.xlsx" => {
            let b = engine::blocking(move || engine::workbook(&checked)).await?.map_err(Failure::unprocessable)?;
            (b, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", format!("{stem}-填报工作簿.xlsx"))
        }
        f => {
            let (final_doc, ext) = match (f.strip_prefix("report."), f.strip_prefix("final.")) {
                (Some(ext), _) => (false, ext),
                (None, Some(ext)) => (true, ext),
                (None, None) => return Err(Failure::not_found("没有这种文件")),
            };
            let format = ReportFormat::from_ext(ext).ok_or_else(|| Failure::not_found("没有这种报告格式"))?;
            let errors: Vec<String> = checked
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .map(|f| format!("错误[{}]:{}", f.code, f.message))
                .collect();
            let findings = engine::findings_json(&checked, "record.json");
            let result = engine::blocking(move || engine::report(&checked, format, final_doc)).await?;
            let bytes = match result {
                Ok(b) => b,
                Err(ReportRefusal::Errors(n)) => {
                    let errs: Vec<Value> = findings
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter(|f| f["severity"] == "error")
                        .cloned()
                        .collect();
                    return Err(Failure::conflict(format!(
                        "报告未生成:记录中有 {n} 个错误,请先改正(错误列在下面,也标在各表的栏目旁)。"
                    ))
                    .with_items(errors)
                    .with_details(json!({"findings": errs})));
                }
                Err(ReportRefusal::Incomplete(gaps)) => {
                    return Err(Failure::conflict(format!(
                        "定稿未生成:记录还缺少定稿所需的 {} 项内容,请在各表中填写后再下载(草稿可以随时下载,缺少的部分写作“未填报”):",
                        gaps.len()
                    ))
                    .with_items(gaps.clone())
                    .with_details(json!({"missing": gaps})));
                }
                Err(ReportRefusal::Project) => {
                    return Err(Failure::unprocessable("目前只能为部门整体支出绩效自评生成报告"));
                }
                Err(ReportRefusal::Failed(e)) => {
                    // The writers say what failed in Chinese (a missing CJK font, the typesetter).
                    tracing::error!(error = %e, "report failed");
                    return Err(Failure::new(StatusCode::INTERNAL_SERVER_ERROR, format!("报告生成失败:{e}")));
                }
            };
            let kind = if final_doc { "自评报告" } else { "自评报告-草稿" };
            (bytes, format.mime(), format!("{stem}-{kind}.{}", format.ext()))
        }
    };
    let mut r = bytes.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(mime).unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    r.headers_mut().insert(header::CONTENT_DISPOSITION, attachment(&name));
    Ok(r)
}

pub(super) async fn download(
    State(state): State<AppState>,
    a: YearAccess,
    Path(params): Path<HashMap<String, String>>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, Failure> {
    let file = params.get("file").cloned().unwrap_or_default();
    let rev = revision_or_current(&state, &a, q.get("rev").and_then(|r| r.parse().ok())).await?;
    let record = record_value(&a.unit, a.year.year, rev.as_ref())?;
    let checked = check_value(&record).await?.map_err(|p| {
        Failure::unprocessable("记录无法读取").with_items(p.iter().map(|x| x.message.clone()).collect())
    })?;
    let stem = format!("{}-{}年度", a.unit.name, a.year.year);
    year_file(checked, &file, &stem).await
}

// ---------------------------------------------------------------- import

pub(super) async fn import_page(a: YearAccess) -> Result<Response, Failure> {
    Ok(page(
        "import.html",
        json!({
            "me": me(&a.viewer), "csrf": a.viewer.csrf,
            "unit": {"code": a.unit.code, "name": a.unit.name}, "year": a.year.year,
            "base_url": format!("/units/{}/years/{}", a.unit.code, a.year.year),
            "stage": "upload", "can_write": a.can_write,
        }),
    ))
}

/// The fields and the one file of a multipart upload.
pub async fn read_upload(
    mut mp: Multipart,
    limit: usize,
) -> Result<(Vec<(String, String)>, Option<(String, Vec<u8>)>), Failure> {
    let mut fields = Vec::new();
    let mut file = None;
    let too_large = |_| crate::failure::too_large(limit, None);
    while let Some(f) = mp.next_field().await.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large(())
        } else {
            Failure::bad_request(format!("上传的内容无法读取:{e}"))
        }
    })? {
        let name = f.name().unwrap_or("").to_string();
        match f.file_name().map(str::to_string) {
            Some(file_name) => {
                let bytes = f.bytes().await.map_err(|e| {
                    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                        too_large(())
                    } else {
                        Failure::bad_request(format!("上传的文件无法读取:{e}"))
                    }
                })?;
                if !bytes.is_empty() {
                    file = Some((file_name, bytes.to_vec()));
                }
            }
            None => {
                let text = f.text().await.map_err(|e| Failure::bad_request(format!("上传的内容无法读取:{e}")))?;
                fields.push((name, text));
            }
        }
    }
    Ok((fields, file))
}

/// Every file of a multipart upload (a reviewer's batch), with the form's other fields.
pub async fn read_uploads(
    mut mp: Multipart,
    limit: usize,
) -> Result<(Vec<(String, String)>, Vec<(String, Vec<u8>)>), Failure> {
    let mut fields = Vec::new();
    let mut files = Vec::new();
    let failed = |e: axum::extract::multipart::MultipartError, what: &str| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            crate::failure::too_large(limit, None)
        } else {
            Failure::bad_request(format!("上传的{what}无法读取:{e}"))
        }
    };
    while let Some(f) = mp.next_field().await.map_err(|e| failed(e, "内容"))? {
        let name = f.name().unwrap_or("").to_string();
        match f.file_name().map(str::to_string) {
            Some(file_name) => {
                let bytes = f.bytes().await.map_err(|e| failed(e, "文件"))?;
                if !bytes.is_empty() {
                    files.push((file_name, bytes.to_vec()));
                }
            }
            None => fields.push((name, f.text().await.map_err(|e| failed(e, "内容"))?)),
        }
    }
    Ok((fields, files))
}

pub(super) async fn import_preview(
    State(state): State<AppState>,
    a: YearAccess,
    mp: Multipart,
) -> Result<Response, Failure> {
    let (fields, file) = read_upload(mp, state.config().max_body_bytes).await?;
    a.viewer.check_form(&fields)?;
    let (name, bytes) = file.ok_or_else(|| Failure::bad_request("请选择要导入的填报工作簿(.xlsx)"))?;
    let base_url = format!("/units/{}/years/{}", a.unit.code, a.year.year);
    let common = json!({
        "me": me(&a.viewer), "csrf": a.viewer.csrf,
        "unit": {"code": a.unit.code, "name": a.unit.name}, "year": a.year.year,
        "base_url": base_url, "file_name": name, "can_write": a.can_write,
    });
    let n2 = name.clone();
    let preview = engine::blocking(move || engine::import_workbook(&n2, &bytes)).await?;
    let preview = match preview {
        Ok(p) => p,
        Err(engine::ImportFailure::Cells(cells)) => {
            let mut ctx = common;
            ctx["stage"] = json!("refused");
            ctx["message"] = json!(format!("工作簿中有 {} 处需要改正,未能读取;未做任何修改。", cells.len()));
            ctx["cells"] = json!(cells.iter().map(|(c, m)| json!({"cell": c, "message": m})).collect::<Vec<_>>());
            return Ok(page_with_status(StatusCode::UNPROCESSABLE_ENTITY, "import.html", ctx));
        }
        Err(engine::ImportFailure::File(m)) => {
            let mut ctx = common;
            ctx["stage"] = json!("refused");
            ctx["message"] = json!(format!("无法读取 {name}:{m}。未做任何修改。"));
            return Ok(page_with_status(StatusCode::UNPROCESSABLE_ENTITY, "import.html", ctx));
        }
    };
    let current = revision_or_current(&state, &a, None).await?;
    let current_v = record_value(&a.unit, a.year.year, current.as_ref())?;
    let new_v: Value = serde_json::from_str(&preview.record_json).map_err(Failure::internal)?;
    // Another year's workbook is refused here, before the preview, as it would be on confirming.
    if let Some(message) = crate::workflow::other_year(&new_v, a.year.year) {
        let mut ctx = common;
        ctx["stage"] = json!("refused");
        ctx["message"] = json!(format!("{name}:{message}"));
        return Ok(page_with_status(StatusCode::UNPROCESSABLE_ENTITY, "import.html", ctx));
    }
    let changes = jixiao_store::changes(&current_v, &new_v);
    let (errors, warnings) = preview.checked.counts();
    let mut ctx = common;
    ctx["stage"] = json!("preview");
    ctx["summary"] = json!(engine::summary(&preview.checked.findings));
    ctx["errors"] = json!(errors);
    ctx["warnings"] = json!(warnings);
    ctx["findings"] = json!(finding_views(
        form::schema_of(&new_v),
        &preview.checked.findings,
        &format!("/units/{}/years/{}", a.unit.code, a.year.year),
        Some(&preview)
    ));
    ctx["notes"] = json!(preview.notes);
    ctx["changes"] = json!(change_rows(form::schema_of(&new_v), &changes));
    ctx["record_json"] = json!(preview.record_json);
    ctx["base"] = json!(a.year.revision);
    Ok(page("import.html", ctx))
}

pub(super) async fn import_confirm(
    State(state): State<AppState>,
    a: YearAccess,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    a.viewer.check_form(&fields)?;
    let text = field(&fields, "record").unwrap_or("").to_string();
    let base = field(&fields, "base").and_then(|b| b.parse::<i64>().ok()).unwrap_or(a.year.revision);
    let file = field(&fields, "file_name").unwrap_or("").to_string();
    let checked = engine::blocking(move || engine::check(text)).await?.map_err(|p| {
        Failure::unprocessable("导入的记录无法读取,未做任何修改")
            .with_items(p.iter().map(|x| x.message.clone()).collect())
    })?;
    let value: Value = serde_json::from_str(&checked.text).map_err(Failure::internal)?;
    if let Some(message) = crate::workflow::other_year(&value, a.year.year) {
        return Err(Failure::unprocessable(message));
    }
    let (errors, _) = checked.counts();
    if errors > 0 && field(&fields, "accept_errors") != Some("yes") {
        return Err(Failure::unprocessable(format!(
            "工作簿中的记录有 {errors} 个错误:未导入。若仍要导入,请勾选“仍要导入”后确认。"
        )));
    }
    let note = if file.is_empty() { "导入工作簿".to_string() } else { format!("导入工作簿 {file}") };
    let n = state
        .store()
        .save(Save {
            unit: a.unit.id,
            year: a.year.year,
            base,
            record: &checked.text,
            author: a.viewer.user.id,
            note: &note,
            now: state.now(),
        })
        .await?;
    Ok(Redirect::to(&format!("/units/{}/years/{}?saved={n}", a.unit.code, a.year.year)).into_response())
}
