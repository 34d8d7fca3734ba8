mod metrics;

fn main() {
    metrics::serve();
}
