//! `init`: attention initialisation from corpus asymmetry, the matched-seed
//! comparison harness, and checkpoint analysis.
use crate::error::{check, Error, Result};
use crate::progress::Trampoline;
use crate::sft::{Model, ModelOptions, TrainOptions};
use crate::util::{c_path, check_len};
use prspread_sys as sys;
use std::ffi::{CStr, CString};
use std::path::Path;
use std::ptr::NonNull;

pub use sys::pr_init_arm_summary as RawArmSummary;
pub use sys::pr_init_head_analysis as HeadAnalysis;
pub use sys::pr_init_layer_report as LayerReport;
pub use sys::pr_init_options as InitOptions;

/// The library defaults (strategy RANDOM); set fields, e.g.
/// `o.strategy = sys::PR_INIT_DIRECT`.
pub fn default_init_options() -> InitOptions {
    crate::defaults(sys::pr_init_options_init)
}

/// "random", "direct", ... (None for an unknown value).
pub fn strategy_name(strategy: i32) -> Option<&'static str> {
    let name = crate::static_str(unsafe { sys::pr_init_strategy_name(strategy) });
    if name == "unknown" { None } else { Some(name) }
}

/// One line naming the strategy and the options that matter for it.
pub fn describe(opts: &InitOptions) -> Result<String> {
    let mut n = 0usize;
    check(unsafe { sys::pr_init_describe(opts, std::ptr::null_mut(), 0, &mut n) })?;
    let mut buf = vec![0u8; n.max(1)];
    check(unsafe { sys::pr_init_describe(opts, buf.as_mut_ptr() as *mut _, buf.len(), &mut n) })?;
    Ok(until_nul(&buf))
}

/// Initialises `model` in place from `tokens` (needed for DIRECT, PR_BLEND
/// and PPMI-SVD); returns one report per layer.
pub fn apply(model: &mut Model, opts: &InitOptions, tokens: Option<&[u32]>) -> Result<Vec<LayerReport>> {
    let n_layer = model.options()?.n_layer as usize;
    let mut reports: Vec<LayerReport> = Vec::with_capacity(n_layer);
    let (tp, tn) = tokens.map_or((std::ptr::null(), 0), |t| (t.as_ptr(), t.len()));
    check(unsafe { sys::pr_init_apply(model.as_mut_ptr(), opts, tp, tn, reports.as_mut_ptr(), n_layer) })?;
    // SAFETY: on success the library wrote n_layer reports.
    unsafe { reports.set_len(n_layer) };
    Ok(reports)
}

/// M_1..M_K (K*d*d doubles) of a token stream under an embedding [vocab, d].
pub fn corpus_forms(tokens: &[u32], embedding: &[f32], vocab: u32, max_power: u32, mode: i32) -> Result<Vec<f64>> {
    let d = crate::util::rows_of("embedding", embedding.len(), vocab as usize)?;
    let mut out = vec![0.0; max_power as usize * d * d];
    check(unsafe {
        sys::pr_init_corpus_forms_f64(tokens.as_ptr(), tokens.len(), vocab, embedding.as_ptr(), d as u32,
                                      max_power, mode, out.as_mut_ptr())
    })?;
    Ok(out)
}

/// Generated w_q, w_k ([n_layer, d, d] each) without a model; corpus_forms
/// is [n_forms, d, d] float32 (DIRECT uses the first, PR_BLEND all).
pub fn generate(opts: &InitOptions, n_layer: u32, n_head: u32, d_model: u32, corpus_forms: Option<&[f32]>)
                -> Result<(Vec<f32>, Vec<f32>, Vec<LayerReport>)> {
    let dd = (d_model * d_model) as usize;
    let (fp, nf) = match corpus_forms {
        Some(f) => (f.as_ptr(), crate::util::rows_of("corpus_forms", f.len(), dd)? as u32),
        None => (std::ptr::null(), 0),
    };
    let n = n_layer as usize * dd;
    let (mut q, mut k) = (vec![0f32; n], vec![0f32; n]);
    let mut reports: Vec<LayerReport> = Vec::with_capacity(n_layer as usize);
    check(unsafe {
        sys::pr_init_generate_f32(opts, n_layer, n_head, d_model, fp, nf, std::ptr::null(), 0, q.as_mut_ptr(),
                                  k.as_mut_ptr(), std::ptr::null_mut(), std::ptr::null_mut(), reports.as_mut_ptr())
    })?;
    unsafe { reports.set_len(n_layer as usize) };
    Ok((q, k, reports))
}

/// Every parameter of a model as F32 safetensors.
pub fn save_model_safetensors(model: &Model, path: impl AsRef<Path>) -> Result<()> {
    let p = c_path(path.as_ref())?;
    check(unsafe { sys::pr_init_save_model_safetensors(model.as_ptr(), p.as_ptr()) })
}

/// Per-arm result of a comparison, with owned strings.
#[derive(Debug, Clone, PartialEq)]
pub struct ArmSummary {
    pub label: String,
    pub description: String,
    pub n_seeds: u64,
    pub loss_mean: f64,
    pub loss_std: f64,
    pub loss_lo: f64,
    pub loss_hi: f64,
    pub diff_pct_mean: f64,
    pub diff_pct_lo: f64,
    pub diff_pct_hi: f64,
    pub steps_to_random_final: i64,
}

/// The results of a matched-seed comparison.
pub struct Comparison {
    ptr: NonNull<sys::pr_init_compare>,
}

// Send and Sync: the header says the results are immutable and may be read
// from several threads at once; every method takes `&self` and passes
// `const pr_init_compare *`.
unsafe impl Send for Comparison {}
unsafe impl Sync for Comparison {}

impl Drop for Comparison {
    fn drop(&mut self) {
        unsafe { sys::pr_init_compare_free(self.ptr.as_ptr()) }
    }
}

/// Settings of `compare` (library defaults from `Default`).
pub struct CompareSettings<'a> {
    pub options: sys::pr_init_compare_options,
    pub model: Option<&'a ModelOptions>,
    pub train: Option<&'a TrainOptions>,
}

impl Default for CompareSettings<'_> {
    fn default() -> Self {
        let options = crate::defaults(sys::pr_init_compare_options_init);
        CompareSettings { options, model: None, train: None }
    }
}

/// Runs every (label, init options) arm for every seed on the same batches.
pub fn compare(settings: &CompareSettings, tokens: &[u32], arms: &[(&str, InitOptions)], seeds: &[u64],
               progress: Option<&mut dyn FnMut(u64, u64) -> bool>) -> Result<Comparison> {
    let labels: Vec<CString> = arms.iter().map(|(l, _)| CString::new(*l))
        .collect::<std::result::Result<_, _>>()
        .map_err(|_| Error::invalid("argument 'arms': a label contains a NUL byte".into()))?;
    let raw_arms: Vec<sys::pr_init_arm> = arms.iter().zip(&labels)
        .map(|((_, o), l)| sys::pr_init_arm { label: l.as_ptr(), init: *o }).collect();
    let mut opts = settings.options;
    opts.model = settings.model.map_or(std::ptr::null(), |m| m as *const _);
    opts.train = settings.train.map_or(std::ptr::null(), |t| t as *const _);
    let mut out = std::ptr::null_mut();
    let status = match progress {
        None => unsafe {
            sys::pr_init_compare_run(&mut out, &opts, tokens.as_ptr(), tokens.len(), raw_arms.as_ptr(), raw_arms.len(),
                                     seeds.as_ptr(), seeds.len(), None, std::ptr::null_mut())
        },
        Some(cb) => {
            let mut t = Trampoline::new(cb);
            let s = unsafe {
                sys::pr_init_compare_run(&mut out, &opts, tokens.as_ptr(), tokens.len(), raw_arms.as_ptr(),
                                         raw_arms.len(), seeds.as_ptr(), seeds.len(), t.fn_ptr(), t.user())
            };
            t.resume();
            s
        }
    };
    check(status)?;
    Ok(Comparison { ptr: NonNull::new(out).expect("pr_init_compare_run returned NULL with PR_OK") })
}

impl Comparison {
    /// (n_arms, n_seeds, steps).
    pub fn counts(&self) -> (usize, usize, u64) {
        let (mut a, mut s, mut n) = (0usize, 0usize, 0u64);
        check(unsafe { sys::pr_init_compare_counts(self.ptr.as_ptr(), &mut a, &mut s, &mut n) }).expect("valid handle");
        (a, s, n)
    }

    pub fn summary(&self, arm: usize) -> Result<ArmSummary> {
        let mut r = std::mem::MaybeUninit::<RawArmSummary>::zeroed();
        check(unsafe { sys::pr_init_compare_summary(self.ptr.as_ptr(), arm, r.as_mut_ptr()) })?;
        let r = unsafe { r.assume_init() };
        let s = |p: *const std::os::raw::c_char| if p.is_null() { String::new() } else {
            unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
        };
        Ok(ArmSummary {
            label: s(r.label), description: s(r.description), n_seeds: r.n_seeds,
            loss_mean: r.loss_mean, loss_std: r.loss_std, loss_lo: r.loss_lo, loss_hi: r.loss_hi,
            diff_pct_mean: r.diff_pct_mean, diff_pct_lo: r.diff_pct_lo, diff_pct_hi: r.diff_pct_hi,
            steps_to_random_final: r.steps_to_random_final,
        })
    }

    /// Final validation loss per seed.
    pub fn final_losses(&self, arm: usize) -> Result<Vec<f64>> {
        let mut out = vec![0.0; self.counts().1];
        check(unsafe { sys::pr_init_compare_final_losses_f64(self.ptr.as_ptr(), arm, out.as_mut_ptr(), out.len()) })?;
        Ok(out)
    }

    /// Per-step training loss of one run.
    pub fn train_curve(&self, arm: usize, seed_index: usize) -> Result<Vec<f64>> {
        let mut out = vec![0.0; self.counts().2 as usize];
        check(unsafe { sys::pr_init_compare_train_curve_f64(self.ptr.as_ptr(), arm, seed_index, out.as_mut_ptr(), out.len()) })?;
        Ok(out)
    }

    /// The results as markdown (json = false) or JSON.
    pub fn report(&self, json: bool) -> Result<String> {
        let mut n = 0usize;
        let fmt = json as i32;
        check(unsafe { sys::pr_init_compare_report(self.ptr.as_ptr(), fmt, std::ptr::null_mut(), 0, &mut n) })?;
        let mut buf = vec![0u8; n.max(1)];
        check(unsafe { sys::pr_init_compare_report(self.ptr.as_ptr(), fmt, buf.as_mut_ptr() as *mut _, buf.len(), &mut n) })?;
        Ok(until_nul(&buf))
    }
}

/// Per layer and head (head -1 = layer sum) analysis of a checkpoint
/// against a corpus.
pub fn analyze_checkpoint(path: impl AsRef<Path>, tokens: &[u32], n_head: u32) -> Result<Vec<HeadAnalysis>> {
    let p = c_path(path.as_ref())?;
    let mut opts = crate::defaults(sys::pr_init_analysis_options_init);
    opts.n_head = n_head;
    let mut n = 0usize;
    check(unsafe {
        sys::pr_init_analyze_checkpoint(p.as_ptr(), tokens.as_ptr(), tokens.len(), &opts, std::ptr::null_mut(), 0, &mut n)
    })?;
    let mut out: Vec<HeadAnalysis> = Vec::with_capacity(n);
    check(unsafe {
        sys::pr_init_analyze_checkpoint(p.as_ptr(), tokens.as_ptr(), tokens.len(), &opts, out.as_mut_ptr(), n, &mut n)
    })?;
    unsafe { out.set_len(n) };
    check_len("analysis rows", out.len(), n)?;
    Ok(out)
}

/// The text of a NUL-terminated buffer the library filled.
fn until_nul(buf: &[u8]) -> String {
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    String::from_utf8_lossy(&buf[..end]).into_owned()
}
