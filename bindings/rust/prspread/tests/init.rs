use prspread::init::{self, default_init_options, CompareSettings};
use prspread::sft::{default_model_options, default_train_options};
use prspread::synth::default_synth_options;
use prspread::{Model, Synth};
use prspread_sys as sys;

fn tokens() -> Vec<u32> {
    let mut o = default_synth_options();
    o.vocab_size = 32;
    o.seed = 4;
    o.structure = 0.8;
    let mut s = Synth::new(&o).unwrap();
    let mut t = vec![0u32; 6000];
    s.generate(&mut t).unwrap();
    t
}

fn small() -> prspread::sft::ModelOptions {
    let mut o = default_model_options();
    o.vocab_size = 32;
    o.context_length = 8;
    o.n_layer = 1;
    o.n_head = 2;
    o.d_model = 16;
    o
}

#[test]
fn direct_init_is_antisymmetric_and_described() {
    let mut o = default_init_options();
    o.strategy = sys::PR_INIT_DIRECT;
    o.mode = sys::PR_MODE_FLUX;
    assert!(init::describe(&o).unwrap().starts_with("direct"));
    assert_eq!(init::strategy_name(sys::PR_INIT_PR_BLEND), Some("pr_blend"));
    assert_eq!(init::strategy_name(99), None);
    let mut m = Model::new(&small()).unwrap();
    let reports = init::apply(&mut m, &o, Some(&tokens())).unwrap();
    assert_eq!(reports.len(), 1);
    assert!(reports[0].symmetry < 1e-6, "symmetry {}", reports[0].symmetry);
}

#[test]
fn compare_two_arms_on_the_same_batches() {
    let model = small();
    let mut train = default_train_options();
    train.batch_size = 2;
    train.warmup_steps = 1;
    train.eval_batches = 1;
    let mut settings = CompareSettings { model: Some(&model), train: Some(&train), ..Default::default() };
    settings.options.steps = 3;
    settings.options.eval_interval = 0;
    let mut direct = default_init_options();
    direct.strategy = sys::PR_INIT_DIRECT;
    let arms = [("random", default_init_options()), ("direct", direct)];
    let mut calls = 0u64;
    let mut cb = |_d: u64, _t: u64| { calls += 1; false };
    let c = init::compare(&settings, &tokens(), &arms, &[1, 2], Some(&mut cb)).unwrap();
    assert_eq!(c.counts(), (2, 2, 3));
    assert_eq!(c.summary(1).unwrap().label, "direct");
    assert_eq!(c.final_losses(0).unwrap().len(), 2);
    assert_eq!(c.train_curve(0, 1).unwrap().len(), 3);
    assert!(c.report(false).unwrap().contains("direct"));
    assert!(calls >= 12);
}
