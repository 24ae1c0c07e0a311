//! The `tldoc` command.

use std::process::ExitCode;

fn main() -> ExitCode {
    tldoc::cli::main()
}
