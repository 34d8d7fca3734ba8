use lazy_static::lazy_static;
use prometheus::*;

lazy_static! {
    pub static ref REQUESTS: IntCounter =
        register_int_counter!("svc_requests_total", "Requests served").unwrap();
}
