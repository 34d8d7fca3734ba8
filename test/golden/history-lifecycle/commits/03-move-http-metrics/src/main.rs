mod http;
mod metrics;

fn main() {}
