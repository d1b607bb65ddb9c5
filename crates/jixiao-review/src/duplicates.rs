//! R008: paragraphs shared verbatim or nearly so between units of the batch.
//!
//! Each paragraph (a line of the report's text, punctuation and spaces left out) is cut into
//! overlapping 5-character pieces (shingles); a MinHash signature of [`HASHES`] values
//! estimates how much two paragraphs share, and LSH banding ([`BANDS`] bands of [`ROWS`]
//! values) puts paragraphs that may be alike into the same bucket. Only pairs meeting in a
//! bucket are compared, and each such pair is verified on its exact shingles, so the cost
//! grows with the number of paragraphs, not with its square.
//!
//! Boilerplate is left out: paragraphs shorter than `duplicate_min_chars`, paragraphs found
//! word for word in at least `duplicate_common_percent` of the reports (and at least 3), and
//! buckets that hold that many reports (a standard phrase with each unit's name put in).

use std::collections::{HashMap, HashSet};

use crate::row::{ReportRow, Status};
use crate::signals::{ReviewRules, Signal};

/// Characters in a shingle.
const SHINGLE: usize = 5;
/// Bands of the LSH index.
const BANDS: usize = 16;
/// Values per band.
const ROWS: usize = 4;
/// Values in a MinHash signature.
const HASHES: usize = BANDS * ROWS;

/// One side of a duplicate pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// Index of the report in the batch.
    pub report: usize,
    /// Line of the paragraph in the report's text (1-based).
    pub line: usize,
    /// The paragraph's beginning.
    pub excerpt: String,
}

/// Two paragraphs of different units that are the same or nearly so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The paragraph in the earlier report of the batch.
    pub a: Place,
    /// The paragraph in the later one.
    pub b: Place,
    /// Shared shingles over all shingles of the two, in percent (rounded down).
    pub similarity: u32,
}

/// A paragraph to compare.
struct Para {
    report: usize,
    line: usize,
    shingles: Vec<u64>,
}

/// FNV-1a over bytes.
fn fnv(bytes: &[u8], seed: u64) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325 ^ seed;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The splitmix64 finaliser: a good mix of one 64-bit value.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The characters compared: letters, digits and Chinese characters.
fn normalized(line: &str) -> Vec<char> {
    line.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The distinct shingles of a paragraph, sorted.
fn shingles(chars: &[char]) -> Vec<u64> {
    let mut out: Vec<u64> = chars
        .windows(SHINGLE)
        .map(|w| {
            let s: String = w.iter().collect();
            fnv(s.as_bytes(), 0)
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn signature(shingles: &[u64], seeds: &[u64; HASHES]) -> [u64; HASHES] {
    let mut sig = [u64::MAX; HASHES];
    for s in shingles {
        for (slot, seed) in sig.iter_mut().zip(seeds) {
            *slot = (*slot).min(mix(s ^ seed));
        }
    }
    sig
}

/// Shared and total distinct shingles of two sorted lists.
fn overlap(a: &[u64], b: &[u64]) -> (usize, usize) {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (shared, a.len() + b.len() - shared)
}

fn excerpt(line: &str) -> String {
    let t = line.trim();
    if t.chars().count() > 40 { t.chars().take(40).collect::<String>() + "\u{2026}" } else { t.to_string() }
}

/// Two reports of the same unit (a DOCX and its PDF, say) are not copies of each other.
fn same_unit(a: &ReportRow, b: &ReportRow) -> bool {
    matches!((&a.unit, &b.unit), (Some(x), Some(y)) if x == y)
}

/// Finds the near-duplicate paragraphs between reports of different units.
pub(crate) fn find(reports: &[ReportRow], rules: &ReviewRules) -> Vec<Duplicate> {
    let readable: Vec<usize> =
        (0..reports.len()).filter(|i| !matches!(reports[*i].status, Status::Unreadable(_))).collect();
    let limit = (readable.len() * rules.duplicate_common_percent as usize).div_ceil(100).max(3);
    // Word-for-word paragraphs in many reports are boilerplate.
    let mut seen: HashMap<Vec<char>, HashSet<usize>> = HashMap::new();
    let mut candidates: Vec<(usize, usize, Vec<char>)> = Vec::new();
    for &i in &readable {
        for (n, line) in reports[i].text.lines().enumerate() {
            let chars = normalized(line);
            if chars.len() < rules.duplicate_min_chars.max(SHINGLE) {
                continue;
            }
            seen.entry(chars.clone()).or_default().insert(i);
            candidates.push((i, n + 1, chars));
        }
    }
    let mut seeds = [0u64; HASHES];
    let mut s = 0x6a69_7869_616f_u64;
    for slot in &mut seeds {
        s = mix(s);
        *slot = s;
    }
    let paras: Vec<Para> = candidates
        .into_iter()
        .filter(|(_, _, c)| seen.get(c).is_none_or(|r| r.len() < limit))
        .map(|(report, line, c)| Para { report, line, shingles: shingles(&c) })
        .collect();
    let mut buckets: HashMap<(usize, u64), Vec<u32>> = HashMap::new();
    for (id, p) in paras.iter().enumerate() {
        let sig = signature(&p.shingles, &seeds);
        for (band, values) in sig.chunks(ROWS).enumerate() {
            let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
            buckets.entry((band, fnv(&bytes, band as u64))).or_default().push(id as u32);
        }
    }
    let mut pairs: HashSet<(u32, u32)> = HashSet::new();
    for ids in buckets.values() {
        if ids.len() < 2 {
            continue;
        }
        let units: HashSet<usize> = ids.iter().map(|id| paras[*id as usize].report).collect();
        // A bucket across many reports is a standard phrase, and comparing inside it would be
        // quadratic: left out.
        if units.len() < 2 || units.len() >= limit || ids.len() > 4 * limit {
            continue;
        }
        for (k, a) in ids.iter().enumerate() {
            for b in &ids[k + 1..] {
                let (pa, pb) = (&paras[*a as usize], &paras[*b as usize]);
                if pa.report != pb.report && !same_unit(&reports[pa.report], &reports[pb.report]) {
                    pairs.insert(if a < b { (*a, *b) } else { (*b, *a) });
                }
            }
        }
    }
    let mut out: Vec<Duplicate> = pairs
        .into_iter()
        .filter_map(|(a, b)| {
            let (pa, pb) = (&paras[a as usize], &paras[b as usize]);
            let (pa, pb) = if (pa.report, pa.line) <= (pb.report, pb.line) { (pa, pb) } else { (pb, pa) };
            let (shared, all) = overlap(&pa.shingles, &pb.shingles);
            // Integer comparison: shared / all >= similarity %.
            if all == 0 || shared * 100 < rules.duplicate_similarity as usize * all {
                return None;
            }
            let place = |p: &Para| Place {
                report: p.report,
                line: p.line,
                excerpt: reports[p.report].text.lines().nth(p.line - 1).map(excerpt).unwrap_or_default(),
            };
            Some(Duplicate { a: place(pa), b: place(pb), similarity: (shared * 100 / all) as u32 })
        })
        .collect();
    out.sort_by_key(|x| (x.a.report, x.b.report, x.a.line, x.b.line));
    out
}

/// The name a report is known by in a message: its unit, else its file.
pub(crate) fn label(r: &ReportRow) -> String {
    r.unit.clone().unwrap_or_else(|| r.file.clone())
}

/// Raises R008 on both reports of each pair of reports sharing paragraphs.
pub(crate) fn signal(reports: &mut [ReportRow], dups: &[Duplicate]) {
    let mut by_pair: Vec<((usize, usize), Vec<&Duplicate>)> = Vec::new();
    for d in dups {
        let key = (d.a.report, d.b.report);
        match by_pair.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => v.push(d),
            None => by_pair.push((key, vec![d])),
        }
    }
    for ((a, b), list) in by_pair {
        for (me, other, mine) in [(a, b, true), (b, a, false)] {
            let name = label(&reports[other]);
            let shown: Vec<String> = list
                .iter()
                .take(3)
                .map(|d| {
                    let (m, o) = if mine { (&d.a, &d.b) } else { (&d.b, &d.a) };
                    format!("第 {} 行与其第 {} 行,相似度 {}%", m.line, o.line, d.similarity)
                })
                .collect();
            let more = if list.len() > 3 { format!(" 等 {} 处", list.len()) } else { String::new() };
            reports[me].signals.push(Signal {
                code: "R008",
                message: format!("有 {} 段与“{name}”的报告相同或相近:{}{more}", list.len(), shown.join(";")),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap_counts_shared_and_distinct_shingles() {
        assert_eq!(overlap(&[1, 2, 3, 5], &[2, 3, 4]), (2, 5));
        assert_eq!(overlap(&[], &[1]), (0, 1));
    }

    #[test]
    fn alike_paragraphs_share_most_minhash_values_and_unlike_ones_few() {
        let mut seeds = [0u64; HASHES];
        let mut s = 7;
        for slot in &mut seeds {
            s = mix(s);
            *slot = s;
        }
        let a =
            shingles(&normalized("本单位严格执行预算管理制度,加强资金使用的监督检查,确保专款专用,提高资金使用效益。"));
        let b = shingles(&normalized(
            "本单位严格执行预算管理制度,加强资金使用的监督检查,确保专款专用,提高财政资金使用效益。",
        ));
        let c =
            shingles(&normalized("全年共组织职业技能培训十二期,参训人员合计八百余人次,培训合格率达到百分之九十以上。"));
        let same = |x: &[u64], y: &[u64]| {
            signature(x, &seeds).iter().zip(signature(y, &seeds).iter()).filter(|(p, q)| p == q).count()
        };
        assert!(same(&a, &b) > HASHES / 2, "{}", same(&a, &b));
        assert!(same(&a, &c) < HASHES / 8, "{}", same(&a, &c));
    }
}
