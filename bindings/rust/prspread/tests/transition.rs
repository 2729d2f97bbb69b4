use prspread::transition::{self, Mode, Part, SimilarityOptions, TransitionOptions};
use prspread::{Corpus, Status, Transition};

const V: usize = 16;
const D: usize = 4;

fn rng(seed: u64) -> impl FnMut() -> f64 {
    let mut s = seed;
    move || { s ^= s << 13; s ^= s >> 7; s ^= s << 17; (s >> 11) as f64 / (1u64 << 53) as f64 }
}

fn setup() -> (Corpus, Transition, Vec<f32>) {
    let mut r = rng(0x1234_5678);
    let x: Vec<u16> = (0..4000).map(|_| (r() * V as f64) as u16).collect();
    let mut c = Corpus::with_vocab(V as u32).unwrap();
    c.add(&x).unwrap();
    let t = Transition::from_corpus(&c, &TransitionOptions::default()).unwrap();
    let e: Vec<f32> = (0..V * D).map(|_| (r() - 0.5) as f32).collect();
    (c, t, e)
}

#[test]
fn rows_are_stochastic_and_pi_is_stationary() {
    let (_c, t, _) = setup();
    for a in 0..V as u32 {
        let s: f64 = (0..V as u32).map(|b| t.entry(a, b).unwrap()).sum();
        assert!((s - 1.0).abs() < 1e-12);
    }
    let pi = t.stationary().unwrap();
    assert!((pi.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    assert_eq!(t.entry(V as u32, 0).unwrap_err().status, Status::OutOfRange);
}

#[test]
fn project_matches_dense_first_power() {
    let (_c, t, e) = setup();
    let m = t.project(&e, D, 2, Mode::Raw, None).unwrap();
    assert_eq!(m.len(), 2 * D * D);
    // Dense reference M_1 = E^T T E in double.
    let tm: Vec<f64> = (0..V * V).map(|i| t.entry((i / V) as u32, (i % V) as u32).unwrap()).collect();
    for i in 0..D {
        for j in 0..D {
            let mut r = 0.0;
            for a in 0..V {
                for b in 0..V {
                    r += e[a * D + i] as f64 * tm[a * V + b] * e[b * D + j] as f64;
                }
            }
            assert!((m[i * D + j] - r).abs() < 1e-5, "M_1[{i},{j}] {} vs {}", m[i * D + j], r);
        }
    }
}

#[test]
fn pr_table_progress_and_cancel() {
    let (_c, t, e) = setup();
    let mut calls = 0;
    let mut cb = |_d: u64, _t: u64| { calls += 1; false };
    let rows = t.pr_table(&e, D, 3, Some(&mut cb)).unwrap();
    assert_eq!(rows.len(), 3 * 4);
    assert!(calls >= 3);
    assert!(rows.iter().any(|r| r.mode_name == "flux"));
    let mut cancel = |_d: u64, _t: u64| true;
    let err = t.project(&e, D, 3, Mode::Flux, Some(&mut cancel)).unwrap_err();
    assert_eq!(err.status, Status::Cancelled);
    assert!(t.project(&e, D, 1, Mode::Flux, None).is_ok());
}

#[test]
fn one_plane_has_pr_two_and_similarity_with_itself_is_one() {
    let d = 6;
    let mut a = vec![0.0; d * d];
    a[1] = 1.0;
    a[d] = -1.0;
    let (s, w) = transition::spectrum_antisym(&a).unwrap();
    assert!((s.pr - 2.0).abs() < 1e-12 && (s.planes - 1.0).abs() < 1e-12);
    assert!((w[0] - 1.0).abs() < 1e-12);
    let mut r = rng(7);
    let m: Vec<f64> = (0..d * d).map(|_| r() - 0.5).collect();
    let mut opts = SimilarityOptions::default();
    opts.0.planes = 2; // d = 6 holds at most 3 planes
    let sim = transition::similarity(&m, &m, &opts).unwrap();
    assert!((sim.frobenius_cosine.value - 1.0).abs() < 1e-12);
    let cos = transition::principal_cosines(&m, &m, Part::Antisymmetric, 2).unwrap();
    assert!(cos.iter().all(|c| (c - 1.0).abs() < 1e-9));
    assert!(transition::spectrum(&m[..d * d - 1]).is_err());
}

#[test]
fn gaussian_embeddings_are_seeded() {
    let a = transition::gaussian_embeddings(50, 4, 9, 1.0, 1.5).unwrap();
    let b = transition::gaussian_embeddings(50, 4, 9, 1.0, 1.5).unwrap();
    assert_eq!(a, b);
    assert_eq!(transition::gaussian_embeddings(5, 4, 9, 0.0, 0.0).unwrap_err().status, Status::InvalidArgument);
}

#[test]
fn ppmi_svd_of_a_cycle_has_log_v_singular_values() {
    // 0 1 ... 11 0 1 ...: PPMI[a, a+1] ~ log(12), a scaled permutation.
    let x: Vec<u32> = (0..1200u32).map(|i| i % 12).collect();
    let mut c = Corpus::with_vocab(12).unwrap();
    c.add(&x).unwrap();
    let opts = transition::PpmiOptions::default();
    let (e, s) = transition::ppmi_svd_embeddings(&c, 4, &opts).unwrap();
    assert_eq!(e.len(), 12 * 4);
    for v in &s {
        assert!((v - 12f64.ln()).abs() < 0.01, "singular value {v}");
    }
    let (e2, _) = transition::ppmi_svd_embeddings(&c, 4, &opts).unwrap();
    assert_eq!(e, e2);
    let err = transition::ppmi_svd_embeddings(&c, 13, &opts).unwrap_err();
    assert_eq!(err.status, Status::InvalidArgument);
    assert!(err.message.contains("'d' = 13"), "{}", err.message);
    // Every option reaches the library: a shift that clips all of PPMI away,
    // and an out-of-range smoothing exponent named with its value.
    let mut shifted = opts;
    shifted.0.shift = 10.0;
    let err = transition::ppmi_svd_embeddings(&c, 4, &shifted).unwrap_err();
    assert_eq!(err.status, Status::Numeric, "{}", err.message);
    let mut bad = opts;
    bad.0.context_alpha = 0.0;
    let err = transition::ppmi_svd_embeddings(&c, 4, &bad).unwrap_err();
    assert!(err.message.contains("context_alpha"), "{}", err.message);
    let mut other_seed = opts;
    other_seed.0.seed = 7;
    other_seed.0.oversampling = 2;
    let (e3, s3) = transition::ppmi_svd_embeddings(&c, 4, &other_seed).unwrap();
    assert_eq!(e3.len(), e.len());
    for v in &s3 {
        assert!((v - 12f64.ln()).abs() < 0.01, "singular value {v}");
    }
}
