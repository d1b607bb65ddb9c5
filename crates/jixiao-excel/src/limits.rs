//! Limits on what a workbook may make jixiao read: its size, its expansion when unzipped, and
//! its cells. Each is stated in the message when hit.

use std::io::{Cursor, Read};

use crate::ReadError;

/// The limits.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest file (50 MiB).
    pub max_bytes: u64,
    /// Most bytes all parts may unzip to (200 MiB).
    pub max_unzipped: u64,
    /// Most parts in the zip (10 000).
    pub max_entries: usize,
    /// Most cells in one sheet's used range (10 million).
    pub max_cells: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_bytes: 50 * 1024 * 1024,
            max_unzipped: 200 * 1024 * 1024,
            max_entries: 10_000,
            max_cells: 10_000_000,
        }
    }
}

/// Unzips every part within the limits (declared sizes are not trusted: each part is read,
/// at most up to what is left of the limit).
pub fn check_zip(bytes: &[u8], limits: &Limits) -> Result<(), ReadError> {
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ReadError::Corrupt(format!("不是有效的 zip 文件:{e}")))?;
    if zip.len() > limits.max_entries {
        return Err(ReadError::ZipBomb(format!("{} 个部件,上限 {} 个", zip.len(), limits.max_entries)));
    }
    let mut left = limits.max_unzipped;
    let mut sink = [0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|e| ReadError::Corrupt(e.to_string()))?;
        if part.size() > left {
            return Err(ReadError::ZipBomb(format!(
                "部件 {} 声明解压后 {} 字节,上限共 {} 字节(200 MiB)",
                part.name().unwrap_or_default(),
                part.size(),
                limits.max_unzipped
            )));
        }
        let mut limited = (&mut part).take(left + 1);
        loop {
            let n = limited.read(&mut sink).map_err(|e| ReadError::Corrupt(format!("解压失败:{e}")))?;
            if n == 0 {
                break;
            }
            let n = n as u64;
            if n > left {
                return Err(ReadError::ZipBomb(format!("解压后超过 {} 字节(200 MiB)", limits.max_unzipped)));
            }
            left -= n;
        }
    }
    Ok(())
}
