//! `Vocab`: a word-level vocabulary (id 0 is `<unk>`).
use crate::error::{check, Result};
use crate::util::c_path;
use prspread_sys as sys;
use std::ffi::CString;
use std::path::Path;
use std::ptr::NonNull;

pub const UNK: u32 = sys::PR_VOCAB_UNK as u32;

pub struct Vocab {
    ptr: NonNull<sys::pr_vocab>,
}

// Send and Sync: the header says a vocab is immutable once built and a
// const pr_vocab may be shared by any number of threads; every method here
// passes it as `const pr_vocab *`.
unsafe impl Send for Vocab {}
unsafe impl Sync for Vocab {}

impl Drop for Vocab {
    fn drop(&mut self) {
        unsafe { sys::pr_vocab_free(self.ptr.as_ptr()) }
    }
}

fn options(max_words: Option<u32>, lowercase: bool) -> sys::pr_vocab_options {
    let mut o = crate::defaults(sys::pr_vocab_options_init);
    if let Some(m) = max_words {
        o.max_words = m;
    }
    o.lowercase = lowercase as i32;
    o
}

impl Vocab {
    fn wrap(out: *mut sys::pr_vocab) -> Vocab {
        Vocab { ptr: NonNull::new(out).expect("vocab constructor returned NULL with PR_OK") }
    }

    pub(crate) fn as_ptr(&self) -> *const sys::pr_vocab {
        self.ptr.as_ptr()
    }

    /// Builds from text in memory (None = the default 65535 words).
    pub fn build(text: &[u8], max_words: Option<u32>, lowercase: bool) -> Result<Vocab> {
        let o = options(max_words, lowercase);
        let mut out = std::ptr::null_mut();
        check(unsafe { sys::pr_vocab_build(&mut out, text.as_ptr() as *const _, text.len(), &o) })?;
        Ok(Vocab::wrap(out))
    }

    pub fn from_file(path: impl AsRef<Path>, max_words: Option<u32>, lowercase: bool) -> Result<Vocab> {
        let p = c_path(path.as_ref())?;
        let o = options(max_words, lowercase);
        let mut out = std::ptr::null_mut();
        check(unsafe { sys::pr_vocab_build_from_file(&mut out, p.as_ptr(), &o) })?;
        Ok(Vocab::wrap(out))
    }

    pub fn load(path: impl AsRef<Path>) -> Result<Vocab> {
        let p = c_path(path.as_ref())?;
        let mut out = std::ptr::null_mut();
        check(unsafe { sys::pr_vocab_load(&mut out, p.as_ptr()) })?;
        Ok(Vocab::wrap(out))
    }

    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let p = c_path(path.as_ref())?;
        check(unsafe { sys::pr_vocab_save(self.ptr.as_ptr(), p.as_ptr()) })
    }

    /// Number of ids, `<unk>` included.
    pub fn len(&self) -> u32 {
        let mut v = 0;
        check(unsafe { sys::pr_vocab_size(self.ptr.as_ptr(), &mut v) }).expect("valid handle");
        v
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The id of a word (UNK if absent, or if it contains a NUL byte).
    pub fn id(&self, word: &str) -> u32 {
        let w = match CString::new(word) {
            Ok(w) => w,
            Err(_) => return UNK,
        };
        let mut v = UNK;
        check(unsafe { sys::pr_vocab_id(self.ptr.as_ptr(), w.as_ptr(), &mut v) }).expect("valid handle");
        v
    }

    pub fn word(&self, id: u32) -> Result<String> {
        let mut n = 0usize;
        check(unsafe { sys::pr_vocab_word(self.ptr.as_ptr(), id, std::ptr::null_mut(), 0, &mut n) })?;
        let mut buf = vec![0u8; n + 1];
        check(unsafe { sys::pr_vocab_word(self.ptr.as_ptr(), id, buf.as_mut_ptr() as *mut _, buf.len(), &mut n) })?;
        buf.truncate(n);
        Ok(String::from_utf8_lossy(&buf).into_owned())
    }

    pub fn count(&self, id: u32) -> Result<u64> {
        let mut v = 0;
        check(unsafe { sys::pr_vocab_count(self.ptr.as_ptr(), id, &mut v) })?;
        Ok(v)
    }

    /// Word ids of text.
    pub fn encode(&self, text: &[u8]) -> Result<Vec<u32>> {
        let mut n = 0usize;
        let t = text.as_ptr() as *const _;
        check(unsafe { sys::pr_vocab_encode(self.ptr.as_ptr(), t, text.len(), std::ptr::null_mut(), 0, &mut n) })?;
        let mut ids = vec![0u32; n];
        check(unsafe { sys::pr_vocab_encode(self.ptr.as_ptr(), t, text.len(), ids.as_mut_ptr(), ids.len(), &mut n) })?;
        Ok(ids)
    }
}
