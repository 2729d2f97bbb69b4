//! `Corpus`: exact streaming bigram (lag-pair) counts.
use crate::error::{check, Error, Result};
use crate::progress::Trampoline;
use crate::synth::Synth;
use crate::vocab::Vocab;
use crate::util::{c_path, check_len};
use prspread_sys as sys;
use std::os::raw::c_int;
use std::path::Path;
use std::ptr::NonNull;

/// Options of a new corpus (the library defaults, from
/// `pr_corpus_options_init`, except for the vocabulary size).
#[derive(Debug, Clone, Copy)]
pub struct CorpusOptions {
    pub vocab_size: u32,
    pub lag: u32,
    pub num_threads: i32,
    /// A token id that ends a document, or None.
    pub separator: Option<u32>,
}

impl CorpusOptions {
    pub fn new(vocab_size: u32) -> Self {
        let mut o = raw_defaults();
        o.vocab_size = vocab_size;
        CorpusOptions {
            vocab_size,
            lag: o.lag,
            num_threads: o.num_threads,
            separator: u32::try_from(o.separator).ok(),
        }
    }

    fn to_raw(self) -> sys::pr_corpus_options {
        let mut o = raw_defaults();
        o.vocab_size = self.vocab_size;
        o.lag = self.lag;
        o.num_threads = self.num_threads;
        o.separator = self.separator.map_or(-1, i64::from);
        o
    }
}

fn raw_defaults() -> sys::pr_corpus_options {
    crate::defaults(sys::pr_corpus_options_init)
}

/// Token id types the C API counts without a copy.
pub trait Token: Copy + private::Sealed {
    #[doc(hidden)]
    unsafe fn add(c: *mut sys::pr_corpus, tokens: *const Self, n: usize) -> c_int;
}

mod private {
    pub trait Sealed {}
}

macro_rules! token {
    ($t:ty, $f:ident) => {
        impl private::Sealed for $t {}
        impl Token for $t {
            unsafe fn add(c: *mut sys::pr_corpus, tokens: *const Self, n: usize) -> c_int {
                sys::$f(c, tokens, n)
            }
        }
    };
}
token!(u8, pr_corpus_add_u8);
token!(u16, pr_corpus_add_u16);
token!(u32, pr_corpus_add_u32);
token!(i32, pr_corpus_add_i32);
token!(i64, pr_corpus_add_i64);

/// The counts in CSR form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Csr {
    pub vocab_size: u32,
    pub row_ptr: Vec<u64>,
    pub col_idx: Vec<u32>,
    pub counts: Vec<u64>,
}

/// Exact counts C[a,b] of token b following token a at distance `lag`.
pub struct Corpus {
    ptr: NonNull<sys::pr_corpus>,
}

// Send: the header's rule is one handle per thread, so moving the sole owner
// to another thread is allowed.  Sync: every `&self` method below calls a C
// function taking `const pr_corpus *`, which the header allows from several
// threads at once; mutation needs `&mut self`.
unsafe impl Send for Corpus {}
unsafe impl Sync for Corpus {}

impl Drop for Corpus {
    fn drop(&mut self) {
        unsafe { sys::pr_corpus_free(self.ptr.as_ptr()) }
    }
}

impl Corpus {
    pub fn new(opts: &CorpusOptions) -> Result<Corpus> {
        let raw = opts.to_raw();
        let mut out = std::ptr::null_mut();
        check(unsafe { sys::pr_corpus_create(&mut out, &raw) })?;
        Ok(Corpus { ptr: NonNull::new(out).expect("pr_corpus_create returned NULL with PR_OK") })
    }

    /// The raw handle, for other families' functions that read a corpus.
    pub(crate) fn as_ptr(&self) -> *const sys::pr_corpus {
        self.ptr.as_ptr()
    }

    /// A bigram corpus over `vocab_size` ids with default options.
    pub fn with_vocab(vocab_size: u32) -> Result<Corpus> {
        Corpus::new(&CorpusOptions::new(vocab_size))
    }

    /// Loads a file written by `save`.
    pub fn load(path: impl AsRef<Path>) -> Result<Corpus> {
        let p = c_path(path.as_ref())?;
        let mut out = std::ptr::null_mut();
        check(unsafe { sys::pr_corpus_load(&mut out, p.as_ptr()) })?;
        Ok(Corpus { ptr: NonNull::new(out).expect("pr_corpus_load returned NULL with PR_OK") })
    }

    /// Saves atomically (magic, version, checksum).
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let p = c_path(path.as_ref())?;
        check(unsafe { sys::pr_corpus_save(self.ptr.as_ptr(), p.as_ptr()) })
    }

    /// Counts the next tokens of the current document (read in place).
    pub fn add<T: Token>(&mut self, tokens: &[T]) -> Result<()> {
        check(unsafe { T::add(self.ptr.as_ptr(), tokens.as_ptr(), tokens.len()) })
    }

    /// Ends the current document: no pair links it to the next token.
    pub fn end_document(&mut self) -> Result<()> {
        check(unsafe { sys::pr_corpus_end_document(self.ptr.as_ptr()) })
    }

    /// Adds other's counts (vocab_size and lag must agree).
    pub fn merge(&mut self, other: &Corpus) -> Result<()> {
        check(unsafe { sys::pr_corpus_merge(self.ptr.as_ptr(), other.ptr.as_ptr()) })
    }

    pub fn set_num_threads(&mut self, num_threads: i32) -> Result<()> {
        check(unsafe { sys::pr_corpus_set_num_threads(self.ptr.as_ptr(), num_threads) })
    }

    pub fn vocab_size(&self) -> u32 {
        let mut v = 0;
        check(unsafe { sys::pr_corpus_vocab_size(self.ptr.as_ptr(), &mut v) }).expect("valid handle");
        v
    }

    pub fn lag(&self) -> u32 {
        let mut v = 0;
        check(unsafe { sys::pr_corpus_lag(self.ptr.as_ptr(), &mut v) }).expect("valid handle");
        v
    }

    pub fn total_tokens(&self) -> u64 {
        let mut v = 0;
        check(unsafe { sys::pr_corpus_total_tokens(self.ptr.as_ptr(), &mut v) }).expect("valid handle");
        v
    }

    pub fn total_pairs(&self) -> u64 {
        let mut v = 0;
        check(unsafe { sys::pr_corpus_total_pairs(self.ptr.as_ptr(), &mut v) }).expect("valid handle");
        v
    }

    pub fn nnz(&self) -> u64 {
        let mut v = 0;
        check(unsafe { sys::pr_corpus_nnz(self.ptr.as_ptr(), &mut v) }).expect("valid handle");
        v
    }

    /// C[a, b] (0 if never seen).
    pub fn count(&self, a: u32, b: u32) -> Result<u64> {
        let mut v = 0;
        check(unsafe { sys::pr_corpus_count(self.ptr.as_ptr(), a, b, &mut v) })?;
        Ok(v)
    }

    /// Unigram counts into `out` (length V).
    pub fn unigram_into(&self, out: &mut [u64]) -> Result<()> {
        check_len("out", out.len(), self.vocab_size() as usize)?;
        check(unsafe { sys::pr_corpus_unigram_u64(self.ptr.as_ptr(), out.as_mut_ptr(), out.len()) })
    }

    pub fn unigram(&self) -> Result<Vec<u64>> {
        let mut v = vec![0; self.vocab_size() as usize];
        self.unigram_into(&mut v)?;
        Ok(v)
    }

    /// The counts as CSR (size query, then fill).
    pub fn to_csr(&self) -> Result<Csr> {
        let p = self.ptr.as_ptr();
        let mut nnz = 0u64;
        let null = std::ptr::null_mut();
        check(unsafe { sys::pr_corpus_export_csr(p, null, null as *mut u32, null, 0, &mut nnz) })?;
        let v = self.vocab_size();
        let n = usize::try_from(nnz).map_err(|_| Error::invalid(format!("nnz {nnz} too large")))?;
        let mut csr = Csr { vocab_size: v, row_ptr: vec![0; v as usize + 1], col_idx: vec![0; n], counts: vec![0; n] };
        check(unsafe {
            sys::pr_corpus_export_csr(p, csr.row_ptr.as_mut_ptr(), csr.col_idx.as_mut_ptr(),
                                      csr.counts.as_mut_ptr(), n, &mut nnz)
        })?;
        Ok(csr)
    }
}

/// On-disk token id formats (see `pr_token_format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenFormat {
    Auto = sys::PR_TOKENS_AUTO as isize,
    U16 = sys::PR_TOKENS_U16 as isize,
    U32 = sys::PR_TOKENS_U32 as isize,
    Llmc = sys::PR_TOKENS_LLMC as isize,
    Npy = sys::PR_TOKENS_NPY as isize,
}

/// A whole token file as u32 ids.
pub fn read_token_file(path: impl AsRef<Path>, format: TokenFormat) -> Result<Vec<u32>> {
    let p = c_path(path.as_ref())?;
    let mut count = 0u64;
    check(unsafe { sys::pr_token_file_read_u32(p.as_ptr(), format as i32, std::ptr::null_mut(), 0, &mut count) })?;
    let mut out = vec![0u32; count as usize];
    check(unsafe { sys::pr_token_file_read_u32(p.as_ptr(), format as i32, out.as_mut_ptr(), out.len(), &mut count) })?;
    Ok(out)
}

impl Corpus {
    /// Counts a token file (memory-mapped) as the continuation of the current
    /// document; `progress(done, total)` returning true cancels, keeping the
    /// chunks counted before.
    pub fn add_token_file(&mut self, path: impl AsRef<Path>, format: TokenFormat,
                          progress: Option<&mut dyn FnMut(u64, u64) -> bool>) -> Result<()> {
        let p = c_path(path.as_ref())?;
        match progress {
            None => check(unsafe {
                sys::pr_corpus_add_token_file(self.ptr.as_ptr(), p.as_ptr(), format as i32, None, std::ptr::null_mut())
            }),
            Some(cb) => {
                let mut t = Trampoline::new(cb);
                let status = unsafe {
                    sys::pr_corpus_add_token_file(self.ptr.as_ptr(), p.as_ptr(), format as i32, t.fn_ptr(), t.user())
                };
                t.resume();
                check(status)
            }
        }
    }
}

impl Corpus {
    /// Counts text as byte ids (needs vocab_size >= 256).
    pub fn add_text_bytes(&mut self, text: &[u8]) -> Result<()> {
        check(unsafe { sys::pr_corpus_add_text_bytes(self.ptr.as_ptr(), text.as_ptr() as *const _, text.len()) })
    }

    /// Encodes text with a vocabulary and counts the word ids.
    pub fn add_text_words(&mut self, vocab: &Vocab, text: &[u8]) -> Result<()> {
        check(unsafe {
            sys::pr_corpus_add_text_words(self.ptr.as_ptr(), vocab.as_ptr(), text.as_ptr() as *const _, text.len())
        })
    }

    /// Generates n_tokens from `synth` and counts them as one document.
    pub fn add_synth(&mut self, synth: &mut Synth, n_tokens: u64) -> Result<()> {
        check(unsafe {
            sys::pr_corpus_add_synth(self.ptr.as_ptr(), synth.as_mut_ptr(), n_tokens, None, std::ptr::null_mut())
        })
    }
}
