//! The PR table of a byte-level bigram corpus: PR(A_k) for each centring
//! form, with a random embedding (the source's "PR = 2.00" lock appears in
//! the raw form and disappears with centring or the flux form).
//!
//!     cargo run --example pr_table -- /path/to/text.txt [d] [K]
use prspread::transition::{Mode, TransitionOptions};
use prspread::{Corpus, Transition};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).ok_or("usage: pr_table TEXT [d] [K]")?;
    let d: usize = args.get(2).map_or(Ok(32), |s| s.parse())?;
    let k: u32 = args.get(3).map_or(Ok(4), |s| s.parse())?;
    let bytes = std::fs::read(path)?;

    let mut corpus = Corpus::with_vocab(256)?;
    corpus.add(&bytes)?;
    let t = Transition::from_corpus(&corpus, &TransitionOptions::default())?;

    // A Gaussian-ish embedding with a shared mean direction, as trained
    // embeddings have (xorshift, no crates).
    let mut s = 42u64;
    let mut next = move || { s ^= s << 13; s ^= s >> 7; s ^= s << 17; (s >> 11) as f64 / (1u64 << 53) as f64 - 0.5 };
    let e: Vec<f32> = (0..256 * d).map(|i| (next() + if i % d == 0 { 1.0 } else { 0.0 }) as f32).collect();

    let mut report = |done: u64, total: u64| { eprint!("\rpower {done}/{total}"); false };
    let rows = t.pr_table(&e, d, k, Some(&mut report))?;
    eprintln!();
    println!("{:>5} {:>22} {:>8} {:>8}", "k", "mode", "PR", "planes");
    for r in rows.iter().filter(|r| r.mode != Mode::SubtractStationary as i32) {
        println!("{:>5} {:>22} {:>8.3} {:>8.3}", r.power, r.mode_name, r.pr, r.planes);
    }
    Ok(())
}
