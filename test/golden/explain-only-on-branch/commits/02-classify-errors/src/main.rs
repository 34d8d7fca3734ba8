mod errors;
mod metrics;

fn main() {}
