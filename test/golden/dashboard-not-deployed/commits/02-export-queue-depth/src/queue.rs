use lazy_static::lazy_static;
use prometheus::*;

lazy_static! {
    pub static ref DEPTH: IntGauge =
        register_int_gauge!("svc_queue_depth", "Jobs waiting").unwrap();
}
