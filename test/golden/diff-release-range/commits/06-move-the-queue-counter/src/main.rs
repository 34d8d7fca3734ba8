mod errors;
mod metrics;
mod queue;

fn main() {}
