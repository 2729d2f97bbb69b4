//! Prints which libprspread was loaded and for which instruction set.
fn main() {
    println!(
        "libprspread {} (bindings made for {}), kernels built for {}",
        prspread::version_string(),
        prspread_version_expected(),
        prspread::build_isa()
    );
    if !prspread::version_matches() {
        eprintln!("warning: library and bindings versions differ");
        std::process::exit(1);
    }
}

fn prspread_version_expected() -> &'static str {
    env!("CARGO_PKG_VERSION")
}
