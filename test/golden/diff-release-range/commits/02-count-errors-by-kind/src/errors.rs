use lazy_static::lazy_static;
use prometheus::*;

lazy_static! {
    pub static ref ERRORS: IntCounterVec =
        register_int_counter_vec!("svc_errors_total", "Errors by kind", &["kind"]).unwrap();
}
