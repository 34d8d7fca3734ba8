use lazy_static::lazy_static;
use prometheus::*;

lazy_static! {
    pub static ref UP: IntGauge =
        register_int_gauge!("svc_up", "Whether the service is up").unwrap();
}
