//! Audits a text file and prints the findings with the text they point at.
fn main() {
    let path = std::env::args().nth(1).expect("a text file");
    let text = std::fs::read_to_string(&path).expect("utf-8 text");
    let a = jixiao_pipeline::audit_text(&path, text);
    println!("system: {:?}", a.read.reading.system.map(|s| &s.system.id));
    for f in &a.findings {
        println!("{:?} {} {} | {}", f.severity, f.code, f.primary.path, f.message);
        for (s, label) in a.spans(f) {
            println!("    [{}..{}] {:?} {:?}", s.start, s.end, &a.read.text[s.start..s.end], label);
        }
    }
    if a.read.reading.recognised {
        println!("{}", a.read.record.to_toml().unwrap_or_default());
    }
}
