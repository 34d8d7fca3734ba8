use lazy_static::lazy_static;
use prometheus::*;

lazy_static! {
    pub static ref RETRIES: IntCounter =
        register_int_counter!("svc_retries_total", "Retried requests").unwrap();
}
