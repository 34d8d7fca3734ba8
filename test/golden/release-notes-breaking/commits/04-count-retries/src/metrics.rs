use lazy_static::lazy_static;
use prometheus::*;

lazy_static! {
    pub static ref REQUESTS: IntCounterVec =
        register_int_counter_vec!("svc_requests_total", "Requests served", &["shard", "code"]).unwrap();
    pub static ref RETRIES: IntCounter =
        register_int_counter!("svc_retries_total", "Retried requests").unwrap();
}
