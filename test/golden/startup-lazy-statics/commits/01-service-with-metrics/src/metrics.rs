use lazy_static::lazy_static;
use prometheus::*;

lazy_static! {
    pub static ref REQUESTS: IntCounter =
        register_int_counter!("svc_requests_total", "Requests served").unwrap();
    pub static ref LATENCY: Histogram =
        register_histogram!("svc_request_duration_seconds", "Request latency").unwrap();
    pub static ref FAILURES: IntCounter =
        register_int_counter!("svc_failures_total", "Failed jobs").unwrap();
    pub static ref UNUSED: IntCounter =
        register_int_counter!("svc_unused_total", "Registered by nothing").unwrap();
    pub static ref JOBS: IntCounterVec =
        register_int_counter_vec!("svc_jobs_total", "Jobs by queue", &["queue"]).unwrap();
}
