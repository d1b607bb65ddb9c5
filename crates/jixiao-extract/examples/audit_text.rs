//! Audits a text file and prints the findings with the text they point at.
fn main() {
    let path = std::env::args().nth(1).expect("a text file");
    let text = std::fs::read_to_string(path).expect("utf-8 text");
    let a = jixiao_extract::audit::audit_text(text);
    println!("system: {:?}", a.system);
    for l in &a.findings {
        println!("{:?} {} {} | {}", l.finding.severity, l.finding.code, l.finding.primary.path, l.finding.message);
        for (s, label) in &l.spans {
            println!("    [{}..{}] {:?} {:?}", s.start, s.end, &a.text[s.start..s.end], label);
        }
    }
    if let Some(d) = &a.dept {
        println!("{}", jixiao_core::input::Record::Dept(Box::new(d.record.clone())).to_toml().unwrap_or_default());
    }
}
