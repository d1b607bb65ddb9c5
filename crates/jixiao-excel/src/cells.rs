//! Cells: A1 references, number formats and their displayed precision, exact decimals from
//! the `f64` a workbook stores, numbers typed as text, Excel date serials.

use jixiao_core::Decimal;
use jixiao_core::num::parse_decimal;

/// `(0, 0)` → `A1`; rows and columns from 0.
pub fn a1(row: u32, col: u32) -> String {
    let mut s = String::with_capacity(12);
    push_col_name(&mut s, col);
    // The row number's digits, most significant first (u64: row 4294967295 + 1 fits).
    let mut digits = [0u8; 20];
    let mut n = u64::from(row) + 1;
    let mut i = digits.len();
    while n > 0 {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    s.extend(digits[i..].iter().map(|&d| char::from(d)));
    s
}

/// `0` → `A`, `25` → `Z`, `26` → `AA`.
pub fn col_name(col: u32) -> String {
    let mut s = String::with_capacity(7);
    push_col_name(&mut s, col);
    s
}

fn push_col_name(out: &mut String, col: u32) {
    let mut n = u64::from(col) + 1;
    let mut letters = [0u8; 14];
    let mut i = letters.len();
    while n > 0 {
        let r = (n - 1) % 26;
        i -= 1;
        letters[i] = b'A' + r as u8;
        n = (n - 1) / 26;
    }
    out.extend(letters[i..].iter().map(|&c| char::from(c)));
}

/// How a number format shows numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Shown {
    /// Decimals always shown (`0.00` → 2); `None` for General.
    pub decimals: Option<u32>,
    /// Further optional decimals (`0.0#` → 1).
    pub optional: u32,
    /// A percentage format (`0.00%`).
    pub percent: bool,
    /// A date or time format.
    pub date: bool,
}

/// The format code of a built-in number format id.
pub fn builtin_format(id: u32) -> Option<&'static str> {
    Some(match id {
        0 => "General",
        1 => "0",
        2 => "0.00",
        3 => "#,##0",
        4 => "#,##0.00",
        // Currency (¥ in a Chinese Excel).
        5 | 6 => "\"¥\"#,##0;\"¥\"-#,##0",
        7 | 8 => "\"¥\"#,##0.00;\"¥\"-#,##0.00",
        9 => "0%",
        10 => "0.00%",
        11 => "0.00E+00",
        12 => "# ?/?",
        13 => "# ??/??",
        14 => "yyyy-mm-dd",
        15 => "d-mmm-yy",
        16 => "d-mmm",
        17 => "mmm-yy",
        18..=21 => "h:mm",
        22 => "yyyy-mm-dd h:mm",
        // Dates and times of East Asian Excel (年月日, 时分秒).
        27..=36 | 50..=58 => "yyyy\"年\"m\"月\"d\"日\"",
        37 | 38 => "#,##0 ;(#,##0)",
        39 | 40 => "#,##0.00;(#,##0.00)",
        41 | 42 => "_ * #,##0_ ;_ * -#,##0_ ",
        43 | 44 => "_ * #,##0.00_ ;_ * -#,##0.00_ ",
        45 | 47 => "mm:ss",
        46 => "[h]:mm:ss",
        48 => "##0.0E+0",
        49 => "@",
        _ => return None,
    })
}

/// Reads a format code: its first section, quoted text and bracketed parts ignored.
pub fn shown(code: &str) -> Shown {
    let code = code.trim();
    if code.is_empty() || code.eq_ignore_ascii_case("general") || code == "@" {
        return Shown::default();
    }
    let mut s = String::new();
    let mut chars = code.chars();
    let mut in_quote = false;
    let mut in_bracket = false;
    while let Some(c) = chars.next() {
        match c {
            '"' => in_quote = !in_quote,
            _ if in_quote => {}
            '[' => in_bracket = true,
            ']' => in_bracket = false,
            _ if in_bracket => {}
            '\\' | '_' | '*' => {
                chars.next();
            }
            ';' => break,
            c => s.push(c),
        }
    }
    let lower = s.to_ascii_lowercase();
    let date = lower.contains('y')
        || lower.contains('d')
        || lower.contains('h')
        || lower.contains('s')
        || (lower.contains('m') && !lower.contains('0'));
    let percent = s.contains('%');
    let (zeros, hashes) = match s.split_once('.') {
        Some((_, frac)) => {
            let digits: String = frac.chars().take_while(|c| matches!(c, '0' | '#' | '?')).collect();
            (digits.chars().filter(|c| *c == '0').count() as u32, digits.chars().filter(|c| *c != '0').count() as u32)
        }
        None => (0, 0),
    };
    Shown { decimals: Some(zeros), optional: hashes, percent, date }
}

/// The exact decimal a cell shows for the `f64` it stores: rounded half away from zero to the
/// format's decimals, scaled by 100 for a percentage format (then in percent units). Under
/// General, the shortest decimal that reads back as the same `f64`. `None` for a number
/// beyond what a record holds (|x| ≥ 10¹⁵) or not finite.
pub fn shown_decimal(value: f64, shown: Shown) -> Option<Decimal> {
    if !value.is_finite() || !(-1e15..1e15).contains(&value) {
        return None;
    }
    let mut d = match whole_number(value) {
        Some(n) => Decimal::from(n),
        // Rust prints the shortest decimal that reads back as the same f64.
        None => parse_decimal(&format!("{value}")).ok()?,
    };
    if shown.percent {
        d = d.checked_mul(Decimal::ONE_HUNDRED)?;
    }
    Some(at_shown_precision(d, shown))
}

/// A finite non-zero whole number below 10¹⁵ in magnitude, as an integer: what the shortest
/// decimal of such an `f64` reads as (`90.0` prints `90`), without printing it. Zero is left
/// to the printing (`-0.0` prints `-0`).
fn whole_number(value: f64) -> Option<i64> {
    // The cast is exact: a whole number of magnitude below 10¹⁵ < 2⁶³.
    (value != 0.0 && value.trunc() == value && (-1e15..1e15).contains(&value)).then_some(value as i64)
}

/// An exact decimal (in the units shown) as a cell with this format shows it: rounded half
/// away from zero to the format's decimals, `#` digits shown only when not zero.
pub fn at_shown_precision(d: Decimal, shown: Shown) -> Decimal {
    match shown.decimals {
        None => d.normalize(),
        Some(k) => {
            let max = k + shown.optional;
            let mut r = d.round_dp_with_strategy(max, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
            if r.scale() < max {
                r.rescale(max);
            }
            // Optional digits (`#`) drop trailing zeros down to the fixed ones.
            while r.scale() > k && (r.mantissa() % 10 == 0) {
                r.rescale(r.scale() - 1);
            }
            r
        }
    }
}

/// A number as Excel's General format shows it in a message or a text field: the shortest
/// decimal for ordinary magnitudes (`13800138000`, `0.125`), scientific beyond them
/// (`1E+300`, `1.5E-12`), never hundreds of digits.
pub fn general(f: f64) -> String {
    if f == 0.0 {
        return "0".into();
    }
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "∞" } else { "-∞" }.into();
    }
    let a = f.abs();
    if (1e-9..1e15).contains(&a) {
        return format!("{f}");
    }
    let s = format!("{f:e}");
    match s.split_once('e') {
        Some((m, e)) if e.starts_with('-') => format!("{m}E{e}"),
        Some((m, e)) => format!("{m}E+{e}"),
        None => s,
    }
}

/// A format code showing `scale` decimals, with thousands separators if `grouped`.
pub fn format_code(scale: u32, grouped: bool, percent: bool) -> String {
    let mut s = String::from(if grouped { "#,##0" } else { "0" });
    if scale > 0 {
        s.push('.');
        s.push_str(&"0".repeat(scale as usize));
    }
    if percent {
        s.push('%');
    }
    s
}

/// A number typed as text (`1,234.50`, `１２.５%`, `3325.83万元`, ` 95.50 `): its value and
/// the unit or `%` written after it.
pub fn number_in_text(text: &str) -> Option<(Decimal, &'static str)> {
    let t = text.trim().trim_matches('\u{3000}');
    for (suffix, unit) in [("万元", "万元"), ("亿元", "亿元"), ("元", "元"), ("%", "%"), ("\u{ff05}", "%")] {
        if let Some(n) = t.strip_suffix(suffix) {
            return parse_decimal(n).ok().map(|d| (d, unit));
        }
    }
    parse_decimal(t).ok().map(|d| (d, ""))
}

/// `YYYY-MM-DD` of an Excel date serial (1900 system; `1904` for the 1904 system).
pub fn date_of_serial(serial: f64, is_1904: bool) -> Option<String> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // Days since 1970-01-01: serial 25569 is 1970-01-01 in the 1900 system (whose day 60 is
    // the non-existent 1900-02-29, irrelevant for any date a report carries).
    let whole = serial.trunc() as i64;
    let days = if is_1904 { whole + 1462 - 25569 } else { whole - 25569 };
    let (y, m, d) = civil_from_days(days);
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// The Excel serial of `YYYY-MM-DD` (1900 system).
pub fn serial_of_date(date: &str) -> Option<f64> {
    let mut it = date.trim().split('-');
    let (y, m, d) = (it.next()?.parse::<i64>().ok()?, it.next()?.parse::<i64>().ok()?, it.next()?.parse::<i64>().ok()?);
    if it.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some((days_from_civil(y, m, d) + 25569) as f64)
}

// Howard Hinnant's civil-calendar algorithms.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    proptest::proptest! {
        #[test]
        fn a1_is_the_column_name_then_the_row_number(row: u32, col: u32) {
            proptest::prop_assert_eq!(a1(row, col), format!("{}{}", col_name(col), u64::from(row) + 1));
        }

        /// A whole number is read as its shortest decimal reads (the same value and scale).
        #[test]
        fn whole_numbers_read_as_printed(
            n in proptest::prop_oneof![-1000i64..1000, -999_999_999_999_999i64..=999_999_999_999_999],
            x: f64,
        ) {
            #[allow(clippy::cast_precision_loss)]
            for v in [n as f64, x] {
                if let Some(w) = whole_number(v) {
                    let printed = parse_decimal(&format!("{v}")).unwrap();
                    proptest::prop_assert_eq!(Decimal::from(w).to_string(), printed.to_string());
                }
            }
        }

        /// A place's cell, kept as numbers, shows the A1 name a message gives it.
        #[test]
        fn a_place_shows_the_a1_name(row in proptest::prop_oneof![0u32..200, proptest::num::u32::ANY], col in proptest::prop_oneof![0u32..800, proptest::num::u32::ANY]) {
            proptest::prop_assert_eq!(jixiao_core::source::CellRef::new(row, col).to_string(), a1(row, col));
        }
    }

    #[test]
    fn whole_numbers_are_told_apart() {
        assert_eq!(whole_number(90.0), Some(90));
        assert_eq!(whole_number(-3.0), Some(-3));
        assert_eq!(whole_number(0.0), None);
        assert_eq!(whole_number(-0.0), None);
        assert_eq!(whole_number(90.5), None);
        assert_eq!(whole_number(1e15), None);
        assert_eq!(whole_number(f64::NAN), None);
        assert_eq!(whole_number(999_999_999_999_999.0), Some(999_999_999_999_999));
        assert_eq!(shown_decimal(-0.0, Shown::default()).map(|d| d.to_string()), Some("0".into()));
        let two = Shown { decimals: Some(2), ..Shown::default() };
        assert_eq!(shown_decimal(90.0, two).map(|d| d.to_string()), Some("90.00".into()));
        let pct = Shown { decimals: Some(1), percent: true, ..Shown::default() };
        assert_eq!(shown_decimal(1.0, pct).map(|d| d.to_string()), Some("100.0".into()));
    }

    #[test]
    fn a1_references() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(11, 2), "C12");
        assert_eq!(col_name(25), "Z");
        assert_eq!(col_name(26), "AA");
        assert_eq!(col_name(701), "ZZ");
        assert_eq!(col_name(16_383), "XFD");
        assert_eq!(a1(1_048_575, 16_383), "XFD1048576");
        assert_eq!(a1(u32::MAX, u32::MAX), format!("{}{}", col_name(u32::MAX), u64::from(u32::MAX) + 1));
    }

    #[test]
    fn formats_and_displayed_precision() {
        assert_eq!(shown("#,##0.00"), Shown { decimals: Some(2), optional: 0, percent: false, date: false });
        assert_eq!(shown("0.00%"), Shown { decimals: Some(2), optional: 0, percent: true, date: false });
        assert_eq!(shown("0.0#"), Shown { decimals: Some(1), optional: 1, percent: false, date: false });
        assert!(shown("yyyy-mm-dd").date);
        assert!(shown("[$-804]yyyy\"年\"m\"月\"d\"日\"").date);
        assert_eq!(shown("General"), Shown::default());
        assert_eq!(shown("\"¥\"#,##0.00;[Red]-#,##0.00").decimals, Some(2));
        // 3325.83 is stored as 3325.82999999999992724; shown with two decimals it is 3325.83.
        assert_eq!(shown_decimal(3325.83, shown("#,##0.00")), Some(d("3325.83")));
        assert_eq!(shown_decimal(95.5, shown("0.00")).map(|x| x.to_string()), Some("95.50".into()));
        assert_eq!(shown_decimal(0.9361, shown("0.00%")).map(|x| x.to_string()), Some("93.61".into()));
        assert_eq!(
            shown_decimal(2.675, shown("0.00")).map(|x| x.to_string()),
            Some("2.68".into()),
            "四舍五入 of the shortest decimal"
        );
        assert_eq!(shown_decimal(1069.8, shown("General")).map(|x| x.to_string()), Some("1069.8".into()));
        assert_eq!(shown_decimal(1.5, shown("0.0#")).map(|x| x.to_string()), Some("1.5".into()));
        assert_eq!(shown_decimal(1.25, shown("0.0#")).map(|x| x.to_string()), Some("1.25".into()));
        assert_eq!(shown_decimal(f64::NAN, Shown::default()), None);
    }

    #[test]
    fn numbers_as_general_shows_them() {
        assert_eq!(general(1e300), "1E+300");
        assert_eq!(general(-1.5e-12), "-1.5E-12");
        assert_eq!(general(13_800_138_000.0), "13800138000");
        assert_eq!(general(15.88), "15.88");
        assert_eq!(general(0.0), "0");
        assert_eq!(shown_decimal(1e300, Shown::default()), None);
        assert!(shown("yyyy\"年\"m\"月\"d\"日\"").date);
        assert_eq!(builtin_format(43).map(shown).map(|s| s.decimals), Some(Some(2)));
    }

    #[test]
    fn numbers_typed_as_text() {
        assert_eq!(number_in_text(" 1,234.50 "), Some((d("1234.50"), "")));
        assert_eq!(number_in_text("１２.５％"), Some((d("12.5"), "%")));
        assert_eq!(number_in_text("3325.83万元"), Some((d("3325.83"), "万元")));
        assert_eq!(number_in_text("约3000"), None);
        assert_eq!(number_in_text(""), None);
    }

    #[test]
    fn dates_and_serials() {
        assert_eq!(serial_of_date("2025-08-14"), Some(45883.0));
        assert_eq!(date_of_serial(45883.0, false).as_deref(), Some("2025-08-14"));
        assert_eq!(date_of_serial(45883.75, false).as_deref(), Some("2025-08-14"));
        assert_eq!(date_of_serial(25569.0, false).as_deref(), Some("1970-01-01"));
        assert_eq!(date_of_serial(44421.0, true).as_deref(), Some("2025-08-14"));
        assert_eq!(date_of_serial(-1.0, false), None);
        for day in ["2024-02-29", "2000-01-01", "2099-12-31"] {
            assert_eq!(date_of_serial(serial_of_date(day).unwrap(), false).as_deref(), Some(day));
        }
    }
}
