mod metrics;
mod server;

fn main() {}
