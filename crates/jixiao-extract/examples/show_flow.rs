//! Prints the flow of a text file (for looking at what the reader sees).
fn main() {
    let path = std::env::args().nth(1).expect("a text file");
    let text = std::fs::read_to_string(path).expect("utf-8 text");
    let doc = jixiao_extract::text::Doc::new(text);
    println!("{}", doc.flow);
}
