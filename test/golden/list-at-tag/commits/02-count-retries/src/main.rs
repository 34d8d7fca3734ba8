mod metrics;
mod retries;

fn main() {
    metrics::serve();
}
