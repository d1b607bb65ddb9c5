//! `jixiao serve` as a user starts it: the first 管理员 from `--init-admin`, and the server
//! answering on the address it prints (the web workspace itself is tested in jixiao-server).

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

use common::jixiao_with_input;

#[test]
fn init_admin_creates_the_first_account_once_and_refuses_a_short_password() {
    let dir = jixiao_testkit::scratch(env!("CARGO_TARGET_TMPDIR"), "cli-serve-admin");
    let short = jixiao_with_input(&dir, &["serve", "--init-admin", "root"], "short\n");
    assert_eq!(short.code, 2, "{}", short.stderr);
    assert!(short.stderr.contains("密码至少 8 个字符"), "{}", short.stderr);
    let ok = jixiao_with_input(&dir, &["serve", "--init-admin", "root"], "a-long-password\n");
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    assert!(ok.stdout.contains("已创建管理员 root"), "{}", ok.stdout);
    assert!(dir.join("jixiao.db").exists(), "the database is created in the working folder");
    let again = jixiao_with_input(&dir, &["serve", "--init-admin", "root"], "a-long-password\n");
    assert_eq!(again.code, 2, "{}", again.stdout);
}

#[test]
fn serve_demo_prints_the_url_and_the_accounts_and_answers_there() {
    let dir = jixiao_testkit::scratch(env!("CARGO_TARGET_TMPDIR"), "cli-serve-demo");
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("free port").port();
    let addr = format!("127.0.0.1:{port}");
    let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["serve", "--demo", "--addr", &addr])
        .current_dir(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start jixiao serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut printed = String::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("line");
        printed.push_str(&line);
        printed.push('\n');
        if line.contains("网页工作台已启动") {
            break;
        }
    }
    let mut answer = String::new();
    let mut s = TcpStream::connect(&addr).expect("connect");
    s.write_all(format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes())
        .expect("send");
    s.read_to_string(&mut answer).expect("read");
    let _ = child.kill();
    let _ = child.wait();
    assert!(printed.contains(&format!("http://{addr}/")), "{printed}");
    for account in ["admin", "shenhe", "tianbao", "tianbao2", "demo2024"] {
        assert!(printed.contains(account), "{account}: {printed}");
    }
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}
