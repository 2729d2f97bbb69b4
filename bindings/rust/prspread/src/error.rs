//! `Error`: a failed call's status plus the library's `pr_last_error()` text.
use prspread_sys as sys;
use std::ffi::CStr;
use std::fmt;

/// The `pr_status` values of the header, as a Rust enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    InvalidArgument,
    OutOfRange,
    Io,
    Format,
    Checksum,
    NoMemory,
    Cancelled,
    Numeric,
    Version,
    Mismatch,
    BufferTooSmall,
    State,
    Internal,
    /// A code this crate does not know (a newer library).
    Unknown(i32),
}

impl Status {
    pub fn from_code(code: i32) -> Status {
        match code {
            sys::PR_ERR_INVALID_ARGUMENT => Status::InvalidArgument,
            sys::PR_ERR_OUT_OF_RANGE => Status::OutOfRange,
            sys::PR_ERR_IO => Status::Io,
            sys::PR_ERR_FORMAT => Status::Format,
            sys::PR_ERR_CHECKSUM => Status::Checksum,
            sys::PR_ERR_NO_MEMORY => Status::NoMemory,
            sys::PR_ERR_CANCELLED => Status::Cancelled,
            sys::PR_ERR_NUMERIC => Status::Numeric,
            sys::PR_ERR_VERSION => Status::Version,
            sys::PR_ERR_MISMATCH => Status::Mismatch,
            sys::PR_ERR_BUFFER_TOO_SMALL => Status::BufferTooSmall,
            sys::PR_ERR_STATE => Status::State,
            sys::PR_ERR_INTERNAL => Status::Internal,
            other => Status::Unknown(other),
        }
    }
}

/// A failed prspread call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The status the C function returned.
    pub status: Status,
    /// The raw status code.
    pub code: i32,
    /// `pr_last_error()` right after the failure: names the argument and value.
    pub message: String,
}

impl Error {
    /// Builds the error for `code` from this thread's last error message.
    pub(crate) fn from_last(code: i32) -> Error {
        // SAFETY: pr_last_error never returns NULL and the string lives until
        // the next failing call on this thread; we copy it at once.
        let message = unsafe { CStr::from_ptr(sys::pr_last_error()) }
            .to_string_lossy()
            .into_owned();
        Error { status: Status::from_code(code), code, message }
    }

    /// An error raised on the Rust side before calling C (bad slice length...).
    pub(crate) fn invalid(message: String) -> Error {
        Error { status: Status::InvalidArgument, code: sys::PR_ERR_INVALID_ARGUMENT, message }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]", self.message, crate::status_name(self.code))
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

/// Turns a C status into a Result.
pub(crate) fn check(code: i32) -> Result<()> {
    if code == sys::PR_OK {
        Ok(())
    } else {
        Err(Error::from_last(code))
    }
}
