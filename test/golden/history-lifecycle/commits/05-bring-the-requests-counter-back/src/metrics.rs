use lazy_static::lazy_static;
use prometheus::*;

lazy_static! {
    pub static ref UP: IntGauge =
        register_int_gauge!("svc_up", "Whether the service is up").unwrap();
    pub static ref REQUESTS: IntCounterVec =
        register_int_counter_vec!("svc_requests_total", "Requests served", &["method", "code"]).unwrap();
}
