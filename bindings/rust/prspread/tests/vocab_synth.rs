use prspread::synth::default_synth_options;
use prspread::{read_token_file, Corpus, Status, Synth, TokenFormat, Vocab};

const TEXT: &[u8] = b"the cat sat on the mat . the dog sat on the log .";

#[test]
fn vocab_encodes_and_counts_words() {
    let v = Vocab::build(TEXT, None, false).unwrap();
    assert_eq!(v.word(0).unwrap(), "<unk>");
    assert_eq!(v.word(1).unwrap(), "the");
    let ids = v.encode(b"the cat").unwrap();
    assert_eq!(ids, vec![v.id("the"), v.id("cat")]);
    assert_eq!(v.id("zebra"), prspread::vocab::UNK);
    assert_eq!(v.word(v.len()).unwrap_err().status, Status::OutOfRange);
    let mut c = Corpus::with_vocab(v.len()).unwrap();
    c.add_text_words(&v, TEXT).unwrap();
    assert_eq!(c.count(v.id("sat"), v.id("on")).unwrap(), 2);
    let mut b = Corpus::with_vocab(256).unwrap();
    b.add_text_bytes(TEXT).unwrap();
    assert_eq!(b.total_tokens(), TEXT.len() as u64);
}

#[test]
fn synth_is_reproducible_and_its_rows_are_distributions() {
    let mut o = default_synth_options();
    o.vocab_size = 40;
    o.seed = 5;
    let mut s = Synth::new(&o).unwrap();
    let (mut a, mut b) = (vec![0u32; 500], vec![0u32; 500]);
    s.generate(&mut a).unwrap();
    s.reset().unwrap();
    s.generate(&mut b).unwrap();
    assert_eq!(a, b);
    let row = s.transition_row(3).unwrap();
    assert!((row.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    let (ids, probs) = s.successors(3).unwrap();
    assert_eq!(ids.len(), o.successors as usize);
    assert!((probs.iter().sum::<f64>() - o.structure).abs() < 1e-12);
    let mut c = Corpus::with_vocab(40).unwrap();
    c.add_synth(&mut s, 10_000).unwrap();
    assert_eq!(c.total_tokens(), 10_000);
}

#[test]
fn token_files_and_checkpoints() {
    let dir = std::env::temp_dir().join(format!("prspread-rs-files-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ids: Vec<u16> = vec![3, 1, 4, 1, 5, 9, 2, 6];
    let bytes: Vec<u8> = ids.iter().flat_map(|x| x.to_le_bytes()).collect();
    let f = dir.join("ids.bin");
    std::fs::write(&f, &bytes).unwrap();
    assert_eq!(read_token_file(&f, TokenFormat::U16).unwrap(), ids.iter().map(|&x| x as u32).collect::<Vec<_>>());
    let mut c = Corpus::with_vocab(10).unwrap();
    c.add_token_file(&f, TokenFormat::U16, None).unwrap();
    assert_eq!(c.total_pairs(), 7);

    let mut o = prspread::sft::default_model_options();
    o.vocab_size = 16;
    o.context_length = 8;
    o.n_layer = 1;
    o.n_head = 2;
    o.d_model = 16;
    let m = prspread::Model::new(&o).unwrap();
    let path = dir.join("m.safetensors");
    m.save(&path, true).unwrap();
    let n = prspread::Model::from_file(&path, 0).unwrap();
    assert_eq!(n.param("wte").unwrap(), m.param("wte").unwrap());
    std::fs::remove_dir_all(&dir).ok();
}
