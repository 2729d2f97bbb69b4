use prspread::{Status};

#[test]
fn version_matches_the_header() {
    assert!(prspread::version_matches());
    let v = prspread::version_number();
    assert_eq!(prspread::version_string(), format!("{}.{}.{}", v / 10000, v / 100 % 100, v % 100));
    assert!(["avx512", "avx2", "avx", "sse2", "generic"].contains(&prspread::build_isa()));
}

#[test]
fn status_names_and_codes_agree() {
    assert_eq!(prspread::status_name(0), "PR_OK");
    assert_eq!(prspread::status_name(-2), "PR_ERR_OUT_OF_RANGE");
    assert_eq!(prspread::status_name(999), "PR_ERR_UNKNOWN");
    assert_eq!(Status::from_code(-7), Status::Cancelled);
    assert_eq!(Status::from_code(-99), Status::Unknown(-99));
}
