//! Safe Rust API for libprspread.
//!
//! Handles are `NonNull` newtypes freed in `Drop`; every fallible call returns
//! `Result<_, Error>` carrying the library's message; arrays go in and out as
//! slices, without copies.
//!
//! Thread rules (include/prspread.h, "Threads"): one handle per thread, and
//! a handle passed as `const` may be read by several threads at once.  So
//! every handle type is `Send` (moving it to another thread is one handle
//! per thread), and it is `Sync` only when all its `&self` methods call C
//! functions that take the handle as `const` — each type says so where it
//! implements them.  Errors are thread-local in C and are read on the same
//! thread right after the failing call.
//!
//! The library is found at link time by prspread-sys's build script
//! (PRSPREAD_LIB_DIR, then pkg-config) and at run time by the dynamic loader.
use prspread_sys as sys;
use std::ffi::CStr;

pub mod corpus;
mod error;
pub mod init;
mod progress;
pub mod sft;
pub mod synth;
pub mod transition;
mod util;
pub mod tokenizer;
pub mod vocab;

pub use corpus::{read_token_file, Corpus, CorpusOptions, Csr, Token, TokenFormat};
pub use error::{Error, Result, Status};
pub use sft::Model;
pub use synth::Synth;
pub use transition::Transition;
pub use tokenizer::Tokenizer;
pub use vocab::Vocab;

/// An options struct filled with the library's defaults by its `*_init`
/// function (which writes every field).
fn defaults<T>(init: unsafe extern "C" fn(*mut T)) -> T {
    let mut o = std::mem::MaybeUninit::<T>::zeroed();
    // SAFETY: the header's *_options_init functions fill the whole struct.
    unsafe {
        init(o.as_mut_ptr());
        o.assume_init()
    }
}

fn static_str(p: *const std::os::raw::c_char) -> &'static str {
    // SAFETY: the functions using this return static, NUL-terminated ASCII.
    unsafe { CStr::from_ptr(p) }.to_str().unwrap_or("?")
}

/// "MAJOR.MINOR.PATCH" of the library actually loaded.
pub fn version_string() -> &'static str {
    static_str(unsafe { sys::pr_version_string() })
}

/// The loaded library's version number (MAJOR*10000 + MINOR*100 + PATCH).
pub fn version_number() -> u32 {
    unsafe { sys::pr_version_number() }
}

/// True when the loaded library is the version these bindings were made for.
pub fn version_matches() -> bool {
    i64::from(version_number()) == sys::PR_VERSION_NUMBER
}

/// The instruction set the library's kernels were compiled for.
pub fn build_isa() -> &'static str {
    static_str(unsafe { sys::pr_build_isa() })
}

/// A status code's constant name, e.g. "PR_ERR_OUT_OF_RANGE".
pub fn status_name(code: i32) -> &'static str {
    static_str(unsafe { sys::pr_status_name(code) })
}
