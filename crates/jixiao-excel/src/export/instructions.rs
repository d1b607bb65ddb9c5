//! The 说明 sheet of the department and the project workbooks: how to fill them in, with a
//! worked example row for each of the department's tables.

use super::*;

/// The 说明 sheet: how to fill the workbook, and a worked example row for each table; it
/// prints on one A4 page.
pub(super) fn write_instructions(
    ws: &mut Worksheet,
    schema: &Schema,
    system: Option<&IndicatorSystem>,
) -> WriteResult<()> {
    if schema.kind == jixiao_core::record::RecordKind::ProjectEvaluation {
        return write_project_instructions(ws, system);
    }
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let system_line = system.map_or_else(
        || "指标体系:在“基本情况”表的“指标体系”一栏填写内置代码(命令 jixiao systems 可列出)。".to_string(),
        |s| format!("指标体系:{}({}),“指标自评得分”表已列出各项指标。", s.system.name, s.system.id),
    );
    let lines = [
        "1. 每张表由若干带【】标题的部分组成。白色单元格由填报人填写;灰色单元格是公式,自动计算合计、差异和比率,不必也不能修改。".to_string(),
        "2. 金额单位为万元(人均接待费为元),保留两位小数;比率按百分比填写(如 93.61%);人数、个数填整数;日期写作 2025-03-31。".to_string(),
        "3. 黄色单元格是报告中直接写明、但与按明细计算的结果不同的合计、差异或比率(批注中写明两者):jixiao 检查时会指出。与计算结果相同的,仍写为公式。".to_string(),
        "4. 表格中的空行可以保留;行不够时可插入行(插入在合计行之上)。名单类栏目用顿号(、)分隔。".to_string(),
        "5. 可以重命名或调整工作表的顺序;jixiao 按各部分的【】标题和列标题找到内容,请不要修改标题文字。".to_string(),
        format!("6. {system_line}"),
        "7. 填好后:jixiao check 本文件.xlsx 检查;jixiao score 本文件.xlsx 评分;jixiao report 本文件.xlsx -o 报告.docx 生成报告。".to_string(),
    ];
    instruction_lines(ws, "部门整体支出绩效自评 填报工作簿(jixiao)", &lines)?;
    let mut row = 2 + lines.len() as u32 + 1;
    ws.write_string_with_format(row, 0, "填写示例(每张表各一行)", &Format::new().set_bold().set_font_size(12))
        .map_err(x)?;
    row += 1;
    let examples: &[(&str, &str)] = &[
        (
            "收支预决算【预决算差异表】",
            "208 | 社会保障和就业支出 | 3127.20 | 2827.71 | (公式)299.49 | (公式)90.42% | 人员经费支出减少",
        ),
        (
            "绩效目标【绩效目标】",
            "就业 | 城镇新增就业人数 | ≥ | 2200 | 人 |  | 2558 | 否 |  | 四、(一) | (公式)116.27% | ",
        ),
        ("单位与人员【下属单位】", "乐昌市就业服务管理局 | 事业 | 是"),
        ("三公经费与公用经费【公用经费】", "年初预算数 94.50 万元;决算数 70.23 万元;支出率(公式)74.32%"),
        ("其他指标数据【支出率】", "部门预算资金支出率 | 3296.95 | 3104.33 | (公式)94.16% | 剔除上级追加的专项资金"),
        ("指标自评得分【指标自评得分】", "B1.4 | 政府采购执行率 | 2 |  |  |  | 政府采购实际金额未超过计划金额。"),
        ("问题与建议【存在问题】", "预算编制精准性有待改进。 | 专项经费金额较难预测,预算编制数与实际下达数存在差异。"),
    ];
    for (place, example) in examples {
        let text = format!("{place}:{example}");
        ws.write_string_with_format(row, 0, &text, &wrap).map_err(x)?;
        ws.set_row_height(row, instruction_height(&text)).map_err(x)?;
        row += 1;
    }
    ws.set_portrait().set_paper_size(9).set_print_fit_to_pages(1, 1).set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    ws.protect();
    Ok(())
}

/// The width of the 说明 sheet's one column, in characters.
const INSTRUCTIONS_WIDTH: u16 = 96;

/// The height of a wrapped 说明 row holding `text`.
fn instruction_height(text: &str) -> f64 {
    f64::from(cells_wide(text).div_ceil(u32::from(INSTRUCTIONS_WIDTH) - 4).max(1) * 15)
}

/// Names the sheet 说明 and writes its title and numbered lines (rows 0 and 2…).
fn instruction_lines(ws: &mut Worksheet, title: &str, lines: &[String]) -> WriteResult<()> {
    ws.set_name("说明").map_err(x)?;
    let bold = Format::new().set_bold().set_font_size(14);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    ws.write_string_with_format(0, 0, title, &bold).map_err(x)?;
    for (i, l) in lines.iter().enumerate() {
        let r = 2 + i as u32;
        ws.write_string_with_format(r, 0, l, &wrap).map_err(x)?;
        ws.set_row_height(r, instruction_height(l)).map_err(x)?;
    }
    ws.set_column_width(0, INSTRUCTIONS_WIDTH).map_err(x)?;
    Ok(())
}

/// The 说明 sheet of a project's workbook (项目支出绩效自评表).
fn write_project_instructions(ws: &mut Worksheet, system: Option<&IndicatorSystem>) -> WriteResult<()> {
    let system_line = system.map_or_else(
        || "指标体系:默认为项目支出绩效自评表(财预〔2020〕10号,mof-2020-project);其他体系在“项目基本信息”表的“指标体系”一栏填写代码。".to_string(),
        |s| format!("指标体系:{}({})。", s.system.name, s.system.id),
    );
    let lines = [
        "1. 一个工作簿填一个项目。每张表由若干带【】标题的部分组成;白色单元格由填报人填写,灰色单元格是公式(执行率),自动计算,不必也不能修改。".to_string(),
        "2. 项目资金:【年度资金总额】填总额一行及预算执行率的分值、得分;【资金来源】按财政拨款、其他资金(有上年结转资金的另起一行)分行填写。金额单位为万元,保留两位小数。".to_string(),
        "3. 绩效指标:每行一个三级指标。一级指标填产出指标、效益指标或满意度指标;方向选 ≥、≤、= 或 定性;定量指标填年度指标值、单位和实际完成值,定性指标填指标值描述、完成情况描述和档次(达成年度指标、部分达成年度指标并具有一定效果、未达成年度指标且效果较差)。".to_string(),
        "4. 分值:预算执行率 10 分,各三级指标分值合计 90 分(产出 50、效益 30、满意度 10;未设满意度指标的,效益 40)。未完成的指标请填写偏差原因分析及改进措施。".to_string(),
        "5. 可以重命名或调整工作表的顺序;jixiao 按各部分的【】标题和列标题找到内容,请不要修改标题文字。行不够时可插入行。".to_string(),
        format!("6. {system_line}"),
        "7. 填好后:jixiao check 本文件.xlsx 检查;jixiao score 本文件.xlsx 评分;jixiao import 本文件.xlsx -o 项目.toml 转为记录文件。".to_string(),
    ];
    instruction_lines(ws, "项目支出绩效自评表 填报工作簿(jixiao)", &lines)?;
    ws.set_portrait().set_paper_size(9).set_print_fit_to_pages(1, 1).set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    ws.protect();
    Ok(())
}
