//! `Synth`: a seeded directional Markov source with exact ground truth.
use crate::error::{check, Result};
use prspread_sys as sys;
use std::ptr::NonNull;

pub use sys::pr_synth_options as SynthOptions;

/// The library defaults (V = 50257, zipf 1, structure 0.6, 4 successors).
pub fn default_synth_options() -> SynthOptions {
    crate::defaults(sys::pr_synth_options_init)
}

pub struct Synth {
    ptr: NonNull<sys::pr_synth>,
}

// Send: one handle per thread for generating (header), so the owner may
// move it.  Sync: generating needs `&mut self`; every `&self` method calls a
// ground-truth getter that takes `const pr_synth *`, which the header allows
// from several threads.
unsafe impl Send for Synth {}
unsafe impl Sync for Synth {}

impl Drop for Synth {
    fn drop(&mut self) {
        unsafe { sys::pr_synth_free(self.ptr.as_ptr()) }
    }
}

impl Synth {
    pub fn new(opts: &SynthOptions) -> Result<Synth> {
        let mut out = std::ptr::null_mut();
        check(unsafe { sys::pr_synth_create(&mut out, opts) })?;
        Ok(Synth { ptr: NonNull::new(out).expect("pr_synth_create returned NULL with PR_OK") })
    }

    pub(crate) fn as_mut_ptr(&mut self) -> *mut sys::pr_synth {
        self.ptr.as_ptr()
    }

    /// Fills `out` with the next ids of the stream.
    pub fn generate(&mut self, out: &mut [u32]) -> Result<()> {
        check(unsafe { sys::pr_synth_generate_u32(self.ptr.as_ptr(), out.as_mut_ptr(), out.len()) })
    }

    pub fn reset(&mut self) -> Result<()> {
        check(unsafe { sys::pr_synth_reset(self.ptr.as_ptr()) })
    }

    pub fn vocab_size(&self) -> u32 {
        let mut v = 0;
        check(unsafe { sys::pr_synth_vocab_size(self.ptr.as_ptr(), &mut v) }).expect("valid handle");
        v
    }

    fn row(&self, f: impl FnOnce(*mut f64, usize) -> i32) -> Result<Vec<f64>> {
        let mut out = vec![0.0; self.vocab_size() as usize];
        check(f(out.as_mut_ptr(), out.len()))?;
        Ok(out)
    }

    /// q, the Zipf base distribution.
    pub fn base(&self) -> Result<Vec<f64>> {
        self.row(|p, n| unsafe { sys::pr_synth_base_f64(self.ptr.as_ptr(), p, n) })
    }

    /// The true row T[a, :].
    pub fn transition_row(&self, a: u32) -> Result<Vec<f64>> {
        self.row(|p, n| unsafe { sys::pr_synth_transition_row_f64(self.ptr.as_ptr(), a, p, n) })
    }

    /// The true stationary distribution.
    pub fn stationary(&self) -> Result<Vec<f64>> {
        self.row(|p, n| unsafe { sys::pr_synth_stationary_f64(self.ptr.as_ptr(), p, n) })
    }

    /// Successor ids of row a and their probabilities.
    pub fn successors(&self, a: u32) -> Result<(Vec<u32>, Vec<f64>)> {
        let (mut ids, mut probs) = (vec![0u32; 64], vec![0.0; 64]);
        let mut k = 0usize;
        check(unsafe { sys::pr_synth_successors(self.ptr.as_ptr(), a, ids.as_mut_ptr(), probs.as_mut_ptr(), 64, &mut k) })?;
        ids.truncate(k);
        probs.truncate(k);
        Ok((ids, probs))
    }
}
