//! `flow`: the Flow webinar API from a shell. Everything is in the library, which the Python
//! wheel's `flow` console script runs too.

fn main() {
    std::process::exit(flow_cli::run(std::env::args_os()));
}
