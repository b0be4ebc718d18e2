//! Errors as the UI sees them: a kind to switch on (the core's and the shell's own), a
//! message, and the form fields to correct.

use rolehop_core::ErrorKind;
use serde::Serialize;
use specta::Type;

/// An error as the UI sees it: `kind` to switch on, `message` to show, `fields` for forms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[error("{message}")]
pub struct IpcError {
    pub kind: IpcErrorKind,
    pub message: String,
    pub fields: Vec<FieldProblem>,
}

/// The kinds only the shell produces, beside the core's [`ErrorKind`]s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ShellErrorKind {
    /// A form's fields need correcting (`IpcError::fields` says which).
    InvalidInput,
    /// The person cancelled (an MFA prompt closed).
    Cancelled,
    /// A failure of the shell itself.
    Internal,
}

/// What the UI switches on: one string union, the core's kinds and the shell's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(untagged)]
pub enum IpcErrorKind {
    Core(ErrorKind),
    Shell(ShellErrorKind),
}

impl From<ErrorKind> for IpcErrorKind {
    fn from(k: ErrorKind) -> Self {
        Self::Core(k)
    }
}

impl From<ShellErrorKind> for IpcErrorKind {
    fn from(k: ShellErrorKind) -> Self {
        Self::Shell(k)
    }
}

impl IpcError {
    pub fn new(kind: impl Into<IpcErrorKind>, message: impl Into<String>) -> Self {
        Self {
            kind: kind.into(),
            message: message.into(),
            fields: Vec::new(),
        }
    }

    pub fn core(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self::new(kind, message)
    }

    pub fn fields(message: impl Into<String>, fields: Vec<FieldProblem>) -> Self {
        Self {
            kind: ShellErrorKind::InvalidInput.into(),
            message: message.into(),
            fields,
        }
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ShellErrorKind::Internal, message)
    }
}

impl From<rolehop_core::Error> for IpcError {
    fn from(e: rolehop_core::Error) -> Self {
        Self::core(e.kind(), e.to_string())
    }
}

// Every part of the core's error converts with `?` (the one list is core's).
rolehop_core::from_core_errors!(IpcError);

/// One form field to correct.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}
