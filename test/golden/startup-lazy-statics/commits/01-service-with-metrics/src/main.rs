mod metrics;

use prometheus::*;

fn main() {
    let up = register_int_gauge!("svc_up", "Whether the service is up").unwrap();
    up.set(1);
    init_metrics();
}

fn init_metrics() {
    lazy_static::initialize(&metrics::REQUESTS);
    metrics::JOBS.with_label_values(&["default"]);
}

pub fn handle() {
    let timer = metrics::LATENCY.start_timer();
    if let Err(e) = work() {
        metrics::FAILURES.inc();
        eprintln!("{e}");
    }
    timer.observe_duration();
}

fn work() -> Result<(), String> {
    Ok(())
}
