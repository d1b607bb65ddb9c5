//! Starts the web workspace for trying it out: `cargo run -p jixiao-server --example serve --
//! [ADDR] [DATABASE] [--demo]` (defaults: 127.0.0.1:8080, sqlite:jixiao.db). The `jixiao serve`
//! command of the CLI does the same.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let demo = args.iter().any(|a| a == "--demo");
    let rest: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let mut config = jixiao_server::Config { demo, ..Default::default() };
    if let Some(a) = rest.first().and_then(|a| a.parse().ok()) {
        config.addr = a;
    }
    if let Some(d) = rest.get(1) {
        config.database = (*d).clone();
    }
    if let Err(e) = jixiao_server::serve(config) {
        eprintln!("错误:{e}");
        std::process::exit(2);
    }
}
