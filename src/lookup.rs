//! Looking a word up with the user's own command (`lookup = "dict {}"`):
//! run without a shell, the word one argument, within a time and an
//! output limit. The command comes only from the configuration, never
//! from a document.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long a look-up may take before it is stopped.
pub const TIME_LIMIT: Duration = Duration::from_secs(5);
/// Bytes of its output kept (a dictionary entry is a few KiB).
pub const OUTPUT_LIMIT: usize = 256 << 10;

/// Why a look-up command could not be set or run.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LookupError {
    #[error("the lookup command is empty or its quotes do not close: {0}")]
    Unreadable(String),
    #[error("{program}: could not be started: {reason}")]
    Start { program: String, reason: String },
    #[error("{program}: stopped after {seconds} s without finishing")]
    TimedOut { program: String, seconds: u64 },
    #[error("{program}: {reason}")]
    Failed { program: String, reason: String },
}

/// The command's words as configured, split as a shell would split them
/// (quotes group words) but never given to a shell.
///
/// # Errors
/// The command is empty or its quotes are unbalanced.
pub fn parse(command: &str) -> Result<Vec<String>, LookupError> {
    match shlex::split(command) {
        Some(words) if !words.is_empty() => Ok(words),
        _ => Err(LookupError::Unreadable(crate::sanitize::excerpt(command, 60))),
    }
}

/// The arguments for `word`: each `{}` in a word replaced by it, or the
/// word added as the last argument when no `{}` is written.
#[must_use]
pub fn argv(words: &[String], word: &str) -> Vec<String> {
    if words.iter().any(|w| w.contains("{}")) {
        words.iter().map(|w| w.replace("{}", word)).collect()
    } else {
        words.iter().cloned().chain(std::iter::once(word.to_owned())).collect()
    }
}

/// Runs the command and returns what it printed (standard output, then
/// standard error if it said anything), cut at [`OUTPUT_LIMIT`]; stopped
/// after `limit`.
///
/// # Errors
/// It could not start, ran too long, or failed without a word of output.
pub fn run(argv: &[String], limit: Duration) -> Result<String, LookupError> {
    let Some((program, args)) = argv.split_first() else {
        return Err(LookupError::Unreadable(String::new()));
    };
    let shown = crate::sanitize::excerpt(program, 60);
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| LookupError::Start { program: shown.clone(), reason: e.to_string() })?;
    // Each pipe is read on its own thread; what is read past the limit is
    // thrown away, so the command never blocks on a full pipe.
    let (tx, rx) = std::sync::mpsc::channel();
    let pipes: [Option<Box<dyn Read + Send>>; 2] = [
        child.stdout.take().map(|o| Box::new(o) as Box<dyn Read + Send>),
        child.stderr.take().map(|e| Box::new(e) as Box<dyn Read + Send>),
    ];
    for (index, pipe) in pipes.into_iter().enumerate() {
        let tx = tx.clone();
        std::thread::spawn(move || {
            let mut out = Vec::new();
            if let Some(mut pipe) = pipe {
                let mut buf = [0u8; 8192];
                while let Ok(n) = pipe.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    let room = OUTPUT_LIMIT.saturating_sub(out.len());
                    out.extend_from_slice(&buf[..n.min(room)]);
                }
            }
            let _ = tx.send((index, out));
        });
    }
    drop(tx);
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() >= limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(LookupError::TimedOut { program: shown, seconds: limit.as_secs().max(1) });
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(LookupError::Failed { program: shown, reason: e.to_string() }),
        }
    };
    // A process it started may hold the pipes open: waited for only
    // until the time limit.
    let mut outputs = [Vec::new(), Vec::new()];
    for _ in 0..2 {
        let left = limit.saturating_sub(started.elapsed()).max(Duration::from_millis(100));
        match rx.recv_timeout(left) {
            Ok((index, bytes)) => outputs[index.min(1)] = bytes,
            Err(_) => break,
        }
    }
    let [out, err] = outputs;
    let mut text = String::from_utf8_lossy(&out).into_owned();
    let err = String::from_utf8_lossy(&err);
    if !err.trim().is_empty() {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&err);
    }
    if !status.success() && text.trim().is_empty() {
        return Err(LookupError::Failed { program: shown, reason: format!("ended with {status} and printed nothing") });
    }
    if text.len() >= OUTPUT_LIMIT {
        text.push_str(&format!("\n… (cut at {} KiB)", OUTPUT_LIMIT >> 10));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_is_one_argument_never_a_shell_line() -> Result<(), LookupError> {
        let words = parse("printf '%s|' {}")?;
        let out = run(&argv(&words, "a word; rm -rf ~ $(id)"), TIME_LIMIT)?;
        assert_eq!(out, "a word; rm -rf ~ $(id)|");
        assert_eq!(argv(&parse("dict")?, "whale"), ["dict", "whale"]);
        assert!(parse("dict 'unclosed").is_err());
        assert!(parse("   ").is_err());
        Ok(())
    }

    #[test]
    fn a_slow_or_missing_command_is_reported() -> Result<(), LookupError> {
        let slow = run(&parse("sleep 30")?, Duration::from_millis(200));
        assert!(matches!(slow, Err(LookupError::TimedOut { .. })), "{slow:?}");
        let missing = run(&parse("folio-no-such-dictionary {}")?, TIME_LIMIT);
        assert!(matches!(missing, Err(LookupError::Start { .. })), "{missing:?}");
        Ok(())
    }

    #[test]
    fn endless_output_is_cut() -> Result<(), LookupError> {
        let out = run(&parse("yes whale")?, Duration::from_secs(2));
        // `yes` never ends: it is stopped, its output bounded meanwhile.
        assert!(matches!(out, Err(LookupError::TimedOut { .. })), "{out:?}");
        let big = run(&parse("head -c 400000 /dev/zero")?, TIME_LIMIT)?;
        assert!(big.len() < OUTPUT_LIMIT + 100 && big.ends_with("KiB)"));
        Ok(())
    }
}
