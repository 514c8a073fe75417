//! `flow mock`: the bundled mock server in this process, for trying the CLI and the SDKs locally.

use std::io::Write;

use flow_mock::MockConfig;

use crate::commands::Failure;
use crate::exit;

/// Serves on 127.0.0.1:`port` until Ctrl-C (which the caller turns into exit status 130). The
/// first two stdout lines say where it is and its own sandbox secret (never `FLOW_API_SECRET`'s).
pub async fn run(port: u16, seed: u64) -> Result<i32, Failure> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .map_err(|e| Failure::Usage(format!("could not listen on port {port}: {e}")))?;
    let addr = listener.local_addr()?;
    let config = MockConfig {
        seed,
        ..MockConfig::default()
    };
    let mut stdout = std::io::stdout();
    writeln!(stdout, "FLOW_BASE_URL=http://{addr}/api/v1")?;
    writeln!(stdout, "FLOW_API_SECRET={}", config.api_secret)?;
    stdout.flush()?;
    flow_mock::serve(config, listener).await?;
    Ok(exit::OK)
}
