//! How wide a text prints, in character cells: a Chinese character (any non-ASCII
//! character) takes two, an ASCII one one. The writers of sheets use it to size columns and
//! rows (Excel grows neither for wrapped text in every case). It does not measure fonts.

/// Display width of `s` in character cells.
pub fn cells_wide(s: &str) -> u32 {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_chinese_character_takes_two_cells() {
        assert_eq!(super::cells_wide("执行率93.35%"), 6 + 6);
        assert_eq!(super::cells_wide(""), 0);
    }
}
