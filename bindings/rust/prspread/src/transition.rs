//! `Transition` (T, pi, powers through embeddings, PR table) and the
//! handle-free matrix functions (spectra, similarities).
use crate::corpus::Corpus;
use crate::error::{check, Result};
use crate::progress::Trampoline;
use crate::util::{check_len, rows_of, square_dim};
use prspread_sys as sys;
use std::ffi::CStr;
use std::ptr::NonNull;

pub use sys::pr_irreversibility as Irreversibility;
pub use sys::pr_similarity as Similarity;
pub use sys::pr_similarity_stat as SimilarityStat;
pub use sys::pr_spectrum as Spectrum;
pub use sys::pr_transition_info as TransitionInfo;

/// How M_k is formed from T^k and E (see the header).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Raw = sys::PR_MODE_RAW as isize,
    CenterEmbeddings = sys::PR_MODE_CENTER_EMBEDDINGS as isize,
    SubtractStationary = sys::PR_MODE_SUBTRACT_STATIONARY as isize,
    Flux = sys::PR_MODE_FLUX as isize,
}

/// Which part of a matrix a similarity or basis refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Full = sys::PR_PART_FULL as isize,
    Antisymmetric = sys::PR_PART_ANTISYMMETRIC as isize,
    Symmetric = sys::PR_PART_SYMMETRIC as isize,
}

/// The library's name of a mode ("raw", "flux", ...).
pub fn mode_name(mode: Mode) -> &'static str {
    crate::static_str(unsafe { sys::pr_projection_mode_name(mode as i32) })
}

/// Options of `Transition::from_csr`; `Default` is the library's defaults.
#[derive(Debug, Clone, Copy)]
pub struct TransitionOptions(pub sys::pr_transition_options);

impl Default for TransitionOptions {
    fn default() -> Self {
        TransitionOptions(crate::defaults(sys::pr_transition_options_init))
    }
}

/// Options of `Similarity`; `Default` is the library's defaults.
#[derive(Debug, Clone, Copy)]
pub struct SimilarityOptions(pub sys::pr_similarity_options);

impl Default for SimilarityOptions {
    fn default() -> Self {
        SimilarityOptions(crate::defaults(sys::pr_similarity_options_init))
    }
}

fn projection_options(max_power: u32, mode: Mode) -> sys::pr_projection_options {
    let mut o = crate::defaults(sys::pr_projection_options_init);
    o.max_power = max_power;
    o.mode = mode as i32;
    o
}

/// A progress callback: (done, total) -> true to cancel.
pub type Progress<'a> = Option<&'a mut dyn FnMut(u64, u64) -> bool>;

/// One row of the PR table (the antisymmetric part A_k under one mode).
#[derive(Debug, Clone, PartialEq)]
pub struct PrRow {
    pub mode: i32,
    pub mode_name: String,
    pub power: u32,
    pub pr: f64,
    pub pr_sigma: f64,
    pub planes: f64,
    pub effective_rank: f64,
    pub stable_rank: f64,
    pub antisym_norm: f64,
    pub sym_norm: f64,
    pub top_plane_share: f64,
}

/// Row-stochastic T of bigram counts.
pub struct Transition {
    ptr: NonNull<sys::pr_transition>,
}

// Send and Sync: the header says a pr_transition is immutable after creation
// and a const handle may be used by several threads at once; every method
// here takes `&self` and passes the handle as `const pr_transition *`.
unsafe impl Send for Transition {}
unsafe impl Sync for Transition {}

impl Drop for Transition {
    fn drop(&mut self) {
        unsafe { sys::pr_transition_free(self.ptr.as_ptr()) }
    }
}

impl Transition {
    /// From CSR counts (copied): row_ptr[V+1], col[nnz], count[nnz],
    /// optional unigram[V].
    pub fn from_csr(vocab_size: u32, row_ptr: &[u64], col: &[u32], count: &[u64],
                    unigram: Option<&[u64]>, opts: &TransitionOptions) -> Result<Transition> {
        check_len("row_ptr", row_ptr.len(), vocab_size as usize + 1)?;
        check_len("count", count.len(), col.len())?;
        if let Some(u) = unigram {
            check_len("unigram", u.len(), vocab_size as usize)?;
        }
        let mut out = std::ptr::null_mut();
        check(unsafe {
            sys::pr_transition_create_csr(&mut out, vocab_size, row_ptr.as_ptr(), col.as_ptr(),
                                          count.as_ptr(), unigram.map_or(std::ptr::null(), |u| u.as_ptr()),
                                          &opts.0)
        })?;
        Ok(Transition { ptr: NonNull::new(out).expect("create returned NULL with PR_OK") })
    }

    /// T of a corpus's counts (copied; the corpus may be dropped after).
    pub fn from_corpus(corpus: &Corpus, opts: &TransitionOptions) -> Result<Transition> {
        let csr = corpus.to_csr()?;
        let unigram = corpus.unigram()?;
        Transition::from_csr(csr.vocab_size, &csr.row_ptr, &csr.col_idx, &csr.counts, Some(&unigram), opts)
    }

    pub fn info(&self) -> Result<TransitionInfo> {
        let mut out = std::mem::MaybeUninit::<TransitionInfo>::zeroed();
        check(unsafe { sys::pr_transition_info_get(self.ptr.as_ptr(), out.as_mut_ptr()) })?;
        Ok(unsafe { out.assume_init() })
    }

    pub fn vocab_size(&self) -> u32 {
        self.info().expect("valid handle").vocab_size
    }

    /// pi (V doubles).
    pub fn stationary(&self) -> Result<Vec<f64>> {
        let mut pi = vec![0.0; self.vocab_size() as usize];
        check(unsafe { sys::pr_transition_stationary_f64(self.ptr.as_ptr(), pi.as_mut_ptr(), pi.len()) })?;
        Ok(pi)
    }

    pub fn entry(&self, a: u32, b: u32) -> Result<f64> {
        let mut v = 0.0;
        check(unsafe { sys::pr_transition_entry_f64(self.ptr.as_ptr(), a, b, &mut v) })?;
        Ok(v)
    }

    pub fn irreversibility(&self) -> Result<Irreversibility> {
        let mut out = std::mem::MaybeUninit::<Irreversibility>::zeroed();
        check(unsafe { sys::pr_transition_irreversibility(self.ptr.as_ptr(), out.as_mut_ptr()) })?;
        Ok(unsafe { out.assume_init() })
    }

    /// y = T x for a row-major V x d block.
    pub fn apply(&self, x: &[f32], d: usize, y: &mut [f32]) -> Result<()> {
        let rows = rows_of("x", x.len(), d)?;
        check_len("y", y.len(), x.len())?;
        check(unsafe { sys::pr_transition_apply_f32(self.ptr.as_ptr(), x.as_ptr(), rows, d, y.as_mut_ptr()) })
    }

    /// M_k for k = 1..K, K*d*d doubles (M_k at (k-1)*d*d).
    pub fn project(&self, e: &[f32], d: usize, max_power: u32, mode: Mode, progress: Progress) -> Result<Vec<f64>> {
        let rows = rows_of("e", e.len(), d)?;
        let mut opts = projection_options(max_power, mode);
        let mut m = vec![0.0; max_power as usize * d * d];
        with_progress(progress, &mut opts, |opts| unsafe {
            sys::pr_transition_project_f32(self.ptr.as_ptr(), e.as_ptr(), rows, d, opts, m.as_mut_ptr(), m.len())
        })?;
        Ok(m)
    }

    /// PR(A_k) for k = 1..K under every mode (ordered by power, then mode).
    pub fn pr_table(&self, e: &[f32], d: usize, max_power: u32, progress: Progress) -> Result<Vec<PrRow>> {
        let rows_e = rows_of("e", e.len(), d)?;
        let mut opts = projection_options(max_power, Mode::Raw);
        let mut needed = 0usize;
        check(unsafe {
            sys::pr_transition_pr_table_f32(self.ptr.as_ptr(), e.as_ptr(), rows_e, d, &opts,
                                            std::ptr::null_mut(), 0, &mut needed)
        })?;
        let mut raw: Vec<sys::pr_pr_row> = Vec::with_capacity(needed);
        with_progress(progress, &mut opts, |opts| unsafe {
            sys::pr_transition_pr_table_f32(self.ptr.as_ptr(), e.as_ptr(), rows_e, d, opts,
                                            raw.as_mut_ptr(), needed, &mut needed)
        })?;
        // SAFETY: on success the library wrote `needed` rows.
        unsafe { raw.set_len(needed) };
        Ok(raw.iter().map(|r| PrRow {
            mode: r.mode,
            mode_name: unsafe { CStr::from_ptr(r.mode_name) }.to_string_lossy().into_owned(),
            power: r.power, pr: r.pr, pr_sigma: r.pr_sigma, planes: r.planes,
            effective_rank: r.effective_rank, stable_rank: r.stable_rank,
            antisym_norm: r.antisym_norm, sym_norm: r.sym_norm, top_plane_share: r.top_plane_share,
        }).collect())
    }
}

fn with_progress(progress: Progress, opts: &mut sys::pr_projection_options,
                 f: impl FnOnce(&sys::pr_projection_options) -> i32) -> Result<()> {
    match progress {
        None => check(f(opts)),
        Some(cb) => {
            let mut t = Trampoline::new(cb);
            opts.progress = t.fn_ptr();
            opts.progress_user = t.user();
            let status = f(opts);
            t.resume();
            check(status)
        }
    }
}

// ---- matrix functions (no handle; thread-safe) ------------------------------

/// (S, A): symmetric and antisymmetric parts of a d x d matrix.
pub fn split_sym_antisym(m: &[f64]) -> Result<(Vec<f64>, Vec<f64>)> {
    let d = square_dim("m", m.len())?;
    let (mut s, mut a) = (vec![0.0; m.len()], vec![0.0; m.len()]);
    check(unsafe { sys::pr_split_sym_antisym_f64(m.as_ptr(), d, s.as_mut_ptr(), a.as_mut_ptr()) })?;
    Ok((s, a))
}

/// Spectrum and singular values (descending) of a d x d matrix.
pub fn spectrum(m: &[f64]) -> Result<(Spectrum, Vec<f64>)> {
    let d = square_dim("m", m.len())?;
    let mut sv = vec![0.0; d];
    let mut out = std::mem::MaybeUninit::<Spectrum>::zeroed();
    check(unsafe { sys::pr_spectrum_f64(m.as_ptr(), d, sv.as_mut_ptr(), out.as_mut_ptr()) })?;
    Ok((unsafe { out.assume_init() }, sv))
}

/// Spectrum of the antisymmetric part and its plane frequencies (d/2).
pub fn spectrum_antisym(m: &[f64]) -> Result<(Spectrum, Vec<f64>)> {
    let d = square_dim("m", m.len())?;
    let mut w = vec![0.0; d / 2];
    let wp = if w.is_empty() { std::ptr::null_mut() } else { w.as_mut_ptr() };
    let mut out = std::mem::MaybeUninit::<Spectrum>::zeroed();
    check(unsafe { sys::pr_spectrum_antisym_f64(m.as_ptr(), d, wp, out.as_mut_ptr()) })?;
    Ok((unsafe { out.assume_init() }, w))
}

/// Orthonormal basis (d x 2*planes, row-major) of the top invariant planes.
pub fn top_planes(m: &[f64], part: Part, planes: usize) -> Result<Vec<f64>> {
    let d = square_dim("m", m.len())?;
    let mut basis = vec![0.0; d * 2 * planes];
    check(unsafe { sys::pr_top_planes_f64(m.as_ptr(), d, part as i32, planes, basis.as_mut_ptr(), basis.len()) })?;
    Ok(basis)
}

/// Similarities of two d x d matrices, each with its null.
pub fn similarity(a: &[f64], b: &[f64], opts: &SimilarityOptions) -> Result<Similarity> {
    let d = square_dim("a", a.len())?;
    check_len("b", b.len(), a.len())?;
    let mut out = std::mem::MaybeUninit::<Similarity>::zeroed();
    check(unsafe { sys::pr_similarity_f64(a.as_ptr(), b.as_ptr(), d, &opts.0, out.as_mut_ptr()) })?;
    Ok(unsafe { out.assume_init() })
}

/// Cosines of the 2*planes principal angles, descending.
pub fn principal_cosines(a: &[f64], b: &[f64], part: Part, planes: usize) -> Result<Vec<f64>> {
    let d = square_dim("a", a.len())?;
    check_len("b", b.len(), a.len())?;
    let mut cos = vec![0.0; 2 * planes];
    check(unsafe { sys::pr_principal_cosines_f64(a.as_ptr(), b.as_ptr(), d, part as i32, planes, cos.as_mut_ptr()) })?;
    Ok(cos)
}

/// Options of `ppmi_svd_embeddings`; `Default` is the library's defaults
/// (oversampling 10, 4 power iterations, seed 1, no context smoothing, no
/// shift, default threads, no progress callback).  Set the fields of `.0`.
#[derive(Debug, Clone, Copy)]
pub struct PpmiOptions(pub sys::pr_ppmi_options);

impl Default for PpmiOptions {
    fn default() -> Self {
        PpmiOptions(crate::defaults(sys::pr_ppmi_options_init))
    }
}

/// PPMI-SVD embeddings of a corpus (V x d, row-major f32) and the top d
/// singular values of PPMI (descending), by the library's seeded randomized
/// SVD (see the header's pr_embeddings_ppmi_svd_f32).  Same corpus, options
/// and thread count, same E.
pub fn ppmi_svd_embeddings(corpus: &Corpus, d: usize, opts: &PpmiOptions) -> Result<(Vec<f32>, Vec<f64>)> {
    let v = corpus.vocab_size() as usize;
    let mut e = vec![0f32; v * d];
    let mut s = vec![0f64; d];
    let sp = if d == 0 { std::ptr::null_mut() } else { s.as_mut_ptr() };
    check(unsafe { sys::pr_embeddings_ppmi_svd_f32(corpus.as_ptr(), &opts.0, e.as_mut_ptr(), v, d, sp) })?;
    Ok((e, s))
}

/// Seeded Gaussian embeddings (rows x d, row-major): scale * (z_a +
/// mean_strength * sqrt(d) * m) with one shared unit direction m.
pub fn gaussian_embeddings(rows: usize, d: usize, seed: u64, scale: f64, mean_strength: f64) -> Result<Vec<f32>> {
    let mut e = vec![0f32; rows * d];
    check(unsafe { sys::pr_embeddings_gaussian_f32(e.as_mut_ptr(), rows, d, seed, scale, mean_strength) })?;
    Ok(e)
}
