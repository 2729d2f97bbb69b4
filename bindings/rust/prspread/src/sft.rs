//! `Model`: the GPT-style CPU trainer.
use crate::error::{check, Error, Result};
use prspread_sys as sys;
use std::ffi::{CStr, CString};
use std::os::raw::{c_int, c_void};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr::NonNull;

pub use sys::pr_sft_options as ModelOptions;
pub use sys::pr_sft_step_info as StepInfo;
pub use sys::pr_sft_train_options as TrainOptions;

/// The library defaults of the model options.
pub fn default_model_options() -> ModelOptions {
    crate::defaults(sys::pr_sft_options_init)
}

/// The library defaults of the training options.
pub fn default_train_options() -> TrainOptions {
    crate::defaults(sys::pr_sft_train_options_init)
}

/// Token id types the trainer takes (copied).
pub trait DataToken: Copy + private::Sealed {
    #[doc(hidden)]
    unsafe fn set(m: *mut sys::pr_sft, tokens: *const Self, n: usize) -> c_int;
}
mod private {
    pub trait Sealed {}
}
macro_rules! data_token {
    ($t:ty, $f:ident) => {
        impl private::Sealed for $t {}
        impl DataToken for $t {
            unsafe fn set(m: *mut sys::pr_sft, tokens: *const Self, n: usize) -> c_int {
                sys::$f(m, tokens, n)
            }
        }
    };
}
data_token!(u16, pr_sft_set_data_u16);
data_token!(u32, pr_sft_set_data_u32);
data_token!(i32, pr_sft_set_data_i32);

/// A GPT-2 style decoder with its AdamW state.
pub struct Model {
    ptr: NonNull<sys::pr_sft>,
}

// Send: one handle per thread (header), so the owner may move it.  Sync: the
// header lets const functions run concurrently on one handle, and every
// `&self` method here calls only functions taking `const pr_sft *`; the ones
// taking `pr_sft *` (train, step, eval, logits, set_*) need `&mut self`.
unsafe impl Send for Model {}
unsafe impl Sync for Model {}

impl Drop for Model {
    fn drop(&mut self) {
        unsafe { sys::pr_sft_free(self.ptr.as_ptr()) }
    }
}

fn name_c(name: &str) -> Result<CString> {
    CString::new(name).map_err(|_| Error::invalid(format!("argument 'name' = {name:?} contains a NUL byte")))
}

impl Model {
    pub fn new(opts: &ModelOptions) -> Result<Model> {
        let mut out = std::ptr::null_mut();
        check(unsafe { sys::pr_sft_create(&mut out, opts) })?;
        Ok(Model { ptr: NonNull::new(out).expect("pr_sft_create returned NULL with PR_OK") })
    }

    pub fn options(&self) -> Result<ModelOptions> {
        let mut o = default_model_options();
        check(unsafe { sys::pr_sft_get_options(self.ptr.as_ptr(), &mut o) })?;
        Ok(o)
    }

    pub fn train_options(&self) -> Result<TrainOptions> {
        let mut o = default_train_options();
        check(unsafe { sys::pr_sft_get_train_options(self.ptr.as_ptr(), &mut o) })?;
        Ok(o)
    }

    pub fn set_train_options(&mut self, opts: &TrainOptions) -> Result<()> {
        check(unsafe { sys::pr_sft_set_train_options(self.ptr.as_ptr(), opts) })
    }

    /// The token stream to train and validate on (copied).
    pub fn set_data<T: DataToken>(&mut self, tokens: &[T]) -> Result<()> {
        check(unsafe { T::set(self.ptr.as_ptr(), tokens.as_ptr(), tokens.len()) })
    }

    /// Runs n_steps (0 = up to max_steps), calling `on_step` after each; a
    /// `true` return stops training (Status::Cancelled; steps are kept).
    pub fn train(&mut self, n_steps: u64, mut on_step: impl FnMut(&StepInfo) -> bool) -> Result<()> {
        struct State<'a> {
            f: &'a mut dyn FnMut(&StepInfo) -> bool,
            panic: Option<Box<dyn std::any::Any + Send>>,
        }
        unsafe extern "C" fn call(user: *mut c_void, info: *const StepInfo) -> c_int {
            // SAFETY: user is the State below, alive for the whole call.
            let s = &mut *(user as *mut State);
            if s.panic.is_some() {
                return 1;
            }
            match catch_unwind(AssertUnwindSafe(|| (s.f)(&*info))) {
                Ok(stop) => stop as c_int,
                Err(p) => {
                    s.panic = Some(p);
                    1
                }
            }
        }
        let mut state = State { f: &mut on_step, panic: None };
        let status = unsafe {
            sys::pr_sft_train(self.ptr.as_ptr(), n_steps, Some(call), &mut state as *mut State as *mut c_void)
        };
        if let Some(p) = state.panic {
            std::panic::resume_unwind(p);
        }
        check(status)
    }

    pub fn step(&mut self) -> Result<StepInfo> {
        let mut info = std::mem::MaybeUninit::<StepInfo>::zeroed();
        check(unsafe { sys::pr_sft_step(self.ptr.as_ptr(), info.as_mut_ptr()) })?;
        Ok(unsafe { info.assume_init() })
    }

    /// Mean validation loss.
    pub fn eval(&mut self) -> Result<f64> {
        let mut v = 0.0;
        check(unsafe { sys::pr_sft_eval(self.ptr.as_ptr(), &mut v) })?;
        Ok(v)
    }

    fn batch_dims(inputs: &[i32], seq_len: usize) -> Result<usize> {
        crate::util::rows_of("inputs", inputs.len(), seq_len)
    }

    /// One step on a caller batch [batch, seq_len] of inputs and targets.
    pub fn step_batch(&mut self, inputs: &[i32], targets: &[i32], seq_len: usize) -> Result<StepInfo> {
        let b = Self::batch_dims(inputs, seq_len)?;
        crate::util::check_len("targets", targets.len(), inputs.len())?;
        let mut info = std::mem::MaybeUninit::<StepInfo>::zeroed();
        check(unsafe {
            sys::pr_sft_step_batch_i32(self.ptr.as_ptr(), inputs.as_ptr(), targets.as_ptr(), b, seq_len, info.as_mut_ptr())
        })?;
        Ok(unsafe { info.assume_init() })
    }

    /// Loss of a batch; gradients are then readable with `grad`.
    pub fn loss_grad(&mut self, inputs: &[i32], targets: &[i32], seq_len: usize) -> Result<f64> {
        let b = Self::batch_dims(inputs, seq_len)?;
        crate::util::check_len("targets", targets.len(), inputs.len())?;
        let mut loss = 0.0;
        check(unsafe {
            sys::pr_sft_loss_grad_i32(self.ptr.as_ptr(), inputs.as_ptr(), targets.as_ptr(), b, seq_len, &mut loss)
        })?;
        Ok(loss)
    }

    /// Logits [batch, seq_len, vocab_size] into `out`.
    pub fn logits(&mut self, inputs: &[i32], seq_len: usize, out: &mut [f32]) -> Result<()> {
        let b = Self::batch_dims(inputs, seq_len)?;
        check(unsafe { sys::pr_sft_logits_f32(self.ptr.as_ptr(), inputs.as_ptr(), b, seq_len, out.as_mut_ptr(), out.len()) })
    }

    pub fn step_count(&self) -> u64 {
        let mut v = 0;
        check(unsafe { sys::pr_sft_step_count(self.ptr.as_ptr(), &mut v) }).expect("valid handle");
        v
    }

    pub fn num_scalars(&self) -> u64 {
        let mut v = 0;
        check(unsafe { sys::pr_sft_num_scalars(self.ptr.as_ptr(), &mut v) }).expect("valid handle");
        v
    }

    /// (name, shape) of every parameter tensor, in the library's order.
    pub fn params(&self) -> Result<Vec<(String, Vec<usize>)>> {
        let mut n = 0usize;
        check(unsafe { sys::pr_sft_param_count(self.ptr.as_ptr(), &mut n) })?;
        (0..n).map(|i| {
            let mut name = std::ptr::null();
            let mut ndim = 0u32;
            let mut shape = [0u64; 2];
            check(unsafe { sys::pr_sft_param_info(self.ptr.as_ptr(), i, &mut name, &mut ndim, shape.as_mut_ptr()) })?;
            let name = unsafe { CStr::from_ptr(name) }.to_string_lossy().into_owned();
            Ok((name, shape[..ndim as usize].iter().map(|&s| s as usize).collect()))
        }).collect()
    }

    fn shape_of(&self, name: &str) -> Result<Vec<u64>> {
        self.params()?.into_iter().find(|(n, _)| n == name)
            .map(|(_, s)| s.into_iter().map(|x| x as u64).collect())
            .ok_or_else(|| Error::invalid(format!("argument 'name' = {name:?}: no such parameter")))
    }

    /// A copy of a parameter tensor (row-major).
    pub fn param(&self, name: &str) -> Result<Vec<f32>> {
        let shape = self.shape_of(name)?;
        let mut out = vec![0.0f32; shape.iter().product::<u64>() as usize];
        let c = name_c(name)?;
        check(unsafe { sys::pr_sft_get_param_f32(self.ptr.as_ptr(), c.as_ptr(), shape.len() as u32, shape.as_ptr(), out.as_mut_ptr()) })?;
        Ok(out)
    }

    /// The gradient of a parameter from the last step or loss_grad.
    pub fn grad(&self, name: &str) -> Result<Vec<f32>> {
        let shape = self.shape_of(name)?;
        let mut out = vec![0.0f32; shape.iter().product::<u64>() as usize];
        let c = name_c(name)?;
        check(unsafe { sys::pr_sft_get_grad_f32(self.ptr.as_ptr(), c.as_ptr(), shape.len() as u32, shape.as_ptr(), out.as_mut_ptr()) })?;
        Ok(out)
    }

    /// Overwrites a parameter tensor (values row-major, same size).
    pub fn set_param(&mut self, name: &str, values: &[f32]) -> Result<()> {
        let shape = self.shape_of(name)?;
        crate::util::check_len("values", values.len(), shape.iter().product::<u64>() as usize)?;
        let c = name_c(name)?;
        check(unsafe { sys::pr_sft_set_param_f32(self.ptr.as_ptr(), c.as_ptr(), shape.len() as u32, shape.as_ptr(), values.as_ptr()) })
    }
}

impl Model {
    /// A model with the architecture stored in a checkpoint, loaded.
    pub fn from_file(path: impl AsRef<std::path::Path>, num_threads: i32) -> Result<Model> {
        let p = crate::util::c_path(path.as_ref())?;
        let mut out = std::ptr::null_mut();
        check(unsafe { sys::pr_sft_create_from_file(&mut out, p.as_ptr(), num_threads) })?;
        Ok(Model { ptr: NonNull::new(out).expect("pr_sft_create_from_file returned NULL with PR_OK") })
    }

    /// Safetensors checkpoint (atomic), with the AdamW state if asked.
    pub fn save(&self, path: impl AsRef<std::path::Path>, include_optimizer: bool) -> Result<()> {
        let p = crate::util::c_path(path.as_ref())?;
        check(unsafe { sys::pr_sft_save(self.ptr.as_ptr(), p.as_ptr(), include_optimizer as i32) })
    }

    /// Loads weights (and optimizer state if present) of the same architecture.
    pub fn load(&mut self, path: impl AsRef<std::path::Path>) -> Result<()> {
        let p = crate::util::c_path(path.as_ref())?;
        check(unsafe { sys::pr_sft_load(self.ptr.as_ptr(), p.as_ptr()) })
    }
}

impl Model {
    pub(crate) fn as_ptr(&self) -> *const sys::pr_sft {
        self.ptr.as_ptr()
    }

    pub(crate) fn as_mut_ptr(&mut self) -> *mut sys::pr_sft {
        self.ptr.as_ptr()
    }
}
