//! Exact byte-bigram counts of a text file and its most frequent pairs.
//!
//!     cargo run --example bigrams -- /path/to/text.txt [top]
use prspread::Corpus;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).ok_or("usage: bigrams TEXT [top]")?;
    let top: usize = args.get(2).map_or(Ok(10), |s| s.parse())?;
    let bytes = std::fs::read(path)?;

    let mut corpus = Corpus::with_vocab(256)?;
    corpus.add(&bytes)?; // &[u8] is read in place
    let csr = corpus.to_csr()?;
    println!("{} bytes, {} pairs, {} distinct", corpus.total_tokens(), corpus.total_pairs(), corpus.nnz());

    let mut pairs: Vec<(u64, u8, u8)> = Vec::new();
    for a in 0..256usize {
        for i in csr.row_ptr[a] as usize..csr.row_ptr[a + 1] as usize {
            pairs.push((csr.counts[i], a as u8, csr.col_idx[i] as u8));
        }
    }
    pairs.sort_unstable_by(|x, y| y.cmp(x));
    for (n, a, b) in pairs.into_iter().take(top) {
        println!("{:>8}  {:?}{:?}", n, a as char, b as char);
    }
    Ok(())
}
