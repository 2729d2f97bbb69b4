//! Small helpers shared by the safe wrappers.
use crate::error::{Error, Result};
use std::ffi::CString;
use std::path::Path;

/// A path as a C string (Unix bytes; an interior NUL is an error).
pub(crate) fn c_path(path: &Path) -> Result<CString> {
    use std::os::unix::ffi::OsStrExt;
    CString::new(path.as_os_str().as_bytes())
        .map_err(|_| Error::invalid(format!("argument 'path' = {:?} contains a NUL byte", path)))
}

/// Checks a slice's length before it crosses the ABI.
pub(crate) fn check_len(name: &str, got: usize, want: usize) -> Result<()> {
    if got == want {
        Ok(())
    } else {
        Err(Error::invalid(format!("argument '{name}' has {got} elements, expected {want}")))
    }
}

/// Checks that a flat slice is a whole number of rows of width `d`.
pub(crate) fn rows_of(name: &str, len: usize, d: usize) -> Result<usize> {
    if d == 0 || len % d != 0 {
        return Err(Error::invalid(format!(
            "argument '{name}' has {len} elements, not a multiple of d = {d}"
        )));
    }
    Ok(len / d)
}

/// The d of a flat d x d matrix.
pub(crate) fn square_dim(name: &str, len: usize) -> Result<usize> {
    let d = (len as f64).sqrt().round() as usize;
    if d * d != len || d == 0 {
        return Err(Error::invalid(format!(
            "argument '{name}' has {len} elements, not a non-empty square matrix"
        )));
    }
    Ok(d)
}
