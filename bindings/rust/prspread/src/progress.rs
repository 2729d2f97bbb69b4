//! Progress callbacks: any `FnMut(done, total) -> bool` (true = cancel).
use prspread_sys as sys;
use std::os::raw::{c_int, c_void};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// The callback and the C trampoline that calls it.  A panic inside the
/// closure is caught (unwinding into C is undefined behaviour), cancels the
/// operation, and is resumed after the C call returns.
pub(crate) struct Trampoline<'a> {
    f: &'a mut dyn FnMut(u64, u64) -> bool,
    panic: Option<Box<dyn std::any::Any + Send + 'static>>,
}

impl<'a> Trampoline<'a> {
    pub(crate) fn new(f: &'a mut dyn FnMut(u64, u64) -> bool) -> Self {
        Trampoline { f, panic: None }
    }

    pub(crate) fn fn_ptr(&self) -> sys::pr_progress_fn {
        Some(call)
    }

    pub(crate) fn user(&mut self) -> *mut c_void {
        self as *mut Self as *mut c_void
    }

    /// Re-raises a panic caught in the callback.
    pub(crate) fn resume(self) {
        if let Some(p) = self.panic {
            std::panic::resume_unwind(p);
        }
    }
}

unsafe extern "C" fn call(user: *mut c_void, done: u64, total: u64) -> c_int {
    // SAFETY: `user` is the Trampoline passed with this function pointer,
    // alive for the whole C call, and the callback runs on the calling thread.
    let t = &mut *(user as *mut Trampoline);
    if t.panic.is_some() {
        return 1;
    }
    match catch_unwind(AssertUnwindSafe(|| (t.f)(done, total))) {
        Ok(cancel) => cancel as c_int,
        Err(p) => {
            t.panic = Some(p);
            1
        }
    }
}
