use prspread::sft::{default_model_options, Model};
use prspread::Status;

fn small() -> Model {
    let mut o = default_model_options();
    o.vocab_size = 16;
    o.context_length = 8;
    o.n_layer = 1;
    o.n_head = 2;
    o.d_model = 16;
    let mut m = Model::new(&o).unwrap();
    let mut t = m.train_options().unwrap();
    t.batch_size = 4;
    t.max_steps = 20;
    t.warmup_steps = 2;
    t.eval_batches = 2;
    m.set_train_options(&t).unwrap();
    let mut s = 7u64;
    let data: Vec<u16> = (0..4000).map(|_| { s ^= s << 13; s ^= s >> 7; s ^= s << 17; (s % 16) as u16 }).collect();
    m.set_data(&data).unwrap();
    m
}

#[test]
fn trains_and_reports_each_step() {
    let mut m = small();
    let l0 = m.eval().unwrap();
    assert!((l0 - 16f64.ln()).abs() < 0.15, "initial loss {l0}");
    let mut steps = Vec::new();
    m.train(4, |info| { steps.push(info.step); false }).unwrap();
    assert_eq!(steps, vec![1, 2, 3, 4]);
    assert_eq!(m.step_count(), 4);
    let err = m.train(10, |info| info.step >= 6).unwrap_err();
    assert_eq!(err.status, Status::Cancelled);
    assert_eq!(m.step_count(), 6);
}

#[test]
fn parameters_round_trip_and_shapes_are_checked() {
    let mut m = small();
    let params = m.params().unwrap();
    assert!(params.iter().any(|(n, s)| n == "h.0.attn.w_q" && s == &vec![16, 16]));
    let total: usize = params.iter().map(|(_, s)| s.iter().product::<usize>()).sum();
    assert_eq!(total as u64, m.num_scalars());
    let w: Vec<f32> = (0..256).map(|i| i as f32 / 256.0).collect();
    m.set_param("h.0.attn.w_q", &w).unwrap();
    assert_eq!(m.param("h.0.attn.w_q").unwrap(), w);
    assert_eq!(m.set_param("h.0.attn.w_q", &w[..10]).unwrap_err().status, Status::InvalidArgument);
    assert!(m.param("nope").is_err());
}

#[test]
fn a_panicking_callback_cancels_and_resumes_the_panic() {
    let mut m = small();
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _ = m.train(5, |_| panic!("stop here"));
    }));
    assert!(r.is_err());
    assert_eq!(m.step_count(), 1);
}
