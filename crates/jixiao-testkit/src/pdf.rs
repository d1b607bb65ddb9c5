//! Small PDFs built in a test, hostile ones included: a document from its objects (the
//! cross-reference table computed), a content stream compressed as zlib "stored" blocks (valid
//! FlateDecode without a compressor), a `TJ` operator nested `n` deep, a page tree `n` deep.

/// A PDF file of these objects (numbered from 1; object 1 is the catalog).
pub fn document(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

/// A stream object of these bytes, compressed (`/FlateDecode`) or not.
pub fn stream(data: &[u8], flate: bool) -> Vec<u8> {
    let (data, filter) = if flate { (zlib_stored(data), " /Filter /FlateDecode") } else { (data.to_vec(), "") };
    let mut out = format!("<< /Length {}{filter} >>\nstream\n", data.len()).into_bytes();
    out.extend_from_slice(&data);
    out.extend_from_slice(b"\nendstream");
    out
}

/// `data` in the zlib format as uncompressed ("stored") deflate blocks.
pub fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    let chunks: Vec<&[u8]> = if data.is_empty() { vec![&[][..]] } else { data.chunks(65_535).collect() };
    for (i, c) in chunks.iter().enumerate() {
        out.push(u8::from(i + 1 == chunks.len()));
        let len = c.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(c);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &x in data {
        a = (a + u32::from(x)) % 65_521;
        b = (b + a) % 65_521;
    }
    out.extend_from_slice(&((b << 16) | a).to_be_bytes());
    out
}

const FONT: &[u8] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
const LINE: &[u8] = b"BT /F1 12 Tf 72 700 Td (Budget execution rate is 95 percent this year.) Tj ET\n";

fn page(parent: usize, contents: usize) -> Vec<u8> {
    format!(
        "<< /Type /Page /Parent {parent} 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents {contents} 0 R >>"
    )
    .into_bytes()
}

/// A one-page PDF whose content stream shows a line of text, then a `TJ` operator whose
/// array is nested `depth` deep (`[[[…(x)…]]] TJ`); `flate`: the stream compressed.
pub fn deep_tj(depth: usize, flate: bool) -> Vec<u8> {
    let mut content = LINE.to_vec();
    content.extend_from_slice(b"BT /F1 12 Tf 72 600 Td ");
    content.extend(std::iter::repeat_n(b'[', depth));
    content.extend_from_slice(b"(x)");
    content.extend(std::iter::repeat_n(b']', depth));
    content.extend_from_slice(b" TJ ET\n");
    document(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        page(2, 4),
        stream(&content, flate),
        FONT.to_vec(),
    ])
}

/// A one-page PDF whose page tree is `depth` levels of `Pages` nodes, each the only kid of
/// the one above, the page at the bottom.
pub fn deep_page_tree(depth: usize) -> Vec<u8> {
    // 1 catalog, 2 the root Pages node, 3 the page, 4 its contents, 5 the font, 6… the
    // Pages nodes below the root.
    let nodes: Vec<usize> = std::iter::once(2).chain(6..6 + depth.saturating_sub(1)).collect();
    let kid = |k: usize| nodes.get(k + 1).copied().unwrap_or(3);
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{} 0 R] /Count 1 >>", kid(0)).into_bytes(),
        page(*nodes.last().unwrap_or(&2), 4),
        stream(LINE, false),
        FONT.to_vec(),
    ];
    for k in 1..nodes.len() {
        objects.push(
            format!("<< /Type /Pages /Parent {} 0 R /Kids [{} 0 R] /Count 1 >>", nodes[k - 1], kid(k)).into_bytes(),
        );
    }
    document(&objects)
}
