//! Small PDFs built in a test, hostile ones included: a document from its objects (the
//! cross-reference table computed), a content stream compressed as zlib "stored" blocks (valid
//! FlateDecode without a compressor), a `TJ` operator nested `n` deep, a page tree `n` deep.

/// A PDF file of these objects (numbered from 1; object 1 is the catalog).
pub fn document(objects: &[Vec<u8>]) -> Vec<u8> {
    document_with_trailer(objects, "")
}

/// [`document`] with more entries in the trailer dictionary (`extra`, PDF syntax).
pub fn document_with_trailer(objects: &[Vec<u8>], extra: &str) -> Vec<u8> {
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
        format!("trailer\n<< /Size {} /Root 1 0 R{extra} >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
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

/// A small page tree whose object 2 has a header with a byte that is not UTF-8 (`2 \xff obj`),
/// the same length as the original so the cross-reference offsets stay right: pdf_oxide 0.3.78
/// slices that header inside a character and panics, which jixiao's PDF reader must contain.
pub fn header_not_utf8() -> Vec<u8> {
    let mut bytes = deep_page_tree(2);
    if let Some(at) = bytes.windows(7).position(|w| w == b"2 0 obj") {
        bytes[at + 2] = 0xff;
    }
    bytes
}

/// The padding of the PDF standard security handler (ISO 32000-1, 7.6.3.3).
const PAD: [u8; 32] = [
    0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08, 0x2E, 0x2E, 0x00,
    0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A,
];

fn rc4(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut s: Vec<u8> = (0..=255).collect();
    let mut j = 0u8;
    for i in 0..256 {
        j = j.wrapping_add(s[i]).wrapping_add(key[i % key.len()]);
        s.swap(i, usize::from(j));
    }
    let (mut i, mut j) = (0u8, 0u8);
    data.iter()
        .map(|b| {
            i = i.wrapping_add(1);
            j = j.wrapping_add(s[usize::from(i)]);
            s.swap(usize::from(i), usize::from(j));
            b ^ s[usize::from(s[usize::from(i)].wrapping_add(s[usize::from(j)]))]
        })
        .collect()
}

fn md5(parts: &[&[u8]]) -> [u8; 16] {
    use md5::Digest;
    let mut h = md5::Md5::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// A one-page text PDF encrypted with only an owner (permissions) password: the user
/// password is empty, so any reader opens it (RC4 40-bit, revision 2 of the standard
/// security handler, as old tools still write).
pub fn permissions_only() -> Vec<u8> {
    let id = b"jixiao-test-file".as_slice();
    let p: i32 = -3904; // printing and copying not allowed
    let owner_key = &md5(&[&b"owner-secret"[..], &PAD[..20]])[..5];
    let o = rc4(owner_key, &PAD);
    let key = md5(&[&PAD, &o, &p.to_le_bytes(), id]);
    let key = &key[..5];
    let u = rc4(key, &PAD);
    let object_key = |num: u32| -> Vec<u8> {
        let n = num.to_le_bytes();
        md5(&[key, &n[..3], &[0, 0]])[..10].to_vec()
    };
    let mut content = Vec::new();
    for k in 0..6 {
        content.extend_from_slice(
            format!("BT /F1 12 Tf 72 {} Td (Budget execution rate is 95 percent, line {k}.) Tj ET\n", 700 - 20 * k)
                .as_bytes(),
        );
    }
    let encrypted = rc4(&object_key(4), &content);
    let mut contents = format!("<< /Length {} >>\nstream\n", encrypted.len()).into_bytes();
    contents.extend_from_slice(&encrypted);
    contents.extend_from_slice(b"\nendstream");
    let objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        page(2, 4),
        contents,
        FONT.to_vec(),
        format!("<< /Filter /Standard /V 1 /R 2 /O <{}> /U <{}> /P {p} >>", hex(&o), hex(&u)).into_bytes(),
    ];
    document_with_trailer(&objects, &format!(" /Encrypt 6 0 R /ID [<{0}> <{0}>]", hex(id)))
}
