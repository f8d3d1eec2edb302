//! The receiver binary as a child process, the way it runs in production: its stderr (the log)
//! is collected line by line, and it can be killed without warning.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The variables the receiver reads; the test's own environment must not leak into the child.
const RECEIVER_VARS: &[&str] = &[
    "VOUCHERIFY_WEBHOOK_SECRET",
    "VOUCHERIFY_WEBHOOK_ADDR",
    "VOUCHERIFY_INBOX_PATH",
    "DATABASE_URL",
    "VOUCHERIFY_WORKER_LEASE_MS",
    "VOUCHERIFY_WORKER_POLL_MS",
    "VOUCHERIFY_WORKER_HANG_AFTER",
];

/// How long to wait for a line of the log before failing instead of hanging.
const PATIENCE: Duration = Duration::from_secs(120);

pub struct ReceiverProcess {
    child: Child,
    lines: mpsc::Receiver<String>,
    log: Arc<Mutex<Vec<String>>>,
    pub addr: SocketAddr,
}

/// Starts the receiver binary with `vars` and waits until it listens.
pub fn start(vars: &[(&str, &str)]) -> ReceiverProcess {
    let mut process = spawn(vars);
    let line = process
        .wait_for_line(|line| line.starts_with("listening on http://"))
        .unwrap_or_else(|| panic!("the receiver did not start:\n{}", process.log()));
    let addr = line["listening on http://".len()..]
        .split('/')
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    process.addr = addr;
    process
}

/// Runs the receiver binary with `vars` until it exits by itself: its status and its log.
pub fn run_to_exit(vars: &[(&str, &str)]) -> (ExitStatus, String) {
    let mut process = spawn(vars);
    // The log is complete once the reader saw the end of stderr.
    while process.lines.recv_timeout(PATIENCE).is_ok() {}
    let status = process.child.wait().expect("the receiver ends");
    (status, process.log())
}

fn spawn(vars: &[(&str, &str)]) -> ReceiverProcess {
    let mut command = Command::new(env!("CARGO_BIN_EXE_voucherify-axum-receiver"));
    for var in RECEIVER_VARS {
        command.env_remove(var);
    }
    command
        .env("VOUCHERIFY_WEBHOOK_ADDR", "127.0.0.1:0")
        .envs(vars.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("the receiver binary runs");
    let stderr = child.stderr.take().expect("piped");
    let pid = child.id();
    let (send, lines) = mpsc::channel();
    let log = Arc::new(Mutex::new(Vec::new()));
    let kept = Arc::clone(&log);
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            eprintln!("  receiver {pid}: {line}");
            kept.lock().expect("log").push(line.clone());
            let _ = send.send(line);
        }
    });
    ReceiverProcess {
        child,
        lines,
        log,
        addr: SocketAddr::from(([127, 0, 0, 1], 0)),
    }
}

impl ReceiverProcess {
    /// Waits for the next line of the log that `wanted` picks; `None` when the process ended
    /// first (or took longer than anybody would wait).
    pub fn wait_for_line(&mut self, wanted: impl Fn(&str) -> bool) -> Option<String> {
        loop {
            match self.lines.recv_timeout(PATIENCE) {
                Ok(line) if wanted(&line) => return Some(line),
                Ok(_) => continue,
                Err(_) => return None,
            }
        }
    }

    /// Everything it logged so far.
    pub fn log(&self) -> String {
        self.log.lock().expect("log").join("\n")
    }

    /// SIGKILL: no shutdown, no flush, as a crash or an out-of-memory kill.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for ReceiverProcess {
    fn drop(&mut self) {
        self.kill();
    }
}
