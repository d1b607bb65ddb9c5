//! Prints the text jixiao reads from a document (for looking at PDF and DOCX extraction).
fn main() {
    let path = std::env::args().nth(1).expect("a document");
    let bytes = std::fs::read(&path).expect("readable");
    match jixiao_extract::formats::read(&path, &bytes) {
        Ok(t) => {
            print!("{}", t.text);
            if let Some(partial) = t.partial {
                eprintln!("{partial}");
            }
        }
        Err(e) => eprintln!("{e}"),
    }
}
