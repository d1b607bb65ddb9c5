//! The compound file (OLE2) container of an old `.xls`, of an encrypted `.xlsx`, and of other
//! Office 97 files: its directory and one stream's bytes.
//!
//! Every chain of sectors is followed at most once through each sector, so a loop in the file
//! ends the reading instead of repeating it; nothing is allocated beyond the file's own size.

use crate::ReadError;

use super::corrupt;

const FREE: u32 = 0xFFFF_FFFF;
const END: u32 = 0xFFFF_FFFE;
const MAX_REGULAR: u32 = 0xFFFF_FFFA;

/// An entry of the directory.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Its name.
    pub name: String,
    /// 1 storage, 2 stream, 5 root.
    pub kind: u8,
    start: u32,
    size: u64,
}

/// A compound file.
pub struct Compound<'b> {
    bytes: &'b [u8],
    sector: usize,
    /// Sectors in the file: no chain without a loop is longer.
    count: usize,
    fat: Vec<u32>,
    mini_fat: Vec<u32>,
    /// The mini stream (the root entry's stream).
    mini: Vec<u8>,
    /// The directory.
    pub entries: Vec<Entry>,
}

fn u16_at(b: &[u8], i: usize) -> u16 {
    b.get(i..i + 2).map_or(0, |s| u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], i: usize) -> u32 {
    b.get(i..i + 4).map_or(0, |s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn bad(what: &str) -> ReadError {
    corrupt(format!("复合文档结构损坏:{what}"))
}

impl<'b> Compound<'b> {
    /// Reads the header, allocation tables and directory.
    pub fn open(bytes: &'b [u8]) -> Result<Compound<'b>, ReadError> {
        if bytes.len() < 512 {
            return Err(bad("文件不足 512 字节"));
        }
        let sector = match u16_at(bytes, 30) {
            9 => 512,
            12 => 4096,
            _ => return Err(bad("扇区大小无效")),
        };
        let count = bytes.len().saturating_sub(sector).div_ceil(sector);
        let mut c = Compound {
            bytes,
            sector,
            count,
            fat: Vec::new(),
            mini_fat: Vec::new(),
            mini: Vec::new(),
            entries: Vec::new(),
        };
        // The sectors of the allocation table: 109 in the header, more in a chain of DIFAT sectors.
        let mut fat_sectors: Vec<u32> =
            (0..109).map(|i| u32_at(bytes, 76 + 4 * i)).filter(|s| *s < MAX_REGULAR).collect();
        let mut difat = u32_at(bytes, 68);
        let mut seen = 0usize;
        while difat < MAX_REGULAR {
            seen += 1;
            if seen > count {
                return Err(bad("DIFAT 链循环"));
            }
            let s = c.sector_bytes(difat).ok_or_else(|| bad("DIFAT 扇区超出文件"))?;
            let per = sector / 4 - 1;
            fat_sectors.extend((0..per).map(|i| u32_at(s, 4 * i)).filter(|s| *s < MAX_REGULAR));
            difat = u32_at(s, 4 * per);
        }
        if fat_sectors.len() > count {
            return Err(bad("分配表扇区多于文件的扇区"));
        }
        let mut fat = Vec::with_capacity(fat_sectors.len() * sector / 4);
        for s in fat_sectors {
            let bytes = c.sector_bytes(s).ok_or_else(|| bad("分配表扇区超出文件"))?;
            fat.extend((0..sector / 4).map(|i| u32_at(bytes, 4 * i)));
        }
        c.fat = fat;
        let dir = c.chain(u32_at(bytes, 48), u64::MAX)?;
        for e in dir.chunks_exact(128) {
            let len = usize::from(u16_at(e, 64)).min(64);
            let units: Vec<u16> = (0..len / 2).map(|i| u16_at(e, 2 * i)).take_while(|u| *u != 0).collect();
            let name = String::from_utf16_lossy(&units);
            let size = if sector == 512 {
                u64::from(u32_at(e, 120))
            } else {
                u64::from(u32_at(e, 120)) | (u64::from(u32_at(e, 124)) << 32)
            };
            c.entries.push(Entry { name, kind: e[66], start: u32_at(e, 116), size });
        }
        let Some(root) = c.entries.first().cloned() else { return Err(bad("没有目录")) };
        let mini_fat_start = u32_at(bytes, 60);
        if mini_fat_start < MAX_REGULAR {
            let mf = c.chain(mini_fat_start, u64::MAX)?;
            c.mini_fat = (0..mf.len() / 4).map(|i| u32_at(&mf, 4 * i)).collect();
            c.mini = c.chain(root.start, root.size)?;
        }
        Ok(c)
    }

    fn sector_bytes(&self, id: u32) -> Option<&'b [u8]> {
        let start = (id as usize).checked_add(1)?.checked_mul(self.sector)?;
        let bytes: &'b [u8] = self.bytes;
        let end = start.checked_add(self.sector)?.min(bytes.len());
        bytes.get(start..end)
    }

    /// A chain of regular sectors from `start`, at most `size` bytes; each sector once.
    fn chain(&self, start: u32, size: u64) -> Result<Vec<u8>, ReadError> {
        let words = ["扇区链循环", "扇区超出文件", "扇区号超出分配表"];
        follow(start, size, &self.fat, self.count, |id| self.sector_bytes(id), words)
    }

    /// A chain of 64-byte mini sectors from `start`, at most `size` bytes.
    fn mini_chain(&self, start: u32, size: u64) -> Result<Vec<u8>, ReadError> {
        let mini = |id: u32| {
            let at = (id as usize).checked_mul(64)?;
            self.mini.get(at..at.checked_add(64)?.min(self.mini.len()))
        };
        let words = ["短扇区链循环", "短扇区超出短流", "短扇区号超出分配表"];
        follow(start, size, &self.mini_fat, self.mini.len() / 64 + 1, mini, words)
    }

    /// Whether there is an entry of this name (case ignored).
    pub fn has(&self, name: &str) -> bool {
        self.entries.iter().any(|e| e.name.eq_ignore_ascii_case(name))
    }

    /// The bytes of the first stream of this name (case ignored).
    pub fn stream(&self, name: &str) -> Result<Option<Vec<u8>>, ReadError> {
        let Some(e) = self.entries.iter().find(|e| e.kind == 2 && e.name.eq_ignore_ascii_case(name)) else {
            return Ok(None);
        };
        let data = if e.size < 4096 { self.mini_chain(e.start, e.size)? } else { self.chain(e.start, e.size)? };
        Ok(Some(data))
    }
}

/// Follows a chain of sectors through `table` from `start`, at most `size` bytes and at most
/// `count` sectors (more is a loop); `words` name a loop, a sector outside the data and a
/// sector number outside the table.
fn follow<'b>(
    start: u32,
    size: u64,
    table: &[u32],
    count: usize,
    sector: impl Fn(u32) -> Option<&'b [u8]>,
    words: [&str; 3],
) -> Result<Vec<u8>, ReadError> {
    let mut out = Vec::new();
    let mut id = start;
    let mut steps = 0usize;
    while id != END && (out.len() as u64) < size {
        if id == FREE || id >= MAX_REGULAR {
            break;
        }
        steps += 1;
        if steps > count {
            return Err(bad(words[0]));
        }
        out.extend_from_slice(sector(id).ok_or_else(|| bad(words[1]))?);
        id = *table.get(id as usize).ok_or_else(|| bad(words[2]))?;
    }
    if (out.len() as u64) > size {
        out.truncate(size as usize);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A compound file of 512-byte sectors with one stream in regular sectors.
    pub(crate) fn compound_with(name: &str, data: &[u8]) -> Vec<u8> {
        let data_sectors = data.len().div_ceil(512).max(1);
        // Sector 0: FAT; sector 1: directory; sectors 2..: the stream.
        let mut f = vec![0u8; 512];
        f[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
        f[24..26].copy_from_slice(&0x3Eu16.to_le_bytes());
        f[26..28].copy_from_slice(&3u16.to_le_bytes());
        f[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
        f[30..32].copy_from_slice(&9u16.to_le_bytes());
        f[32..34].copy_from_slice(&6u16.to_le_bytes());
        f[44..48].copy_from_slice(&1u32.to_le_bytes());
        f[48..52].copy_from_slice(&1u32.to_le_bytes());
        f[56..60].copy_from_slice(&4096u32.to_le_bytes());
        f[60..64].copy_from_slice(&END.to_le_bytes());
        f[68..72].copy_from_slice(&END.to_le_bytes());
        for i in 0..109 {
            let v = if i == 0 { 0 } else { FREE };
            f[76 + 4 * i..80 + 4 * i].copy_from_slice(&v.to_le_bytes());
        }
        let mut fat = vec![0u8; 512];
        let mut set = |i: usize, v: u32| fat[4 * i..4 * i + 4].copy_from_slice(&v.to_le_bytes());
        for i in 0..128 {
            set(i, FREE);
        }
        set(0, 0xFFFF_FFFD);
        set(1, END);
        for k in 0..data_sectors {
            set(2 + k, if k + 1 == data_sectors { END } else { (3 + k) as u32 });
        }
        f.extend_from_slice(&fat);
        let mut dir = vec![0u8; 512];
        let entry = |d: &mut [u8], name: &str, kind: u8, start: u32, size: u32| {
            let units: Vec<u16> = name.encode_utf16().chain([0]).collect();
            for (i, u) in units.iter().enumerate() {
                d[2 * i..2 * i + 2].copy_from_slice(&u.to_le_bytes());
            }
            d[64..66].copy_from_slice(&((units.len() * 2) as u16).to_le_bytes());
            d[66] = kind;
            d[68..72].copy_from_slice(&FREE.to_le_bytes());
            d[72..76].copy_from_slice(&FREE.to_le_bytes());
            d[76..80].copy_from_slice(&FREE.to_le_bytes());
            d[116..120].copy_from_slice(&start.to_le_bytes());
            d[120..124].copy_from_slice(&size.to_le_bytes());
        };
        entry(&mut dir[..128], "Root Entry", 5, END, 0);
        // A stream below 4096 bytes would live in the mini stream; pad to keep it regular.
        let size = data.len().max(4096) as u32;
        entry(&mut dir[128..256], name, 2, 2, size);
        f.extend_from_slice(&dir);
        let mut d = data.to_vec();
        d.resize(data_sectors.max(8) * 512, 0);
        f.extend_from_slice(&d);
        f
    }

    #[test]
    fn a_stream_is_read_and_a_loop_is_refused() {
        let data: Vec<u8> = (0..5000u32).map(|i| (i % 251) as u8).collect();
        let file = compound_with("Workbook", &data);
        let c = Compound::open(&file).expect("opens");
        assert!(c.has("workbook"));
        let s = c.stream("Workbook").expect("reads").expect("present");
        assert_eq!(&s[..5000], &data[..]);
        // The stream's last sector points back at its first: the chain loops.
        let mut looped = file.clone();
        let last = 2 + 5000usize.div_ceil(512) - 1;
        let at = 512 + 4 * last;
        looped[at..at + 4].copy_from_slice(&2u32.to_le_bytes());
        // Declared far larger than the file, so only the loop ends it.
        let dir_entry = 512 * 2 + 128;
        looped[dir_entry + 120..dir_entry + 124].copy_from_slice(&u32::MAX.to_le_bytes());
        let c = Compound::open(&looped).expect("opens");
        assert!(c.stream("Workbook").is_err());
    }
}
