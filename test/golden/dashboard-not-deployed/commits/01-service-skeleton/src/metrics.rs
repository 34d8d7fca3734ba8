use lazy_static::lazy_static;
use prometheus::*;

lazy_static! {
    pub static ref REQUESTS: IntCounter =
        register_int_counter!("svc_requests_total", "Requests served").unwrap();
    pub static ref ERRORS: IntCounter =
        register_int_counter!("svc_errors_total", "Errors").unwrap();
    pub static ref LATENCY: Histogram =
        register_histogram!("svc_request_duration_seconds", "Request latency").unwrap();
}
