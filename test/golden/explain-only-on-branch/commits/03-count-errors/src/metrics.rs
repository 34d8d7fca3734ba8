use lazy_static::lazy_static;
use prometheus::*;

lazy_static! {
    pub static ref REQUESTS: IntCounter =
        register_int_counter!("svc_requests_total", "Requests served").unwrap();
    pub static ref ERRORS: IntCounterVec =
        register_int_counter_vec!("svc_errors_total", "Errors by kind", &["kind"]).unwrap();
}
