mod metrics;

fn main() {}
