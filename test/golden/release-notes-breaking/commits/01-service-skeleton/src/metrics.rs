use lazy_static::lazy_static;
use prometheus::*;

lazy_static! {
    pub static ref REQUESTS: IntCounterVec =
        register_int_counter_vec!("svc_requests_total", "Requests served", &["host", "code"]).unwrap();
    pub static ref LEGACY: IntCounter =
        register_int_counter!("svc_legacy_total", "Calls to the v1 API").unwrap();
}
