//! The `flow-mock` process: what it prints and which secret it takes from the environment.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// The mock process, killed when dropped.
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        drop(self.0.kill());
        drop(self.0.wait());
    }
}

/// Starts the binary with `env` set (and neither secret variable inherited from the test's own
/// environment); returns it and its first two stdout lines.
fn start(env: &[(&str, &str)], args: &[&str]) -> (Process, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_flow-mock"));
    command
        .args(["--port", "0"])
        .args(args)
        .env_remove("FLOW_API_SECRET")
        .env_remove("FLOW_MOCK_API_SECRET")
        .stdout(Stdio::piped());
    for (name, value) in env {
        command.env(name, value);
    }
    let mut child = command.spawn().expect("flow-mock starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let process = Process(child);
    let mut lines = BufReader::new(stdout).lines();
    let mut line = || lines.next().expect("a line").expect("stdout readable");
    let (first, second) = (line(), line());
    (process, first, second)
}

fn users_status(base_url: &str, secret: &str) -> u16 {
    reqwest::blocking::Client::new()
        .get(format!("{base_url}/users"))
        .header("api-secret", secret)
        .send()
        .unwrap()
        .status()
        .as_u16()
}

#[test]
fn production_secret_in_the_environment_is_never_used_or_printed() {
    let (_process, first, second) = start(&[("FLOW_API_SECRET", "prod-xyz")], &[]);
    let base_url = first.strip_prefix("FLOW_BASE_URL=").expect(&first);
    assert_eq!(second, "FLOW_API_SECRET=sandbox-secret");
    assert_eq!(users_status(base_url, "prod-xyz"), 401);
    assert_eq!(users_status(base_url, "sandbox-secret"), 200);
}

#[test]
fn mock_secret_comes_from_its_own_variable_or_the_flag() {
    let (_process, first, second) = start(
        &[
            ("FLOW_API_SECRET", "prod-xyz"),
            ("FLOW_MOCK_API_SECRET", "mock-env"),
        ],
        &[],
    );
    let base_url = first.strip_prefix("FLOW_BASE_URL=").expect(&first);
    assert_eq!(second, "FLOW_API_SECRET=mock-env");
    assert_eq!(users_status(base_url, "mock-env"), 200);

    let (_process, _, second) = start(
        &[("FLOW_MOCK_API_SECRET", "mock-env")],
        &["--api-secret", "from-flag"],
    );
    assert_eq!(second, "FLOW_API_SECRET=from-flag");
}

#[test]
fn help_does_not_show_the_secret_variable_value() {
    let output = Command::new(env!("CARGO_BIN_EXE_flow-mock"))
        .arg("--help")
        .env("FLOW_MOCK_API_SECRET", "hidden-value")
        .output()
        .unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    assert!(help.contains("FLOW_MOCK_API_SECRET"), "{help}");
    assert!(!help.contains("hidden-value"), "{help}");
}
