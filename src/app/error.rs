//! Errors at the application boundary and their exit codes: 2 for bad input or usage,
//! 1 for failures that are not the input's fault (an unwritable output, say).

use std::path::PathBuf;

use truce::scenario::LoadError;

/// What went wrong while running a command.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A scenario file could not be loaded.
    #[error("{0}")]
    Load(#[from] LoadError),
    /// A bad combination of arguments.
    #[error("{0}")]
    Usage(String),
    /// An output file could not be written.
    #[error("{path}: cannot write: {message}")]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// A computation could not finish.
    #[error("{0}")]
    Failed(String),
}

impl From<truce::atomic::WriteError> for AppError {
    fn from(e: truce::atomic::WriteError) -> Self {
        AppError::Write {
            path: e.path,
            message: e.message,
        }
    }
}

impl AppError {
    /// The error as printed after `error: `, in colour when `colour` is set (scenario
    /// errors colour their place, source line and caret), control characters escaped.
    pub fn render(&self, colour: bool) -> String {
        match self {
            AppError::Load(e) => e.render_styled(colour),
            other => truce::text::terminal_safe(&other.to_string()).into_owned(),
        }
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            AppError::Load(_) | AppError::Usage(_) => 2,
            AppError::Write { .. } | AppError::Failed(_) => 1,
        }
    }
}
