//! Reading numbers exactly as they are written.
//!
//! A figure in a record or a report is text: `3113.18`, `95.50`, `93.61%`, `１２８.37`,
//! `1,234.50`, `3127. 20`. This module turns such text into a [`Decimal`] without ever going
//! through `f64`, keeping the number of decimals written (the *scale*), because the scale is
//! what the figure's rounding interval is made of (see [`crate::figure`]).
//!
//! It is not a free-text number finder (that lives in the extractor): [`parse_decimal`] takes
//! text that is meant to be one number, tidies the ways people and PDF tools write numbers,
//! and refuses anything else with a Chinese message.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

/// The largest magnitude accepted for any figure (10¹⁵): far above any budget in 元.
pub const MAX_MAGNITUDE: Decimal = Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0);

/// Why a text is not a number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumError {
    /// Nothing but blanks.
    #[error("数值为空")]
    Empty,
    /// Characters that cannot be part of a number.
    #[error("“{0}”不是有效的数字")]
    Invalid(String),
    /// Beyond [`MAX_MAGNITUDE`] or more than 28 significant digits.
    #[error("“{0}”超出可处理的范围(绝对值须小于 10 的 15 次方,且不超过 28 位有效数字)")]
    OutOfRange(String),
}

/// Maps full-width digits and punctuation to ASCII, leaving other characters alone.
pub fn normalize_char(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '．' => '.',
        '，' => ',',
        '－' | '−' | '—' | '–' => '-',
        '＋' => '+',
        '％' => '%',
        '\u{3000}' | '\u{a0}' => ' ',
        _ => c,
    }
}

/// Parses text meant to be one number into an exact decimal, keeping its written scale.
///
/// Accepted: ASCII or full-width digits, one sign, one decimal point, thousands separators
/// (`1,234.50`, only between groups of three digits), spaces inside the number as PDF tools
/// leave them (`3127. 20`). Not accepted: units, percent signs (see [`parse_percent`]),
/// exponents, several numbers.
pub fn parse_decimal(text: &str) -> Result<Decimal, NumError> {
    let mut cleaned = String::with_capacity(text.len());
    for c in text.chars().map(normalize_char) {
        if !c.is_whitespace() {
            cleaned.push(c);
        }
    }
    if cleaned.is_empty() {
        return Err(NumError::Empty);
    }
    let body = strip_thousands(&cleaned).ok_or_else(|| NumError::Invalid(text.trim().to_string()))?;
    let valid = {
        let digits = body.strip_prefix(['-', '+']).unwrap_or(&body);
        let mut parts = digits.splitn(2, '.');
        let int = parts.next().unwrap_or("");
        let frac = parts.next();
        !int.is_empty()
            && int.bytes().all(|b| b.is_ascii_digit())
            && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
    };
    if !valid {
        return Err(NumError::Invalid(text.trim().to_string()));
    }
    let body = body.strip_prefix('+').unwrap_or(&body);
    let value = Decimal::from_str_exact(body).map_err(|_| NumError::OutOfRange(text.trim().to_string()))?;
    if value.abs() >= MAX_MAGNITUDE {
        return Err(NumError::OutOfRange(text.trim().to_string()));
    }
    Ok(value)
}

/// Removes thousands separators if they are well placed; `None` if commas are misplaced.
fn strip_thousands(s: &str) -> Option<String> {
    if !s.contains(',') {
        return Some(s.to_string());
    }
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let (sign, int) = match int.strip_prefix(['-', '+']) {
        Some(rest) => (&int[..1], rest),
        None => ("", int),
    };
    let groups: Vec<&str> = int.split(',').collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    if !first_ok || !rest_ok || frac.is_some_and(|f| f.contains(',')) {
        return None;
    }
    let mut out = String::from(sign);
    out.push_str(&groups.concat());
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    Some(out)
}

/// Parses a percentage: `93.61%`, `93.61 %`, `９３.６１％` or a bare `93.61` (read as percent).
/// The result is in percent (93.61, not 0.9361).
pub fn parse_percent(text: &str) -> Result<Decimal, NumError> {
    let t = text.trim();
    let t = t.strip_suffix('%').or_else(|| t.strip_suffix('％')).unwrap_or(t);
    parse_decimal(t)
}

/// A unit of money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum MoneyUnit {
    /// 元
    Yuan,
    /// 万元 (10,000 元), the usual unit of budget tables.
    #[default]
    WanYuan,
    /// 亿元 (100,000,000 元).
    YiYuan,
}

impl MoneyUnit {
    /// How many 元 one of this unit is.
    pub fn in_yuan(self) -> Decimal {
        match self {
            MoneyUnit::Yuan => Decimal::ONE,
            MoneyUnit::WanYuan => Decimal::from(10_000),
            MoneyUnit::YiYuan => Decimal::from(100_000_000),
        }
    }

    /// The Chinese name, as printed.
    pub fn name(self) -> &'static str {
        match self {
            MoneyUnit::Yuan => "元",
            MoneyUnit::WanYuan => "万元",
            MoneyUnit::YiYuan => "亿元",
        }
    }

    /// Reads a unit name; `None` if it is not one.
    pub fn from_name(name: &str) -> Option<MoneyUnit> {
        match name.trim() {
            "元" => Some(MoneyUnit::Yuan),
            "万元" | "万" => Some(MoneyUnit::WanYuan),
            "亿元" | "亿" => Some(MoneyUnit::YiYuan),
            _ => None,
        }
    }
}

impl fmt::Display for MoneyUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Splits `95.72元` / `3113.18 万元` / `3113.18` into the number and its unit (or `default`).
pub fn parse_money(text: &str, default: MoneyUnit) -> Result<(Decimal, MoneyUnit), NumError> {
    let t = text.trim();
    for unit in [MoneyUnit::YiYuan, MoneyUnit::WanYuan, MoneyUnit::Yuan] {
        if let Some(num) = t.strip_suffix(unit.name()) {
            return Ok((parse_decimal(num)?, unit));
        }
    }
    Ok((parse_decimal(t)?, default))
}

/// Rounds half away from zero (四舍五入) to `dp` decimals. Only for printing.
pub fn round_half_up(value: Decimal, dp: u32) -> Decimal {
    value.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// Prints with exactly `dp` decimals, rounded half away from zero.
pub fn format_fixed(value: Decimal, dp: u32) -> String {
    let mut r = round_half_up(value, dp);
    if r.is_zero() {
        r = Decimal::ZERO;
    }
    r.rescale(dp);
    r.to_string()
}

/// Prints a value as written: its own scale, no exponent.
pub fn format_stated(value: Decimal) -> String {
    value.to_string()
}

/// Parses a decimal that is already clean ASCII (used for values the program wrote itself).
pub fn decimal(text: &str) -> Option<Decimal> {
    Decimal::from_str(text).ok()
}

/// A decimal as `Decimal`'s `Display` writes it (its scale kept, `-` for a negative sign, so
/// `-0.00` too), pushed onto `out` with its digits written by hand: no formatting machinery and
/// no string of its own.
pub fn push_decimal(out: &mut String, d: Decimal) {
    // 2^96 has 29 digits; a scale is at most 28.
    let mut digits = [b'0'; 40];
    let mut at = digits.len();
    let mut m = d.mantissa().unsigned_abs();
    while m > 0 {
        at -= 1;
        digits[at] = b'0' + (m % 10) as u8;
        m /= 10;
    }
    let scale = d.scale() as usize;
    // Leading zeros up to the scale (the `0`s are already there).
    let start = at.min(digits.len().saturating_sub(scale));
    let used = &digits[start..];
    if d.is_sign_negative() {
        out.push('-');
    }
    let whole = used.len() - scale.min(used.len());
    if scale > 0 {
        if whole == 0 {
            out.push('0');
        }
        out.extend(used[..whole].iter().map(|&b| char::from(b)));
        out.push('.');
        out.extend(used[whole..].iter().map(|&b| char::from(b)));
    } else if used.is_empty() {
        out.push('0');
    } else {
        out.extend(used.iter().map(|&b| char::from(b)));
    }
}

/// [`push_decimal`] into a string of its own: the same text as `d.to_string()`.
pub fn decimal_text(d: Decimal) -> String {
    let mut out = String::with_capacity(16);
    push_decimal(&mut out, d);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    proptest::proptest! {
        /// Written by hand as `Display` writes it, for any mantissa, scale and sign.
        #[test]
        fn decimals_are_written_as_display_writes_them(
            lo: u32,
            mid: u32,
            hi in proptest::prop_oneof![0u32..1, 0u32..4, proptest::num::u32::ANY],
            negative: bool,
            scale in 0u32..=28,
            small: bool,
        ) {
            let (lo, mid, hi) = if small { (lo % 100_000, 0, 0) } else { (lo, mid, hi) };
            let d = Decimal::from_parts(lo, mid, hi, negative, scale);
            proptest::prop_assert_eq!(decimal_text(d), d.to_string());
        }
    }

    #[test]
    fn decimals_are_written_as_display_writes_them_at_the_edges() {
        for (lo, scale, negative) in [
            (0, 0, false),
            (0, 0, true),
            (0, 2, true),
            (0, 28, false),
            (5, 3, false),
            (5, 3, true),
            (12345, 2, false),
            (12345, 5, true),
            (12345, 7, false),
            (1, 28, true),
        ] {
            let d = Decimal::from_parts(lo, 0, 0, negative, scale);
            assert_eq!(decimal_text(d), d.to_string(), "{lo} {scale} {negative}");
        }
        for t in
            ["3325.83", "-0.005", "100", "90.00", "79228162514264337593543950335", "-7.9228162514264337593543950335"]
        {
            assert_eq!(decimal_text(d(t)), t);
        }
        let mut out = String::from("约");
        push_decimal(&mut out, d("93.61"));
        assert_eq!(out, "约93.61");
    }

    #[test]
    fn keeps_the_written_scale() {
        assert_eq!(parse_decimal("95.50").unwrap().scale(), 2);
        assert_eq!(parse_decimal("95.5").unwrap().scale(), 1);
        assert_eq!(parse_decimal("100").unwrap().scale(), 0);
    }

    #[test]
    fn tidies_pdf_and_full_width_forms() {
        assert_eq!(parse_decimal("3127. 20").unwrap(), d("3127.20"));
        assert_eq!(parse_decimal("１２８.37").unwrap(), d("128.37"));
        assert_eq!(parse_decimal("1,234.50").unwrap(), d("1234.50"));
        assert_eq!(parse_decimal(" -139.11 ").unwrap(), d("-139.11"));
        assert_eq!(parse_decimal("－0.53").unwrap(), d("-0.53"));
    }

    #[test]
    fn refuses_what_is_not_one_number() {
        for bad in ["", "  ", "abc", "1.2.3", "1,23", "12,3456", "1e5", "3.", ".5", "--1", "12元"] {
            assert!(parse_decimal(bad).is_err(), "{bad:?} should be refused");
        }
        assert!(matches!(parse_decimal("1000000000000000"), Err(NumError::OutOfRange(_))));
        assert!(matches!(parse_decimal("99999999999999999999999999999999"), Err(NumError::OutOfRange(_))));
    }

    #[test]
    fn percent_in_percent_units() {
        assert_eq!(parse_percent("93.61%").unwrap(), d("93.61"));
        assert_eq!(parse_percent("９０. ４２％").unwrap(), d("90.42"));
        assert_eq!(parse_percent("100").unwrap(), d("100"));
    }

    #[test]
    fn money_with_and_without_unit() {
        assert_eq!(parse_money("95.72元", MoneyUnit::WanYuan).unwrap(), (d("95.72"), MoneyUnit::Yuan));
        assert_eq!(parse_money("3113.18 万元", MoneyUnit::Yuan).unwrap(), (d("3113.18"), MoneyUnit::WanYuan));
        assert_eq!(parse_money("2.5", MoneyUnit::WanYuan).unwrap().1, MoneyUnit::WanYuan);
        assert_eq!(parse_money("1.2亿元", MoneyUnit::Yuan).unwrap().1, MoneyUnit::YiYuan);
    }

    #[test]
    fn rounding_is_half_up_not_half_even() {
        assert_eq!(format_fixed(d("2.345"), 2), "2.35");
        assert_eq!(format_fixed(d("2.335"), 2), "2.34");
        assert_eq!(format_fixed(d("-2.345"), 2), "-2.35");
        assert_eq!(format_fixed(d("7"), 2), "7.00");
        assert_eq!(format_fixed(d("-0.001"), 2), "0.00");
    }

    #[test]
    fn max_magnitude_is_ten_to_the_fifteenth() {
        assert_eq!(MAX_MAGNITUDE, d("1000000000000000"));
    }
}
