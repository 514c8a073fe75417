//! `flow-mock`: the mock server as a process. Its first stdout line is `FLOW_BASE_URL=...` and its
//! second `FLOW_API_SECRET=...`, so scripts can start it on a free port and read where it is.
//!
//! Its own secret comes from `--api-secret` or `FLOW_MOCK_API_SECRET`, never from
//! `FLOW_API_SECRET`: a developer with the production secret exported would otherwise have it
//! printed on that second line, and so into CI logs.

use std::io::Write;
use std::time::Duration;

use clap::Parser;
use flow_mock::MockConfig;

#[derive(Debug, Parser)]
#[command(version, about = "A local mock of the Flow webinar REST API")]
struct Args {
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// 0 picks any free port.
    #[arg(long, default_value_t = 0)]
    port: u16,
    #[arg(
        long,
        env = "FLOW_MOCK_API_SECRET",
        hide_env_values = true,
        default_value = "sandbox-secret"
    )]
    api_secret: String,
    #[arg(long, default_value_t = 42)]
    seed: u64,
    #[arg(long, default_value_t = 24)]
    registrants_per_session: usize,
    /// Adds the past session B3nchT0k3n with this many registrants.
    #[arg(long, default_value_t = 0)]
    bench_registrants: usize,
    /// Gives B3nchT0k3n's registrants CSV 14 columns instead of 9.
    #[arg(long)]
    bench_wide_csv: bool,
    /// How long a request body may take to arrive before the answer is 408.
    #[arg(long, default_value_t = 10_000)]
    body_timeout_ms: u64,
    /// Roughly how many bytes of recorded requests the request log keeps.
    #[arg(long, default_value_t = MockConfig::default().request_log_bytes)]
    request_log_bytes: usize,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let listener = tokio::net::TcpListener::bind((args.host.as_str(), args.port)).await?;
    let mut addr = listener.local_addr()?;
    if addr.ip().is_unspecified() {
        addr.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
    }
    let config = MockConfig {
        api_secret: args.api_secret,
        seed: args.seed,
        registrants_per_session: args.registrants_per_session,
        bench_registrants: args.bench_registrants,
        bench_wide_csv: args.bench_wide_csv,
        body_timeout: Duration::from_millis(args.body_timeout_ms),
        request_log_bytes: args.request_log_bytes,
    };
    let mut stdout = std::io::stdout();
    writeln!(stdout, "FLOW_BASE_URL=http://{addr}/api/v1")?;
    stdout.flush()?;
    writeln!(stdout, "FLOW_API_SECRET={}", config.api_secret)?;
    stdout.flush()?;
    axum::serve(listener, flow_mock::router(config))
        .with_graceful_shutdown(shutdown_signal())
        .await
}

/// SIGINT or (on Unix) SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        drop(tokio::signal::ctrl_c().await);
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}
