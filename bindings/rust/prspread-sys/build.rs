//! Finds libprspread without any crate:
//!   1. PRSPREAD_LIB_DIR, a folder holding libprspread.so (e.g. a build tree);
//!   2. the `pkg-config` program, `pkg-config --libs prspread`
//!      (set PKG_CONFIG_PATH for a non-system prefix);
//!   3. otherwise plain `-lprspread`, leaving it to the linker's default path.
//! At run time the dynamic loader still has to find libprspread.so.0
//! (LD_LIBRARY_PATH, an rpath, or a system location).
use std::env;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=PRSPREAD_LIB_DIR");
    println!("cargo:rerun-if-env-changed=PKG_CONFIG_PATH");
    println!("cargo:rerun-if-changed=build.rs");

    if let Ok(dir) = env::var("PRSPREAD_LIB_DIR") {
        println!("cargo:rustc-link-search=native={dir}");
        println!("cargo:rustc-link-lib=dylib=prspread");
        // Visible to dependents' build scripts as DEP_PRSPREAD_LIB_DIR.
        println!("cargo:lib_dir={dir}");
        return;
    }
    match Command::new("pkg-config").args(["--libs", "prspread"]).output() {
        Ok(out) if out.status.success() => {
            let flags = String::from_utf8_lossy(&out.stdout);
            for flag in flags.split_whitespace() {
                if let Some(dir) = flag.strip_prefix("-L") {
                    println!("cargo:rustc-link-search=native={dir}");
                    println!("cargo:lib_dir={dir}");
                } else if let Some(lib) = flag.strip_prefix("-l") {
                    println!("cargo:rustc-link-lib=dylib={lib}");
                }
            }
        }
        _ => {
            println!(
                "cargo:warning=prspread: neither PRSPREAD_LIB_DIR nor `pkg-config prspread` \
                 gave the library; trying the linker's default path"
            );
            println!("cargo:rustc-link-lib=dylib=prspread");
        }
    }
}
