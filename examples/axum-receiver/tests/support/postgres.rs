//! A throwaway PostgreSQL server for one test: a temp data folder, a free loopback port, and
//! no password (trust on loopback). Started from the machine's `initdb` and `postgres`; PostgreSQL
//! refuses to run as root, so under root both run as `nobody` (uid and gid 65534).

use std::net::TcpListener;
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::Scratch;

const NOBODY: u32 = 65534;

pub struct Postgres {
    server: Child,
    dir: Scratch,
    pub url: String,
}

include!("find_postgres.rs");

impl Postgres {
    /// Initialises and starts a server from the binaries in `bin`, and waits until it answers.
    pub async fn start(bin: &Path) -> Result<Postgres, String> {
        let dir = Scratch::new("receiver-postgres");
        let data = dir.path().join("data");
        let as_root = std::fs::metadata("/proc/self").map(|m| m.uid()).ok() == Some(0);
        // The data folder must belong to the user the server runs as.
        if as_root {
            std::os::unix::fs::chown(dir.path(), Some(NOBODY), Some(NOBODY))
                .map_err(|e| format!("cannot give {} to nobody: {e}", dir.path().display()))?;
        }
        let run = |program: &str| {
            let mut command = Command::new(bin.join(program));
            if as_root {
                // Set in the child before it runs the program, so the pid is the server's own.
                command.uid(NOBODY).gid(NOBODY);
            }
            command.current_dir(dir.path()).stdin(Stdio::null());
            command
        };
        let init = run("initdb")
            .args([
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-sync",
                "-D",
            ])
            .arg(&data)
            .output()
            .map_err(|e| format!("cannot run initdb: {e}"))?;
        if !init.status.success() {
            return Err(format!(
                "initdb failed: {}",
                String::from_utf8_lossy(&init.stderr)
            ));
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port: {e}"))?
            .port();
        let server = run("postgres")
            .arg("-D")
            .arg(&data)
            .args(["-p", &port.to_string(), "-c", "listen_addresses=127.0.0.1"])
            // Its socket file in the temp folder, not in a system folder it may not write.
            .arg("-k")
            .arg(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot run postgres: {e}"))?;
        let postgres = Postgres {
            server,
            dir,
            url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
        };
        postgres.wait_until_ready().await?;
        Ok(postgres)
    }

    async fn wait_until_ready(&self) -> Result<(), String> {
        use sqlx::Connection;
        sqlx::any::install_default_drivers();
        let give_up = Instant::now() + Duration::from_secs(60);
        loop {
            match sqlx::AnyConnection::connect(&self.url).await {
                Ok(connection) => {
                    let _ = connection.close().await;
                    return Ok(());
                }
                Err(e) if Instant::now() > give_up => {
                    return Err(format!(
                        "the server in {} did not answer: {e}",
                        self.dir.path().display()
                    ))
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        // A fast shutdown (SIGINT) lets the server remove its shared memory and socket.
        let _ = Command::new("kill")
            .args(["-INT", &self.server.id().to_string()])
            .status();
        let _ = self.server.wait();
    }
}
