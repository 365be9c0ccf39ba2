// suggestion cases: the process's arguments and environment, which std opts out of Send and
// Sync, collected first; the goals are in ../cases.tsv
use std::env::{Args, ArgsOs, Vars, VarsOs};
pub struct Cli { args: Args, vars: Vars, name: String }
pub struct Env<T> { os: VarsOs, argv: ArgsOs, extra: T }
fn main() {}
