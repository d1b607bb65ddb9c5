//! What reading an input notices: a filled workbook's single cells (W001–W003), a document
//! of which only part could be read (W004). Not rules over the record (the record is not yet
//! made), but findings of the same kind, with their own codes and pages. The workbook reader
//! (`jixiao-excel`) and the pipeline raise them; this module only describes them.

use jixiao_core::finding::Severity;

use crate::RuleInfo;

/// The findings of reading an input, by code.
pub static READING: [RuleInfo; 4] = [
    RuleInfo {
        code: "W001",
        name: "stale_formula",
        title: "公式结果未重新计算",
        severity: Severity::Warning,
        doc: "## 检查内容

工作簿中带公式的单元格(合计、差异、比率等)存着上次计算的结果。jixiao 读取时按单元格中的
数字重新计算,与存着的结果比较;两者不同,说明公式没有重新计算,或结果被改动过。
超过 3 个这样的单元格时合为一条提示,列出前几个单元格。

## 为什么

用不会自动重算的程序(脚本、部分在线表格)改过数字再保存,表中看到的合计就是旧的;
照着旧合计写进报告,就是错的。jixiao 按重新计算的结果检查,不会被旧结果误导。

## 示例

'收支预决算'!E21 的公式结果为 999,按单元格中的数字重新计算应为 212.65。

## 如何修改

在 Excel 或 WPS 中打开工作簿,按 F9(或“公式 → 开始计算”)重新计算后保存。",
    },
    RuleInfo {
        code: "W002",
        name: "number_typed_as_text",
        title: "数字以文字形式填写",
        severity: Severity::Warning,
        doc: "## 检查内容

应填数字的单元格里是文字(单元格格式为文本,或数字前后有空格、全角数字、千分位逗号、
单位等)。jixiao 能读出其中的数字时照此读取并给出提示;读不出时(如“约3000”)不能读取,
指明单元格。

## 为什么

文字形式的数字不参加 Excel 的求和与公式计算:表中的合计会漏掉它,而填报人往往看不出来。

## 示例

'基本情况'!B16“年初预算数”以文字形式填写了数字“1,234.50”,已按 1234.50 读取。

## 如何修改

把单元格格式改为“数值”,重新输入数字(不带单位和空格)。",
    },
    RuleInfo {
        code: "W003",
        name: "date_in_text_cell",
        title: "文字栏被转换成了日期",
        severity: Severity::Warning,
        doc: "## 检查内容

应填文字的单元格里是日期:多半是输入“1-2”“3/4”一类内容时被 Excel 自动转换成了日期。
jixiao 按日期的文字读取并给出提示。

## 为什么

自动转换改变了填报人输入的内容(“1-2”变成“1月2日”),读出的文字可能已不是原意。

## 示例

'问题与建议'!B5 应为文字,单元格却是日期 2024-05-01。

## 如何修改

把单元格格式设为“文本”后重新输入。",
    },
    RuleInfo {
        code: "W004",
        name: "partial_read",
        title: "文档只读出一部分",
        severity: Severity::Warning,
        doc: "## 检查内容

被审核的文档不完整或部分损坏,jixiao 只读出了其中一部分:PDF 缺少文件末尾的结束标记
`%%EOF`(下载或复制时被截断),或其中某几页无法提取文字;Word 文件的正文在中途中断。
提示写明读出了多少(几页中的几页,或正文中断处),审核只针对读出的部分。

## 为什么

读不到的部分里可能有数字和问题。把只读了一部分的文档当作完整的报告审核,
“未发现问题”就不可信;一点都读不出时,jixiao 不予审核(退出码 2),读出一部分时
照常审核读出的部分,并用这条提示说明还有多少没有读到。

## 示例

PDF 文件不完整:文件末尾缺少结束标记 %%EOF(可能在下载或复制时被截断),读出 3 页,
其中 3 页有文字,其后的内容可能已丢失。以下只审核读出的部分。

## 如何修改

重新获取完整的文件(重新下载,或从原文件重新导出 PDF、另存 Word),再审核。",
    },
];

/// The reading finding with this code (case-insensitive) or name.
pub fn find_reading(key: &str) -> Option<&'static RuleInfo> {
    let k = key.trim();
    READING.iter().find(|i| i.code.eq_ignore_ascii_case(k) || i.name == k)
}
