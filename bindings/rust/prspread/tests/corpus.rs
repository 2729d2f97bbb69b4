use prspread::{Corpus, CorpusOptions, Status};

fn stream(n: usize, v: u64) -> Vec<u16> {
    // xorshift: reproducible without a crate.
    let mut s = 0x9E3779B97F4A7C15u64;
    (0..n).map(|_| { s ^= s << 13; s ^= s >> 7; s ^= s << 17; (s % v) as u16 }).collect()
}

fn dense(tokens: &[u16], v: usize) -> Vec<u64> {
    let mut c = vec![0u64; v * v];
    for w in tokens.windows(2) {
        c[w[0] as usize * v + w[1] as usize] += 1;
    }
    c
}

fn csr_dense(c: &Corpus) -> Vec<u64> {
    let csr = c.to_csr().unwrap();
    let v = csr.vocab_size as usize;
    let mut d = vec![0u64; v * v];
    for a in 0..v {
        for i in csr.row_ptr[a] as usize..csr.row_ptr[a + 1] as usize {
            d[a * v + csr.col_idx[i] as usize] = csr.counts[i];
        }
    }
    d
}

#[test]
fn counts_match_a_reference_for_each_token_type() {
    let x = stream(3000, 20);
    let want = dense(&x, 20);
    let mut a = Corpus::with_vocab(20).unwrap();
    for chunk in x.chunks(333) {
        a.add(chunk).unwrap();
    }
    assert_eq!(csr_dense(&a), want);
    let mut b = Corpus::with_vocab(20).unwrap();
    b.add(&x.iter().map(|&t| t as i64).collect::<Vec<_>>()).unwrap();
    assert_eq!(csr_dense(&b), want);
    assert_eq!(a.total_pairs(), 2999);
    assert_eq!(a.total_tokens(), 3000);
    assert_eq!(a.count(x[0] as u32, x[1] as u32).unwrap(), want[x[0] as usize * 20 + x[1] as usize]);
    let uni = a.unigram().unwrap();
    assert_eq!(uni.iter().sum::<u64>(), 3000);
}

#[test]
fn errors_carry_status_and_message() {
    let mut c = Corpus::with_vocab(10).unwrap();
    let e = c.add(&[1u32, 2, 77]).unwrap_err();
    assert_eq!(e.status, Status::OutOfRange);
    assert!(e.message.contains("77"), "{}", e.message);
    assert_eq!(c.total_pairs(), 0);
    let e = Corpus::new(&CorpusOptions { vocab_size: 0, ..CorpusOptions::new(1) }).err().unwrap();
    assert_eq!(e.status, Status::InvalidArgument);
    assert!(Corpus::load("/nonexistent/prspread.corpus").is_err());
}

#[test]
fn save_load_merge() {
    let x = stream(1000, 12);
    let dir = std::env::temp_dir().join(format!("prspread-rs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("c.bin");
    let mut c = Corpus::with_vocab(12).unwrap();
    c.add(&x).unwrap();
    c.save(&path).unwrap();
    let d = Corpus::load(&path).unwrap();
    assert_eq!(csr_dense(&d), csr_dense(&c));
    let mut e = Corpus::with_vocab(12).unwrap();
    e.merge(&d).unwrap();
    assert_eq!(e.total_pairs(), d.total_pairs());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_corpus_is_readable_from_several_threads() {
    let mut c = Corpus::with_vocab(12).unwrap();
    c.add(&stream(500, 12)).unwrap();
    let c = &c;
    std::thread::scope(|s| {
        let hs: Vec<_> = (0..3).map(|_| s.spawn(move || c.total_pairs())).collect();
        for h in hs {
            assert_eq!(h.join().unwrap(), 499);
        }
    });
}
