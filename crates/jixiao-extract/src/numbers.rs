//! The number reader: every figure in a document's text, as these documents write them.
//!
//! Handles full-width digits and punctuation, a space after the decimal point left by PDF
//! tools (`3127. 20`, `90. 42%`), thousands separators, units (元/万元/亿元, 人/人次/宗/件/场/
//! 次/小时/个/户/项/名/台/批次/亩/公里/分), percent signs, comparators before or after
//! (≥ ≤ 以上 以下 不低于 不少于 达到 不超过 以内), `余` as "at least" (`2417 余名`, `2445 万余元`),
//! and the letter O read as 0 inside a run of digits (`1O5`). Each figure keeps the exact
//! byte span of its digits in the text and its written scale.
//!
//! Numbers and dates written in words are parsed here too: small Chinese numerals (`两个`,
//! `十二个`) and dates (`2025年8月14日`).
//!
//! It reads one text; it does not decide what a figure means.

use jixiao_core::Decimal;
use jixiao_core::num::normalize_char;

/// A comparison stated with a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    /// ≥, 以上, 不低于, 不少于, 达到
    AtLeast,
    /// ≤, 以下, 不超过, 不高于, 以内
    AtMost,
    /// >
    Above,
    /// <
    Below,
    /// =
    Equal,
}

/// One figure found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first character of the number (a sign included).
    pub start: usize,
    /// Byte offset after the number (the `%` sign included, the unit not).
    pub end: usize,
    /// Byte offset after the unit (and any 余/以上 after it), or `end`.
    pub unit_end: usize,
    /// The value as written (a percentage in percent).
    pub value: Decimal,
    /// Written with a `%` sign.
    pub percent: bool,
    /// The unit written after it, normalised (`名` stays `名`; see [`same_unit`]).
    pub unit: Option<&'static str>,
    /// A comparator written before or after it.
    pub cmp: Option<Cmp>,
    /// Written with `余` (a lower bound).
    pub at_least: bool,
}

impl Token {
    /// The unit as a money unit, if it is one.
    pub fn money(&self) -> Option<jixiao_core::num::MoneyUnit> {
        use jixiao_core::num::MoneyUnit;
        // The units this reader writes answered directly (as `MoneyUnit::from_name` would).
        match self.unit? {
            "元/人次" | "元" => Some(MoneyUnit::Yuan),
            "万余元" | "万元" => Some(MoneyUnit::WanYuan),
            "亿元" => Some(MoneyUnit::YiYuan),
            "批次" | "人次" | "小时" | "公里" | "万人" | "人" | "名" | "宗" | "件" | "场" | "次" | "个" | "户"
            | "项" | "台" | "亩" | "分" | "篇" | "份" | "天" | "所" | "家" | "辆" | "套" | "期" => None,
            u => MoneyUnit::from_name(u),
        }
    }
}

/// Units, longest first so that `万元` wins over `元` and `人次` over `人`.
/// Words that begin with a unit's character but are the next label, not the figure's unit
/// (`118.82 项目支出:1025.20`, a table's cells joined on one line). `5项目标` is 5 项 of 目标.
fn starts_word(rest: &str) -> bool {
    const WORDS: &[&str] = &["项目", "人员", "人民", "名称", "场所", "台账", "元旦"];
    WORDS.iter().any(|w| rest.starts_with(w)) && !rest.starts_with("项目标")
}

const UNITS: &[&str] = &[
    "万余元",
    "亿元",
    "万元",
    "元/人次",
    "批次",
    "人次",
    "小时",
    "公里",
    "万人",
    "元",
    "人",
    "名",
    "宗",
    "件",
    "场",
    "次",
    "个",
    "户",
    "项",
    "台",
    "亩",
    "分",
    "篇",
    "份",
    "天",
    "所",
    "家",
    "辆",
    "套",
    "期",
];

/// The unit at the start of `rest` (the longest), unless the word there is a label's
/// (`项目支出`).
pub(crate) fn unit_at(rest: &str) -> Option<&'static str> {
    if !rest.chars().next().is_some_and(unit_first) {
        return None;
    }
    UNITS.iter().find(|name| rest.starts_with(**name)).copied().filter(|_| !starts_word(rest))
}

/// Whether a unit of [`UNITS`] starts with `c` (most figures are followed by no unit: ruled
/// out without trying them all).
fn unit_first(c: char) -> bool {
    matches!(
        c,
        '万' | '亿'
            | '元'
            | '批'
            | '人'
            | '小'
            | '公'
            | '名'
            | '宗'
            | '件'
            | '场'
            | '次'
            | '个'
            | '户'
            | '项'
            | '台'
            | '亩'
            | '分'
            | '篇'
            | '份'
            | '天'
            | '所'
            | '家'
            | '辆'
            | '套'
            | '期'
    )
}

/// Whether two units count the same thing (`人` and `名` do).
pub fn same_unit(a: Option<&str>, b: Option<&str>) -> bool {
    fn norm(u: Option<&str>) -> Option<&str> {
        match u {
            Some("名") => Some("人"),
            Some("万余元") => Some("万元"),
            other => other,
        }
    }
    norm(a) == norm(b)
}

fn is_digit(c: char) -> bool {
    normalize_char(c).is_ascii_digit()
}

/// The byte offset of the next digit at or after `from`: ASCII, or full-width (EF BC 90..99).
/// Eight bytes at a time: most of a Chinese text has no digit and no EF byte.
fn next_digit(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let is_digit_at = |i: usize| {
        bytes[i].is_ascii_digit()
            || (bytes[i] == 0xEF
                && bytes.get(i + 1) == Some(&0xBC)
                && bytes.get(i + 2).is_some_and(|c| (0x90..=0x99).contains(c)))
    };
    let mut i = from;
    while i + 8 <= bytes.len() {
        let mut block = [0u8; 8];
        block.copy_from_slice(&bytes[i..i + 8]);
        let w = u64::from_le_bytes(block);
        // A byte below 0x80 that is below 0x3A and not below 0x30 marks an ASCII digit; a
        // zero byte of `w ^ EF..` marks an EF. Both tests may report a block falsely, never
        // miss one: the block is then looked at byte by byte.
        // Sums on the low seven bits of each byte cannot carry into the next byte.
        let ascii = !w & HIGH;
        let seven = w & !HIGH;
        let low = (seven + ONES * (0x80 - 0x3A)) & HIGH; // set where the low bits are >= 0x3A
        let at_least_30 = (seven + ONES * (0x80 - 0x30)) & HIGH; // set where they are >= 0x30
        let digits = ascii & !low & at_least_30;
        let ef = w ^ (ONES * 0xEF);
        let has_ef = ef.wrapping_sub(ONES) & !ef & HIGH;
        if (digits != 0 || has_ef != 0)
            && let Some(k) = (i..i + 8).find(|&k| is_digit_at(k))
        {
            return Some(k);
        }
        i += 8;
    }
    (i..bytes.len()).find(|&k| is_digit_at(k))
}

/// The most bytes a figure's own characters span from its first digit (digits, separators,
/// a PDF's blank in a decimal): past 28 digits a figure overflows anyway, and full-width
/// digits take 3 bytes each.
const MAX_NUMBER_BYTES: usize = 128;

/// Finds every figure in `text`, in order.
///
/// Works through the text without decoding it all at once: each figure is read from a small
/// window of characters around its first digit.
pub fn scan(text: &str) -> Vec<Token> {
    scan_counting(text).0
}

/// [`scan`], and the work it did: how many characters its windows held in all (linear in the
/// text, whatever the text).
fn scan_counting(text: &str) -> (Vec<Token>, usize) {
    let mut work = 0usize;
    let mut out = Vec::new();
    let mut chars: Vec<(usize, char)> = Vec::with_capacity(64);
    let bytes = text.as_bytes();
    let mut pos = 0;
    while pos < text.len() {
        // The next digit: ASCII (one byte) or full-width (EF BC 90..99).
        let Some(at) = next_digit(bytes, pos) else { break };
        // A small window of characters around the digit: a few before (sign, comparator,
        // list marker), and the number with what may follow it (%, unit, 以上).
        let ws = jixiao_core::source::floor_char_boundary(text, at.saturating_sub(24));
        chars.clear();
        // The number runs while digits, separators and single blanks follow, for at most
        // MAX_NUMBER_BYTES (no figure is longer: 28 digits with their separators); then at most
        // 12 characters more. (A table row's next figure is not part of this one's window, and
        // a line of figures joined by single blanks is not one window: scanning stays linear.)
        // The characters before the digit, then the number's, then 13 more (the first that
        // ends the number and 12 after it).
        let mut b = ws;
        while b < at {
            let Some((c, n)) = char_at(text, b) else { break };
            chars.push((b, c));
            b += n;
        }
        let mut ended = false;
        let mut prev_blank = false;
        while let Some((c, n)) = char_at(text, b) {
            chars.push((b, c));
            let blank = c == ' ';
            let in_number = b - at < MAX_NUMBER_BYTES
                && !(blank && prev_blank)
                && (c.is_ascii_digit()
                    || matches!(c, '.' | ',' | ' ' | 'O' | 'o' | '\u{ff0e}' | '\u{ff0c}')
                    || is_digit(c));
            prev_blank = blank;
            b += n;
            if !in_number {
                ended = true;
                break;
            }
        }
        if ended {
            for _ in 0..12 {
                let Some((c, n)) = char_at(text, b) else { break };
                chars.push((b, c));
                b += n;
            }
        }
        work += chars.len();
        let we = chars.last().map_or(text.len(), |c| c.0 + c.1.len_utf8());
        let i = chars.partition_point(|c| c.0 < at);
        // A digit right after a letter is part of a code or word (A1, B2).
        if i > 0 && (chars[i - 1].1.is_ascii_alphabetic() && !matches!(chars[i - 1].1, 'O' | 'o')) {
            let mut j = i;
            while j < chars.len() && (is_digit(chars[j].1) || chars[j].1.is_ascii_alphanumeric()) {
                j += 1;
            }
            pos = chars.get(j).map_or(we, |c| c.0).max(at + 1);
            continue;
        }
        let (tok, next) = read_number(&text[..we], &chars, i);
        if let Some(t) = tok {
            out.push(t);
        }
        let next = next.max(i + 1);
        pos = chars.get(next).map_or(we, |c| c.0);
    }
    (out, work)
}

/// The character starting at byte `b` of `text` and its length (`None` at the end): ASCII and
/// three-byte characters (Chinese, full-width forms) decoded directly, the rest by `str`.
#[inline]
fn char_at(text: &str, b: usize) -> Option<(char, usize)> {
    let bytes = text.as_bytes();
    let x = *bytes.get(b)?;
    if x < 0x80 {
        return Some((char::from(x), 1));
    }
    if (0xE0..0xF0).contains(&x)
        && let Some(&[y, z]) = bytes.get(b + 1..b + 3)
    {
        let u = (u32::from(x & 0x0F) << 12) | (u32::from(y & 0x3F) << 6) | u32::from(z & 0x3F);
        if let Some(c) = char::from_u32(u) {
            return Some((c, 3));
        }
    }
    let c = text.get(b..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

/// Whether the number starting at char index `i` is a list marker like `1. ` at a line start.
fn is_list_marker(chars: &[(usize, char)], i: usize, int_end: usize) -> bool {
    if int_end - i > 2 {
        return false;
    }
    let mut k = i;
    while k > 0 {
        let p = chars[k - 1].1;
        if p == '\n' {
            return true;
        }
        if !(p.is_whitespace() || matches!(p, '-' | '•' | '(' | '\u{ff08}')) {
            return false;
        }
        k -= 1;
    }
    true
}

fn read_number(text: &str, chars: &[(usize, char)], start: usize) -> (Option<Token>, usize) {
    // The value is accumulated as an integer mantissa and a scale: no string, no float.
    let mut mantissa: u128 = 0;
    let mut digits = 0u32;
    let mut overflow = false;
    let mut push = |d: u32| {
        digits += 1;
        match mantissa.checked_mul(10).and_then(|m| m.checked_add(u128::from(d))) {
            Some(m) if digits <= 28 => mantissa = m,
            _ => overflow = true,
        }
    };
    let digit_of = |c: char| normalize_char(c).to_digit(10);
    let mut i = start;
    let mut group = 0usize; // digits since the last thousands separator
    let mut any = false;
    // Integer part with thousands separators and O-for-0 between digits.
    while i < chars.len() {
        let c = chars[i].1;
        if let Some(d) = digit_of(c) {
            push(d);
            any = true;
            group += 1;
            i += 1;
        } else if matches!(c, 'O' | 'o') && any && chars.get(i + 1).is_some_and(|n| is_digit(n.1)) {
            push(0);
            group += 1;
            i += 1;
        } else if normalize_char(c) == ','
            && any
            && (1..=3).contains(&group)
            && (1..=3).all(|k| chars.get(i + k).is_some_and(|n| is_digit(n.1)))
            && !chars.get(i + 4).is_some_and(|n| is_digit(n.1))
        {
            group = 0;
            i += 1; // thousands separator
        } else {
            break;
        }
    }
    let int_end = i;
    let mut scale = 0u32;
    // Decimal part: '.', optionally one space (PDF), then digits.
    if i < chars.len() && normalize_char(chars[i].1) == '.' {
        let mut j = i + 1;
        if j < chars.len() && chars[j].1 == ' ' && !is_list_marker(chars, start, int_end) {
            j += 1;
        }
        if j < chars.len() && is_digit(chars[j].1) {
            while j < chars.len() {
                let Some(d) = digit_of(chars[j].1) else { break };
                push(d);
                scale += 1;
                j += 1;
            }
            i = j;
        }
    }
    // A sign directly before the number (a table's -139.11), not a hyphen after a word.
    let mut num_start = start;
    let mut negative = false;
    if start > 0 {
        let p = normalize_char(chars[start - 1].1);
        let before = if start >= 2 { Some(chars[start - 2].1) } else { None };
        if p == '-'
            && before.is_none_or(|b| b.is_whitespace() || matches!(b, '|' | '(' | '\u{ff08}' | ':' | '\u{ff1a}' | '为'))
        {
            negative = true;
            num_start = start - 1;
        }
    }
    if overflow || scale > 28 {
        return (None, i);
    }
    let signed = if negative { -(mantissa as i128) } else { mantissa as i128 };
    let Ok(value) = Decimal::try_from_i128_with_scale(signed, scale) else {
        return (None, i);
    };
    if value.abs() >= jixiao_core::num::MAX_MAGNITUDE {
        return (None, i);
    }
    let end_char = i;
    // Percent sign, possibly after a space.
    let mut k = i;
    while k < chars.len() && chars[k].1 == ' ' {
        k += 1;
    }
    let mut percent = false;
    if k < chars.len() && normalize_char(chars[k].1) == '%' {
        percent = true;
        i = k + 1;
    }
    let end = byte_at(text, chars, if percent { i } else { end_char });
    // Unit (after optional blanks), then 余 / 以上 / 以下.
    let mut unit = None;
    let mut at_least = false;
    let mut unit_end = end;
    let mut j = if percent { i } else { end_char };
    let mut u = j;
    while u < chars.len() && matches!(chars[u].1, ' ' | '\t') {
        u += 1;
    }
    if u < chars.len() && chars[u].1 == '余' {
        at_least = true;
        u += 1;
    }
    if !percent {
        let rest = &text[byte_at(text, chars, u)..];
        if let Some(found) = unit_at(rest) {
            if found == "万余元" {
                at_least = true;
            }
            unit = Some(found);
            u += found.chars().count();
            j = u;
            unit_end = byte_at(text, chars, u);
        }
    }
    // Comparator after: 以上 / 以下 / 以内 (also after 余).
    let rest = &text[byte_at(text, chars, j)..];
    let mut cmp = None;
    for (w, c) in [("以上", Cmp::AtLeast), ("以下", Cmp::AtMost), ("以内", Cmp::AtMost)] {
        if let Some(r) = rest.strip_prefix(w).or_else(|| rest.strip_prefix(' ').and_then(|r| r.strip_prefix(w))) {
            cmp = Some(c);
            unit_end = text.len() - r.len();
            break;
        }
    }
    if cmp.is_none() {
        let before = &text[..byte_at(text, chars, num_start)];
        if before.trim_end_matches([' ', '\t']).chars().next_back().is_some_and(|c| {
            matches!(c, '≥' | '≤' | '>' | '<' | '=' | '于' | '到' | '少' | '在' | '过' | '\u{ff1e}' | '\u{ff1c}')
        }) {
            cmp = comparator_before(before);
        }
    }
    let tok = Token {
        start: byte_at(text, chars, num_start),
        end,
        unit_end: unit_end.max(end),
        value,
        percent,
        unit,
        cmp,
        at_least,
    };
    (Some(tok), if percent { i } else { end_char })
}

/// The byte offset of char index `i` of the window, or the end of `text` (the window's end).
fn byte_at(text: &str, chars: &[(usize, char)], i: usize) -> usize {
    chars.get(i).map_or(text.len(), |c| c.0)
}

fn comparator_before(before: &str) -> Option<Cmp> {
    let b = before.trim_end_matches([' ', '\t']);
    for (w, c) in [
        ("≥", Cmp::AtLeast),
        (">=", Cmp::AtLeast),
        ("≤", Cmp::AtMost),
        ("<=", Cmp::AtMost),
        ("不低于", Cmp::AtLeast),
        ("不少于", Cmp::AtLeast),
        ("达到", Cmp::AtLeast),
        ("至少", Cmp::AtLeast),
        ("不超过", Cmp::AtMost),
        ("不高于", Cmp::AtMost),
        ("不多于", Cmp::AtMost),
        ("控制在", Cmp::AtMost),
        (">", Cmp::Above),
        ("<", Cmp::Below),
        ("=", Cmp::Equal),
        ("＞", Cmp::Above),
        ("＜", Cmp::Below),
    ] {
        if b.ends_with(w) {
            return Some(c);
        }
    }
    None
}

/// Whether a table cell is empty: blank, or only a dash or underscore.
pub fn is_empty_cell(cell: &str) -> bool {
    let t = cell.trim().trim_matches(|c: char| c.is_whitespace() || c == '|');
    t.is_empty() || t.chars().all(|c| matches!(c, '-' | '_' | '—' | '–' | '－' | '/' | '／'))
}

// ------------------------------------------------------------------ numbers and dates in words

/// Parses a small Chinese numeral (一 … 九十九, 两) or ASCII digits.
pub fn chinese_number(s: &str) -> Option<u32> {
    if let Ok(n) = s.parse::<u32>() {
        return Some(n);
    }
    let digit = |c: char| "零一二三四五六七八九".find(c).map(|i| (i / 3) as u32).or((c == '两').then_some(2));
    let cs: Vec<char> = s.chars().collect();
    match cs.as_slice() {
        ['十'] => Some(10),
        [d] => digit(*d),
        ['十', d] => Some(10 + digit(*d)?),
        [d, '十'] => Some(digit(*d)? * 10),
        [a, '十', b] => Some(digit(*a)? * 10 + digit(*b)?),
        _ => None,
    }
}

/// Parses a date written in Chinese: `2025年8月14日` → `2025-08-14` (none if it is not a
/// real date).
pub fn parse_chinese_date(s: &str) -> Option<String> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let (y, rest) = s.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let d = rest.split('日').next()?;
    let (y, m, d) = (y.parse::<u32>().ok()?, m.parse::<u32>().ok()?, d.parse::<u32>().ok()?);
    let out = format!("{y:04}-{m:02}-{d:02}");
    jixiao_core::input::valid_date(&out).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_units_money_is_what_its_name_says() {
        use jixiao_core::num::MoneyUnit;
        let mut t = scan("5元").remove(0);
        for u in UNITS {
            t.unit = Some(u);
            let by_name = match *u {
                "元/人次" => Some(MoneyUnit::Yuan),
                "万余元" => Some(MoneyUnit::WanYuan),
                u => MoneyUnit::from_name(u),
            };
            assert_eq!(t.money(), by_name, "{u}");
        }
    }

    #[test]
    fn every_unit_starts_with_a_unit_first_character() {
        for u in UNITS {
            assert!(u.chars().next().is_some_and(unit_first), "{u}");
        }
    }

    proptest::proptest! {
        /// Characters decoded at a byte are those `str` decodes there.
        #[test]
        fn char_at_decodes_as_str_does(text in "[预算a1.%\u{ff11}\u{3000}\u{a0}\u{10348}é ]{0,12}") {
            for (b, c) in text.char_indices() {
                proptest::prop_assert_eq!(char_at(&text, b), Some((c, c.len_utf8())));
            }
            proptest::prop_assert_eq!(char_at(&text, text.len()), None);
        }
    }

    proptest::proptest! {
        /// The eight-bytes-at-a-time search finds the same digit as a byte-by-byte one.
        #[test]
        fn next_digit_finds_the_first_digit(text in "[预算a /:0-9\u{ff10}-\u{ff19}\u{ff0c}\u{ef00}\u{7f}\u{fbba}\u{3bf}\u{6eba}]{0,40}", from in 0usize..40) {
            let b = text.as_bytes();
            let from = from.min(b.len());
            let slow = (from..b.len()).find(|&i| {
                b[i].is_ascii_digit() || (b[i] == 0xEF && b.get(i + 1) == Some(&0xBC) && b.get(i + 2).is_some_and(|c| (0x90..=0x99).contains(c)))
            });
            proptest::prop_assert_eq!(next_digit(b, from), slow);
        }
    }

    fn one(text: &str) -> Token {
        let t = scan(text);
        assert_eq!(t.len(), 1, "{text}: {t:?}");
        t.into_iter().next().unwrap()
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn reads_money_with_units_and_keeps_scale() {
        let t = one("年初预算总数 3325.83 万元");
        assert_eq!(t.value, d("3325.83"));
        assert_eq!(t.value.scale(), 2);
        assert_eq!(t.unit, Some("万元"));
        let t = one("住房保障支出 95.50 万元");
        assert_eq!(t.value.to_string(), "95.50");
        let t = one("人均支出95.72元/人次");
        assert_eq!(t.unit, Some("元/人次"));
    }

    #[test]
    fn the_next_cells_name_is_no_unit() {
        assert_eq!(one("政府性基金拨款:118.82 项目支出:").unit, None);
        assert_eq!(one("经费 20 人员经费").unit, None);
        assert_eq!(one("完成 5 项目标任务").unit, Some("项"));
        assert_eq!(one("共 5 项").unit, Some("项"));
    }

    #[test]
    fn joins_the_space_pdf_tools_leave_after_a_decimal_point() {
        let t = one("\t3127. 20\t");
        assert_eq!(t.value, d("3127.20"));
        let t = one("完成率 116. 27%");
        assert_eq!((t.value, t.percent), (d("116.27"), true));
        let text = "执行率 90. 42%";
        let t = one(text);
        assert_eq!(&text[t.start..t.end], "90. 42%");
    }

    #[test]
    fn list_markers_are_not_decimals() {
        let toks = scan("\n1. 2024 年部门决算");
        assert_eq!(toks.iter().map(|t| t.value).collect::<Vec<_>>(), vec![d("1"), d("2024")]);
    }

    #[test]
    fn full_width_and_thousands() {
        assert_eq!(one("１２８．３７万元").value, d("128.37"));
        assert_eq!(one("共 1,234.50 元").value, d("1234.50"));
        assert_eq!(one("合计 12,345,678.90 元").value, d("12345678.90"));
        assert_eq!(scan("0 0 0 10 0 0").len(), 6);
        assert_eq!(scan("1,2,3").len(), 3);
    }

    #[test]
    fn comparators_and_at_least() {
        let t = one("完成“粤菜师傅”培训 110 人次以上");
        assert_eq!((t.unit, t.cmp), (Some("人次"), Some(Cmp::AtLeast)));
        assert_eq!(one("学习次数≥15 次").cmp, Some(Cmp::AtLeast));
        assert_eq!(one("结案率达到 95%以上").cmp, Some(Cmp::AtLeast));
        assert_eq!(one("控制在 3%以内").cmp, Some(Cmp::AtMost));
        let t = one("为 2417 余名劳动者");
        assert!(t.at_least);
        assert_eq!(t.unit, Some("名"));
        let t = one("工资待遇 2445 万余元");
        assert!(t.at_least);
        assert_eq!(t.unit, Some("万余元"));
    }

    #[test]
    fn o_for_zero_only_between_digits() {
        assert_eq!(one("1O5 人").value, d("105"));
        let toks = scan("O76%107.6");
        assert_eq!(toks[0].value, d("76"));
        assert!(toks[0].percent);
    }

    #[test]
    fn signs_and_codes() {
        assert_eq!(one("\t-139.11\t").value, d("-139.11"));
        assert_eq!(scan("2024-2025").iter().map(|t| t.value).collect::<Vec<_>>(), vec![d("2024"), d("2025")]);
        assert!(scan("指标A1 和 B12").is_empty());
    }

    #[test]
    fn chinese_numbers_and_dates() {
        assert_eq!(chinese_number("两"), Some(2));
        assert_eq!(chinese_number("三"), Some(3));
        assert_eq!(chinese_number("十二"), Some(12));
        assert_eq!(chinese_number("8"), Some(8));
        assert_eq!(parse_chinese_date("2025年8月14日").as_deref(), Some("2025-08-14"));
        assert_eq!(parse_chinese_date("2025年13月1日"), None);
    }

    #[test]
    fn empty_cells() {
        for c in ["-", "_", "—", " ", "", " | ", "/"] {
            assert!(is_empty_cell(c), "{c:?}");
        }
        assert!(!is_empty_cell("0.00"));
    }

    /// Figures joined by single blanks with no line break (a table whose lines a PDF or a copy
    /// joined): each figure's window stays small, so the work is linear in the text.
    #[test]
    fn scanning_a_run_of_figures_is_linear() {
        for n in [1_000usize, 10_000] {
            let text: Vec<String> = (0..n).map(|i| format!("{}.{:02}", 10_000 + i * 7, i % 100)).collect();
            let text = text.join(" ");
            let (tokens, work) = scan_counting(&text);
            assert_eq!(tokens.len(), n);
            assert!(work <= 200 * n, "{n} figures: {work} characters visited");
        }
    }
}
