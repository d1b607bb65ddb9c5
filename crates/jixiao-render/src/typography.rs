//! Chinese typography for the report: the punctuation of Chinese text in full-width forms, as
//! official documents write it (`，：；（）！？`), whether it came from a template or from
//! the filer's text, and no spaces between Chinese text and figures (`2024 年` is written
//! `2024年`; such spaces come from text copied out of PDF files). Figures are left alone:
//! `1,234.50` keeps its thousands separator and `10:30` its colon.

/// Full-width punctuation in `s`, except between digits and in runs of Latin text.
///
/// Works on bytes: every character it changes or drops is ASCII, and so is every neighbour
/// it looks at, except the Chinese text around a space (decoded where it is needed). Text
/// between those characters is copied a run at a time.
pub fn fullwidth(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len() + s.len() / 4);
    // `s[..copied]` is in `out` (or was dropped).
    let mut copied = 0;
    for (i, &c) in b.iter().enumerate() {
        if !matches!(c, b' ' | b',' | b':' | b';' | b'(' | b')' | b'!' | b'?') {
            continue;
        }
        let prev = i.checked_sub(1).and_then(|j| b.get(j));
        let next = b.get(i + 1);
        let digit_both = prev.is_some_and(u8::is_ascii_digit) && next.is_some_and(u8::is_ascii_digit);
        let mapped = match c {
            b' ' if between_chinese_and_figure(s, i) => "",
            b',' if !digit_both => "\u{ff0c}",
            b':' if !digit_both => "\u{ff1a}",
            b';' => "\u{ff1b}",
            b'(' if !latin_only(b, i, b')') => "\u{ff08}",
            b')' if !latin_only_before(b, i, b'(') => "\u{ff09}",
            b'!' => "\u{ff01}",
            b'?' => "\u{ff1f}",
            _ => continue,
        };
        // `i` and `copied` are at character boundaries: both sit at or after an ASCII byte.
        out.push_str(s.get(copied..i).unwrap_or_default());
        out.push_str(mapped);
        copied = i + 1;
    }
    out.push_str(s.get(copied..).unwrap_or_default());
    out
}

/// Whether the run of spaces around the space at byte `i` lies between Chinese text and a
/// digit (either way round).
fn between_chinese_and_figure(s: &str, i: usize) -> bool {
    let before = s.get(..i).and_then(|t| t.trim_end_matches(' ').chars().next_back());
    let after = s.get(i + 1..).and_then(|t| t.trim_start_matches(' ').chars().next());
    match (before, after) {
        (Some(b), Some(a)) => (is_chinese(b) && a.is_ascii_digit()) || (b.is_ascii_digit() && is_chinese(a)),
        _ => false,
    }
}

/// Han characters, CJK punctuation and full-width forms, and the ASCII punctuation this module
/// turns into full-width forms.
fn is_chinese(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}' | ',' | ';' | '\u{201c}' | '\u{201d}')
}

/// Whether the bracket opened at byte `i` holds only Latin text and sits in Latin text
/// (`GB/T 9704 (2012)` stays as it is). Bytes stand for characters: a non-ASCII character
/// has no ASCII byte.
fn latin_only(b: &[u8], i: usize, close: u8) -> bool {
    let rest = b.get(i + 1..).unwrap_or_default();
    let inside = rest.iter().position(|c| *c == close).and_then(|e| rest.get(..e));
    let inside_latin = inside.is_some_and(|t| t.iter().all(|c| c.is_ascii() && !c.is_ascii_digit()));
    let before_latin = i.checked_sub(1).and_then(|j| b.get(j)).is_some_and(|c| c.is_ascii_alphabetic() || *c == b' ');
    inside_latin && before_latin
}

fn latin_only_before(b: &[u8], i: usize, open: u8) -> bool {
    let start = b.get(..i).and_then(|t| t.iter().rposition(|c| *c == open));
    start.is_some_and(|s| latin_only(b, s, b')'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_punctuation_is_full_width_and_figures_are_not_touched() {
        assert_eq!(
            fullwidth("(一)部门整体概况:收入1,234.50万元,执行率93.61%;见附表(口径:含上年结转)"),
            "\u{ff08}一\u{ff09}部门整体概况\u{ff1a}收入1,234.50万元\u{ff0c}执行率93.61%\u{ff1b}见附表\u{ff08}口径\u{ff1a}含上年结转\u{ff09}"
        );
        assert_eq!(fullwidth("(1)按时完成"), "\u{ff08}1\u{ff09}按时完成");
        assert_eq!(fullwidth("上午10:30召开"), "上午10:30召开");
        assert_eq!(fullwidth("GB/T 9704 (Latin)"), "GB/T 9704 (Latin)");
        assert_eq!(fullwidth(""), "");
        assert_eq!(fullwidth("本部门 2024 年调出 8  人"), "本部门2024年调出8人");
        assert_eq!(fullwidth("完成, 36 项"), "完成\u{ff0c}36项");
        assert_eq!(fullwidth("GB/T 9704 规定"), "GB/T 9704规定");
        assert_eq!(fullwidth("共 3 项 and 4 items"), "共3项 and 4 items");
    }

    /// The character-by-character reading this module had before: the reference.
    mod reference {
        /// Full-width punctuation in `s`, except between digits and in runs of Latin text.
        pub fn fullwidth(s: &str) -> String {
            let chars: Vec<char> = s.chars().collect();
            let mut out = String::with_capacity(s.len() + s.len() / 4);
            for (i, &c) in chars.iter().enumerate() {
                if c == ' ' && between_chinese_and_figure(&chars, i) {
                    continue;
                }
                let prev = i.checked_sub(1).map(|j| chars[j]);
                let next = chars.get(i + 1).copied();
                let digit_both = prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit());
                let mapped = match c {
                    ',' if !digit_both => '\u{ff0c}',
                    ':' if !digit_both => '\u{ff1a}',
                    ';' => '\u{ff1b}',
                    '(' if !latin_only(&chars, i, ')') => '\u{ff08}',
                    ')' if !latin_only_before(&chars, i, '(') => '\u{ff09}',
                    '!' => '\u{ff01}',
                    '?' => '\u{ff1f}',
                    c => c,
                };
                out.push(mapped);
            }
            out
        }

        /// Whether the run of spaces around `i` lies between Chinese text and a digit (either way round).
        fn between_chinese_and_figure(chars: &[char], i: usize) -> bool {
            let before = chars[..i].iter().rev().find(|c| **c != ' ').copied();
            let after = chars[i + 1..].iter().find(|c| **c != ' ').copied();
            match (before, after) {
                (Some(b), Some(a)) => (is_chinese(b) && a.is_ascii_digit()) || (b.is_ascii_digit() && is_chinese(a)),
                _ => false,
            }
        }

        /// Han characters, CJK punctuation and full-width forms, and the ASCII punctuation this module
        /// turns into full-width forms.
        fn is_chinese(c: char) -> bool {
            matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}' | ',' | ';' | '\u{201c}' | '\u{201d}')
        }

        /// Whether the bracket opened at `i` holds only Latin text and sits in Latin text
        /// (`GB/T 9704 (2012)` stays as it is).
        fn latin_only(chars: &[char], i: usize, close: char) -> bool {
            let end = chars[i + 1..].iter().position(|c| *c == close).map(|p| i + 1 + p);
            let inside_latin = end.is_some_and(|e| chars[i + 1..e].iter().all(|c| c.is_ascii() && !c.is_ascii_digit()));
            let before_latin = i.checked_sub(1).is_some_and(|j| chars[j].is_ascii_alphabetic() || chars[j] == ' ');
            inside_latin && before_latin
        }

        fn latin_only_before(chars: &[char], i: usize, open: char) -> bool {
            let start = chars[..i].iter().rposition(|c| *c == open);
            start.is_some_and(|s| latin_only(chars, s, ')'))
        }
    }

    #[test]
    fn the_byte_reading_is_the_character_reading() {
        let samples = [
            "(一)部门整体概况:收入1,234.50万元,执行率93.61%;见附表(口径:含上年结转)",
            "GB/T 9704 (Latin) 与 (中文) 及 (x1) 和 a(b) (c",
            ") 开头的括号 ( 与 a (bc) d) e)",
            "  前后空格 2024  年 ,  8 人 ;! ? 10:30 1,2 a,b 中,3 3,中 ",
            "“引号” 2024 “年” 12 。 (2024) 年 x (y) z",
            "",
            " ",
            "全角:已有,不变;",
            "é (ü) ñ 9 中 (中 é) 10 ,",
        ];
        for s in samples {
            assert_eq!(fullwidth(s), reference::fullwidth(s), "{s}");
        }
    }
}
