//! Files built in the tests, byte by byte: compound files (the container of an old `.xls` and
//! of an encrypted `.xlsx`), BIFF8 workbooks, and `.xlsx` parts patched.
#![allow(dead_code)] // each test file uses some of these

use std::io::{Read, Write};

const FREE: u32 = 0xFFFF_FFFF;
const END: u32 = 0xFFFF_FFFE;
const FAT_SECTOR: u32 = 0xFFFF_FFFD;

/// A compound file (512-byte sectors) holding these streams, each in regular sectors.
pub fn compound(streams: &[(&str, &[u8])]) -> Vec<u8> {
    // Each stream padded to 4096 bytes at least, so that it is not in the mini stream.
    let data: Vec<Vec<u8>> = streams
        .iter()
        .map(|(_, d)| {
            let mut v = d.to_vec();
            v.resize(v.len().max(4096).div_ceil(512) * 512, 0);
            v
        })
        .collect();
    let entries = 1 + streams.len();
    let dir_sectors = entries.div_ceil(4);
    let data_sectors: usize = data.iter().map(|d| d.len() / 512).sum();
    let mut fat_sectors = 1;
    while (fat_sectors + dir_sectors + data_sectors).div_ceil(128) > fat_sectors {
        fat_sectors += 1;
    }
    assert!(fat_sectors <= 109, "test file too large");
    let mut fat: Vec<u32> = Vec::new();
    fat.extend(std::iter::repeat_n(FAT_SECTOR, fat_sectors));
    let dir_start = fat.len() as u32;
    for i in 0..dir_sectors {
        fat.push(if i + 1 == dir_sectors { END } else { dir_start + i as u32 + 1 });
    }
    let mut starts = Vec::new();
    for d in &data {
        let start = fat.len() as u32;
        starts.push(start);
        let n = d.len() / 512;
        for i in 0..n {
            fat.push(if i + 1 == n { END } else { start + i as u32 + 1 });
        }
    }
    fat.resize(fat_sectors * 128, FREE);

    let mut out = vec![0u8; 512];
    out[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    out[24..26].copy_from_slice(&0x3Eu16.to_le_bytes());
    out[26..28].copy_from_slice(&3u16.to_le_bytes());
    out[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
    out[30..32].copy_from_slice(&9u16.to_le_bytes());
    out[32..34].copy_from_slice(&6u16.to_le_bytes());
    out[44..48].copy_from_slice(&(fat_sectors as u32).to_le_bytes());
    out[48..52].copy_from_slice(&dir_start.to_le_bytes());
    out[56..60].copy_from_slice(&4096u32.to_le_bytes());
    out[60..64].copy_from_slice(&END.to_le_bytes());
    out[68..72].copy_from_slice(&END.to_le_bytes());
    for i in 0..109 {
        let v = if i < fat_sectors { i as u32 } else { FREE };
        out[76 + 4 * i..80 + 4 * i].copy_from_slice(&v.to_le_bytes());
    }
    for v in &fat {
        out.extend_from_slice(&v.to_le_bytes());
    }
    let mut dir = vec![0u8; dir_sectors * 512];
    let mut entry = |i: usize, name: &str, kind: u8, child: u32, right: u32, start: u32, size: u32| {
        let d = &mut dir[128 * i..128 * (i + 1)];
        let units: Vec<u16> = name.encode_utf16().chain([0]).collect();
        for (k, u) in units.iter().enumerate() {
            d[2 * k..2 * k + 2].copy_from_slice(&u.to_le_bytes());
        }
        d[64..66].copy_from_slice(&((units.len() * 2) as u16).to_le_bytes());
        d[66] = kind;
        d[67] = 1;
        d[68..72].copy_from_slice(&FREE.to_le_bytes());
        d[72..76].copy_from_slice(&right.to_le_bytes());
        d[76..80].copy_from_slice(&child.to_le_bytes());
        d[116..120].copy_from_slice(&start.to_le_bytes());
        d[120..124].copy_from_slice(&size.to_le_bytes());
    };
    entry(0, "Root Entry", 5, if streams.is_empty() { FREE } else { 1 }, FREE, END, 0);
    for (i, ((name, _), d)) in streams.iter().zip(&data).enumerate() {
        let right = if i + 1 < streams.len() { (i + 2) as u32 } else { FREE };
        entry(i + 1, name, 2, FREE, right, starts[i], d.len() as u32);
    }
    out.extend_from_slice(&dir);
    for d in &data {
        out.extend_from_slice(d);
    }
    out
}

/// A BIFF record.
pub fn rec(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut r = typ.to_le_bytes().to_vec();
    r.extend_from_slice(&(data.len() as u16).to_le_bytes());
    r.extend_from_slice(data);
    r
}

fn bof(dt: u16) -> Vec<u8> {
    let mut d = 0x0600u16.to_le_bytes().to_vec();
    d.extend_from_slice(&dt.to_le_bytes());
    d.extend_from_slice(&[0; 12]);
    rec(0x0809, &d)
}

/// A cell record of a sheet.
pub enum Biff {
    /// NUMBER at (row, col).
    Number(u16, u16, f64),
    /// LABEL (text) at (row, col).
    Label(u16, u16, String),
    /// FORMULA at (row, col) with a stored number, or none (`None`: a text result whose STRING
    /// record is missing).
    Formula(u16, u16, Option<f64>),
    /// Any record as it is.
    Raw(Vec<u8>),
}

fn xl_string(s: &str) -> Vec<u8> {
    let units: Vec<u16> = s.encode_utf16().collect();
    let mut d = (units.len() as u16).to_le_bytes().to_vec();
    d.push(1);
    for u in units {
        d.extend_from_slice(&u.to_le_bytes());
    }
    d
}

impl Biff {
    fn bytes(&self) -> Vec<u8> {
        let head = |r: u16, c: u16| {
            let mut d = r.to_le_bytes().to_vec();
            d.extend_from_slice(&c.to_le_bytes());
            d.extend_from_slice(&0u16.to_le_bytes());
            d
        };
        match self {
            Biff::Number(r, c, v) => {
                let mut d = head(*r, *c);
                d.extend_from_slice(&v.to_le_bytes());
                rec(0x0203, &d)
            }
            Biff::Label(r, c, s) => {
                let mut d = head(*r, *c);
                d.extend_from_slice(&xl_string(s));
                rec(0x0204, &d)
            }
            Biff::Formula(r, c, v) => {
                let mut d = head(*r, *c);
                match v {
                    Some(v) => d.extend_from_slice(&v.to_le_bytes()),
                    None => d.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0xFF, 0xFF]),
                }
                d.extend_from_slice(&[0; 6]);
                // A formula `=1` (ptgInt).
                d.extend_from_slice(&3u16.to_le_bytes());
                d.extend_from_slice(&[0x1E, 1, 0]);
                rec(0x0006, &d)
            }
            Biff::Raw(r) => r.clone(),
        }
    }
}

/// The `Workbook` stream of a BIFF8 workbook with these sheets; `globals` are records put
/// among the workbook's own (an SST, a FILEPASS).
pub fn biff_stream(sheets: &[(&str, Vec<Biff>)], globals: &[Vec<u8>]) -> Vec<u8> {
    let bound = |pos: u32, name: &str| {
        let units: Vec<u16> = name.encode_utf16().collect();
        let mut d = pos.to_le_bytes().to_vec();
        d.extend_from_slice(&[0, 0, units.len() as u8, 1]);
        for u in units {
            d.extend_from_slice(&u.to_le_bytes());
        }
        rec(0x0085, &d)
    };
    let mut head = bof(0x0005);
    for g in globals {
        head.extend_from_slice(g);
    }
    let bounds_len: usize = sheets.iter().map(|(n, _)| bound(0, n).len()).sum();
    let eof = rec(0x000A, &[]);
    let mut pos = head.len() + bounds_len + eof.len();
    let mut bodies = Vec::new();
    let mut bounds = Vec::new();
    for (name, cells) in sheets {
        let mut body = bof(0x0010);
        for c in cells {
            body.extend_from_slice(&c.bytes());
        }
        body.extend_from_slice(&eof);
        bounds.extend_from_slice(&bound(pos as u32, name));
        pos += body.len();
        bodies.push(body);
    }
    let mut out = head;
    out.extend_from_slice(&bounds);
    out.extend_from_slice(&eof);
    for b in bodies {
        out.extend_from_slice(&b);
    }
    out
}

/// An `.xls` file: the BIFF8 stream in a compound file.
pub fn xls(sheets: &[(&str, Vec<Biff>)], globals: &[Vec<u8>]) -> Vec<u8> {
    compound(&[("Workbook", &biff_stream(sheets, globals))])
}

/// The cells of a minimal 填报工作簿 in BIFF: 【基本信息】 with 部门名称 and 年度 from `row`.
pub fn biff_basic(row: u16) -> Vec<Biff> {
    vec![
        Biff::Label(row, 0, "【基本信息】".into()),
        Biff::Label(row + 1, 0, "项目".into()),
        Biff::Label(row + 1, 1, "内容".into()),
        Biff::Label(row + 2, 0, "部门名称".into()),
        Biff::Label(row + 2, 1, "示例局".into()),
        Biff::Label(row + 3, 0, "年度".into()),
        Biff::Number(row + 3, 1, 2024.0),
    ]
}

/// The 【基本信息】 block of a 填报工作簿 (部门名称 示例局, 年度 2024) from `row`.
pub fn basic(ws: &mut rust_xlsxwriter::Worksheet, row: u32) {
    ws.write_string(row, 0, "【基本信息】").expect("w");
    ws.write_string(row + 1, 0, "项目").expect("w");
    ws.write_string(row + 1, 1, "内容").expect("w");
    ws.write_string(row + 2, 0, "部门名称").expect("w");
    ws.write_string(row + 2, 1, "示例局").expect("w");
    ws.write_string(row + 3, 0, "年度").expect("w");
    ws.write_number(row + 3, 1, 2024).expect("w");
}

/// Rewrites one part of a zip (a workbook).
pub fn patch_part(bytes: &[u8], part: &str, edit: impl Fn(&str) -> String) -> Vec<u8> {
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut done = false;
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).expect("entry");
        let name = f.name().expect("name").to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).expect("read");
        if name == part {
            let s = String::from_utf8(data).expect("xml");
            data = edit(&s).into_bytes();
            done = true;
        }
        out.start_file(name, opts).expect("start");
        out.write_all(&data).expect("write");
    }
    assert!(done, "{part} not found");
    out.finish().expect("finish").into_inner()
}

/// Replaces text in one part of a zip (a workbook).
pub fn patch(bytes: &[u8], part: &str, from: &str, to: &str) -> Vec<u8> {
    patch_part(bytes, part, |s| {
        assert!(s.contains(from), "{from} not in {part}");
        s.replacen(from, to, 1)
    })
}
