//! Hostile and broken workbooks, `.xlsx` and `.xls`, each built in the test: counts the file
//! declares are not trusted, cells far apart cost what near ones do, every limit is named when
//! hit, and what a file really is decides the message (not its name). Where the input is
//! readable, the work done is bounded by what the workbook holds ([`jixiao_excel::Work`]).

mod support;

use std::io::Write;

use jixiao_excel::{Imported, Limits, ReadError, import};
use rust_xlsxwriter::{Format as XFormat, Workbook};
use support::{Biff, basic, biff_basic, compound, patch, patch_part, rec, xls};

fn workbook(build: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
    let mut wb = Workbook::new();
    build(wb.add_worksheet());
    wb.save_to_buffer().expect("workbook")
}

/// The smallest 填报工作簿: 【基本信息】 only.
fn minimal() -> Vec<u8> {
    workbook(|ws| basic(ws, 0))
}

fn ok(name: &str, bytes: &[u8], limits: &Limits) -> Imported {
    match import(name, bytes, limits) {
        Ok(im) => im,
        Err(ReadError::Cells(issues)) => panic!("{issues:#?}"),
        Err(e) => panic!("{e}"),
    }
}

fn refused(name: &str, bytes: &[u8], limits: &Limits) -> String {
    match import(name, bytes, limits) {
        Ok(_) => panic!("{name} should be refused"),
        Err(e) => e.to_string(),
    }
}

fn cell_issues(bytes: &[u8]) -> Vec<String> {
    match import("t.xlsx", bytes, &Limits::default()) {
        Err(ReadError::Cells(issues)) => issues.iter().map(|i| format!("{} {}", i.place, i.message)).collect(),
        Err(e) => panic!("{e}"),
        Ok(im) => panic!("imported: {:?}", im.findings),
    }
}

// ------------------------------------------------------------------ .xlsx: declared counts, far cells

#[test]
fn declared_string_counts_are_not_trusted() {
    let base = minimal();
    let plain = ok("a.xlsx", &base, &Limits::default());
    for count in ["1000000000", "1000000000000", "18446744073709551615", "-1", "many"] {
        let bytes = patch_part(&base, "xl/sharedStrings.xml", |s| {
            let start = s.find("<sst").expect("sst");
            let end = start + s[start..].find('>').expect("end");
            let ns = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"";
            format!("{}<sst {ns} count=\"{count}\" uniqueCount=\"{count}\"{}", &s[..start], &s[end..])
        });
        let im = ok("a.xlsx", &bytes, &Limits::default());
        assert_eq!(im.loaded.record, plain.loaded.record, "count {count}");
        assert_eq!(im.work, plain.work, "count {count}");
    }
}

/// A sheet's XML with one more cell at `reference` (in its own row).
fn with_cell(bytes: &[u8], row: u32, reference: &str) -> Vec<u8> {
    patch(
        bytes,
        "xl/worksheets/sheet1.xml",
        "</sheetData>",
        &format!("<row r=\"{row}\"><c r=\"{reference}\"><v>1</v></c></row></sheetData>"),
    )
}

#[test]
fn a_cell_at_the_far_corner_costs_what_a_near_one_does() {
    let base = minimal();
    let plain = ok("a.xlsx", &base, &Limits::default());
    for (row, reference) in [(1_048_576, "XFD1048576"), (20, "XFD20"), (1_048_576, "A1048576")] {
        let far = with_cell(&base, row, reference);
        let im = ok("a.xlsx", &far, &Limits::default());
        assert_eq!(im.loaded.record, plain.loaded.record);
        // One cell more, and at most one row more visited: not a million.
        assert_eq!(im.work.cells, plain.work.cells + 1, "{reference}");
        assert!(im.work.rows <= plain.work.rows + 1, "{reference}: {:?} vs {:?}", im.work, plain.work);
        assert!(im.work.fields <= plain.work.fields + 1, "{reference}");
    }
    // Far cells in the dimension and in a merged range covering the whole sheet.
    let merged = patch(
        &with_cell(&base, 1_048_576, "XFD1048576"),
        "xl/worksheets/sheet1.xml",
        "</sheetData>",
        "</sheetData><mergeCells count=\"4294967295\"><mergeCell ref=\"C1:XFD1048576\"/></mergeCells>",
    );
    let merged =
        patch(&merged, "xl/worksheets/sheet1.xml", "<dimension ref=\"A1:B4\"/>", "<dimension ref=\"A1:XFD1048576\"/>");
    let im = ok("a.xlsx", &merged, &Limits::default());
    assert!(im.work.rows <= plain.work.rows + 1, "{:?}", im.work);
}

#[test]
fn a_reference_beyond_the_grid_is_named_not_a_panic() {
    let base = minimal();
    for (row, reference) in [(1, "XFE1"), (1_048_577, "A1048577"), (1, "A99999999999999999999"), (1, "1A")] {
        let m = refused("a.xlsx", &with_cell(&base, row.min(1_048_576), reference), &Limits::default());
        assert!(m.contains("超出 Excel 的范围") && m.contains(reference), "{reference}: {m}");
    }
    let bad_row = patch(
        &base,
        "xl/worksheets/sheet1.xml",
        "</sheetData>",
        "<row r=\"4294967296\"><c><v>1</v></c></row></sheetData>",
    );
    assert!(refused("a.xlsx", &bad_row, &Limits::default()).contains("超出 Excel 的范围"));
    let bad_string = patch(
        &base,
        "xl/worksheets/sheet1.xml",
        "</sheetData>",
        "<row r=\"9\"><c r=\"A9\" t=\"s\"><v>4000000000</v></c></row></sheetData>",
    );
    let m = refused("a.xlsx", &bad_string, &Limits::default());
    assert!(m.contains("'Sheet1'!A9") && m.contains("不存在的共享字符串"), "{m}");
    let nan = patch(
        &base,
        "xl/worksheets/sheet1.xml",
        "</sheetData>",
        "<row r=\"9\"><c r=\"A9\"><v>NaN</v></c></row></sheetData>",
    );
    assert!(refused("a.xlsx", &nan, &Limits::default()).contains("数值“NaN”无效"));
}

/// A workbook whose one sheet has `rows` rows of `per_row` cells after 【基本信息】, written
/// straight into the zip (stored, so that building it is cheap, unless `compress`).
fn big(rows: u32, per_row: u32, compress: bool) -> Vec<u8> {
    let base = minimal();
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(&base[..])).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = if compress {
        zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(1))
    } else {
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored)
    }
    .large_file(true);
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).expect("entry");
        let name = f.name().expect("name").to_string();
        let mut data = String::new();
        std::io::Read::read_to_string(&mut f, &mut data).expect("read");
        out.start_file(name.clone(), opts).expect("start");
        if name == "xl/worksheets/sheet1.xml" {
            let (head, tail) = data.split_once("</sheetData>").expect("sheetData");
            out.write_all(head.as_bytes()).expect("w");
            let mut chunk = String::new();
            for r in 10..10 + rows {
                chunk.push_str(&format!("<row r=\"{r}\">"));
                for _ in 0..per_row {
                    chunk.push_str("<c><v>1</v></c>");
                }
                chunk.push_str("</row>");
                if chunk.len() > 1 << 20 {
                    out.write_all(chunk.as_bytes()).expect("w");
                    chunk.clear();
                }
            }
            out.write_all(chunk.as_bytes()).expect("w");
            out.write_all(b"</sheetData>").expect("w");
            out.write_all(tail.as_bytes()).expect("w");
        } else {
            out.write_all(data.as_bytes()).expect("w");
        }
    }
    out.finish().expect("finish").into_inner()
}

#[test]
fn a_million_rows_stop_at_the_row_limit() {
    let bytes = big(1_000_000, 1, false);
    let m = refused("a.xlsx", &bytes, &Limits::default());
    assert!(m.contains("行数上限") && m.contains("100000"), "{m}");
}

#[test]
fn millions_of_dense_cells_stop_at_the_cell_limit() {
    // 5 million cells (as 50 000 rows of 100): the limit is the workbook's cells.
    let bytes = big(50_000, 100, true);
    let m = refused("a.xlsx", &bytes, &Limits::default());
    assert!(m.contains("单元格数上限") && m.contains("1000000"), "{m}");
}

#[test]
fn the_limits_are_named_when_hit() {
    let base = minimal();
    let tight = |f: fn(&mut Limits)| {
        let mut l = Limits::default();
        f(&mut l);
        l
    };
    let m = refused("a.xlsx", &base, &tight(|l| l.max_bytes = 100));
    assert!(m.contains("文件大小上限"), "{m}");
    let m = refused("a.xlsx", &base, &tight(|l| l.max_entries = 3));
    assert!(m.contains("部件数上限"), "{m}");
    let m = refused("a.xlsx", &base, &tight(|l| l.max_unzipped = 1000));
    assert!(m.contains("解压后大小上限"), "{m}");
    let m = refused("a.xlsx", &base, &tight(|l| l.max_cells = 3));
    assert!(m.contains("单元格数上限"), "{m}");
    let m = refused("a.xlsx", &base, &tight(|l| l.max_rows = 2));
    assert!(m.contains("行数上限"), "{m}");
    let m = refused("a.xlsx", &base, &tight(|l| l.max_strings = 2));
    assert!(m.contains("字符串数上限"), "{m}");
    let m = refused("a.xlsx", &base, &tight(|l| l.max_sheets = 0));
    assert!(m.contains("工作表数上限"), "{m}");
    let merged = patch(
        &base,
        "xl/worksheets/sheet1.xml",
        "</sheetData>",
        "</sheetData><mergeCells><mergeCell ref=\"C1:D2\"/><mergeCell ref=\"C3:D4\"/></mergeCells>",
    );
    let m = refused("a.xlsx", &merged, &tight(|l| l.max_merged = 1));
    assert!(m.contains("合并区域数上限"), "{m}");
}

/// The workbook with the first sheet's unzipped size declared as 100 bytes (in its local and
/// central headers).
fn declared_small(bytes: &[u8]) -> Vec<u8> {
    let mut lying = bytes.to_vec();
    let name = b"xl/worksheets/sheet1.xml";
    let mut i = 0;
    while let Some(at) = lying[i..].windows(4).position(|w| w == b"PK\x01\x02" || w == b"PK\x03\x04").map(|p| p + i) {
        let central = lying[at + 2] == 1;
        let (name_len_at, size_at, name_at) =
            if central { (at + 28, at + 24, at + 46) } else { (at + 26, at + 22, at + 30) };
        let n = usize::from(u16::from_le_bytes([lying[name_len_at], lying[name_len_at + 1]]));
        if lying.get(name_at..name_at + n) == Some(&name[..]) {
            lying[size_at..size_at + 4].copy_from_slice(&100u32.to_le_bytes());
        }
        i = at + 4;
    }
    lying
}

#[test]
fn a_part_that_unzips_past_what_it_declares_is_stopped_while_unzipping() {
    // The sheet's declared sizes patched down to 100 bytes: the total declared passes the
    // limit, the bytes actually unzipped do not.
    let lying = declared_small(&big(20_000, 1, false));
    let limits = Limits { max_unzipped: 200_000, ..Limits::default() };
    let m = refused("a.xlsx", &lying, &limits);
    assert!(m.contains("解压后大小上限") || m.contains("损坏"), "{m}");
}

#[test]
fn a_large_part_declared_small_is_refused_as_damaged_not_held_in_memory() {
    // Small parts are unzipped whole and parsed from memory, large ones as a stream: a sheet
    // of tens of megabytes that says it has 100 bytes is stopped when it outgrows what it
    // declared (the honest one is read as a stream, up to the row limit).
    let bytes = big(1_000_000, 1, false);
    let honest = refused("a.xlsx", &bytes, &Limits::default());
    assert!(honest.contains("行数上限"), "{honest}");
    let lying = refused("a.xlsx", &declared_small(&bytes), &Limits::default());
    assert!(lying.contains("损坏") && lying.contains("xl/worksheets/sheet1.xml"), "{lying}");
}

// ------------------------------------------------------------------ .xls

#[test]
fn an_old_xls_is_read_from_its_records() {
    let sheet = biff_basic(0);
    let im = ok("a.xls", &xls(&[("Sheet1", sheet)], &[]), &Limits::default());
    let jixiao_core::Record::Dept(d) = &im.loaded.record else { panic!("dept") };
    assert_eq!((d.header.department.as_str(), d.header.year), ("示例局", 2024));
    assert!(im.notes.iter().any(|n| n.starts_with("这是旧版 .xls 文件")), "{:?}", im.notes);
}

#[test]
fn an_old_xls_with_a_far_cell_on_each_sheet_is_read_sparsely() {
    // DIMENSIONS declaring the whole sheet (and more), and a cell in its last row and column,
    // on each of eight sheets.
    let dims = |rows: u32, cols: u16| {
        let mut d = 0u32.to_le_bytes().to_vec();
        d.extend_from_slice(&rows.to_le_bytes());
        d.extend_from_slice(&0u16.to_le_bytes());
        d.extend_from_slice(&cols.to_le_bytes());
        d.extend_from_slice(&0u16.to_le_bytes());
        rec(0x0200, &d)
    };
    let mut sheets = Vec::new();
    let names: Vec<String> = (0..8).map(|i| format!("表{i}")).collect();
    for (i, name) in names.iter().enumerate() {
        let mut cells = if i == 0 { biff_basic(0) } else { Vec::new() };
        cells.insert(0, Biff::Raw(dims(if i % 2 == 0 { 65_536 } else { u32::MAX }, 0xFFFF)));
        cells.push(Biff::Number(65_535, 255, 1.0));
        sheets.push((name.as_str(), cells));
    }
    // The SST declares four billion strings and holds none.
    let sst = rec(0x00FC, &[0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);
    let im = ok("far.xls", &xls(&sheets, &[sst]), &Limits::default());
    assert_eq!(im.work.cells, 7 + 8);
    assert!(im.work.rows < 20, "{:?}", im.work);
}

#[test]
fn xls_cells_and_rows_are_limited_like_xlsx() {
    let many: Vec<Biff> = biff_basic(0).into_iter().chain((10..3010).map(|r| Biff::Number(r, 0, 1.0))).collect();
    let bytes = xls(&[("Sheet1", many)], &[]);
    let m = refused("a.xls", &bytes, &Limits { max_cells: 1000, ..Limits::default() });
    assert!(m.contains("单元格数上限") && m.contains("1000"), "{m}");
    let m = refused("a.xls", &bytes, &Limits { max_rows: 1000, ..Limits::default() });
    assert!(m.contains("行数上限"), "{m}");
    let m = refused("a.xls", &bytes, &Limits { max_bytes: 1000, ..Limits::default() });
    assert!(m.contains("文件大小上限"), "{m}");
}

#[test]
fn what_a_file_is_decides_the_message_not_its_name() {
    let limits = Limits::default();
    // An unencrypted .xls named .xlsx is read, with a note.
    let old = xls(&[("Sheet1", biff_basic(0))], &[]);
    let im = ok("renamed.xlsx", &old, &limits);
    assert!(im.notes.iter().any(|n| n.contains("内容却是旧版 .xls")), "{:?}", im.notes);
    // An encrypted .xlsx (a compound file of EncryptionInfo and EncryptedPackage), by any name.
    let encrypted = compound(&[("EncryptionInfo", &[4, 0, 4, 0][..]), ("EncryptedPackage", &[0u8; 64][..])]);
    for name in ["locked.xlsx", "locked.xls"] {
        let m = refused(name, &encrypted, &limits);
        assert!(m.contains("设置了打开密码"), "{name}: {m}");
    }
    // An encrypted .xls (FILEPASS).
    let filepass = rec(0x002F, &[1, 0, 1, 0, 1, 0]);
    let m = refused("locked.xls", &xls(&[("Sheet1", biff_basic(0))], &[filepass]), &limits);
    assert!(m.contains("设置了打开密码"), "{m}");
    // Excel 95, a Word document, a damaged compound file, a PDF, text.
    let mut biff5 = support::biff_stream(&[("Sheet1", biff_basic(0))], &[]);
    biff5[4..6].copy_from_slice(&0x0500u16.to_le_bytes());
    assert!(refused("old.xls", &compound(&[("Workbook", &biff5)]), &limits).contains("Excel 95"));
    assert!(refused("a.xls", &compound(&[("WordDocument", &[0u8; 10][..])]), &limits).contains("Word 文档"));
    let mut broken = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    broken.resize(4096, 0);
    let m = refused("a.xls", &broken, &limits);
    assert!(m.contains("已损坏") && !m.contains("Cfb"), "{m}");
    assert!(refused("a.xlsx", b"%PDF-1.7 ...", &limits).contains("PDF"));
    assert!(refused("a.xlsx", "部门,年度\n示例局,2024\n".as_bytes(), &limits).contains("CSV"));
}

#[test]
fn a_loop_in_the_compound_file_ends_the_reading() {
    let mut file = xls(&[("Sheet1", biff_basic(0))], &[]);
    // The FAT (sector 0, right after the header): make the stream's first sector point at
    // itself, and declare the stream huge.
    let entries = u32::from_le_bytes([file[48], file[49], file[50], file[51]]) as usize;
    let stream_start = {
        let dir = 512 + 512 * entries + 128;
        u32::from_le_bytes([file[dir + 116], file[dir + 117], file[dir + 118], file[dir + 119]]) as usize
    };
    file[512 + 4 * stream_start..512 + 4 * stream_start + 4].copy_from_slice(&(stream_start as u32).to_le_bytes());
    let dir = 512 + 512 * entries + 128;
    file[dir + 120..dir + 124].copy_from_slice(&u32::MAX.to_le_bytes());
    let m = refused("loop.xls", &file, &Limits::default());
    assert!(m.contains("循环"), "{m}");
}

// ------------------------------------------------------------------ honest messages

#[test]
fn a_date_formatted_amount_is_explained_as_such() {
    let bytes = workbook(|ws| {
        basic(ws, 0);
        ws.write_string(6, 0, "【部门收支】").expect("w");
        ws.write_string(7, 0, "项目").expect("w");
        ws.write_string(7, 1, "金额(万元)/比率").expect("w");
        ws.write_string(8, 0, "年初预算数").expect("w");
        ws.write_number_with_format(8, 1, 15.88, &XFormat::new().set_num_format("yyyy-mm-dd")).expect("w");
    });
    let issues = cell_issues(&bytes);
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert!(
        issues[0].contains("'Sheet1'!B9") && issues[0].contains("日期格式") && issues[0].contains("15.88"),
        "{issues:?}"
    );
}

#[test]
fn a_huge_number_is_printed_short() {
    let bytes = workbook(|ws| {
        basic(ws, 0);
        ws.write_string(4, 0, "联系电话").expect("w");
        ws.write_number(4, 1, 1e300).expect("w");
        ws.write_string(6, 0, "【部门收支】").expect("w");
        ws.write_string(7, 0, "项目").expect("w");
        ws.write_string(7, 1, "金额(万元)/比率").expect("w");
        ws.write_string(8, 0, "年初预算数").expect("w");
        ws.write_number(8, 1, 1e300).expect("w");
    });
    let issues = cell_issues(&bytes);
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert!(issues[0].contains("1E+300") && issues[0].chars().count() < 100, "{issues:?}");
}

#[test]
fn a_formula_without_a_stored_result_is_not_called_blank() {
    // A formula written by a program that does not compute (no <v>): in an input cell, and in
    // a required cell of a table.
    let bytes = workbook(|ws| {
        basic(ws, 0);
        ws.write_string(6, 0, "【部门收支】").expect("w");
        ws.write_string(7, 0, "项目").expect("w");
        ws.write_string(7, 1, "金额(万元)/比率").expect("w");
        ws.write_string(8, 0, "年初预算数").expect("w");
        ws.write_formula(8, 1, "=1+1").expect("w");
    });
    let bytes = patch(&bytes, "xl/worksheets/sheet1.xml", "<f>1+1</f><v>0</v>", "<f>1+1</f>");
    let issues = cell_issues(&bytes);
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert!(issues[0].contains("'Sheet1'!B9") && issues[0].contains("没有保存公式的结果"), "{issues:?}");
    assert!(!issues[0].contains("未填写"), "{issues:?}");
}

#[test]
fn every_problem_is_named_in_one_round() {
    // A blank 年度 with a bad amount elsewhere: both at once.
    let bytes = workbook(|ws| {
        ws.write_string(0, 0, "【基本信息】").expect("w");
        ws.write_string(1, 0, "项目").expect("w");
        ws.write_string(1, 1, "内容").expect("w");
        ws.write_string(2, 0, "部门名称").expect("w");
        ws.write_string(2, 1, "示例局").expect("w");
        ws.write_string(3, 0, "年度").expect("w");
        ws.write_string(6, 0, "【预决算差异表】").expect("w");
        for (c, h) in ["功能科目编码", "科目名称", "预算数(万元)", "决算数(万元)"].iter().enumerate()
        {
            ws.write_string(7, c as u16, *h).expect("w");
        }
        ws.write_string(8, 0, "208").expect("w");
        ws.write_string(8, 2, "约3000").expect("w");
        ws.write_number(8, 3, 10).expect("w");
        ws.write_string(9, 0, "210").expect("w");
        ws.write_number(9, 3, 20).expect("w");
    });
    assert_eq!(
        cell_issues(&bytes),
        [
            "'Sheet1'!C9 “预算数(万元)”应为金额(数字),实为“约3000”",
            "'Sheet1'!B4 必填项“年度”未填写",
            "'Sheet1'!C10 必填项“预算数(万元)”未填写",
        ]
    );
}

#[test]
fn an_xls_formula_without_its_text_result_is_not_called_blank() {
    let mut cells = biff_basic(0);
    cells.extend([
        Biff::Label(6, 0, "【部门收支】".into()),
        Biff::Label(7, 0, "项目".into()),
        Biff::Label(7, 1, "金额(万元)/比率".into()),
        Biff::Label(8, 0, "年初预算数".into()),
        Biff::Formula(8, 1, None),
        Biff::Label(9, 0, "上年预算数".into()),
        Biff::Formula(9, 1, Some(100.0)),
    ]);
    match import("a.xls", &xls(&[("Sheet1", cells)], &[]), &Limits::default()) {
        Err(ReadError::Cells(issues)) => {
            assert_eq!(issues.len(), 1, "{issues:?}");
            assert!(issues[0].message.contains("没有保存公式的结果"), "{issues:?}");
        }
        other => panic!("{other:?}"),
    }
}
