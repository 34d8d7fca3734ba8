use lazy_static::lazy_static;
use prometheus::*;

lazy_static! {
    pub static ref REQUESTS: IntCounterVec =
        register_int_counter_vec!("svc_requests_total", "Requests served", &["method", "code"]).unwrap();
    pub static ref LATENCY: Histogram =
        register_histogram!("svc_request_duration_seconds", "Request latency", vec![0.05, 0.1, 0.5, 1.0]).unwrap();
    pub static ref IN_FLIGHT: IntGauge =
        register_int_gauge!("svc_in_flight_requests", "Requests being served").unwrap();
}

pub fn serve() {
    IN_FLIGHT.inc();
}

#[cfg(test)]
mod tests {
    use prometheus::*;

    #[test]
    fn counts() {
        let c = register_int_counter!("svc_test_fixture_total", "Only in tests").unwrap();
        c.inc();
    }
}
