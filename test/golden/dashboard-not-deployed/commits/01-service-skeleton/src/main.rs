mod metrics;

fn main() {
    lazy_static::initialize(&metrics::REQUESTS);
}

pub fn handle() {
    metrics::LATENCY.observe(0.1);
}
