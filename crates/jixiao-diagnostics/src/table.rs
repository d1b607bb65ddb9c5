//! Plain text tables whose columns line up with CJK text (display width, not bytes).

use unicode_width::UnicodeWidthStr;

/// Column alignment.
#[derive(Clone, Copy)]
pub enum Align {
    /// Left.
    Left,
    /// Right (numbers).
    Right,
}

/// Lays out rows under a header, columns separated by two spaces.
pub fn layout(header: &[&str], align: &[Align], rows: &[Vec<String>]) -> String {
    let n = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate().take(n) {
            widths[i] = widths[i].max(c.width());
        }
    }
    let line = |cells: Vec<&str>| -> String {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            let pad = widths[i].saturating_sub(c.width());
            let last = i + 1 == cells.len();
            match align[i] {
                Align::Left => {
                    s.push_str(c);
                    if !last {
                        s.push_str(&" ".repeat(pad));
                    }
                }
                Align::Right => {
                    s.push_str(&" ".repeat(pad));
                    s.push_str(c);
                }
            }
            if !last {
                s.push_str("  ");
            }
        }
        s.trim_end().to_string()
    };
    let mut out = line(header.to_vec());
    out.push('\n');
    out.push_str(&"-".repeat(widths.iter().sum::<usize>() + 2 * (n - 1)));
    out.push('\n');
    for r in rows {
        out.push_str(&line(r.iter().map(String::as_str).collect()));
        out.push('\n');
    }
    out
}
