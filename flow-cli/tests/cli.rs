//! Every `flow` command as a process against an in-process flow-mock: output, exit codes, and the
//! secret absent from everything the command prints.

use std::path::PathBuf;
use std::process::{Command, Output};

use flow_mock::{MockConfig, MockServer};
use serde_json::Value;

const SECRET: &str = "cli-test-s3cr3t-value";

struct Mock {
    server: MockServer,
    dir: PathBuf,
}

impl Mock {
    fn start(name: &str) -> Self {
        let config = MockConfig {
            api_secret: SECRET.to_owned(),
            ..MockConfig::default()
        };
        let dir = std::env::temp_dir().join(format!("flow-cli-{name}-{}", std::process::id()));
        drop(std::fs::remove_dir_all(&dir));
        std::fs::create_dir_all(&dir).unwrap();
        Self {
            server: MockServer::start(config, "127.0.0.1", 0).unwrap(),
            dir,
        }
    }

    fn flow(&self, args: &[&str]) -> Output {
        let output = Command::new(env!("CARGO_BIN_EXE_flow"))
            .args(args)
            .env("FLOW_BASE_URL", self.server.base_url())
            .env("FLOW_API_SECRET", SECRET)
            .env_remove("FLOW_LOG")
            .output()
            .unwrap();
        for stream in [&output.stdout, &output.stderr] {
            let text = String::from_utf8_lossy(stream);
            assert!(
                !text.contains(SECRET),
                "`flow {}` printed the secret",
                args.join(" ")
            );
        }
        output
    }

    fn ok_json(&self, args: &[&str]) -> Value {
        let output = self.flow(args);
        assert_eq!(code(&output), 0, "`flow {}`: {}", args.join(" "), stderr(&output));
        serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| panic!("`flow {}` JSON: {e}", args.join(" ")))
    }
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn every_command_answers_in_json_when_piped_with_the_apis_field_names() {
    let mock = Mock::start("all");
    let past = mock.ok_json(&["sessions", "list", "--period", "past", "--analytics"]);
    let token = past[0]["token"].as_str().unwrap().to_owned();
    assert!(
        past[0]["analytics"].is_object(),
        "camelCase wire fields: {}",
        past[0]
    );
    assert_eq!(
        mock.ok_json(&["sessions", "get", &token])["token"],
        token.as_str()
    );
    assert_eq!(
        mock.ok_json(&["sessions", "get", &token, "--public"])["token"],
        token.as_str()
    );
    let operators = mock.ok_json(&["operators", "list"]);
    let creator = operators[0]["id"].as_i64().unwrap().to_string();
    let created = mock.ok_json(&[
        "sessions",
        "create",
        "--creator-id",
        &creator,
        "--title",
        "CLI test",
        "--date",
        "2030-01-02",
        "--time",
        "10:00:00",
        "--timezone",
        "Europe/Paris",
        "--operator",
        &format!("{creator}:10"),
        "--published",
    ]);
    assert!(created["message"].is_string(), "{created}");
    let registrants = mock.ok_json(&["registrants", "list", &token]);
    assert!(registrants[0]["firstName"].is_string());
    let added = mock.ok_json(&[
        "registrants",
        "add",
        "T35tT0K3n",
        "--email",
        "cli@example.com",
        "--first-name",
        "Cli",
        "--last-name",
        "User",
    ]);
    assert_eq!(added["isNew"], true);
    assert!(mock.ok_json(&["surveys", "list", &token]).is_array());
    let rooms = mock.ok_json(&["rooms", "list", flow_mock::ACCOUNT_TOKEN]);
    let room = rooms[0]["room_id"].as_str().unwrap().to_owned();
    let link = mock.ok_json(&[
        "rooms",
        "link",
        &room,
        "--email",
        "sso@example.com",
        "--first-name",
        "S",
        "--last-name",
        "O",
    ]);
    assert!(link["url"].is_string());
    let summary = mock.ok_json(&["reports", "get", "summary", &token]);
    assert!(summary["registrants"].is_array() && summary["survey_results"].is_array());

    for kind in ["registrants", "attendee-chat", "operator-chat"] {
        let output = mock.flow(&["reports", "get", kind, &token]);
        assert_eq!(code(&output), 0, "{}", stderr(&output));
        assert!(
            stdout(&output).lines().count() > 1,
            "reports default to csv: {kind}"
        );
    }
    let jsonl = mock.flow(&["reports", "get", "registrants", &token, "--format", "jsonl"]);
    let first: Value = serde_json::from_str(stdout(&jsonl).lines().next().unwrap()).unwrap();
    assert!(first.get("Email").is_some(), "{first}");

    let collected = mock.flow(&["reports", "collect", "registrants", "--period", "past"]);
    assert_eq!(code(&collected), 0, "{}", stderr(&collected));
    assert!(stdout(&collected).starts_with("Session Token,Session Title,"));
    let two = mock.flow(&[
        "reports",
        "collect",
        "attendee-chat",
        "--session",
        &token,
        "--session",
        "rGt3dC546xs",
        "--format",
        "csv",
    ]);
    assert_eq!(code(&two), 0, "{}", stderr(&two));
}

#[test]
fn output_files_and_formats() {
    let mock = Mock::start("output");
    let path = mock.dir.join("registrants.csv");
    let output = mock.flow(&[
        "registrants",
        "list",
        "LKo586mmk7g",
        "--format",
        "csv",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with("userID,eventSessionID,token,email,firstName,lastName"),
        "{text}"
    );
    let table = mock.flow(&["operators", "list", "--format", "table"]);
    assert!(
        stdout(&table).lines().next().unwrap().starts_with("id"),
        "{}",
        stdout(&table)
    );
    let nowhere = mock.flow(&["operators", "list", "-o", "/nonexistent-dir/x.json"]);
    assert_eq!(
        code(&nowhere),
        2,
        "a bad -o is an input error: {}",
        stderr(&nowhere)
    );
}

#[test]
fn exit_codes_say_what_happened() {
    let mock = Mock::start("codes");
    let missing = mock.flow(&["sessions", "get", "n0SuchT0k3n"]);
    assert_eq!(code(&missing), 1);
    assert!(
        stderr(&missing).contains("not_found") && stderr(&missing).contains("req_"),
        "{}",
        stderr(&missing)
    );
    for args in [
        &["sessions", "list", "--period", "someday"][..],
        &["nonsense"],
        &["reports", "get", "survey", "LKo586mmk7g"],
        &["reports", "get", "registrants", "LKo586mmk7g", "--survey-id", "3"],
        &["reports", "collect", "registrants"],
        &["reports", "collect", "summary", "--period", "past"],
        &[
            "sessions",
            "create",
            "--creator-id",
            "1",
            "--title",
            "t",
            "--date",
            "2030-01-01",
            "--time",
            "10:00:00",
            "--timezone",
            "UTC",
            "--operator",
            "x",
        ],
        &[
            "registrants",
            "import",
            "/nonexistent.csv",
            "--session",
            "T35tT0K3n",
        ],
        &["--timeout", "-1", "operators", "list"],
        &["--max-retries", "11", "operators", "list"],
    ] {
        let output = mock.flow(args);
        assert_eq!(code(&output), 2, "`flow {}`: {}", args.join(" "), stderr(&output));
    }
    let no_secret = Command::new(env!("CARGO_BIN_EXE_flow"))
        .args(["operators", "list"])
        .env("FLOW_BASE_URL", mock.server.base_url())
        .env_remove("FLOW_API_SECRET")
        .output()
        .unwrap();
    assert_eq!(code(&no_secret), 2);
    assert!(
        stderr(&no_secret).contains("--api-secret-file"),
        "{}",
        stderr(&no_secret)
    );
    let requests = mock.server.base_url().replace("/api/v1", "/__mock/requests");
    let logged: Value = control_get(&requests);
    let sent: Vec<&Value> = logged
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["path"] != "/api/v1/events/sessions/n0SuchT0k3n")
        .collect();
    assert!(sent.is_empty(), "usage errors sent nothing: {sent:?}");
}

#[test]
fn the_secret_can_come_from_a_file_and_is_never_printed() {
    let mock = Mock::start("secret");
    let file = mock.dir.join("secret.txt");
    std::fs::write(&file, format!("{SECRET}\n")).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_flow"))
        .args([
            "operators",
            "list",
            "-vv",
            "--api-secret-file",
            file.to_str().unwrap(),
        ])
        .env("FLOW_BASE_URL", mock.server.base_url())
        .env_remove("FLOW_API_SECRET")
        .output()
        .unwrap();
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("operators.list"),
        "-vv logs the request: {}",
        stderr(&output)
    );
    assert!(!stderr(&output).contains(SECRET) && !stdout(&output).contains(SECRET));
    for args in [
        &["--help"][..],
        &["registrants", "import", "--help"],
        &["reports", "collect", "--help"],
    ] {
        let help = mock.flow(args);
        assert_eq!(code(&help), 0);
        assert!(
            stdout(&help).contains("Example"),
            "`flow {}` has examples",
            args.join(" ")
        );
    }
    let bash = mock.flow(&["completions", "bash"]);
    assert!(stdout(&bash).contains("_flow"), "a bash completion script");
}

#[test]
fn import_registers_a_csv_reports_the_rest_with_exit_3_and_resumes_from_its_journal() {
    let mock = Mock::start("import");
    let csv = mock.dir.join("people.csv");
    let mut text = String::from("Email,First Name,Last Name\n");
    for i in 0..50 {
        text.push_str(&format!("p{i}@import.example,P{i},Import\n"));
    }
    std::fs::write(&csv, &text).unwrap();
    let journal = mock.dir.join("journal.jsonl");
    let args = [
        "registrants",
        "import",
        csv.to_str().unwrap(),
        "--session",
        "T35tT0K3n",
        "--journal",
        journal.to_str().unwrap(),
    ];
    let first = mock.ok_json(&args);
    assert_eq!(first["created"], 50);
    let again = mock.ok_json(&args);
    assert_eq!(
        again["created"], 50,
        "the journal's rows are reported as it recorded them"
    );
    let requests = mock.server.base_url().replace("/api/v1", "/__mock/requests");
    let posts = control_get(&requests)
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["method"] == "POST")
        .count();
    assert_eq!(posts, 50, "the rerun sent nothing");

    text.push_str("bad-email,X,Y\np0@import.example,P0,Import\n");
    std::fs::write(&csv, &text).unwrap();
    let output = mock.flow(&args);
    assert_eq!(code(&output), 3, "{}", stderr(&output));
    let summary: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        (summary["invalid"].as_u64(), summary["duplicate"].as_u64()),
        (Some(1), Some(1))
    );
    assert!(
        stderr(&output).contains("2 rows are not registered"),
        "{}",
        stderr(&output)
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_exits_130() {
    let mut mock = Command::new(env!("CARGO_BIN_EXE_flow"))
        .args(["mock", "--seed", "3"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The reader stays open: a closed pipe would end `flow mock` at its second line instead.
    let mut lines = std::io::BufReader::new(mock.stdout.take().unwrap());
    let mut first = String::new();
    std::io::BufRead::read_line(&mut lines, &mut first).unwrap();
    assert!(first.starts_with("FLOW_BASE_URL=http://127.0.0.1:"), "{first}");
    let killed = Command::new("kill")
        .args(["-INT", &mock.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    assert_eq!(mock.wait().unwrap().code(), Some(130));
    drop(lines);
}

/// The mock's control surface, read directly.
fn control_get(url: &str) -> Value {
    serde_json::from_slice(&reqwest::blocking::get(url).unwrap().bytes().unwrap()).unwrap()
}

/// `-o` writes a report as the server sent it, never parsed: the process holds it once, so its
/// peak memory stays under twice the file.
#[cfg(target_os = "linux")]
#[test]
// The child is reaped by `wait4`, which also reports its peak memory.
#[allow(clippy::zombie_processes)]
fn a_million_row_report_written_with_o_peaks_under_twice_the_file() {
    use std::os::unix::process::ExitStatusExt;

    let config = MockConfig {
        api_secret: SECRET.to_owned(),
        bench_registrants: 1_000_000,
        ..MockConfig::default()
    };
    let server = MockServer::start(config, "127.0.0.1", 0).unwrap();
    let path = std::env::temp_dir().join(format!("flow-cli-million-{}.csv", std::process::id()));
    let child = Command::new(env!("CARGO_BIN_EXE_flow"))
        .args([
            "reports",
            "get",
            "registrants",
            flow_mock::BENCH_TOKEN,
            "-o",
            path.to_str().unwrap(),
        ])
        .env("FLOW_BASE_URL", server.base_url())
        .env("FLOW_API_SECRET", SECRET)
        .spawn()
        .unwrap();
    let (mut status, mut usage) = (0, unsafe { std::mem::zeroed::<libc::rusage>() });
    // SAFETY: waits for our own child, writing into the two locals.
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as libc::pid_t);
    assert_eq!(std::process::ExitStatus::from_raw(status).code(), Some(0));
    let size = std::fs::metadata(&path).unwrap().len();
    let lines = std::io::BufRead::lines(std::io::BufReader::new(std::fs::File::open(&path).unwrap())).count();
    assert_eq!(lines, 1_000_001, "header and every row");
    let peak = usage.ru_maxrss as u64 * 1024;
    assert!(peak < 2 * size, "peak {peak} bytes for a {size}-byte report");
    drop(std::fs::remove_file(&path));
}
