pub struct Circle { r: std::cell::Cell<f64> }
pub struct Square { s: f64, tag: &'static str }
