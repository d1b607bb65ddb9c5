//! How the report prints figures: amounts in 万元 and rates to two decimals (四舍五入 only
//! here), scores, Chinese numerals for outline markers, and dates in Chinese.
//!
//! Only formatting: no sentence, no wording, no computing of figures (that is
//! `jixiao_core::calc`).

use jixiao_core::figure::Figure;
use jixiao_core::num::{MoneyUnit, format_fixed};
use jixiao_core::value::Amount;
use jixiao_core::{Decimal, NotApplicable};

/// The unit every amount of the report is printed in.
pub(crate) const WAN: MoneyUnit = MoneyUnit::WanYuan;

/// An amount in 万元 with two decimals.
pub(crate) fn money(a: &Amount) -> String {
    format_fixed(a.figure_in(WAN).face, 2)
}

/// A sum in 万元 with two decimals.
pub(crate) fn money_dec(d: Decimal) -> String {
    format_fixed(d, 2)
}

/// A rate with two decimals (no `%`).
pub(crate) fn rate(r: Result<Figure, NotApplicable>) -> Option<String> {
    r.ok().map(|f| format_fixed(f.face, 2))
}

/// 1 → 一, 12 → 十二 (for 一、 and (一) markers).
pub(crate) fn cn_numeral(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", DIGITS[n - 10]),
        20..=99 => format!("{}十{}", DIGITS[n / 10], if n.is_multiple_of(10) { "" } else { DIGITS[n % 10] }),
        _ => n.to_string(),
    }
}

/// Formats a record date in Chinese: `2025-08-14` → `2025年8月14日`.
pub(crate) fn format_chinese_date(d: &str) -> String {
    let parts: Vec<&str> = d.split('-').collect();
    match parts.as_slice() {
        [y, m, day] => format!("{y}年{}月{}日", m.trim_start_matches('0'), day.trim_start_matches('0')),
        _ => d.to_string(),
    }
}

/// A score to at most two decimals, without trailing zeros.
pub(crate) fn fmt_score(d: Decimal) -> String {
    jixiao_core::num::round_half_up(d, 2).normalize().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_and_dates() {
        assert_eq!(cn_numeral(1), "一");
        assert_eq!(cn_numeral(10), "十");
        assert_eq!(cn_numeral(13), "十三");
        assert_eq!(cn_numeral(23), "二十三");
        assert_eq!(format_chinese_date("2025-08-04"), "2025年8月4日");
    }
}
